//! What the turn parse reads from the lines of a document, in one pass, and keeps while the
//! text changes: each line's label candidate, the lines that open with a dash, and the lines
//! that open a paragraph.
//!
//! The parse walked every line four times (for candidates, dash turns, the paragraph count, and
//! back from each candidate to the line before it): on the 100 MB benchmark file a fifth of
//! each run that settles it (which parses it once or twice for a few edits) and a tenth of the
//! first run (issue 15).
//! What a line tells depends on the line alone, or with the line before it, so after an edit
//! only the lines around it are read again; the others keep what they told, moved by the text
//! the edits added or removed before them.
//!
//! Kept only for a text with no front matter or code fence: a line inside one is never a
//! candidate, and an edit far from it could open or close one.

use super::Label;
use super::labels::candidate;
use crate::rules::{Edit, shifts_before};
use crate::text::{self, Line, has_verbatim_markers, line_start, lines_from};
use rayon::prelude::*;
use std::ops::Range;

/// Past one edit per this many bytes (the first run over a dirty document), reading every line
/// again at the next parse costs less than reading the lines around each edit now. Unit tests
/// edit short texts, and move the facts through any edits but more than one a byte.
const DENSE_EDIT_BYTES: usize = if cfg!(test) { 1 } else { 2048 };

/// Lines read together by one thread when a long text's lines are spread over the threads.
/// Unit tests cut texts of a few lines into several tasks.
const LINES_PER_TASK: usize = if cfg!(test) { 2 } else { 4096 };

/// What the turn parse needs from the lines of a text.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct LineFacts {
    /// Every line's label candidate, in line order (none on a verbatim line).
    pub(super) candidates: Vec<Label>,
    /// Per candidate, whether its line opens a paragraph: it is the first line, or the line
    /// before it is blank.
    pub(super) opening: Vec<bool>,
    /// The lines (indices) that open with a dash and a space (`- `, `– `, `— `), as unlabelled
    /// turns do; none verbatim.
    pub(super) dash_lines: Vec<usize>,
    /// How many paragraphs (runs of non-blank lines) the text has. Blank is `trim` (any white
    /// space), as paragraphs have always been counted here, not [`Line::is_blank`].
    pub(super) paragraphs: usize,
    /// Where each paragraph's first line starts: only read when the facts are to be kept.
    openings: Vec<Start>,
}

/// Where a paragraph's first line starts, in a text whose facts are kept: at most 4 GiB long
/// (see [`LineMemo::keeps`]). A large document has hundreds of thousands of paragraphs, and
/// their starts are kept while its speaker stage and dedupe's grouping are at the memory peak.
type Start = u32;

/// `start` as a [`Start`]: in a text whose facts are kept.
fn kept_start(start: usize) -> Start {
    Start::try_from(start).expect("facts are kept for texts of at most 4 GiB")
}

impl LineFacts {
    /// Reads the facts of every line of `text` (cut into `lines`, `verbatim` per line); the
    /// paragraphs' starts too if `keeping`. A long text's lines are spread over the threads.
    pub(super) fn read(text: &str, lines: &[Line], verbatim: &[bool], keeping: bool) -> LineFacts {
        let read_from = |first: usize, lines_here: &[Line]| {
            let mut facts = LineFacts::default();
            let mut reader =
                LineReader::after(first.checked_sub(1).map(|i| &text[lines[i].content()]));
            for (i, line) in (first..).zip(lines_here) {
                let told = reader.read(text, line, i, verbatim[i]);
                if told.opens_paragraph {
                    facts.paragraphs += 1;
                    if keeping {
                        facts.openings.push(kept_start(line.content().start));
                    }
                }
                if let Some(label) = told.candidate {
                    facts.candidates.push(label);
                    facts.opening.push(told.after_blank);
                }
                if told.dash {
                    facts.dash_lines.push(i);
                }
            }
            facts
        };
        if !crate::parallel::spread(text.len()) {
            return read_from(0, lines);
        }
        let parts: Vec<LineFacts> = (lines.par_chunks(LINES_PER_TASK).enumerate())
            .map(|(task, chunk)| read_from(task * LINES_PER_TASK, chunk))
            .collect();
        let mut facts = LineFacts::default();
        for part in parts {
            facts.append(part);
        }
        facts
    }

    /// Adds the facts of the lines after this part's.
    fn append(&mut self, mut later: LineFacts) {
        self.candidates.append(&mut later.candidates);
        self.opening.append(&mut later.opening);
        self.dash_lines.append(&mut later.dash_lines);
        self.paragraphs += later.paragraphs;
        self.openings.append(&mut later.openings);
    }
}

