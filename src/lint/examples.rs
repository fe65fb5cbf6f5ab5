//! The checks of a rule against its own examples: a negative example that changes, a positive
//! one it does not match, an output it or another rule rewrites, an example another rule takes
//! first.

use super::{Code, Finding, changed_window, finding, guard_of, is_normaliser, overlaps};
use crate::config::{ResolvedRule, RuleSet};
use crate::engine::{Change, Engine, Outcome};
use crate::rules::Compiled;

pub(super) fn check_examples(set: &RuleSet, index: usize, together: &Engine) -> Vec<Finding> {
    let rule = &set.rules[index];
    let alone = Engine::new(&set.only(index));
    let mut out = Vec::new();
    let (mut positives, mut fired) = (0, 0);
    for example in &rule.examples {
        let outcome = alone.clean(&example.input);
        if example.input == example.output {
            if outcome.cleaned != example.input {
                out.push(finding(
                    rule,
                    Code::NegativeChanges,
                    format!(
                        "the negative example {:?} changes to {:?}",
                        example.input, outcome.cleaned
                    ),
                    "narrow `find` / `pattern`, or add an `unless` guard for this context",
                ));
            }
            continue;
        }
        positives += 1;
        if outcome.changes.iter().all(|c| *c.rule != rule.id) {
            continue;
        }
        fired += 1;
        out.extend(rematched_by_itself(rule, &example.input, &outcome));
        out.extend(rewritten_by_another(
            rule,
            &example.input,
            &outcome,
            together,
        ));
    }
    if positives > 0 && fired == 0 && !when_fails_on_examples(rule) {
        out.push(finding(
            rule,
            Code::NoPositiveMatch,
            format!(
                "matches none of its {} positive example{}",
                positives,
                if positives == 1 { "" } else { "s" }
            ),
            "check `find` / `pattern`, `case`, `word-bounded` and the guards against the \
             examples (`transclean rules test` shows the outputs)",
        ));
    }
    out
}

/// A literal or regex rule whose own output it matches again (two of its changes overlap):
/// cleaning would not settle in one pass.
fn rematched_by_itself(rule: &ResolvedRule, input: &str, outcome: &Outcome) -> Option<Finding> {
    let own: Vec<&Change> = outcome
        .changes
        .iter()
        .filter(|c| *c.rule == rule.id)
        .collect();
    let rewritten = own
        .iter()
        .enumerate()
        .any(|(i, a)| own[i + 1..].iter().any(|b| overlaps(&a.range, &b.range)));
    let is_literal = matches!(rule.compiled, Compiled::Literal(_) | Compiled::Regex(_));
    (is_literal && rewritten).then(|| {
        finding(
            rule,
            Code::Rematch,
            format!(
                "its output is matched again by itself: {:?} becomes {:?}",
                input, outcome.cleaned
            ),
            "the replacement contains what the rule looks for; make `find` / `pattern` \
             longer or add an `unless` guard, so that cleaning settles in one pass",
        )
    })
}

/// Other rules of the set against this rule's example: one that rewrites what this rule
/// wrote, and one that takes the example's text first (a longer or earlier match).
fn rewritten_by_another(
    rule: &ResolvedRule,
    input: &str,
    outcome: &Outcome,
    together: &Engine,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let window = changed_window(input, &outcome.cleaned);
    let again = together.clean(&outcome.cleaned);
    if let Some(other) = again
        .changes
        .iter()
        .find(|c| *c.rule != rule.id && !is_normaliser(c) && overlaps(&c.range, &window))
    {
        out.push(finding(
            rule,
            Code::Rematch,
            format!(
                "its output {:?} is changed again by rule `{}` ({}): {:?} -> {:?}",
                outcome.cleaned, other.rule, other.source, other.before, other.after
            ),
            "write the final text in one rule, or drop the other rule's phrase",
        ));
    }
    let with_all = together.clean(input);
    if with_all.changes.iter().any(|c| *c.rule == rule.id) {
        return out;
    }
    let input_window = changed_window(&outcome.cleaned, input);
    if let Some(other) = with_all
        .changes
        .iter()
        .find(|c| *c.rule != rule.id && !is_normaliser(c) && overlaps(&c.range, &input_window))
    {
        // The same final text is a redundant rule; another text is a disagreement.
        let code = if with_all.cleaned == outcome.cleaned {
            Code::Shadowed
        } else {
            Code::Conflict
        };
        out.push(finding(
            rule,
            code,
            format!(
                "in its example {:?}, rule `{}` ({}) takes {:?} first and writes {:?}",
                input, other.rule, other.source, other.before, other.after
            ),
            "a longer or earlier match wins; remove the overlap, or make the two \
             rules agree",
        ));
    }
    out
}

/// A `when` that holds on none of the positive examples: `check_guards` reports that as such.
fn when_fails_on_examples(rule: &ResolvedRule) -> bool {
    guard_of(rule)
        .and_then(|g| g.when.as_ref())
        .is_some_and(|when| {
            rule.examples
                .iter()
                .filter(|e| e.input != e.output)
                .all(|e| !when.is_match(&e.input))
        })
}
