//! Exceptions: places where a reviewer rejected a rule's change, so it is not proposed again.
//!
//! An exception names the rule, the text the rule matched and the text around it:
//!
//! ```toml
//! [[exception]]
//! rule = "new-start-treaty"
//! text = "Neustadt Treaty"
//! context-before = "the town council signed the "
//! context-after = " with its twin town in 1990."
//! ```
//!
//! It holds wherever that rule would change exactly that text with much the same text around it,
//! so it survives lines moving, files being renamed and nearby edits: the context is compared
//! with runs of spaces and line breaks treated alike, and needs to be similar, not equal
//! (at least [`MIN_SIMILARITY`]). A different sentence with the same word does not match.
//!
//! An exception with `file` instead of `text` switches the rule off for that whole file (what
//! review's `r` writes, one table however many changes it rejects):
//!
//! ```toml
//! [[exception]]
//! rule = "donbas"
//! file = "talks/day1.txt"
//! ```
//!
//! The path is relative to the folder of the config that holds the table. The engine sees text,
//! not paths, so the command line applies these: a file they name gets an engine without the rule.

use crate::error::Location;
use std::fmt::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How many characters of context are recorded on each side of a rejected change.
pub const CONTEXT_CHARS: usize = 40;

/// How alike the context around a match must be to the recorded one (0 to 1, by edit distance).
pub const MIN_SIMILARITY: f64 = 0.8;

/// A rejected change, as recorded in a config's `[[exception]]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub rule: String,
    /// The text the rule matched, exactly.
    pub text: String,
    pub context_before: String,
    pub context_after: String,
    /// Where the table is, for errors (and `rules list`).
    pub location: Location,
}

impl Exception {
    /// Records the change of `rule` to `range` of `text` as an exception, with context.
    pub fn capture(rule: &str, text: &str, range: Range<usize>) -> Exception {
        let before = &text[..range.start];
        let after = &text[range.end..];
        let start = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let end = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        Exception {
            rule: rule.to_string(),
            text: text[range].to_string(),
            context_before: before[start..].to_string(),
            context_after: after[..end].to_string(),
            location: Location {
                file: String::new(),
                line: 0,
                column: 0,
            },
        }
    }

    /// Whether this exception forbids the rule's change of `range` in `text`. The caller has
    /// checked the rule.
    pub fn matches(&self, text: &str, range: Range<usize>) -> bool {
        if text[range.clone()] != self.text {
            return false;
        }
        let want_before = normalise(&self.context_before);
        let want_after = normalise(&self.context_after);
        let have_before = tail_chars(
            &normalise(window_before(
                text,
                range.start,
                want_before.chars().count(),
            )),
            want_before.chars().count(),
        );
        let have_after = head_chars(
            &normalise(window_after(text, range.end, want_after.chars().count())),
            want_after.chars().count(),
        );
        let total = want_before.chars().count() + want_after.chars().count();
        if total == 0 {
            return true;
        }
        let distance = strsim::levenshtein(&want_before, &have_before)
            + strsim::levenshtein(&want_after, &have_after);
        1.0 - distance as f64 / total as f64 >= MIN_SIMILARITY
    }

    /// The exception as a TOML table, after a comment line saying where it came from.
    pub fn to_toml(&self, comment: &str) -> String {
        let mut out = comment_lines(comment);
        let _ = writeln!(out, "[[exception]]");
        let _ = writeln!(out, "rule = {}", toml_string(&self.rule));
        let _ = writeln!(out, "text = {}", toml_string(&self.text));
        let _ = writeln!(
            out,
            "context-before = {}",
            toml_string(&self.context_before)
        );
        let _ = writeln!(out, "context-after = {}", toml_string(&self.context_after));
        out
    }
}

