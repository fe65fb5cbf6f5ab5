//! Word-level diff, like `git diff --word-diff`: changes shown inside their lines.
//!
//! Transcripts are paragraphs on one line each, so a line diff shows a 1,000-character line twice
//! to change one word. Here the lines that differ are diffed again word by word, each change is
//! shown in place (`[-old-]{+new+}` without colour, red and green with it), and the unchanged
//! text between changes is cut down to some context on either side.

use super::{Palette, explain};
use crate::engine::{Change, Outcome};
use crate::text::LineIndex;
use similar::{DiffTag, TextDiff};
use std::fmt::Write;
use std::ops::Range;

/// How many characters of unchanged text are shown on each side of a change.
pub const CONTEXT_CHARS: usize = 40;

/// Unchanged text up to this long between two changes is shown whole, keeping them in one hunk.
const JOIN_CHARS: usize = 2 * CONTEXT_CHARS + 20;

/// What a piece of the word diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Equal,
    Delete,
    Insert,
}

/// A run of text that is equal in both texts, only in the old one, or only in the new one, as
/// byte ranges of each (a deletion has an empty `new` range where it would have been, and so on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub tag: Tag,
    pub old: Range<usize>,
    pub new: Range<usize>,
}

impl Piece {
    /// The piece's text: from the old text, except for an insertion.
    pub fn text<'a>(&self, old: &'a str, new: &'a str) -> &'a str {
        match self.tag {
            Tag::Insert => &new[self.new.clone()],
            Tag::Equal | Tag::Delete => &old[self.old.clone()],
        }
    }
}

/// The word diff of `old` and `new` as pieces covering both texts in order. Lines are compared
/// first and only the lines that differ are compared word by word, which keeps long documents
/// fast and words aligned within their own paragraphs.
pub fn pieces(old: &str, new: &str) -> Vec<Piece> {
    let lines = TextDiff::from_lines(old, new);
    let old_offsets = offsets(lines.iter_old_slices());
    let new_offsets = offsets(lines.iter_new_slices());
    let mut out = Vec::new();
    let ops = lines.ops();
    let mut index = 0;
    while index < ops.len() {
        let (tag, old_lines, new_lines) = ops[index].as_tag_tuple();
        if tag == DiffTag::Equal {
            let old_range = old_offsets[old_lines.start]..old_offsets[old_lines.end];
            let new_range = new_offsets[new_lines.start]..new_offsets[new_lines.end];
            push(&mut out, Tag::Equal, old_range, new_range);
            index += 1;
            continue;
        }
        // A run of differing lines, compared word by word. Blank lines between two differing
        // lines join the run: a line diff matches blank lines eagerly, which would keep a
        // paragraph that moved or changed apart from its old version.
        let first = index;
        loop {
            while index < ops.len() && ops[index].as_tag_tuple().0 != DiffTag::Equal {
                index += 1;
            }
            let blank_then_more = index + 1 < ops.len() && {
                let lines = ops[index].old_range();
                old[old_offsets[lines.start]..old_offsets[lines.end]]
                    .trim()
                    .is_empty()
            };
            if !blank_then_more {
                break;
            }
            index += 1;
        }
        let old_span =
            old_offsets[ops[first].old_range().start]..old_offsets[ops[index - 1].old_range().end];
        let new_span =
            new_offsets[ops[first].new_range().start]..new_offsets[ops[index - 1].new_range().end];
        word_pieces(old, new, old_span, new_span, &mut out);
    }
    out
}

