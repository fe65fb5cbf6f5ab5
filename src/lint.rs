//! `transclean rules lint`: mistakes in rule files, found before they touch a corpus.
//!
//! `rules test` says whether each example gives its output; lint says why a rule set is wrong
//! or fragile: a rule that cannot fire, a negative example it breaks, an output that another
//! rule (or the rule itself) rewrites again, a phrase that an earlier or longer one always takes,
//! two rules that disagree on the same text, a guard that can never hold, a key that does not
//! exist, an id used twice. Every finding names the file and line of the rule and says what to do.

mod examples;
mod settle;

use crate::config::{self, LoadOptions, ResolvedRule, RuleSet};
use crate::engine::{Change, Engine};
use crate::error::Error;
use crate::hash::FxHashMap;
use crate::rules::Compiled;
use crate::rules::replace::CaseMode;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// What kind of mistake a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Code {
    /// The file does not load (bad TOML, unknown key, bad regex, duplicate id in one file).
    Invalid,
    /// An id defined in two of the linted files.
    DuplicateId,
    /// None of the rule's positive examples changes when the rule runs alone.
    NoPositiveMatch,
    /// A negative example (output = input) changes.
    NegativeChanges,
    /// What the rule writes is matched again, by itself or by another rule.
    Rematch,
    /// A phrase another rule lists too, or an example another rule's match takes.
    Shadowed,
    /// Two rules rewrite the same text differently.
    Conflict,
    /// A `when` / `unless` guard under which the rule can never fire.
    GuardNever,
    /// Rules that undo each other's changes, so that a text they match never settles.
    Fight,
}

impl Code {
    pub fn name(self) -> &'static str {
        match self {
            Code::Invalid => "invalid",
            Code::DuplicateId => "duplicate-id",
            Code::NoPositiveMatch => "no-positive-match",
            Code::NegativeChanges => "negative-changes",
            Code::Rematch => "rematch",
            Code::Shadowed => "shadowed",
            Code::Conflict => "conflict",
            Code::GuardNever => "guard-never",
            Code::Fight => "fight",
        }
    }
}

/// One mistake, at a file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub code: Code,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}\n  hint: {}",
            self.file,
            self.line,
            self.code.name(),
            self.message,
            self.hint
        )
    }
}

/// Lints rule files on their own (no built-in rules): each must load, and the rules of all of
/// them together are checked against each other.
pub fn lint_files(files: &[PathBuf]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut loaded = Vec::new();
    let mut first_seen: FxHashMap<String, (String, usize)> = FxHashMap::default();
    for path in files {
        let options = LoadOptions {
            rules: vec![path.clone()],
            ..Default::default()
        };
        match config::load(&options) {
            Ok(set) => {
                for rule in &set.rules {
                    let here = (rule.source.file.clone(), rule.source.line);
                    match first_seen.get(&rule.id) {
                        Some((file, line)) if *file != here.0 => findings.push(Finding {
                            file: here.0.clone(),
                            line: here.1,
                            code: Code::DuplicateId,
                            message: format!(
                                "rule id `{}` is also defined at {file}:{line}",
                                rule.id
                            ),
                            hint: "the later file's rule replaces the earlier one; rename one \
                                   of them if both are meant to run"
                                .into(),
                        }),
                        Some(_) => {}
                        None => {
                            first_seen.insert(rule.id.clone(), here);
                        }
                    }
                }
                loaded.push(path.clone());
            }
            Err(error) => findings.push(invalid(&path.display().to_string(), error)),
        }
    }
    if !loaded.is_empty() {
        let options = LoadOptions {
            rules: loaded,
            ..Default::default()
        };
        match config::load(&options) {
            Ok(set) => findings.extend(lint_set(&set)),
            Err(error) => findings.push(invalid("", error)),
        }
    }
    sort(&mut findings);
    findings
}

/// A file that does not load, as a finding at the place the loader names.
fn invalid(file: &str, error: Error) -> Finding {
    let (file, line, message, hint) = match error {
        Error::Config {
            location,
            message,
            hint,
        } => (location.file, location.line, message, hint),
        Error::ConfigFile {
            file,
            message,
            hint,
        } => (file, 1, message, hint),
        other => (file.to_string(), 1, other.to_string(), None),
    };
    let code = if message.starts_with("duplicate rule id") {
        Code::DuplicateId
    } else {
        Code::Invalid
    };
    Finding {
        file,
        line,
        code,
        message,
        hint: hint.unwrap_or_else(|| "fix the file; nothing else in it was checked".into()),
    }
}

fn sort(findings: &mut [Finding]) {
    findings
        .sort_by(|a, b| (a.file.as_str(), a.line, a.code).cmp(&(b.file.as_str(), b.line, b.code)));
}