/// A rule switched off for one whole file, as recorded in a config's `[[exception]]` table with
/// `file` (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileException {
    pub rule: String,
    /// The file as written: relative to `base` (or absolute), `/`-separated.
    pub file: String,
    /// The folder of the config that holds the table (`None` for a text given in memory).
    pub base: Option<PathBuf>,
    pub location: Location,
}

impl FileException {
    /// The file the rule is off for: `file` joined to the config's folder.
    pub fn path(&self) -> PathBuf {
        let file = Path::new(&self.file);
        match &self.base {
            Some(base) if file.is_relative() => base.join(file),
            _ => file.to_path_buf(),
        }
    }

    /// The exception as a TOML table, after a comment line saying where it came from.
    pub fn to_toml(&self, comment: &str) -> String {
        let mut out = comment_lines(comment);
        let _ = writeln!(out, "[[exception]]");
        let _ = writeln!(out, "rule = {}", toml_string(&self.rule));
        let _ = writeln!(out, "file = {}", toml_string(&self.file));
        out
    }
}

/// `comment` as TOML comment lines. A comment cannot hold control characters: a file name with
/// a `\r` in it is written escaped, else the file would not read back and the rejection be lost.
fn comment_lines(comment: &str) -> String {
    let mut out = String::new();
    for line in comment.split('\n') {
        let line: String = line
            .chars()
            .flat_map(|c| match c {
                c if c.is_control() && c != '\t' => c.escape_default().collect::<Vec<_>>(),
                c => vec![c],
            })
            .collect();
        let _ = writeln!(out, "# {line}");
    }
    out
}

/// A TOML basic string on one line: quoted, with backslashes, quotes and control characters
/// (line breaks too) escaped, so the table reads as four short lines whatever the text holds.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Runs of whitespace as one space: reflowed lines and changed spaces do not matter.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Enough raw text before `at` to hold `chars` characters once whitespace is collapsed.
fn window_before(text: &str, at: usize, chars: usize) -> &str {
    let want = chars * 4 + 8;
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(want)
        .map_or(0, |(i, _)| i);
    &text[start..at]
}

