//! `whitespace`: trailing spaces, indentation, space runs, blank lines and the final newline.
//!
//! Runs last, to tidy what removals earlier in the pipeline left behind (a dropped line leaves two
//! blank lines meeting). Line endings are kept as the document has them.

use super::{Compiled, KindRule, KindSpec, Reach, RuleError, Safety, Span, Stage, flag, number};
use crate::raw::RawRule;
use crate::text::{Line, StageText, has_double_space};
use std::ops::Range;
use std::sync::Arc;

pub static SPEC: KindSpec = KindSpec {
    name: "whitespace",
    stage: Stage::Whitespace,
    safety: Safety::Safe,
    summary: "Tidy whitespace: trailing, indentation, runs, blank lines, final newline",
    docs: "\
What it does: removes trailing spaces and tabs, leading indentation and whitespace-only lines'
content; turns runs of spaces and tabs inside a line into one space; keeps at most
`max-blank-lines` blank lines between paragraphs and none at the start or end; ends a non-empty
document with exactly one line ending (`\\n`, or `\\r\\n` if the document uses those).
Indentation and space runs are kept where layout is meaning: in a YAML front matter block
(`---` lines at the top) and in fenced code blocks (```` ``` ```` or `~~~`).

Why: scraped text is indented by its HTML, padded with non-breaking spaces that became spaces,
and separated by runs of empty paragraphs; none of that is content.

Example:
    [[rule]]
    id = \"whitespace\"
    kind = \"whitespace\"
    examples = [{ input = \"    Text  here \\n\\n\\n\\nMore\", output = \"Text here\\n\\nMore\\n\" }]",
    options: &[
        ("trailing", "remove trailing spaces and tabs (default true)"),
        ("indent", "remove leading indentation (default true)"),
        ("runs", "collapse runs of spaces and tabs inside lines (default true)"),
        ("max-blank-lines", "blank lines kept between paragraphs (default 1)"),
        ("final-newline", "end with exactly one line ending (default true)"),
    ],
    compile,
};

#[derive(Debug)]
struct Whitespace {
    trailing: bool,
    indent: bool,
    runs: bool,
    max_blank_lines: usize,
    final_newline: bool,
}

fn compile(raw: &RawRule, _span: Span) -> Result<Compiled, RuleError> {
    Ok(Compiled::Scanner(Arc::new(Whitespace {
        trailing: flag(&raw.trailing, true),
        indent: flag(&raw.indent, true),
        runs: flag(&raw.runs, true),
        max_blank_lines: number(&raw.max_blank_lines, 1),
        final_newline: flag(&raw.final_newline, true),
    })))
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

impl Whitespace {
    /// Edits inside one non-blank line: indentation, runs, trailing spaces.
    fn tidy_line(
        &self,
        text: &str,
        line: &Line,
        verbatim: bool,
        emit: &mut dyn FnMut(Range<usize>, String),
    ) {
        let bytes = text.as_bytes();
        let Range { start, end } = line.content();
        let first = (start..end).find(|&i| !is_space(bytes[i])).unwrap_or(end);
        let last = (start..end)
            .rev()
            .find(|&i| !is_space(bytes[i]))
            .map_or(start, |i| i + 1);
        if self.indent && first > start && !verbatim {
            emit(start..first, String::new());
        }
        // Most lines hold no tab and no double space: one vectorised look says so.
        let inner = &bytes[first..last];
        let has_runs = memchr::memchr(b'\t', inner).is_some() || has_double_space(inner);
        if self.runs && !verbatim && has_runs {
            let mut i = first;
            while i < last {
                if is_space(bytes[i]) {
                    let run_end = (i..last).find(|&j| !is_space(bytes[j])).unwrap_or(last);
                    if &text[i..run_end] != " " {
                        emit(i..run_end, " ".into());
                    }
                    i = run_end;
                } else {
                    i += 1;
                }
            }
        }
        if self.trailing && last < end {
            emit(last..end, String::new());
        }
    }
}

impl KindRule for Whitespace {
    fn scan(&self, stage_text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
        let (text, lines) = (stage_text.as_str(), stage_text.lines());
        // A part of a document that goes on after it has neither the document's end nor, past
        // its first line, its start: its blank lines are between paragraphs.
        let ends = !stage_text.continues();
        let last_content = lines.iter().rposition(|l| !l.is_blank(text));
        if last_content.is_none() && ends {
            // Nothing but blank lines: the document is empty.
            if !text.is_empty() && self.final_newline {
                emit(0..text.len(), String::new());
            }
            return;
        }
        let verbatim = stage_text.verbatim();
        let mut blank_run = 0;
        let mut seen_content = false;
        for (index, line) in lines.iter().enumerate() {
            if !line.is_blank(text) {
                self.tidy_line(text, line, verbatim[index], emit);
                blank_run = 0;
                seen_content = true;
                continue;
            }
            blank_run += 1;
            let at_end = ends && last_content.is_some_and(|last| index > last);
            let delete = !seen_content
                || (at_end && self.final_newline)
                || (!at_end && blank_run > self.max_blank_lines);
            if delete {
                emit(line.full(), String::new());
            } else if self.trailing && !line.content().is_empty() {
                emit(line.content(), String::new());
            }
        }
        let last = last_content.map(|last| &lines[last]);
        if ends && self.final_newline && last.is_some_and(|last| !last.has_terminator()) {
            emit(
                text.len()..text.len(),
                stage_text.document_line_ending().into(),
            );
        }
    }

    /// Every edit is inside a block: blank lines go with the paragraph before them, and what
    /// depends on the document's start, end and line ending, a part is told (see
    /// [`StageText::plain_part`]).
    fn reach(&self) -> Reach {
        Reach::Block
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default() -> Whitespace {
        Whitespace {
            trailing: true,
            indent: true,
            runs: true,
            max_blank_lines: 1,
            final_newline: true,
        }
    }

    #[test]
    fn tidies_lines() {
        assert_eq!(
            crate::rules::apply_scan(&default(), "    Text  here \t\nnext\t\tword"),
            "Text here\nnext word\n"
        );
    }

    #[test]
    fn collapses_blank_lines_and_trims_the_edges() {
        assert_eq!(
            crate::rules::apply_scan(&default(), "\n \na\n\n  \n\n\nb\n\n\n"),
            "a\n\nb\n"
        );
        let two = Whitespace {
            max_blank_lines: 2,
            ..default()
        };
        assert_eq!(crate::rules::apply_scan(&two, "a\n\n\n\nb\n"), "a\n\n\nb\n");
    }

    #[test]
    fn keeps_crlf_and_handles_empty_documents() {
        assert_eq!(
            crate::rules::apply_scan(&default(), "a  \r\n\r\n\r\n\r\nb"),
            "a\r\n\r\nb\r\n"
        );
        assert_eq!(crate::rules::apply_scan(&default(), ""), "");
        assert_eq!(crate::rules::apply_scan(&default(), " \n\n"), "");
    }

    #[test]
    fn front_matter_and_code_blocks_keep_their_layout() {
        let text = "---\ntags:\n  - a  b\n---\n  text  here\n```\n    code  x\n```\n  after\n";
        assert_eq!(
            crate::rules::apply_scan(&default(), text),
            "---\ntags:\n  - a  b\n---\ntext here\n```\n    code  x\n```\nafter\n"
        );
    }

    #[test]
    fn options_switch_parts_off() {
        let keep_indent = Whitespace {
            indent: false,
            final_newline: false,
            ..default()
        };
        assert_eq!(crate::rules::apply_scan(&keep_indent, "  a  b  "), "  a b");
    }

    /// What `rule` proposes on `text`, sorted: scanned whole, or block by block as the engine's
    /// re-scans and parallel scans cut it.
    fn proposed(rule: &Whitespace, text: &str, by_blocks: bool) -> Vec<(Range<usize>, String)> {
        let mut parts = Vec::new();
        let mut start = 0;
        while by_blocks && start < text.len() {
            let end = crate::text::block_end(text, start);
            parts.push(start..end);
            start = end;
        }
        if !by_blocks {
            parts.push(0..text.len());
        }
        let mut out = Vec::new();
        for part in parts {
            let stage_text = if by_blocks {
                StageText::plain_part(text, part.clone())
            } else {
                StageText::new(text)
            };
            rule.scan(&stage_text, &mut |range, to| {
                out.push((range.start + part.start..range.end + part.start, to))
            });
        }
        out.sort_by_key(|(range, _)| (range.start, range.end));
        out
    }

    #[test]
    fn a_part_that_the_document_goes_on_after_keeps_its_blank_lines_between_paragraphs() {
        let text = "a\n\n\n\nb \n\n";
        assert_eq!(
            proposed(&default(), text, true),
            proposed(&default(), text, false)
        );
        let part = StageText::plain_part(text, 0..5);
        let mut edits = Vec::new();
        default().scan(&part, &mut |range, _| edits.push(range));
        // Two of its three blank lines go (one is kept between paragraphs), not all three as
        // at the document's end.
        assert_eq!(edits, vec![3..4, 4..5]);
    }

    proptest::proptest! {
        /// Scanned block by block, a document gets the edits a scan of it whole gives: the
        /// contract of a block-local pass.
        #[test]
        fn blocks_scanned_on_their_own_propose_what_the_whole_text_does(
            lines in proptest::collection::vec("[a \t]{0,3}", 0..10),
            crlf: bool,
            last_terminated: bool,
            max_blank_lines in 0usize..3,
            final_newline: bool,
            trailing: bool,
        ) {
            let ending = if crlf { "\r\n" } else { "\n" };
            let mut text = lines.join(ending);
            if last_terminated && !text.is_empty() {
                text.push_str(ending);
            }
            let rule = Whitespace { max_blank_lines, final_newline, trailing, ..default() };
            proptest::prop_assert_eq!(proposed(&rule, &text, true), proposed(&rule, &text, false));
        }
    }
}