/// Lints a loaded rule set: each rule's examples, and the rules against each other.
pub fn lint_set(set: &RuleSet) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Subject-specific files are checked like the rest: their examples do not mention the
    // subject, and a clash with them matters on documents that do.
    let mut all = set.clone();
    for file in &mut all.files {
        file.applies_when = None;
    }
    for rule in &mut all.rules {
        rule.enabled = true;
    }
    let together = Engine::new(&all);
    for (index, rule) in set.rules.iter().enumerate() {
        findings.extend(check_guards(rule));
        let from_examples = if rule.examples.is_empty() {
            Vec::new()
        } else {
            examples::check_examples(set, index, &together)
        };
        if !from_examples.iter().any(|f| f.code == Code::Rematch) {
            findings.extend(check_own_replacement(set, index));
        }
        findings.extend(from_examples);
    }
    findings.extend(check_phrases(set));
    findings.extend(settle::check_settling(set, &together, &findings));
    sort(&mut findings);
    findings
}

fn finding(rule: &ResolvedRule, code: Code, message: String, hint: &str) -> Finding {
    Finding {
        file: rule.source.file.clone(),
        line: rule.source.line,
        code,
        message: format!("rule `{}`: {message}", rule.id),
        hint: hint.into(),
    }
}

/// Kinds whose job is to tidy any text: their changes to another rule's output are expected.
fn is_normaliser(change: &Change) -> bool {
    matches!(
        change.stage,
        crate::rules::Stage::Unicode | crate::rules::Stage::Whitespace
    )
}

/// The byte range of `after` that differs from `before` (common prefix and suffix removed).
fn changed_window(before: &str, after: &str) -> Range<usize> {
    let prefix = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len().min(after.len()), |((i, _), _)| i);
    let suffix = before[prefix..]
        .chars()
        .rev()
        .zip(after[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    prefix..after.len() - suffix
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || (a.is_empty() && b.contains(&a.start))
}

/// A rule that matches its own replacement never settles (`ab` → `aab` grows on every run),
/// whether or not it has examples to show it.
fn check_own_replacement(set: &RuleSet, index: usize) -> Option<Finding> {
    let rule = &set.rules[index];
    let replacement = match &rule.compiled {
        Compiled::Literal(r) => r.replacement.clone(),
        Compiled::Regex(r) => without_group_references(&r.replacement),
        _ => return None,
    };
    if replacement.trim().is_empty() {
        return None;
    }
    let outcome = Engine::new(&set.only(index)).clean(&replacement);
    let own = outcome.changes.iter().find(|c| *c.rule == rule.id)?;
    Some(finding(
        rule,
        Code::Rematch,
        format!(
            "its replacement {replacement:?} is matched again by itself ({:?} -> {:?}), so \
             every run changes the text again",
            own.before, own.after
        ),
        "the replacement contains what the rule looks for; make `find` / `pattern` longer or \
         add an `unless` guard, so that cleaning settles in one pass",
    ))
}

/// A regex replacement with its `$1` / `${name}` references left out (`$$` is a `$`): the text
/// the rule writes whatever it matched.
fn without_group_references(replacement: &str) -> String {
    let mut out = String::with_capacity(replacement.len());
    let mut chars = replacement.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('$') => {
                out.push('$');
                chars.next();
            }
            Some('{') => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
            }
            _ => {
                while chars
                    .next_if(|c| c.is_alphanumeric() || *c == '_')
                    .is_some()
                {}
            }
        }
    }
    out
}

fn guard_of(rule: &ResolvedRule) -> Option<&crate::rules::Guard> {
    match &rule.compiled {
        Compiled::Literal(r) => Some(&r.guard),
        Compiled::Regex(r) => Some(&r.guard),
        Compiled::Scanner(_) | Compiled::Speakers(_) => None,
    }
}

fn check_guards(rule: &ResolvedRule) -> Vec<Finding> {
    let Some(guard) = guard_of(rule) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let (Some(when), Some(unless)) = (&guard.when, &guard.unless)
        && when.as_str() == unless.as_str()
    {
        out.push(finding(
            rule,
            Code::GuardNever,
            format!(
                "`when` and `unless` are the same pattern `{}`",
                when.as_str()
            ),
            "a paragraph cannot both match and not match it; remove one",
        ));
    }
    // The guard sees the paragraph around a match, which always holds the match itself.
    if let (Compiled::Literal(r), Some(unless)) = (&rule.compiled, &guard.unless)
        && let Some(phrase) = r.phrases.iter().find(|p| unless.is_match(p))
    {
        out.push(finding(
            rule,
            Code::GuardNever,
            format!("`unless` matches its own phrase {phrase:?}, which is always in the paragraph"),
            "make `unless` look for the context, not the phrase",
        ));
    }
    if let Some(when) = &guard.when {
        let positives: Vec<&str> = rule
            .examples
            .iter()
            .filter(|e| e.input != e.output)
            .map(|e| e.input.as_str())
            .collect();
        if !positives.is_empty() && !positives.iter().any(|input| when.is_match(input)) {
            out.push(finding(
                rule,
                Code::GuardNever,
                format!(
                    "`when` `{}` holds on none of its positive examples",
                    when.as_str()
                ),
                "the guard is matched against the paragraph around a match; widen it or fix \
                 the examples",
            ));
        }
    }
    out
}