fn window_after(text: &str, at: usize, chars: usize) -> &str {
    let want = chars * 4 + 8;
    let rest = &text[at..];
    let end = rest.char_indices().nth(want).map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

fn tail_chars(text: &str, n: usize) -> String {
    let count = text.chars().count();
    text.chars().skip(count.saturating_sub(n)).collect()
}

fn head_chars(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_comment_naming_a_file_with_control_characters_still_reads_back() {
        let exception = Exception {
            rule: "donbas".into(),
            text: "Dombas".into(),
            context_before: "in ".into(),
            context_after: ".".into(),
            location: crate::error::Location {
                file: "t.toml".into(),
                line: 1,
                column: 1,
            },
        };
        let text = exception.to_toml("a\rb.txt:3: Dombas\u{1b}[0m");
        assert!(
            text.starts_with("# a\\rb.txt:3: Dombas\\u{1b}[0m\n"),
            "{text}"
        );
        toml::from_str::<toml::Table>(&text).expect("valid TOML");
    }

    use super::*;

    const DOC: &str = "Intro line.\n\nThe town council signed the Neustadt Treaty with its twin town in 1990.\n\nLater, Russia and the US extended the Neustadt Treaty by five years.\n";

    fn at(text: &str, needle: &str, nth: usize) -> Range<usize> {
        let start = text.match_indices(needle).nth(nth).unwrap().0;
        start..start + needle.len()
    }

    fn exception() -> Exception {
        Exception::capture("new-start-treaty", DOC, at(DOC, "Neustadt Treaty", 0))
    }

    #[test]
    fn capture_keeps_the_text_and_some_context() {
        let e = exception();
        assert_eq!(e.text, "Neustadt Treaty");
        assert_eq!(
            e.context_before,
            "ntro line.\n\nThe town council signed the "
        );
        assert_eq!(
            e.context_after,
            " with its twin town in 1990.\n\nLater, Rus"
        );
        assert!(e.matches(DOC, at(DOC, "Neustadt Treaty", 0)));
    }

    #[test]
    fn the_same_words_in_another_sentence_do_not_match() {
        assert!(!exception().matches(DOC, at(DOC, "Neustadt Treaty", 1)));
    }

    #[test]
    fn moved_lines_reflowed_text_and_a_nearby_fix_still_match() {
        let moved = format!("New first line.\nAnother.\n\n{DOC}");
        assert!(exception().matches(&moved, at(&moved, "Neustadt Treaty", 0)));
        let reflowed = DOC.replace("signed the ", "signed\n the  ");
        assert!(exception().matches(&reflowed, at(&reflowed, "Neustadt Treaty", 0)));
        let fixed = DOC.replace("council", "councill");
        assert!(exception().matches(&fixed, at(&fixed, "Neustadt Treaty", 0)));
    }

    #[test]
    fn only_the_exact_text_matches() {
        let other = DOC.replacen("Neustadt Treaty", "Neustadt  Treaty", 1);
        assert!(!exception().matches(&other, at(&other, "Neustadt  Treaty", 0)));
    }

    #[test]
    fn context_at_the_edges_of_a_document() {
        let doc = "Dombas";
        let e = Exception::capture("donbas", doc, 0..6);
        assert_eq!(
            (e.context_before.as_str(), e.context_after.as_str()),
            ("", "")
        );
        assert!(e.matches(doc, 0..6));
    }

    #[test]
    fn toml_round_trips_through_the_config_format() {
        let e = Exception::capture("x", "a \"quoted\"\ttext\\ here\nnext", 2..10);
        let text = e.to_toml("Rejected in review\nsecond line");
        assert!(text.starts_with("# Rejected in review\n# second line\n[[exception]]\n"));
        let value: toml::Table = toml::from_str(&text).unwrap();
        let table = &value["exception"].as_array().unwrap()[0];
        assert_eq!(table["text"].as_str(), Some("\"quoted\""));
        assert_eq!(table["context-after"].as_str(), Some("\ttext\\ here\nnext"));
        assert_eq!(text.lines().count(), 7, "one line per key: {text}");
        let controls = Exception::capture("x", "\u{1}\u{7f}\r\n", 0..4);
        let table: toml::Table = toml::from_str(&controls.to_toml("c")).unwrap();
        assert_eq!(
            table["exception"][0]["text"].as_str(),
            Some("\u{1}\u{7f}\r\n")
        );
    }

    mod in_the_engine {
        use super::*;
        use crate::config;
        use crate::engine::Engine;

        const RULES: &str = r#"
[[rule]]
id = "new-start-treaty"
kind = "replace"
find = "Neustadt Treaty"
replace = "New START Treaty"

[[exception]]
rule = "new-start-treaty"
text = "Neustadt Treaty"
context-before = "The town council signed the "
context-after = " with its twin town in 1990."
"#;

        #[test]
        fn an_exception_in_a_config_stops_only_its_change() {
            let set = config::load_text("t.toml", RULES).unwrap();
            assert_eq!(set.exceptions.len(), 1);
            assert_eq!(set.exceptions[0].location.line, 9);
            let outcome = Engine::new(&set).clean(DOC);
            assert_eq!(outcome.changes.len(), 1);
            assert_eq!(
                outcome.changes[0].line, 5,
                "the second treaty still changes"
            );
            assert!(outcome.cleaned.contains("signed the Neustadt Treaty with"));
        }

        #[test]
        fn an_exception_added_at_run_time_applies_to_later_documents() {
            let set = config::load_text("t.toml", &RULES[..RULES.find("[[exception]]").unwrap()])
                .unwrap();
            let mut engine = Engine::new(&set);
            assert_eq!(engine.clean(DOC).changes.len(), 2);
            engine.add_exception(Exception::capture(
                "new-start-treaty",
                DOC,
                at(DOC, "Neustadt Treaty", 1),
            ));
            let outcome = engine.clean(DOC);
            assert_eq!(outcome.changes.len(), 1);
            assert_eq!(outcome.changes[0].line, 3);
        }

        #[test]
        fn an_exception_must_name_a_rule_in_force() {
            let text = RULES.replace(
                "rule = \"new-start-treaty\"\ntext",
                "rule = \"new-start-treat\"\ntext",
            );
            let mut files = config::MemoryLoader::default();
            files.insert("rules.toml", text);
            let options = config::LoadOptions {
                rules: vec!["rules.toml".into()],
                ..Default::default()
            };
            let err = config::load(&options, &files).unwrap_err().to_string();
            assert!(
                err.contains(":9:8: `[[exception]]` names unknown rule id `new-start-treat`"),
                "{err}"
            );
            assert!(err.contains("did you mean `new-start-treaty`?"), "{err}");
        }

        #[test]
        fn an_exception_with_a_file_switches_the_rule_off_for_that_file() {
            let text = format!(
                "{RULES}\n[[exception]]\nrule = \"new-start-treaty\"\nfile = \"talks/a.txt\"\n"
            );
            let mut files = config::MemoryLoader::default();
            files.insert("p/transclean.toml", text);
            let options = config::LoadOptions {
                rules: vec!["p/transclean.toml".into()],
                ..Default::default()
            };
            let set = config::load(&options, &files).unwrap();
            assert_eq!(set.exceptions.len(), 1);
            let [file] = &set.file_exceptions[..] else {
                panic!("{:?}", set.file_exceptions)
            };
            assert_eq!(
                (file.rule.as_str(), file.file.as_str()),
                ("new-start-treaty", "talks/a.txt")
            );
            assert_eq!(file.path(), std::path::Path::new("p/talks/a.txt"));
            assert_eq!(file.location.line, 15);
            assert_ne!(
                crate::fingerprint::rule_set(&set),
                crate::fingerprint::rule_set(&config::load_text("t.toml", RULES).unwrap())
            );
            let table: toml::Table = toml::from_str(&file.to_toml("off")).unwrap();
            assert_eq!(table["exception"][0]["file"].as_str(), Some("talks/a.txt"));
        }

        #[test]
        fn a_file_exception_has_no_text_and_names_a_rule_in_force() {
            let both = "[[exception]]\nrule = \"x\"\ntext = \"a\"\nfile = \"a.txt\"\n";
            let err = config::load_text("t.toml", both).unwrap_err().to_string();
            assert!(err.contains("has `text` or `file`, not both"), "{err}");
            let context = "[[exception]]\nrule = \"x\"\nfile = \"a.txt\"\ncontext-before = \"a\"\n";
            let err = config::load_text("t.toml", context)
                .unwrap_err()
                .to_string();
            assert!(err.contains("it has no context"), "{err}");
            let unknown =
                format!("{RULES}\n[[exception]]\nrule = \"new-start\"\nfile = \"a.txt\"\n");
            let mut files = config::MemoryLoader::default();
            files.insert("rules.toml", unknown);
            let options = config::LoadOptions {
                rules: vec!["rules.toml".into()],
                ..Default::default()
            };
            let err = config::load(&options, &files).unwrap_err().to_string();
            assert!(
                err.contains(":15:8: `[[exception]]` names unknown rule id `new-start`"),
                "{err}"
            );
        }

        #[test]
        fn an_exception_needs_a_rule_and_a_text() {
            let err = config::load_text("t.toml", "[[exception]]\nrule = \"x\"\n")
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with("t.toml:1:1: an `[[exception]]` needs `text`"),
                "{err}"
            );
            let err = config::load_text("t.toml", "[[exception]]\nrul = \"x\"\n")
                .unwrap_err()
                .to_string();
            assert!(err.contains("did you mean `rule`?"), "{err}");
        }
    }
}
