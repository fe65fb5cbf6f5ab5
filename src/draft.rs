//! Rules written by tools (`import`, `suggest`, `learn`) as TOML for a person to review.
//!
//! The tools only propose: what they write is an ordinary rule file, loaded and tested like any
//! other. Keeping the writer in one place means every tool quotes strings, names ids and marks
//! unsafe proposals the same way.

use std::collections::HashSet;
use std::fmt::Write as _;

/// What a drafted rule does, in the terms of an existing rule kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftKind {
    /// A `replace` rule.
    Replace {
        find: Vec<String>,
        replace: String,
        /// `exact`, `ignore`, `preserve` or `preserve-capitals`.
        case: &'static str,
        word_bounded: bool,
    },
    /// A `regex` rule.
    Regex { pattern: String, replace: String },
}

/// A rule a tool proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRule {
    pub id: String,
    pub kind: DraftKind,
    pub description: Option<String>,
    /// `(input, output)` pairs.
    pub examples: Vec<(String, String)>,
    /// Comment lines written above the rule (why it was proposed, what to check).
    pub notes: Vec<String>,
    /// A proposal that must not run as it is: written commented out, for a person to decide.
    pub commented_out: bool,
    /// A rule whose change can alter what someone said: written `safety = "unsafe"`, so it is
    /// proposed (by `diff`, `review`) and applied only with `--unsafe-fixes`.
    pub proposes_only: bool,
    /// For a `replace` rule: its `word-joiners` (characters that join a word to the next).
    pub word_joiners: Option<String>,
}

impl DraftRule {
    pub fn new(id: String, kind: DraftKind) -> Self {
        DraftRule {
            id,
            kind,
            description: None,
            examples: Vec::new(),
            notes: Vec::new(),
            commented_out: false,
            proposes_only: false,
            word_joiners: None,
        }
    }

    /// A word-bounded `replace` rule.
    pub fn replace(id: String, find: Vec<String>, replace: String, case: &'static str) -> Self {
        let kind = DraftKind::Replace {
            find,
            replace,
            case,
            word_bounded: true,
        };
        DraftRule::new(id, kind)
    }

    /// The rule as a `[[rule]]` table (commented out if it is only a suggestion).
    pub fn to_toml(&self) -> String {
        let mut body = String::new();
        let _ = writeln!(body, "[[rule]]");
        let _ = writeln!(body, "id = {}", quote(&self.id));
        match &self.kind {
            DraftKind::Replace {
                find,
                replace,
                case,
                word_bounded,
            } => {
                let _ = writeln!(body, "kind = \"replace\"");
                if let [one] = find.as_slice() {
                    let _ = writeln!(body, "find = {}", quote(one));
                } else {
                    let list: Vec<String> = find.iter().map(|f| quote(f)).collect();
                    let _ = writeln!(body, "find = [{}]", list.join(", "));
                }
                let _ = writeln!(body, "replace = {}", quote(replace));
                if *case != "exact" {
                    let _ = writeln!(body, "case = \"{case}\"");
                }
                if !word_bounded {
                    let _ = writeln!(body, "word-bounded = false");
                }
                if let Some(joiners) = &self.word_joiners {
                    let _ = writeln!(body, "word-joiners = {}", quote(joiners));
                }
            }
            DraftKind::Regex { pattern, replace } => {
                let _ = writeln!(body, "kind = \"regex\"");
                let _ = writeln!(body, "pattern = {}", quote(pattern));
                let _ = writeln!(body, "replace = {}", quote(replace));
            }
        }
        if self.proposes_only {
            let _ = writeln!(body, "safety = \"unsafe\"");
        }
        if let Some(description) = &self.description {
            let _ = writeln!(body, "description = {}", quote(description));
        }
        if !self.examples.is_empty() {
            let _ = writeln!(body, "examples = [");
            for (input, output) in &self.examples {
                let _ = writeln!(
                    body,
                    "  {{ input = {}, output = {} }},",
                    quote(input),
                    quote(output)
                );
            }
            let _ = writeln!(body, "]");
        }
        let mut out = String::new();
        for note in &self.notes {
            let _ = writeln!(out, "# {note}");
        }
        if self.commented_out {
            for line in body.lines() {
                let _ = writeln!(out, "# {line}");
            }
        } else {
            out.push_str(&body);
        }
        out
    }
}