fn word_pieces(
    old: &str,
    new: &str,
    old_span: Range<usize>,
    new_span: Range<usize>,
    out: &mut Vec<Piece>,
) {
    let old_words = words(&old[old_span.clone()]);
    let new_words = words(&new[new_span.clone()]);
    // Words are aligned by their text, runs of spaces only as spaces, so that a changed space
    // does not pull the words around it out of line; it is shown as changed below.
    let (old_keys, new_keys) = (keys(&old_words), keys(&new_words));
    let diff = TextDiff::from_slices(&old_keys, &new_keys);
    let old_offsets = offsets(old_words.iter().copied());
    let new_offsets = offsets(new_words.iter().copied());
    let span = |offsets: &[usize], base: usize, words: Range<usize>| {
        base + offsets[words.start]..base + offsets[words.end]
    };
    let mut region = Vec::new();
    for op in diff.ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let o = span(&old_offsets, old_span.start, old_range.clone());
        let n = span(&new_offsets, new_span.start, new_range.clone());
        match tag {
            DiffTag::Equal => {
                for (i, j) in old_range.zip(new_range) {
                    let o = span(&old_offsets, old_span.start, i..i + 1);
                    let n = span(&new_offsets, new_span.start, j..j + 1);
                    if old[o.clone()] == new[n.clone()] {
                        push(&mut region, Tag::Equal, o, n);
                    } else {
                        push(&mut region, Tag::Delete, o.clone(), n.start..n.start);
                        push(&mut region, Tag::Insert, o.end..o.end, n);
                    }
                }
            }
            DiffTag::Delete => push(&mut region, Tag::Delete, o, n.start..n.start),
            DiffTag::Insert => push(&mut region, Tag::Insert, o.start..o.start, n),
            DiffTag::Replace => {
                push(&mut region, Tag::Delete, o.clone(), n.start..n.start);
                push(&mut region, Tag::Insert, o.end..o.end, n);
            }
        }
    }
    absorb_short_equals(&mut region, old);
    for piece in regroup(&region) {
        push(out, piece.tag, piece.old, piece.new);
    }
}

/// Turns unchanged text squeezed between larger changes into part of them: `US` kept between
/// two deleted sentences says nothing, and reads better as part of one deletion. An unchanged
/// piece goes when it is no longer than the deleted or the inserted text on either side of it
/// (the rule of diff-match-patch's semantic cleanup); a line break always stays.
fn absorb_short_equals(region: &mut [Piece], old: &str) {
    // The larger of what a run of changes deletes and inserts.
    let weight = |run: &mut dyn Iterator<Item = &Piece>| {
        let (mut deleted, mut inserted) = (0, 0);
        for p in run.take_while(|p| p.tag != Tag::Equal) {
            deleted += p.old.len();
            inserted += p.new.len();
        }
        deleted.max(inserted)
    };
    let mut changed = true;
    while changed {
        changed = false;
        for index in 1..region.len().saturating_sub(1) {
            let text = &old[region[index].old.clone()];
            if region[index].tag != Tag::Equal || text.contains('\n') {
                continue;
            }
            let before = weight(&mut region[..index].iter().rev());
            let after = weight(&mut region[index + 1..].iter());
            if before > 0 && after > 0 && text.len() <= before.min(after) {
                // Marked as a deletion; `regroup` gives it its insertion back.
                region[index].tag = Tag::Delete;
                changed = true;
            }
        }
    }
}

/// Each run of changed pieces as one deletion then one insertion, covering the run in both texts.
fn regroup(region: &[Piece]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut index = 0;
    while index < region.len() {
        if region[index].tag == Tag::Equal {
            out.push(region[index].clone());
            index += 1;
            continue;
        }
        let first = index;
        while index < region.len() && region[index].tag != Tag::Equal {
            index += 1;
        }
        let old = region[first].old.start..region[index - 1].old.end;
        let new = region[first].new.start..region[index - 1].new.end;
        if !old.is_empty() {
            out.push(Piece {
                tag: Tag::Delete,
                old: old.clone(),
                new: new.start..new.start,
            });
        }
        if !new.is_empty() {
            out.push(Piece {
                tag: Tag::Insert,
                old: old.end..old.end,
                new,
            });
        }
    }
    out
}

/// Appends a piece, merging it into the previous one when they have the same tag.
fn push(out: &mut Vec<Piece>, tag: Tag, old: Range<usize>, new: Range<usize>) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut()
        && last.tag == tag
        && last.old.end == old.start
        && last.new.end == new.start
    {
        last.old.end = old.end;
        last.new.end = new.end;
        return;
    }
    out.push(Piece { tag, old, new });
}

/// What words are aligned by: their text, except that any run of spaces matches any other.
fn keys<'a>(words: &[&'a str]) -> Vec<&'a str> {
    words
        .iter()
        .map(|w| match w.chars().next() {
            Some(c) if c.is_whitespace() && c != '\n' && *w != "\r\n" => " ",
            _ => w,
        })
        .collect()
}

