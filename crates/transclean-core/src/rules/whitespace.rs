//! `whitespace`: trailing spaces, indentation, space runs, blank lines and the final newline.
//!
//! Runs last, to tidy what removals earlier in the pipeline left behind (a dropped line leaves two
//! blank lines meeting). Line endings are kept as the document has them.

use super::{Compiled, KindRule, KindSpec, RuleError, Safety, Span, Stage, flag, number};
use crate::raw::RawRule;
use crate::text::{Line, StageText, has_double_space, line_ending};
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
        let Some(last_content) = lines.iter().rposition(|l| !l.is_blank(text)) else {
            // Nothing but blank lines: the document is empty.
            if !text.is_empty() && self.final_newline {
                emit(0..text.len(), String::new());
            }
            return;
        };
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
            let at_end = index > last_content;
            let delete = !seen_content
                || (at_end && self.final_newline)
                || (!at_end && blank_run > self.max_blank_lines);
            if delete {
                emit(line.full(), String::new());
            } else if self.trailing && !line.content().is_empty() {
                emit(line.content(), String::new());
            }
        }
        let last = &lines[last_content];
        if self.final_newline && !last.has_terminator() {
            emit(text.len()..text.len(), line_ending(text).into());
        }
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
}
