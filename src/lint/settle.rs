//! Rules that keep a document from settling: a rule whose output it matches again through a
//! capture group (`(x+)` -> `$1$1`), or rules of different stages that undo each other (`foo` ->
//! `bar`, then `bar` -> `foo`). Each rule is run on a text it matches, alone and with the whole
//! set; if the engine has to stop that text, the rules it names are the finding.

use super::{Code, Finding, finding};
use crate::config::RuleSet;
use crate::engine::Engine;
use crate::rules::Compiled;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Findings for the rules of `set` that a text they match does not let settle, but for the
/// rules `earlier` findings already say rematch their own output.
pub fn check_settling(set: &RuleSet, together: &Engine, earlier: &[Finding]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut reported: Vec<Vec<std::sync::Arc<str>>> = Vec::new();
    for (index, rule) in set.rules.iter().enumerate() {
        let rematched = |f: &Finding| {
            f.code == Code::Rematch && f.file == rule.source.file && f.line == rule.source.line
        };
        if earlier.iter().any(rematched) {
            continue;
        }
        let Some(sample) = sample_of(&rule.compiled) else {
            continue;
        };
        if let Some(runaway) = Engine::new(&set.only(index)).clean(&sample).runaway {
            findings.push(finding(
                rule,
                Code::Rematch,
                format!("on {sample:?} it never settles ({runaway})"),
                "the replacement re-creates what the rule matches (through a `$1` group or \
                 literally); make the pattern exclude its own output, so that cleaning settles \
                 in one pass",
            ));
            continue;
        }
        let Some(runaway) = together.clean(&sample).runaway else {
            continue;
        };
        if reported.contains(&runaway.rules) {
            continue;
        }
        reported.push(runaway.rules.clone());
        findings.push(finding(
            rule,
            Code::Fight,
            format!("on {sample:?} the rules never settle ({runaway})"),
            "two rules undo each other's changes; remove one of them or make one's `find` / \
             `pattern` exclude the other's output",
        ));
    }
    findings
}

/// A short text the rule matches: its first phrase, or one string its pattern matches.
fn sample_of(compiled: &Compiled) -> Option<String> {
    match compiled {
        Compiled::Literal(rule) => rule.phrases.first().cloned(),
        Compiled::Regex(rule) => {
            let hir = regex_syntax::parse(rule.pattern.as_str()).ok()?;
            let mut out = String::new();
            sample_into(&hir, &mut out)?;
            (!out.is_empty()).then_some(out)
        }
        _ => None,
    }
}

/// Appends to `out` one string `hir` matches: the first of each class and alternation, each
/// repetition its least number of times (at least once). Assertions are ignored, so the result
/// is a likely match, not a certain one; `None` where a pattern holds non-UTF-8 bytes.
fn sample_into(hir: &Hir, out: &mut String) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => out.push(class.ranges().first()?.start()),
        HirKind::Class(Class::Bytes(class)) => {
            let byte = class.ranges().first()?.start();
            out.push(char::from(byte.is_ascii().then_some(byte)?))
        }
        HirKind::Repetition(repetition) => {
            for _ in 0..repetition.min.clamp(1, 16) {
                sample_into(&repetition.sub, out)?;
            }
        }
        HirKind::Capture(capture) => sample_into(&capture.sub, out)?,
        HirKind::Concat(parts) => {
            for part in parts {
                sample_into(part, out)?;
            }
        }
        HirKind::Alternation(choices) => sample_into(choices.first()?, out)?,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(pattern: &str) -> String {
        let mut out = String::new();
        sample_into(&regex_syntax::parse(pattern).unwrap(), &mut out).unwrap();
        out
    }

    #[test]
    fn samples_match_their_pattern() {
        for pattern in [r"(x+)", r"\bfoo\b", r"[a-c]{3} (bar|baz)", r"(?i)Um+,?\s"] {
            let text = sample(pattern);
            assert!(
                regex::Regex::new(pattern).unwrap().is_match(&text),
                "{pattern}"
            );
        }
    }
}