/// Splits a text into words, runs of spaces, and line breaks (each its own token, `\r\n` as
/// one). Unlike ASCII splitting, a non-breaking space separates words too, so `in\u{a0}Dombas`
/// diffs as two words.
fn words(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Newline,
    }
    let class_at = |index: usize, c: char| match c {
        '\n' => Class::Newline,
        '\r' if text[index + 1..].starts_with('\n') => Class::Newline,
        c if c.is_whitespace() => Class::Space,
        _ => Class::Word,
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous: Option<Class> = None;
    for (index, c) in text.char_indices() {
        let class = class_at(index, c);
        let continues = match previous {
            None => true,
            // `\r` then `\n` is one line break; any other line break stands alone.
            Some(Class::Newline) => c == '\n' && text[start..index] == *"\r",
            Some(p) => p == class,
        };
        if !continues {
            out.push(&text[start..index]);
            start = index;
        }
        previous = Some(class);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Byte offsets where each slice starts, plus the total length at the end.
fn offsets<'x>(slices: impl Iterator<Item = &'x str>) -> Vec<usize> {
    let mut out = vec![0];
    let mut total = 0;
    for slice in slices {
        total += slice.len();
        out.push(total);
    }
    out
}

/// Renders the word diff from `original` to `outcome.cleaned`, or an empty string if they are
/// equal. Each hunk starts with `@@ -LINE +LINE @@` and the ids of the rules behind it; with
/// `explain`, one line per change follows it, as in `diff --explain`.
pub fn render(
    path: impl AsRef<std::path::Path>,
    original: &str,
    outcome: &Outcome,
    color: bool,
    explain: bool,
) -> String {
    let mut out = String::new();
    let cleaned = outcome.cleaned.as_str();
    if original == cleaned {
        return out;
    }
    let p = Palette::new(color);
    let pieces = pieces(original, cleaned);
    let hunks = hunks(&pieces, original);
    let old_lines = LineIndex::new(original);
    let new_lines = LineIndex::new(cleaned);
    let changed: Vec<Range<usize>> = hunks
        .iter()
        .map(|h| pieces[h.first].old.start..pieces[h.last].old.end)
        .collect();
    let owners = owning_hunks(&outcome.changes, &changed);

    let path = path.as_ref();
    let (old, new) = (
        super::git_path::header('a', path),
        super::git_path::header('b', path),
    );
    let _ = writeln!(out, "{}--- {old}{}", p.bold, p.reset);
    let _ = writeln!(out, "{}+++ {new}{}", p.bold, p.reset);
    for (index, hunk) in hunks.iter().enumerate() {
        let before = pieces
            .get(hunk.first.wrapping_sub(1))
            .filter(|_| hunk.first > 0)
            .map_or(Context::default(), |piece| {
                context_before(&original[piece.old.clone()], piece.old.start)
            });
        let after = pieces
            .get(hunk.last + 1)
            .map_or(Context::default(), |piece| {
                context_after(&original[piece.old.clone()], piece.old.start)
            });
        let old_shown = before.start..after.end.max(pieces[hunk.last].old.end);
        let shift = |old: usize, piece: &Piece| piece.new.start + (old - piece.old.start);
        let new_start = match hunk.first {
            0 => 0,
            first => shift(before.start, &pieces[first - 1]),
        };
        let new_end = match pieces.get(hunk.last + 1) {
            Some(next) => shift(after.end, next),
            None => pieces[hunk.last].new.end,
        };
        let mut rules: Vec<&str> = Vec::new();
        for (change, owner) in outcome.changes.iter().zip(&owners) {
            if (*owner == index || touches(&change.range, &changed[index]))
                && !rules.contains(&&*change.rule)
            {
                rules.push(&change.rule);
            }
        }
        let _ = writeln!(
            out,
            "{}@@ -{} +{} @@{} {}{}{}",
            p.cyan,
            line_span(&old_lines, old_shown),
            line_span(&new_lines, new_start..new_end),
            p.reset,
            p.dim,
            rules.join(", "),
            p.reset
        );
        let mut body = String::new();
        if before.cut {
            let _ = write!(body, "{}…{}", p.dim, p.reset);
        }
        body.push_str(before.text);
        for piece in &pieces[hunk.first..=hunk.last] {
            let at_line_start = body.is_empty() || body.ends_with('\n');
            match piece.tag {
                Tag::Equal => body.push_str(piece.text(original, cleaned)),
                Tag::Delete => marked(
                    &mut body,
                    &original[piece.old.clone()],
                    "[-",
                    "-]",
                    p.red,
                    &p,
                    at_line_start,
                ),
                Tag::Insert => marked(
                    &mut body,
                    &cleaned[piece.new.clone()],
                    "{+",
                    "+}",
                    p.green,
                    &p,
                    true,
                ),
            }
        }
        body.push_str(after.text);
        if after.cut {
            let _ = write!(body, "{}…{}", p.dim, p.reset);
        }
        out.push_str(&body);
        if !body.ends_with('\n') {
            out.push('\n');
        }
        if explain {
            let mut here: Vec<&Change> = outcome
                .changes
                .iter()
                .zip(&owners)
                .filter(|(_, owner)| **owner == index)
                .map(|(change, _)| change)
                .collect();
            here.sort_by_key(|c| c.range.start);
            for change in here {
                let _ = writeln!(out, "{}", explain::change_line(change, &p));
            }
        }
    }
    out
}

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

/// Writes a deleted or inserted text between markers (or in colour), a line at a time. Line
/// breaks show as `↵`; an insertion's line breaks, and those of a deletion of whole lines, also
/// break the output line, so the output keeps the layout of the cleaned text.
pub(crate) fn marked(
    out: &mut String,
    text: &str,
    open: &str,
    close: &str,
    style: &str,
    p: &Palette,
    break_lines: bool,
) {
    let (open, close) = if style.is_empty() {
        (open, close)
    } else {
        ("", "")
    };
    let lines: Vec<&str> = if break_lines {
        text.split_inclusive('\n').collect()
    } else {
        vec![text]
    };
    for line in lines {
        let (body, newline) = match line.strip_suffix('\n').filter(|_| break_lines) {
            Some(body) => (body, true),
            None => (line, false),
        };
        let invert = if !body.is_empty() && body.chars().all(char::is_whitespace) {
            p.invert
        } else {
            ""
        };
        out.push_str(style);
        out.push_str(invert);
        out.push_str(open);
        for c in body.chars() {
            match c {
                '\n' => out.push('↵'),
                '\r' => out.push('␍'),
                c if explain::is_invisible(c) && c != '\t' => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
                c => out.push(c),
            }
        }
        if newline {
            out.push('↵');
        }
        out.push_str(close);
        if !style.is_empty() {
            out.push_str(p.reset);
        }
        if newline && break_lines {
            out.push('\n');
        }
    }
}

/// `LINE` or `LINE,COUNT` for the lines a byte range of a text covers, as hunk headers show them.
fn line_span(lines: &LineIndex, range: Range<usize>) -> String {
    let first = lines.line(range.start);
    let last = if range.end > range.start {
        lines.line(range.end - 1)
    } else {
        first
    };
    match last - first + 1 {
        1 => first.to_string(),
        count => format!("{first},{count}"),
    }
}

/// Whether a change's original range touches a hunk's changed range (an insertion at either
/// end counts).
fn touches(change: &Range<usize>, hunk: &Range<usize>) -> bool {
    change.start <= hunk.end && change.end >= hunk.start
}

/// For each change, the hunk it is explained under: the first it touches, else the nearest.
fn owning_hunks(changes: &[Change], hunks: &[Range<usize>]) -> Vec<usize> {
    changes
        .iter()
        .map(|change| {
            hunks
                .iter()
                .position(|hunk| touches(&change.range, hunk))
                .unwrap_or_else(|| {
                    (0..hunks.len())
                        .min_by_key(|&i| {
                            let hunk = &hunks[i];
                            hunk.start
                                .saturating_sub(change.range.end)
                                .max(change.range.start.saturating_sub(hunk.end))
                        })
                        .unwrap_or(0)
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Outcome;

    /// An outcome with no recorded changes: enough to render the text diff.
    fn outcome(cleaned: &str) -> Outcome {
        Outcome {
            cleaned: cleaned.into(),
            changes: Vec::new(),
            runaway: None,
            suggestions: Vec::new(),
        }
    }

    fn body(rendered: &str) -> Vec<&str> {
        rendered.lines().skip(2).collect()
    }

    #[test]
    fn words_split_on_any_space_and_keep_line_breaks_apart() {
        assert_eq!(
            words("in\u{a0}Dombas,  x\n\n\r\ny"),
            vec![
                "in", "\u{a0}", "Dombas,", "  ", "x", "\n", "\n", "\r\n", "y"
            ]
        );
    }

    #[test]
    fn pieces_cover_both_texts() {
        let old = "a b c\n\nkeep this line\n    indented d\u{a0}e\n";
        let new = "a B c\n\nkeep this line\nindented d e\nadded\n";
        let pieces = pieces(old, new);
        let rebuilt = |tags: [Tag; 2], text: &str, pick: fn(&Piece) -> Range<usize>| {
            pieces
                .iter()
                .filter(|p| tags.contains(&p.tag))
                .map(|p| &text[pick(p)])
                .collect::<String>()
        };
        assert_eq!(
            rebuilt([Tag::Equal, Tag::Delete], old, |p| p.old.clone()),
            old
        );
        assert_eq!(
            rebuilt([Tag::Equal, Tag::Insert], new, |p| p.new.clone()),
            new
        );
    }

    #[test]
    fn a_changed_word_is_marked_in_its_line() {
        let rendered = render(
            "t",
            "The situation in Dombas, in Russia.\n",
            &outcome("The situation in Donbas, in Russia.\n"),
            false,
            false,
        );
        assert_eq!(
            body(&rendered),
            [
                "@@ -1 +1 @@ ",
                "The situation in [-Dombas,-]{+Donbas,+} in Russia."
            ]
        );
    }

    #[test]
    fn a_changed_space_does_not_pull_words_out_of_line() {
        let rendered = render(
            "t",
            "ready to\u{a0}advance\n",
            &outcome("ready to advance\n"),
            false,
            false,
        );
        assert_eq!(body(&rendered)[1], "ready to[-\\u{a0}-]{+ +}advance");
    }

    #[test]
    fn long_unchanged_stretches_are_cut_to_context() {
        let filler = "word ".repeat(30);
        let old = format!("{filler}Dombas {filler}Dombas {filler}\n");
        let new = old.replace("Dombas", "Donbas");
        let rendered = render("t", &old, &outcome(&new), false, false);
        let lines = body(&rendered);
        assert_eq!(
            lines.len(),
            4,
            "two hunks of a header and a line: {rendered}"
        );
        let context = "word word word word word word word";
        assert_eq!(
            lines[1],
            format!("…{context} [-Dombas-]{{+Donbas+}} {context}…")
        );
        assert!(lines[1].chars().count() < 2 * CONTEXT_CHARS + 30);
    }

    #[test]
    fn context_is_cut_after_a_wide_space() {
        // The cut lands right after a non-breaking space or a line separator, not inside it.
        for space in ["\u{a0}", "\u{2028}"] {
            let old = format!("{}{space}{} Dombas\n", "w".repeat(5), "x".repeat(37));
            let new = old.replace("Dombas", "Donbas");
            let rendered = render("t", &old, &outcome(&new), false, false);
            assert!(rendered.contains("[-Dombas-]"), "{rendered}");
        }
    }

    #[test]
    fn deleted_lines_keep_their_own_lines_and_line_breaks_show() {
        let rendered = render(
            "t",
            "Listen Live\nMOSCOW (Sputnik)  \nsaid",
            &outcome("MOSCOW (Sputnik)\nsaid\n"),
            false,
            false,
        );
        assert_eq!(
            body(&rendered),
            [
                "@@ -1,3 +1,2 @@ ",
                "[-Listen Live↵-]",
                "MOSCOW (Sputnik)[-  -]",
                "said{+↵+}"
            ]
        );
    }

    #[test]
    fn colour_replaces_the_markers_and_shows_deleted_spaces() {
        let rendered = render("t", "a  b\n", &outcome("a b\n"), true, false);
        assert!(
            rendered.contains("a\x1b[31m\x1b[7m  \x1b[0m\x1b[32m\x1b[7m \x1b[0mb"),
            "{rendered:?}"
        );
        assert!(!rendered.contains("[-"));
    }

    #[test]
    fn nothing_to_show_when_nothing_changed() {
        assert_eq!(render("t", "same\n", &outcome("same\n"), false, false), "");
    }
}
