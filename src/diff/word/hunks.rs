//! Hunks of a word diff: which changed pieces are shown together, and the unchanged text
//! shown around them.

use super::{CONTEXT_CHARS, Piece, Tag};

/// Unchanged text up to this long between two changes is shown whole, keeping them in one hunk.
const JOIN_CHARS: usize = 2 * CONTEXT_CHARS + 20;

/// A hunk: the pieces from `first` to `last` (both changes), with short unchanged text between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hunk {
    pub first: usize,
    pub last: usize,
}

/// Groups the changed pieces into hunks: unchanged text longer than [`JOIN_CHARS`] between two
/// changes separates them.
pub(crate) fn hunks(pieces: &[Piece], old: &str) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    let mut gap = usize::MAX;
    for (index, piece) in pieces.iter().enumerate() {
        if piece.tag == Tag::Equal {
            gap = old[piece.old.clone()].chars().count();
            continue;
        }
        match out.last_mut() {
            Some(hunk) if gap <= JOIN_CHARS => hunk.last = index,
            _ => out.push(Hunk {
                first: index,
                last: index,
            }),
        }
        gap = 0;
    }
    out
}

/// Unchanged text shown beside a hunk, where it starts and ends in the old text, and whether it
/// was cut short (shown with `…`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Context<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub cut: bool,
}

/// The end of the unchanged `text` (starting at old offset `at`) shown before a change: at most
/// [`CONTEXT_CHARS`], from the start of its line, or of the line before if the change starts a
/// line; cut at a word boundary.
pub(crate) fn context_before(text: &str, at: usize) -> Context<'_> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut start = body.rfind('\n').map_or(0, |i| i + 1);
    let mut cut = false;
    let limit = char_start_from_end(text, CONTEXT_CHARS);
    if limit > start {
        // After the whitespace character, which may be wider than a byte (U+00A0, U+2028).
        start = text[limit..]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, c)| limit + i + c.len_utf8())
            .filter(|&s| s < body.len())
            .unwrap_or(limit);
        cut = true;
    }
    Context {
        text: &text[start..],
        start: at + start,
        end: at + text.len(),
        cut,
    }
}

/// The start of the unchanged `text` shown after a change: at most [`CONTEXT_CHARS`], up to the
/// end of its line, or of the next line if the change ended a line; cut at a word boundary.
pub(crate) fn context_after(text: &str, at: usize) -> Context<'_> {
    let skip = usize::from(text.starts_with('\n'));
    let mut end = text[skip..].find('\n').map_or(text.len(), |i| skip + i);
    let mut cut = false;
    let limit = text
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(i, _)| i);
    if limit < end {
        end = text[..limit]
            .rfind(char::is_whitespace)
            .filter(|&e| e > skip)
            .unwrap_or(limit);
        cut = true;
    }
    Context {
        text: &text[..end],
        start: at,
        end: at + end,
        cut,
    }
}

/// Byte offset where the last `n` characters of `text` start.
fn char_start_from_end(text: &str, n: usize) -> usize {
    text.char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}
