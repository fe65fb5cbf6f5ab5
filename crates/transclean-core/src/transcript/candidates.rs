//! The label candidates of a document's lines, kept while the text changes.
//!
//! Each parse of the turns read every line for a label candidate: on the settled 78 MB benchmark
//! text 30 to 45 ms a parse, and the runs that settle a large document parse it once or twice a
//! run for a few edits (issue 15). A line's candidate depends on the line alone (its text and
//! where it starts), so after an edit only the lines around it are read again; the others keep
//! their candidates, moved by the text the edits added or removed before them.
//!
//! Kept only for a text with no front matter or code fence: a line inside one is never a
//! candidate, and an edit far from it could open or close one.

use super::Label;
use super::labels::candidate;
use crate::rules::{Edit, shifts_before};
use crate::text::{self, Line, has_verbatim_markers, line_start, lines_from};
use std::ops::Range;

/// Past one edit per this many bytes (the first run over a dirty document), reading every line
/// again at the next parse costs less than reading the lines around each edit now. Unit tests
/// edit short texts, and move the candidates through any edits but more than one a byte.
const DENSE_EDIT_BYTES: usize = if cfg!(test) { 1 } else { 2048 };

/// Every candidate of the current text, each with where its line starts, once asked for.
#[derive(Debug, Default)]
pub(super) struct CandidateMemo {
    /// Whether to keep the candidates at all. The first pipeline run over a document edits it
    /// densely, which forgets them, and its speaker stage is the memory peak of a large
    /// document: they are kept from the second run on.
    wanted: bool,
    /// Whether the text has no front matter or code fence; `None` when not known. Once a
    /// marker has appeared, `Some(false)` stays: the candidates are not kept again.
    plain: Option<bool>,
    kept: Option<Vec<(usize, Label)>>,
}

impl CandidateMemo {
    /// The candidates of `lines` (the lines of the text the memo is kept for), in line order,
    /// if they are kept. They are handed over: [`CandidateMemo::keep`] gives them back.
    pub(super) fn take(&mut self, lines: &[Line]) -> Option<Vec<Label>> {
        let kept = self.kept.take()?;
        let mut line = 0;
        let candidates = (kept.into_iter())
            .map(|(start, mut label)| {
                line = first_line_from(lines, line, start);
                label.line = line;
                label
            })
            .collect();
        Some(candidates)
    }

    /// From now on keeps the candidates between parses.
    pub(super) fn want(&mut self) {
        self.wanted = true;
    }

    /// Whether [`CandidateMemo::keep`] would keep the candidates of `text`: they are wanted
    /// and the text has no front matter or code fence.
    pub(super) fn keeps(&mut self, text: &str) -> bool {
        self.wanted
            && *self
                .plain
                .get_or_insert_with(|| !has_verbatim_markers(text))
    }

    /// Keeps `candidates`, all those of `lines` of `text`, if it [`CandidateMemo::keeps`] them.
    pub(super) fn keep(&mut self, text: &str, lines: &[Line], candidates: Vec<Label>) {
        if !self.keeps(text) {
            return;
        }
        self.kept = Some(
            (candidates.into_iter())
                .map(|label| (lines[label.line].content().start, label))
                .collect(),
        );
    }

    /// Moves the candidates through `edits` (sorted, not overlapping, in the coordinates of the
    /// text before them), which made `text`. The lines around each edit (the lines holding its
    /// replacement and the byte on either side, as a removed or added line break joins or
    /// splits lines) are read again; the others only move.
    pub(super) fn edited(&mut self, text: &str, edits: &[Edit]) {
        if edits.is_empty() || !self.wanted {
            return;
        }
        let kept = self.kept.take();
        // Without candidates, only whether the text stays plain is followed.
        if kept.is_none() && self.plain != Some(true) {
            return;
        }
        if edits.len().saturating_mul(DENSE_EDIT_BYTES) > text.len() {
            self.plain = None;
            return;
        }
        let shifts = shifts_before(edits);
        let moved_by = |at: usize, shift: isize| {
            at.checked_add_signed(shift)
                .expect("an edit moves a position only by the text before it")
        };
        let mut read_again: Vec<Range<usize>> = Vec::new();
        for (edit, &shift) in edits.iter().zip(&shifts) {
            let start = moved_by(edit.range.start, shift);
            let end = (start + edit.replacement.len() + 1).min(text.len());
            let lines = line_start(text.as_bytes(), start.saturating_sub(1))..line_end(text, end);
            match read_again.last_mut() {
                Some(last) if lines.start <= last.end => last.end = last.end.max(lines.end),
                _ => read_again.push(lines),
            }
        }
        // A marker (see `has_verbatim_markers`) can only appear in the lines an edit touched:
        // front matter's in the first line, a fence's anywhere.
        let bytes = text.as_bytes();
        let marked = (read_again.iter()).any(|lines| {
            let part = &bytes[lines.clone()];
            (lines.start == 0 && has_verbatim_markers(&text[..line_end(text, 0)]))
                || memchr::memmem::find(part, b"```").is_some()
                || memchr::memmem::find(part, b"~~~").is_some()
        });
        if marked {
            self.plain = Some(false);
            return;
        }
        let Some(kept) = kept else {
            return;
        };
        let mut moved: Vec<(usize, Label)> = Vec::with_capacity(kept.len());
        let mut next_edit = 0;
        let mut next_lines = read_again.iter().peekable();
        // Where the lines read again so far end: a kept line starting before is one of them.
        let mut read_until = 0;
        for (start, mut label) in kept {
            // The edits wholly before the line only move it.
            next_edit += edits[next_edit..].partition_point(|e| e.range.end <= start);
            // An edit over the line's start: the line is read again with those around it.
            if edits.get(next_edit).is_some_and(|e| e.range.start <= start) {
                continue;
            }
            let shift = shifts[next_edit];
            let new_start = moved_by(start, shift);
            while let Some(lines) = next_lines.next_if(|lines| lines.start <= new_start) {
                read_lines(text, lines.clone(), &mut moved);
                read_until = lines.end;
            }
            if new_start < read_until {
                continue;
            }
            label.range = moved_by(label.range.start, shift)..moved_by(label.range.end, shift);
            moved.push((new_start, label));
        }
        for lines in next_lines {
            read_lines(text, lines.clone(), &mut moved);
        }
        self.kept = Some(moved);
    }
}