/// What one line tells the parse.
struct Told {
    /// Its label candidate.
    candidate: Option<Label>,
    /// The line before it is blank, or there is none.
    after_blank: bool,
    /// It opens a paragraph: it is not blank, and comes after a blank line or none.
    opens_paragraph: bool,
    /// It opens as an unlabelled turn of an interview transcript does (`- `, `– `, `— `).
    dash: bool,
}

/// Reads lines in order, following whether the line before each is blank: the one reading of
/// a line, for the whole text and for the lines around edits alike.
struct LineReader {
    after_blank: bool,
}

impl LineReader {
    /// A reader of the lines after `before` (the content of the line before the first,
    /// `None` at the text's start).
    fn after(before: Option<&str>) -> LineReader {
        LineReader {
            after_blank: before.is_none_or(is_blank),
        }
    }

    /// What `line` of `text` (line `index`, a verbatim line or not) tells; a verbatim line
    /// has no candidate and is no dash turn.
    fn read(&mut self, text: &str, line: &Line, index: usize, verbatim: bool) -> Told {
        let content = &text[line.content()];
        let blank = is_blank(content);
        let candidate = (!verbatim)
            .then(|| candidate(text, line.content(), index))
            .flatten();
        debug_assert!(
            candidate.is_none() || !blank,
            "a label holds more than white space"
        );
        let told = Told {
            candidate,
            after_blank: self.after_blank,
            opens_paragraph: !blank && self.after_blank,
            dash: !verbatim
                && (content.starts_with("- ")
                    || content.starts_with("– ")
                    || content.starts_with("— ")),
        };
        self.after_blank = blank;
        told
    }
}

/// Whether a line is blank for the paragraph count: [`LineFacts::paragraphs`].
fn is_blank(content: &str) -> bool {
    content.trim().is_empty()
}

/// The line facts of the current text, each with where its line starts, once asked for.
#[derive(Debug, Default)]
pub(super) struct LineMemo {
    /// Whether to keep the facts at all. The first pipeline run over a document edits it
    /// densely, which forgets them, and its speaker stage is the memory peak of a large
    /// document: they are kept from the second run on.
    wanted: bool,
    /// Whether the text has no front matter or code fence; `None` when not known. Once a
    /// marker has appeared, `Some(false)` stays: the facts are not kept again.
    plain: Option<bool>,
    kept: Option<Kept>,
}

/// The facts of a text's lines, by where the lines start rather than by their index.
#[derive(Debug)]
struct Kept {
    /// Each candidate with its line's start. Whether that line opens a paragraph is whether
    /// it is one of `openings` (a candidate's line is never blank): not kept with each, as a
    /// large document's candidates are the memo's memory.
    candidates: Vec<(usize, Label)>,
    /// Where the lines that open with a dash start.
    dashes: Vec<usize>,
    /// Where the lines that open a paragraph start.
    openings: Vec<Start>,
}

impl LineMemo {
    /// The facts of `lines` (the lines of the text the memo is kept for), if they are kept.
    /// They are handed over: [`LineMemo::keep`] gives them back.
    pub(super) fn take(&mut self, lines: &[Line]) -> Option<LineFacts> {
        let kept = self.kept.take()?;
        let mut line = 0;
        let mut opening = Vec::with_capacity(kept.candidates.len());
        let mut next_opening = 0;
        let candidates = (kept.candidates.into_iter())
            .map(|(start, mut label)| {
                line = first_line_from(lines, line, start);
                label.line = line;
                next_opening = first_from(&kept.openings, next_opening, |&o| (o as usize) < start);
                opening.push(kept.openings.get(next_opening) == Some(&kept_start(start)));
                label
            })
            .collect();
        let mut line = 0;
        let dash_lines = (kept.dashes.iter())
            .map(|&start| {
                line = first_line_from(lines, line, start);
                line
            })
            .collect();
        Some(LineFacts {
            candidates,
            opening,
            dash_lines,
            paragraphs: kept.openings.len(),
            openings: kept.openings,
        })
    }

    /// From now on keeps the facts between parses.
    pub(super) fn want(&mut self) {
        self.wanted = true;
    }

    /// Whether [`LineMemo::keep`] would keep the facts of `text`: they are wanted, and the text
    /// has no front matter or code fence and is at most 4 GiB long.
    pub(super) fn keeps(&mut self, text: &str) -> bool {
        self.wanted
            && Start::try_from(text.len()).is_ok()
            && *self
                .plain
                .get_or_insert_with(|| !has_verbatim_markers(text))
    }

