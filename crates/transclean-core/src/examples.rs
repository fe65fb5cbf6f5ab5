//! Runs the examples of rules: each rule alone, on each example input, must give the output.
//!
//! Examples are the rule's specification; a negative one (output equal to input) says where the
//! rule must not fire, and is checked just as strictly.

use crate::config::RuleSet;
use crate::engine::Engine;

/// An example that did not give its expected output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub rule: String,
    pub source: String,
    pub input: String,
    pub expected: String,
    pub actual: String,
}

/// Checks every example of every rule in `set` (disabled rules too: they may be enabled later).
/// Returns the number of examples run and the failures.
pub fn check(set: &RuleSet) -> (usize, Vec<Failure>) {
    let mut run = 0;
    let mut failures = Vec::new();
    for (index, rule) in set.rules.iter().enumerate() {
        if rule.examples.is_empty() {
            continue;
        }
        let engine = Engine::new(&set.only(index));
        for example in &rule.examples {
            run += 1;
            let actual = engine.clean(&example.input).cleaned;
            if actual != example.output {
                failures.push(Failure {
                    rule: rule.id.clone(),
                    source: rule.source.to_string(),
                    input: example.input.clone(),
                    expected: example.output.clone(),
                    actual,
                });
            }
        }
    }
    (run, failures)
}
