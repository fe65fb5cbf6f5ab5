//! The marks of a file view (runs of changed pieces) and the changes behind each.

use super::split::{self, Part};
use crate::diff::word::{Piece, Tag};
use crate::engine::Change;
use std::ops::Range;

/// A change as the page shows it: changed pieces next to each other, and the changes behind
/// them (indices into the file's changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub pieces: Range<usize>,
    pub owners: Vec<usize>,
}

/// The pieces of a file view and its marks: each run of changed pieces is a mark, cut in
/// several where changes of different rules sit side by side in it ([`split::by_rule`]).
pub fn file_marks(
    pieces: Vec<Piece>,
    changes: &[Change],
    original: &str,
    cleaned: &str,
) -> (Vec<Piece>, Vec<Mark>) {
    let runs = runs(&pieces);
    let owners = mark_owners(changes, &pieces, &runs);
    let mut out = Vec::with_capacity(pieces.len());
    let mut marks = Vec::with_capacity(runs.len());
    let mut copied = 0;
    for (run, owners) in runs.into_iter().zip(owners) {
        out.extend_from_slice(&pieces[copied..run.start]);
        copied = run.end;
        let old = mark_span(&pieces, &run);
        let new = pieces[run.start].new.start..pieces[run.end - 1].new.end;
        let Some(parts) = split::by_rule(old, new, &owners, changes, original, cleaned) else {
            let start = out.len();
            out.extend_from_slice(&pieces[run]);
            marks.push(Mark {
                pieces: start..out.len(),
                owners,
            });
            continue;
        };
        for part in parts {
            match part {
                Part::Gap { old, new } => out.push(Piece {
                    tag: Tag::Equal,
                    old,
                    new,
                }),
                Part::Changed { old, new, owners } => {
                    let start = out.len();
                    crate::diff::word::push_change(&mut out, old, new);
                    marks.push(Mark {
                        pieces: start..out.len(),
                        owners,
                    });
                }
            }
        }
    }
    out.extend_from_slice(&pieces[copied..]);
    (out, marks)
}

/// Runs of changed pieces (a deletion, an insertion, or one then the other), as piece indices.
fn runs(pieces: &[Piece]) -> Vec<Range<usize>> {
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
fn mark_owners(changes: &[Change], pieces: &[Piece], marks: &[Range<usize>]) -> Vec<Vec<usize>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::word;
    use crate::engine::Engine;

    /// The corpus, and texts where changes of different rules touch or overlap.
    fn texts() -> Vec<String> {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut texts: Vec<String> = std::fs::read_dir(corpus)
            .unwrap()
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
            .collect();
        texts.extend(
            [
                "Putin spoke of Dombas,  then left.\n\n\n\nHe spoke of Dombas",
                "In\u{a0} Dombas\u{a0}\u{a0}today  \n",
                "Oliver stone's  Dombas \n\n\nDombas,\u{a0}Dombas",
            ]
            .map(String::from),
        );
        texts
    }

    #[test]
    fn marks_keep_both_texts_and_reach_every_change() {
        let engine = Engine::builtin().unwrap();
        for text in texts() {
            let outcome = engine.clean(&text);
            let cleaned = &outcome.cleaned;
            let pieces = word::pieces(&text, cleaned);
            let (pieces, marks) = file_marks(pieces, &outcome.changes, &text, cleaned);
            let side = |tag: Tag, source: &str, pick: fn(&Piece) -> Range<usize>| {
                pieces
                    .iter()
                    .filter(|p| p.tag == Tag::Equal || p.tag == tag)
                    .map(|p| &source[pick(p)])
                    .collect::<String>()
            };
            assert_eq!(side(Tag::Delete, &text, |p| p.old.clone()), text);
            assert_eq!(side(Tag::Insert, cleaned, |p| p.new.clone()), *cleaned);
            // Marks in order, each of changed pieces only, and every changed piece in one.
            let mut next = 0;
            for mark in &marks {
                assert!(mark.pieces.start >= next && !mark.pieces.is_empty());
                assert!(
                    pieces[mark.pieces.clone()]
                        .iter()
                        .all(|p| p.tag != Tag::Equal)
                );
                next = mark.pieces.end;
            }
            let in_marks: usize = marks.iter().map(|m| m.pieces.len()).sum();
            let changed = pieces.iter().filter(|p| p.tag != Tag::Equal).count();
            assert_eq!(in_marks, changed);
            let mut reached: Vec<usize> = marks.iter().flat_map(|m| m.owners.clone()).collect();
            reached.sort_unstable();
            reached.dedup();
            assert_eq!(reached, (0..outcome.changes.len()).collect::<Vec<_>>());
        }
    }
}