/// Where the line holding byte `at` of `text` ends, its line break included.
fn line_end(text: &str, at: usize) -> usize {
    (text::line_end(text.as_bytes(), at) + 1).min(text.len())
}

/// Adds the candidates of the lines in `lines` (whole lines of `text`).
fn read_lines(text: &str, lines: Range<usize>, out: &mut Vec<(usize, Label)>) {
    for line in lines_from(text, lines.start).take_while(|l| l.content().start < lines.end) {
        if let Some(label) = candidate(text, line.content(), 0) {
            out.push((line.content().start, label));
        }
    }
}

/// The first of `lines` from `from` on that starts at or after `start` (every line before
/// `from` starts before it). Searched in steps that double, then by bisection: the next
/// candidate is a few lines on, and a bisection of every line left missed the cache on each
/// step (a quarter of a settling run's turn parse on a large document, issue 15).
fn first_line_from(lines: &[Line], from: usize, start: usize) -> usize {
    let before = |line: &Line| line.content().start < start;
    let mut step = 1;
    while from + step <= lines.len() && before(&lines[from + step - 1]) {
        step *= 2;
    }
    // Every line before `from + step / 2` starts before `start`; the first that does not is
    // before `from + step`, or there is none.
    let (low, high) = (from + step / 2, (from + step).min(lines.len()));
    low + lines[low..high].partition_point(before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_edits::{non_overlapping, spliced_by_copying as apply};
    use crate::text::StageText;

    #[test]
    fn lines_are_found_by_doubling_steps_as_by_bisection() {
        let text = "a\n\nbb\nccc\n\nd\neeee\nf";
        let lines = crate::text::lines(text);
        for from in 0..lines.len() {
            for start in lines[from].content().start..=text.len() + 1 {
                let bisected = from + lines[from..].partition_point(|l| l.content().start < start);
                assert_eq!(
                    first_line_from(&lines, from, start),
                    bisected,
                    "{from} {start}"
                );
            }
        }
    }

    /// The candidates a parse reads from every line of `text`.
    fn read_all(text: &str) -> Vec<Label> {
        let stage = StageText::new(text);
        (stage.lines().iter().enumerate())
            .filter(|&(i, _)| !stage.verbatim()[i])
            .filter_map(|(i, line)| candidate(text, line.content(), i))
            .collect()
    }

    /// The memo of `text`'s candidates moved through `edits`, as the next parse takes it.
    fn moved(text: &str, edits: &[Edit]) -> (String, Option<Vec<Label>>) {
        let mut memo = CandidateMemo::default();
        memo.want();
        memo.keep(text, StageText::new(text).lines(), read_all(text));
        let edited = apply(text, edits);
        memo.edited(&edited, edits);
        let kept = memo.take(StageText::new(&edited).lines());
        (edited, kept)
    }

    #[test]
    fn lines_away_from_an_edit_keep_their_candidates() {
        let text = "Anne Smith: one\n\nBob Jones: two\n\nAnne Smith: three\n";
        let edits = non_overlapping(text, vec![(17, 3, "Robert".to_string())]);
        let (edited, kept) = moved(text, &edits);
        assert_eq!(
            edited,
            "Anne Smith: one\n\nRobert Jones: two\n\nAnne Smith: three\n"
        );
        let kept = kept.expect("kept through one edit");
        assert_eq!(kept, read_all(&edited));
        assert_eq!(kept[1].name, "Robert Jones");
        assert_eq!(kept[2].range, 36..48);
        // A fence opened by an edit makes lines verbatim far from it: nothing is kept.
        let fence = non_overlapping(text, vec![(16, 0, "```\n".to_string())]);
        assert_eq!(moved(text, &fence).1, None);
    }

    proptest::proptest! {
        /// Moved through any edits, the candidates kept are those a read of every line of the
        /// edited text finds: labels an edit made, broke, split or joined, and lines that only
        /// moved.
        #[test]
        fn candidates_moved_through_edits_are_those_of_the_edited_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Bob Jones: ", "ANNE: ", "[Ann] ", "Mr. SMITH. ", "said ", "(00:41) ", ":",
                    "\n", "\n\n", "\r\n", "```", "---", " ", "a",
                ]),
                0..14,
            ),
            edits in proptest::collection::vec(
                (
                    0usize..80,
                    0usize..6,
                    proptest::sample::select(vec!["", "\n", "x", "Ann Lee: ", ":", "\n\n", "`"]),
                ),
                0..4,
            ),
        ) {
            let text: String = pieces.concat();
            let edits = non_overlapping(
                &text,
                edits.into_iter().map(|(at, len, to)| (at, len, to.to_string())).collect(),
            );
            let (edited, kept) = moved(&text, &edits);
            if let Some(kept) = kept {
                proptest::prop_assert_eq!(kept, read_all(&edited));
            }
        }
    }
}
