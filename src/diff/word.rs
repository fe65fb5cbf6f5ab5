//! Word-level diff, like `git diff --word-diff`: changes shown inside their lines.
//!
//! Transcripts are paragraphs on one line each, so a line diff shows a 1,000-character line twice
//! to change one word. Here the lines that differ are diffed again word by word, each change is
//! shown in place (`[-old-]{+new+}` without colour, red and green with it), and the unchanged
//! text between changes is cut down to some context on either side. This module finds the
//! pieces; [`hunks`] groups them and picks their context, [`render`] writes them.

use similar::{DiffTag, TextDiff};
use std::ops::Range;

mod hunks;
mod render;

pub(crate) use hunks::{Context, Hunk, context_after, context_before, hunks};
pub(crate) use render::marked;
pub use render::render;

/// How many characters of unchanged text are shown on each side of a change.
pub const CONTEXT_CHARS: usize = 40;

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
        push_change(&mut out, old, new);
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

/// Pushes the change of `old` into `new` as a deletion then an insertion (either left out when
/// empty).
pub(crate) fn push_change(out: &mut Vec<Piece>, old: Range<usize>, new: Range<usize>) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
