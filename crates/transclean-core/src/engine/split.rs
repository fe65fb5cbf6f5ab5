//! Full scans of a block-local pass over a long text, cut into runs of whole blocks that are
//! scanned on the threads of the current rayon pool and joined in order.
//!
//! A pass of [`Reach::Block`] proposes in a run of whole blocks scanned on its own what it
//! proposes there in a scan of the whole text, provided the text has no front matter or code
//! fence (the contract the block re-scans of [`super::memo`] rest on). One large file was cleaned
//! on one core however many `-j` gave (issue 15: one 100 MB file on 2 threads must take well
//! under one thread's time); its block-local passes are now spread over them. On one thread the
//! text is scanned whole, as cutting it only costs there; the result is the same either way.

use crate::rules::{Edit, Pass, Reach};
use crate::text::{StageText, block_end, has_verbatim_markers};
use rayon::prelude::*;
use std::ops::Range;

/// About how long a part is: many parts per thread, so that threads finishing early take more,
/// but each long enough that what a scan does once (2% of 1 MB's instructions with 64 KB
/// parts) is paid rarely.
const PART_BYTES: usize = if cfg!(test) { 16 } else { 256 * 1024 };

#[cfg(test)]
thread_local! {
    /// How many scans were made in parts, for tests that must make some.
    pub(super) static SPLITS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Pushes what `pass` proposes on `text`, as [`Pass::scan`] does. `plain` says the text has no
/// front matter or code fence, when the caller knows; otherwise it is found out if needed.
pub(super) fn scan(
    pass: &dyn Pass,
    text: &StageText,
    active: &[bool],
    plain: Option<bool>,
    out: &mut Vec<Edit>,
) {
    let current = text.as_str();
    // Unit tests cut their small texts too, so that debug builds check every block-local pass
    // against whole scans (below) on the documents the engine tests clean.
    let splittable = pass.reach() == Reach::Block
        && crate::parallel::spread(current.len())
        && plain.unwrap_or_else(|| !has_verbatim_markers(current));
    let parts = if splittable {
        parts(current, PART_BYTES)
    } else {
        Vec::new()
    };
    if parts.len() < 2 {
        pass.scan(text, active, out);
        return;
    }
    let scanned: Option<Vec<Vec<Edit>>> = parts
        .par_iter()
        .map(|part| scan_part(pass, current, part, active))
        .collect();
    match scanned {
        Some(scanned) => {
            let from = out.len();
            out.extend(scanned.into_iter().flatten());
            if cfg!(debug_assertions) {
                super::memo::check_against_full_scan(pass, text, active, &out[from..]);
            }
            #[cfg(test)]
            SPLITS.with(|n| n.set(n.get() + 1));
        }
        None => pass.scan(text, active, out),
    }
}

/// What `pass` proposes in `part` of `text`, placed in `text`; `None` if it proposes an
/// insertion at an edge between two parts, which the blocks on both sides could each propose.
fn scan_part(
    pass: &dyn Pass,
    text: &str,
    part: &Range<usize>,
    active: &[bool],
) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    pass.scan(
        &StageText::plain_part(text, part.clone()),
        active,
        &mut edits,
    );
    for edit in &mut edits {
        let (start, end) = (edit.range.start + part.start, edit.range.end + part.start);
        let on_edge = start == part.start || start == part.end;
        if start == end && on_edge && start != 0 && start != text.len() {
            return None;
        }
        edit.range = start..end;
    }
    Some(edits)
}

/// `text` cut into runs of whole blocks of about `size` bytes or more each (a block longer than
/// that is one part).
fn parts(text: &str, size: usize) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = if text.len() - start <= size {
            text.len()
        } else {
            block_end(text, start + size)
        };
        parts.push(start..end);
        start = end;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::block_start;

    /// A block-local pass of two rules: 0 inserts a mark where each block starts, 1 changes `x`
    /// to `y`.
    struct MarkBlocks;

    impl Pass for MarkBlocks {
        fn scan(&self, text: &StageText, active: &[bool], out: &mut Vec<Edit>) {
            let text = text.as_str();
            let mut at = 0;
            while active[0] && at < text.len() {
                if at == block_start(text, at) {
                    out.push(Edit {
                        range: at..at,
                        replacement: "[".to_string(),
                        rule: 0,
                    });
                }
                at = crate::text::block_end(text, at);
            }
            for (at, _) in text.match_indices('x').filter(|_| active[1]) {
                out.push(Edit {
                    range: at..at + 1,
                    replacement: "y".to_string(),
                    rule: 1,
                });
            }
        }

        fn reach(&self) -> Reach {
            Reach::Block
        }
    }

    /// What [`scan`] pushes for `text` with the rules `active`, sorted, and whether it cut the
    /// text.
    fn scanned(text: &str, active: &[bool]) -> (Vec<(usize, usize, String)>, bool) {
        let splits = SPLITS.with(|n| n.get());
        let mut out = Vec::new();
        scan(&MarkBlocks, &StageText::new(text), active, None, &mut out);
        let mut keys: Vec<_> = out
            .into_iter()
            .map(|e| (e.range.start, e.range.end, e.replacement))
            .collect();
        keys.sort();
        (keys, SPLITS.with(|n| n.get()) > splits)
    }

    #[test]
    fn an_insertion_where_two_parts_meet_makes_it_a_whole_scan() {
        let text = "ax one two\n\nbx three four\n\ncx five more\n\ndx seven eight\n\nex nine\n";
        assert!(crate::parallel::spread(text.len()));
        let (with_marks, cut) = scanned(text, &[true, true]);
        // Every part but the first starts with an insertion: not cut.
        assert!(!cut);
        assert_eq!(with_marks.len(), 5 + 5);
        // Without the insertions it is cut, and gives the same changes of `x`.
        let (without, cut) = scanned(text, &[false, true]);
        assert!(cut);
        assert_eq!(
            without,
            with_marks[..]
                .iter()
                .filter(|e| e.0 < e.1)
                .cloned()
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_text_with_a_code_fence_is_scanned_whole() {
        let text = "x one two three four\n\n```\nx\n\nx\n```\n\nx five six seven eight nine ten\n";
        assert!(crate::parallel::spread(text.len()));
        let (fenced, cut) = scanned(text, &[false, true]);
        assert!(!cut);
        assert_eq!(fenced.len(), text.matches('x').count());
        // Without the fence it is cut, and gives what a whole scan gives.
        let plain = text.replace("```", "'''");
        let (unfenced, cut) = scanned(&plain, &[false, true]);
        assert!(cut);
        assert_eq!(unfenced, fenced);
    }

    #[test]
    fn parts_are_runs_of_whole_blocks_covering_the_text() {
        let text = "one\ntwo\n\n\nthree\n  \nfour five six seven\neight\n\nnine";
        for size in 1..text.len() + 2 {
            let parts = parts(text, size);
            assert_eq!(parts.first().map(|p| p.start), Some(0));
            assert_eq!(parts.last().map(|p| p.end), Some(text.len()));
            for pair in parts.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
                assert_eq!(
                    block_start(text, pair[1].start),
                    pair[1].start,
                    "size {size}"
                );
            }
            assert!(parts.iter().all(|p| !p.is_empty()));
        }
        // A text of one block is one part, whatever the size.
        assert_eq!(parts("a\nb\nc\nd", 2), vec![Range { start: 0, end: 7 }]);
    }
}
