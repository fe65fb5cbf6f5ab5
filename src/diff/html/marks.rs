//! The marks of a file view (runs of changed pieces) and the changes behind each.

use super::word::{Piece, Tag};
use crate::engine::Change;
use std::ops::Range;

/// Runs of changed pieces (a deletion, an insertion, or one then the other), as piece indices.
pub fn marks(pieces: &[Piece]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        if piece.tag == Tag::Equal {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.end == index => last.end = index + 1,
            _ => out.push(index..index + 1),
        }
    }
    out
}

/// The original range a mark covers.
fn mark_span(pieces: &[Piece], mark: &Range<usize>) -> Range<usize> {
    pieces[mark.start].old.start..pieces[mark.end - 1].old.end
}

/// For each mark, the changes behind it: those whose original range overlaps it. A change that
/// overlaps no mark (an insertion at its edge, or one undone by a later change) goes to the
/// nearest mark, so every change can be reached.
pub fn mark_owners(
    changes: &[Change],
    pieces: &[Piece],
    marks: &[Range<usize>],
) -> Vec<Vec<usize>> {
    let spans: Vec<Range<usize>> = marks.iter().map(|m| mark_span(pieces, m)).collect();
    let mut owners = vec![Vec::new(); marks.len()];
    if marks.is_empty() {
        return owners;
    }
    // Spans are in text order, starts and ends both non-decreasing: the spans a change can
    // overlap, and the nearest ones, are found by binary search.
    let distance = |m: usize, r: &Range<usize>| {
        let s = &spans[m];
        s.start
            .saturating_sub(r.end)
            .max(r.start.saturating_sub(s.end))
    };
    for (index, change) in changes.iter().enumerate() {
        let r = &change.range;
        let first = spans.partition_point(|s| s.end < r.start);
        let overlapping: Vec<usize> = (first..spans.len())
            .take_while(|&m| spans[m].start <= r.end)
            .filter(|&m| {
                let s = &spans[m];
                if r.is_empty() || s.is_empty() {
                    r.start <= s.end && r.end >= s.start
                } else {
                    r.start < s.end && r.end > s.start
                }
            })
            .collect();
        if overlapping.is_empty() {
            // The nearest span before the change (the first of equals, as a scan finds it)
            // or the first after it.
            let before = first.checked_sub(1).map(|last| {
                let end = spans[last].end;
                spans.partition_point(|s| s.end < end)
            });
            let after = (first < spans.len()).then_some(first);
            let nearest = match (before, after) {
                (Some(b), Some(a)) if distance(a, r) < distance(b, r) => a,
                (Some(b), _) => b,
                (None, a) => a.unwrap_or(0),
            };
            owners[nearest].push(index);
        } else {
            for m in overlapping {
                owners[m].push(index);
            }
        }
    }
    owners
}