/// The same phrase in two `replace` rules of a stage: the earlier always wins.
fn check_phrases(set: &RuleSet) -> Vec<Finding> {
    let mut out = Vec::new();
    // Per stage and folded phrase: the first rule that lists it, and whether it matches any case.
    let mut first: FxHashMap<(crate::rules::Stage, String), (usize, bool)> = FxHashMap::default();
    for (index, rule) in set.rules.iter().enumerate() {
        let Compiled::Literal(literal) = &rule.compiled else {
            continue;
        };
        if !literal.guard.is_empty() {
            continue;
        }
        let folded = literal.case != CaseMode::Exact;
        let mut seen_here: Vec<String> = Vec::new();
        for phrase in &literal.phrases {
            let key = phrase.to_lowercase();
            let written = if folded { key.clone() } else { phrase.clone() };
            if seen_here.contains(&written) {
                out.push(finding(
                    rule,
                    Code::Shadowed,
                    format!("lists the phrase {phrase:?} twice"),
                    "remove one of them",
                ));
            }
            seen_here.push(written);
            let slot = (rule.stage, key);
            match first.get(&slot) {
                Some(&(earlier, earlier_folded)) if earlier != index => {
                    let other = &set.rules[earlier];
                    let Compiled::Literal(theirs) = &other.compiled else {
                        continue;
                    };
                    // An exact earlier phrase covers this one only if this one is exact too
                    // and written the same way.
                    // And a whole-word phrase does not cover the same phrase inside words.
                    let covered = (earlier_folded
                        || (!folded && theirs.phrases.iter().any(|p| p == phrase)))
                        && (!theirs.word_bounded || literal.word_bounded);
                    if !covered || !theirs.guard.is_empty() {
                        continue;
                    }
                    if theirs.replacement == literal.replacement {
                        out.push(finding(
                            rule,
                            Code::Shadowed,
                            format!(
                                "the phrase {phrase:?} is already listed by rule `{}` ({}), \
                                 which comes first and wins",
                                other.id, other.source
                            ),
                            "remove the phrase from one of the rules",
                        ));
                    } else {
                        out.push(finding(
                            rule,
                            Code::Conflict,
                            format!(
                                "rewrites {phrase:?} as {:?}, but rule `{}` ({}) rewrites it \
                                 as {:?} and comes first",
                                literal.replacement, other.id, other.source, theirs.replacement
                            ),
                            "keep one rule for the phrase, or tell them apart with `when` / \
                             `unless`",
                        ));
                    }
                }
                Some(_) => {}
                None => {
                    first.insert(slot, (index, folded));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_references_are_left_out_of_a_replacement() {
        assert_eq!(without_group_references("[$1]"), "[]");
        assert_eq!(without_group_references("${name}x$$y$2_z"), "x$y");
    }

    fn lint_text(text: &str) -> Vec<(Code, String)> {
        let set = config::load_text("t.toml", text).unwrap();
        lint_set(&set)
            .into_iter()
            .map(|f| (f.code, f.message))
            .collect()
    }

    #[test]
    fn a_clean_rule_has_no_findings() {
        let findings = lint_text(
            "[[rule]]\nid = \"donbas\"\nkind = \"replace\"\nfind = \"Dombas\"\nreplace = \"Donbas\"\n\
             examples = [{ input = \"in Dombas\", output = \"in Donbas\" }, { input = \"Dombasle\", output = \"Dombasle\" }]\n",
        );
        assert_eq!(findings, vec![]);
    }

    #[test]
    fn a_rule_that_writes_its_own_phrase_is_caught() {
        let findings = lint_text(
            "[[rule]]\nid = \"grow\"\nkind = \"replace\"\nfind = \"START\"\nreplace = \"New START\"\n\
             examples = [{ input = \"the START treaty\", output = \"the New START treaty\" }]\n",
        );
        assert!(
            findings.iter().any(|(c, _)| *c == Code::Rematch),
            "{findings:?}"
        );
    }

    #[test]
    fn the_changed_window_is_what_differs() {
        assert_eq!(changed_window("in Dombas now", "in Donbas now"), 5..6);
        assert_eq!(changed_window("abc", "abXYc"), 2..4);
        assert_eq!(changed_window("abc", "abc"), 3..3);
    }
}