    /// Keeps `facts`, all those of `lines` of `text` (read `keeping`), if it
    /// [`LineMemo::keeps`] them.
    pub(super) fn keep(&mut self, text: &str, lines: &[Line], facts: LineFacts) {
        if !self.keeps(text) {
            return;
        }
        let start = |line: usize| lines[line].content().start;
        let mut openings = facts.openings;
        // Read one by one, they have room for up to twice as many.
        openings.shrink_to_fit();
        self.kept = Some(Kept {
            candidates: (facts.candidates.into_iter())
                .map(|label| (start(label.line), label))
                .collect(),
            dashes: facts.dash_lines.into_iter().map(start).collect(),
            openings,
        });
    }

    /// Moves the facts through `edits` (sorted, not overlapping, in the coordinates of the
    /// text before them), which made `text`. The lines around each edit (the lines holding its
    /// replacement and the byte on either side, as a removed or added line break joins or
    /// splits lines, and the line after them, which opens a paragraph or not by the line
    /// before it) are read again; the others only move.
    pub(super) fn edited(&mut self, text: &str, edits: &[Edit]) {
        if edits.is_empty() || !self.wanted {
            return;
        }
        if Start::try_from(text.len()).is_err() {
            // Not kept (see `keeps`), and whether the text stays plain is not followed.
            (self.kept, self.plain) = (None, None);
            return;
        }
        let kept = self.kept.take();
        // Without facts, only whether the text stays plain is followed.
        if kept.is_none() && self.plain != Some(true) {
            return;
        }
        if edits.len().saturating_mul(DENSE_EDIT_BYTES) > text.len() {
            self.plain = None;
            return;
        }
        let shifts = shifts_before(edits);
        let mut read_again: Vec<Range<usize>> = Vec::new();
        for (edit, &shift) in edits.iter().zip(&shifts) {
            let start = moved_by(edit.range.start, shift);
            let end = (start + edit.replacement.len() + 1).min(text.len());
            let lines = line_start(text.as_bytes(), start.saturating_sub(1))
                ..line_end(text, line_end(text, end));
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
        let moving = Moving {
            edits,
            shifts: &shifts,
            read_again: &read_again,
        };
        let read = |lines: Range<usize>| read_lines(text, lines);
        self.kept = Some(Kept {
            candidates: moving.through(
                kept.candidates,
                |(start, _)| *start,
                |(start, mut label), shift| {
                    label.range =
                        moved_by(label.range.start, shift)..moved_by(label.range.end, shift);
                    (moved_by(start, shift), label)
                },
                |lines| read(lines).candidates,
            ),
            dashes: moving.through(
                kept.dashes,
                |&start| start,
                moved_by,
                |lines| read(lines).dashes,
            ),
            openings: moving.through(
                kept.openings,
                |&start| start as usize,
                |start, shift| kept_start(moved_by(start as usize, shift)),
                |lines| read(lines).openings,
            ),
        });
    }
}

/// `at` moved by the text `shift` bytes longer before it.
fn moved_by(at: usize, shift: isize) -> usize {
    at.checked_add_signed(shift)
        .expect("an edit moves a position only by the text before it")
}

/// Moves facts kept by their lines' starts through a batch of edits.
struct Moving<'a> {
    edits: &'a [Edit],
    /// From [`shifts_before`].
    shifts: &'a [isize],
    /// The lines read again (in the edited text), sorted and apart.
    read_again: &'a [Range<usize>],
}

impl Moving<'_> {
    /// `kept` (sorted by `start`) moved through the edits by `shifted`: those of lines in
    /// `read_again` are dropped, and `read` gives those lines' facts in their place.
    fn through<T>(
        &self,
        kept: Vec<T>,
        start: impl Fn(&T) -> usize,
        shifted: impl Fn(T, isize) -> T,
        read: impl Fn(Range<usize>) -> Vec<T>,
    ) -> Vec<T> {
        // Room for a few facts read again per edited place: past the room, the vector would
        // double, and the memo is kept through the memory peak.
        let mut moved: Vec<T> = Vec::with_capacity(kept.len() + 4 * self.read_again.len());
        let mut next_edit = 0;
        let mut next_lines = self.read_again.iter().peekable();
        // Where the lines read again so far end: a kept line starting before is one of them.
        let mut read_until = 0;
        for fact in kept {
            let old_start = start(&fact);
            // The edits wholly before the line only move it.
            next_edit += self.edits[next_edit..].partition_point(|e| e.range.end <= old_start);
            // An edit over the line's start: the line is read again with those around it.
            if (self.edits.get(next_edit)).is_some_and(|e| e.range.start <= old_start) {
                continue;
            }
            let shift = self.shifts[next_edit];
            let new_start = moved_by(old_start, shift);
            while let Some(lines) = next_lines.next_if(|lines| lines.start <= new_start) {
                moved.extend(read(lines.clone()));
                read_until = lines.end;
            }
            if new_start < read_until {
                continue;
            }
            moved.push(shifted(fact, shift));
        }
        for lines in next_lines {
            moved.extend(read(lines.clone()));
        }
        moved
    }
}

