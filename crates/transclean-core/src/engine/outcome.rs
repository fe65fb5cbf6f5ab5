//! What cleaning a document gives: the cleaned text, its changes, and the per-rule counts.

use crate::rules::{Safety, Stage};
use crate::runaway::Runaway;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

/// The cleaned text and how many changes each rule made: [`Engine::clean_counting`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub cleaned: String,
    /// Whether `cleaned` differs from the text given (changes can undo each other).
    pub changed: bool,
    /// Changes by rule id, for the rules that made any.
    pub counts: BTreeMap<Arc<str>, usize>,
    /// Set when the rules would not let the document settle: `cleaned` is then not to be used.
    pub runaway: Option<Runaway>,
    /// How many changes unsafe rules propose that were not applied.
    pub suggested: usize,
}

impl Summary {
    /// How many changes were made in all.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }
}

/// One change in the cleaned text, with the rule that made it and where it was in the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The id of the rule that made the change.
    pub rule: Arc<str>,
    /// Where that rule is defined (`file:line`).
    pub source: Arc<str>,
    pub stage: Stage,
    /// The safety of the rule: an unsafe change is applied only with unsafe fixes.
    pub safety: Safety,
    /// Byte range in the original text that this change rewrote.
    pub range: Range<usize>,
    /// 1-based line and column (in characters) of the start of `range` in the original.
    pub line: usize,
    pub column: usize,
    /// The text the rule replaced, as the rule saw it (earlier stages may have changed it).
    pub before: String,
    /// What the rule put in its place.
    pub after: String,
    /// Where `before` starts when the changes are replayed one by one, in order, on the
    /// original: replacing `before` by `after` there for each change in turn gives the cleaned
    /// text, and undoing them in reverse order (`after` back to `before`) gives the original.
    pub replay_at: usize,
}

/// The result of cleaning one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub cleaned: String,
    /// Every change, in the order they were made: by pipeline run, stage, then position.
    pub changes: Vec<Change>,
    /// Set when the rules would not let the document settle: `cleaned` is then not to be used.
    pub runaway: Option<Runaway>,
    /// What unsafe rules propose and was not applied (no `--unsafe-fixes`): each as a change of
    /// the cleaned text (`replay_at` is a position in `cleaned`; `range`, `line` and `column`
    /// are the place in the original), in stage and position order.
    pub suggestions: Vec<Change>,
}

impl Outcome {
    /// How many changes each rule made, by rule id.
    pub fn counts_by_rule(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for change in &self.changes {
            *counts.entry(&*change.rule).or_default() += 1;
        }
        counts
    }
}

/// What a report says about a rule the engine runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo<'a> {
    pub id: &'a str,
    pub kind: &'static str,
    pub stage: Stage,
    pub safety: Safety,
    /// Where the rule is defined (`file:line`).
    pub source: &'a str,
    pub description: Option<&'a str>,
}