/// A whole rule file: a `[meta]` table, header comments, then the rules.
pub fn rule_file(name: &str, description: &str, header: &[String], rules: &[DraftRule]) -> String {
    let mut out = String::new();
    for line in header {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {line}");
        }
    }
    if !header.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "[meta]");
    let _ = writeln!(out, "name = {}", quote(name));
    let _ = writeln!(out, "description = {}", quote(description));
    for rule in rules {
        out.push('\n');
        out.push_str(&rule.to_toml());
    }
    out
}

/// A TOML basic string: `"..."` with backslash, quote and control characters escaped (the
/// exceptions file writes its strings the same way).
pub use transclean_core::exceptions::toml_string as quote;

/// Hands out rule ids that are unique, readable and stable: derived from the entry's text (not
/// its line number, which moves when the source dictionary grows).
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    /// `prefix-text` with whitespace turned into `_`; `-2`, `-3`... if that id is taken.
    pub fn make(&mut self, prefix: &str, text: &str) -> String {
        let body: String = text
            .chars()
            .map(|c| if c.is_whitespace() { '_' } else { c })
            .collect();
        let base = if body.is_empty() {
            prefix.to_string()
        } else {
            format!("{prefix}-{body}")
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.taken.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    /// Marks an id as taken (one chosen elsewhere).
    pub fn reserve(&mut self, id: &str) {
        self.taken.insert(id.to_string());
    }
}

/// A readable id fragment: lower case, runs of anything but letters and digits as one `-`.
/// The bounds of the sentence of `line` that holds `start..end`: a sentence ends at `.`, `?` or
/// `!` followed by a space. Drafted rules take it as their example.
pub fn sentence_bounds(line: &str, start: usize, end: usize) -> std::ops::Range<usize> {
    let is_end = |at: usize| line[..at].ends_with(['.', '?', '!']) && line[at..].starts_with(' ');
    let from = (1..=start)
        .rev()
        .find(|&i| line.is_char_boundary(i) && is_end(i))
        .map_or(0, |i| i + 1);
    let to = (end..line.len())
        .find(|&i| line.is_char_boundary(i) && is_end(i))
        .unwrap_or(line.len());
    from..to
}

pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafted_rules_load_as_written() {
        let mut rule = DraftRule::replace(
            "x-\"quoted\"".into(),
            vec!["a\\b".into(), "tab\there".into()],
            "line\nbreak".into(),
            "preserve",
        );
        rule.description = Some("says \"why\"".into());
        rule.examples = vec![("a\\b".into(), "line\nbreak".into())];
        let text = rule_file("t", "d", &["header".into()], &[rule]);
        let set = crate::config::load_text("t.toml", &text).unwrap();
        assert_eq!(set.rules[0].id, "x-\"quoted\"");
        assert_eq!(set.rules[0].examples[0].input, "a\\b");
        assert_eq!(set.rules[0].examples[0].output, "line\nbreak");
        assert_eq!(set.rules[0].description.as_deref(), Some("says \"why\""));
    }

    #[test]
    fn commented_out_rules_do_not_load() {
        let mut rule = DraftRule::replace("a".into(), vec!["x".into()], "y".into(), "exact");
        rule.commented_out = true;
        rule.notes.push("not safe".into());
        let text = rule_file("t", "d", &[], &[rule]);
        assert!(text.contains("# [[rule]]\n# id = \"a\""));
        assert!(
            crate::config::load_text("t.toml", &text)
                .unwrap()
                .rules
                .is_empty()
        );
    }

    #[test]
    fn ids_are_unique_and_have_no_spaces() {
        let mut ids = Ids::default();
        assert_eq!(ids.make("cs", "a b"), "cs-a_b");
        assert_eq!(ids.make("cs", "a b"), "cs-a_b-2");
        assert_eq!(slug("Crohn's  Disease"), "crohn-s-disease");
    }
}