/// Where the line holding byte `at` of `text` ends, its line break included.
fn line_end(text: &str, at: usize) -> usize {
    (text::line_end(text.as_bytes(), at.min(text.len())) + 1).min(text.len())
}

/// The facts of the lines in `lines` (whole lines of `text`, none verbatim), by their starts.
fn read_lines(text: &str, lines: Range<usize>) -> Kept {
    let mut facts = Kept {
        candidates: Vec::new(),
        dashes: Vec::new(),
        openings: Vec::new(),
    };
    let before = (lines.start > 0)
        .then(|| &text[line_start(text.as_bytes(), lines.start - 1)..lines.start - 1]);
    let mut reader = LineReader::after(before);
    for line in lines_from(text, lines.start).take_while(|l| l.content().start < lines.end) {
        let start = line.content().start;
        // The line's index is set when the facts are taken (see `LineMemo::take`).
        let told = reader.read(text, &line, 0, false);
        if told.opens_paragraph {
            facts.openings.push(kept_start(start));
        }
        if let Some(label) = told.candidate {
            facts.candidates.push((start, label));
        }
        if told.dash {
            facts.dashes.push(start);
        }
    }
    facts
}

/// The first of `lines` from `from` on that starts at or after `start` (every line before
/// `from` starts before it).
fn first_line_from(lines: &[Line], from: usize, start: usize) -> usize {
    first_from(lines, from, |line| line.content().start < start)
}

