//! `timestamps`: times on speaker labels and inside bracketed tags, removed.
//!
//! Basic form for the rev.com style: `Name: (00:41)` → `Name:`, `[inaudible 00:16:09]` →
//! `[inaudible]`. A bracket around words with a time marks an uncertain transcription
//! (`[Oshekoff 00:01:33]`); the words and the brackets are kept, only the time goes.

use super::{Compiled, KindRule, KindSpec, RuleError, Span, Stage, flag};
use crate::config::raw::RawRule;
use regex::Regex;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

pub static SPEC: KindSpec = KindSpec {
    name: "timestamps",
    stage: Stage::Timestamps,
    summary: "Remove times from speaker labels and bracketed tags",
    docs: "\
What it does: with `labels` (default), a time in parentheses right after a speaker label at the
start of a line is removed (`Vladimir Putin: (00:41)` -> `Vladimir Putin:`, also `(1:02:03)`).
With `tags` (default), a time at the end of a bracketed tag is removed and the tag kept
(`[inaudible 00:16:09]` -> `[inaudible]`, `[Oshekoff 00:01:33]` -> `[Oshekoff]`: the brackets
mark an uncertain word and stay).

Why: the times point into a recording the reader of a transcript corpus does not have, and
they break up the text for search and for every later rule.

Example:
    [[rule]]
    id = \"timestamps\"
    kind = \"timestamps\"
    examples = [
      { input = \"Reporter: (01:05)\\nGood evening.\", output = \"Reporter:\\nGood evening.\" },
      { input = \"it's at 10:42 today\", output = \"it's at 10:42 today\" },
    ]",
    options: &[
        ("labels", "remove times after speaker labels (default true)"),
        ("tags", "remove times inside bracketed tags (default true)"),
    ],
    compile,
};

/// `Name: (00:41)` at the start of a line; group 1 is what goes (the time and spaces around it).
static LABEL_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[^\S\n]*[^\s:()\[\]][^\n:()\[\]]{0,79}:([ \t]*\((?:\d{1,2}:)?\d{1,2}:\d{2}\)[ \t]*)",
    )
    .expect("valid pattern")
});

/// `[words 00:16:09]`; group 1 is the space and time that go.
static TAG_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[[^\[\]\n]*[^\s\[\]]([ \t]+(?:\d{1,2}:)?\d{1,2}:\d{2})\]").expect("valid pattern")
});

#[derive(Debug)]
struct Timestamps {
    labels: bool,
    tags: bool,
}

fn compile(raw: &RawRule, _span: Span) -> Result<Compiled, RuleError> {
    Ok(Compiled::Scanner(Arc::new(Timestamps {
        labels: flag(&raw.labels, true),
        tags: flag(&raw.tags, true),
    })))
}

impl KindRule for Timestamps {
    fn scan(&self, text: &str, emit: &mut dyn FnMut(Range<usize>, String)) {
        if !text.contains(':') {
            return;
        }
        if self.labels {
            for caps in LABEL_TIME.captures_iter(text) {
                let time = caps.get(1).expect("group 1 always takes part");
                let at_line_end =
                    text[time.end()..].starts_with(['\n', '\r']) || time.end() == text.len();
                // Inline text after the time keeps one space from the label: `Name: text`.
                let replacement = if at_line_end { "" } else { " " };
                emit(time.range(), replacement.into());
            }
        }
        if self.tags {
            for caps in TAG_TIME.captures_iter(text) {
                emit(
                    caps.get(1).expect("group 1 always takes part").range(),
                    String::new(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        let rule = Timestamps {
            labels: true,
            tags: true,
        };
        crate::rules::apply_scan(&rule, text)
    }

    #[test]
    fn strips_label_times() {
        assert_eq!(
            run("Vladimir Putin: (00:41)\nText"),
            "Vladimir Putin:\nText"
        );
        assert_eq!(run("Speaker 2: (1:02:03)  \r\nText"), "Speaker 2:\r\nText");
        assert_eq!(
            run("Reporter: (01:05) Good evening."),
            "Reporter: Good evening."
        );
    }

    #[test]
    fn strips_tag_times_and_keeps_the_words() {
        assert_eq!(
            run("react [inaudible 00:16:09] Russian"),
            "react [inaudible] Russian"
        );
        assert_eq!(
            run("Mr. [Oshekoff 00:01:33] talked"),
            "Mr. [Oshekoff] talked"
        );
        assert_eq!(
            run("[Pavel Zuribin 00:16:14] the mic"),
            "[Pavel Zuribin] the mic"
        );
    }

    #[test]
    fn leaves_clock_times_and_prose_alone() {
        for text in [
            "at 10:42 today",
            "Note: (see below)",
            "He said: (and I quote) no",
            "[00:01:33]",
            "a [note] 00:12:00",
        ] {
            assert_eq!(run(text), text);
        }
    }
}