/// The first of `items` from `from` on that is not `before`, where `before` holds for every
/// item up to some point and for none after it, and for every item before `from`. Searched in
/// steps that double, then by bisection: the next line or paragraph start a candidate needs is
/// a few on, and a bisection of all that are left missed the cache on each step (a quarter of
/// a settling run's turn parse on a large document for the lines, and a twelfth for the
/// paragraph starts, issue 15).
fn first_from<T>(items: &[T], from: usize, before: impl Fn(&T) -> bool) -> usize {
    let mut step = 1;
    while from + step <= items.len() && before(&items[from + step - 1]) {
        step *= 2;
    }
    // Every item before `from + step / 2` is before; the first that is not is before
    // `from + step`, or there is none.
    let (low, high) = (from + step / 2, (from + step).min(items.len()));
    low + items[low..high].partition_point(before)
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

    /// The facts a parse reads from every line of `text`, the paragraphs' starts too.
    fn read_all(text: &str) -> LineFacts {
        let stage = StageText::new(text);
        LineFacts::read(text, stage.lines(), stage.verbatim(), true)
    }

    /// The memo of `text`'s facts moved through `edits`, as the next parse takes it.
    fn moved(text: &str, edits: &[Edit]) -> (String, Option<LineFacts>) {
        let mut memo = LineMemo::default();
        memo.want();
        memo.keep(text, StageText::new(text).lines(), read_all(text));
        let edited = apply(text, edits);
        memo.edited(&edited, edits);
        let kept = memo.take(StageText::new(&edited).lines());
        (edited, kept)
    }

    /// Whether the line holding `at` is the first of a paragraph: the line before it, back
    /// from `at`, as the parse told it before it read every line's facts in one pass.
    fn opens_paragraph(text: &str, at: usize) -> bool {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        line_start == 0
            || text[..line_start - 1]
                .rsplit('\n')
                .next()
                .is_some_and(|l| l.trim().is_empty())
    }

    /// How many paragraphs `text` has: a walk of its lines, as the parse counted them before.
    fn paragraph_count(text: &str, lines: &[Line]) -> usize {
        let mut count = 0;
        let mut in_paragraph = false;
        for line in lines {
            let blank = text[line.content()].trim().is_empty();
            count += usize::from(!blank && !in_paragraph);
            in_paragraph = !blank;
        }
        count
    }

    /// The pieces the property tests build texts of: labels, dash turns, blank lines of
    /// several kinds, markers that make lines verbatim, and plain words.
    const PIECES: &[&str] = &[
        "Bob Jones: ",
        "ANNE: ",
        "[Ann] ",
        "Mr. SMITH. ",
        "said ",
        "(00:41) ",
        ":",
        "\n",
        "\n\n",
        "\r\n",
        "```",
        "---",
        " ",
        "a",
        "- ",
        "— ",
        " \u{a0}\n",
        "\t",
    ];

    proptest::proptest! {
        /// Read in one pass (over several tasks, as unit tests cut a text's lines into tasks
        /// of two), the facts are what each was read as on its own before: the candidates of
        /// the lines that are not verbatim, whether the line before each is blank, the lines
        /// that open with a dash, and the paragraphs a walk of the lines counts.
        #[test]
        fn facts_read_in_one_pass_are_those_read_one_by_one(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..24),
        ) {
            let text: String = pieces.concat();
            let stage = StageText::new(&text);
            let (lines, verbatim) = (stage.lines(), stage.verbatim());
            let facts = read_all(&text);
            let candidates: Vec<Label> = (lines.iter().enumerate())
                .filter(|&(i, _)| !verbatim[i])
                .filter_map(|(i, line)| candidate(&text, line.content(), i))
                .collect();
            proptest::prop_assert_eq!(&facts.candidates, &candidates);
            let opening: Vec<bool> =
                candidates.iter().map(|c| opens_paragraph(&text, c.range.start)).collect();
            proptest::prop_assert_eq!(&facts.opening, &opening);
            let dash_lines: Vec<usize> = (lines.iter().enumerate())
                .filter(|&(i, line)| {
                    let content = &text[line.content()];
                    !verbatim[i]
                        && (content.starts_with("- ")
                            || content.starts_with("– ")
                            || content.starts_with("— "))
                })
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(&facts.dash_lines, &dash_lines);
            proptest::prop_assert_eq!(facts.paragraphs, paragraph_count(&text, lines));
            proptest::prop_assert_eq!(facts.openings.len(), facts.paragraphs);
            let unspread = LineFacts::read(&text[..], lines, verbatim, true);
            proptest::prop_assert_eq!(&facts, &unspread);
        }
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
        assert_eq!(kept.candidates[1].name, "Robert Jones");
        assert_eq!(kept.candidates[2].range, 36..48);
        assert_eq!(kept.opening, [true, true, true]);
        assert_eq!(kept.paragraphs, 3);
        // A fence opened by an edit makes lines verbatim far from it: nothing is kept.
        let fence = non_overlapping(text, vec![(16, 0, "```\n".to_string())]);
        assert_eq!(moved(text, &fence).1, None);
    }

    #[test]
    fn a_line_an_edit_makes_blank_opens_the_paragraph_after_it() {
        // The edit ends before the line's last space: the line after it is not one the edit
        // touched, and it opens a paragraph now.
        let text = "Anne Smith: one\nsaid  \nBob Jones: two\n";
        let edits = non_overlapping(text, vec![(16, 4, String::new())]);
        let (edited, kept) = moved(text, &edits);
        assert_eq!(edited, "Anne Smith: one\n  \nBob Jones: two\n");
        let kept = kept.expect("kept through one edit");
        assert_eq!(kept, read_all(&edited));
        assert_eq!(kept.opening, [true, true]);
        assert_eq!(kept.paragraphs, 2);
    }

    proptest::proptest! {
        /// Moved through any edits, the facts kept are those a read of every line of the
        /// edited text finds: labels and dash lines an edit made, broke, split or joined,
        /// paragraphs it opened or closed (a line made blank or not opens the next one or
        /// not), and lines that only moved.
        #[test]
        fn facts_moved_through_edits_are_those_of_the_edited_text(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..14),
            edits in proptest::collection::vec(
                (
                    0usize..80,
                    0usize..6,
                    proptest::sample::select(vec![
                        "", "\n", "x", "Ann Lee: ", ":", "\n\n", "`", "- ", " ",
                    ]),
                ),
                0..4,
            ),
        ) {
            let text: String = pieces.concat();
            // The pieces hold characters of several bytes: edits start and end between
            // characters, as the rules' do.
            let boundary = |at: usize| crate::text::floor_char_boundary(&text, at);
            let edits = non_overlapping(
                &text,
                (edits.into_iter())
                    .map(|(at, len, to)| {
                        let start = boundary(at);
                        (start, boundary(start + len) - start, to.to_string())
                    })
                    .collect(),
            );
            let (edited, kept) = moved(&text, &edits);
            if let Some(kept) = kept {
                proptest::prop_assert_eq!(kept, read_all(&edited));
            }
        }
    }
}
