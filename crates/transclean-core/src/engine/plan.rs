//! The engine's rule table and its per-stage plans: which passes scan the text of each stage.

use super::Change;
use crate::config::RuleSet;
use crate::rules::{
    Compiled, Edit, KindRule, Pass, Reach, RuleIndex, Safety, Stage, Within,
    regex::RegexPass,
    replace::{LiteralPass, Phrases},
    speakers::SpeakersRule,
};
use crate::text::StageText;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug)]
pub(super) struct EngineRule {
    pub(super) id: Arc<str>,
    pub(super) source: Arc<str>,
    pub(super) stage: Stage,
    pub(super) safety: Safety,
    pub(super) within: Within,
    pub(super) file: usize,
    pub(super) kind: &'static str,
    pub(super) description: Option<Arc<str>>,
}

impl EngineRule {
    /// A change this rule made (or proposes): `before` → `after` at `range` of the original.
    pub(super) fn change(
        &self,
        place: (Range<usize>, usize, usize),
        before: String,
        after: String,
        replay_at: usize,
    ) -> Change {
        let (range, line, column) = place;
        Change {
            rule: Arc::clone(&self.id),
            source: Arc::clone(&self.source),
            stage: self.stage,
            safety: self.safety,
            range,
            line,
            column,
            before,
            after,
            replay_at,
        }
    }
}

pub(super) struct StagePlan {
    pub(super) rules: Vec<RuleIndex>,
    pub(super) passes: Vec<Box<dyn Pass>>,
    /// Some rule of the stage changes only speech or only prose: its edits are checked
    /// against the document's turns.
    pub(super) needs_turns: bool,
    /// The number of the plan's first pass among the passes of all plans (for their memos).
    pub(super) first_slot: usize,
}

/// A scanner of one rule of a kind that scans on its own.
struct SinglePass {
    rule: RuleIndex,
    scanner: Arc<dyn KindRule>,
}

impl Pass for SinglePass {
    fn scan(&self, text: &StageText, active: &[bool], out: &mut Vec<Edit>) {
        if active[self.rule] {
            self.scanner.scan(text, &mut |range, replacement| {
                out.push(Edit {
                    range,
                    replacement,
                    rule: self.rule,
                })
            });
        }
    }

    fn reach(&self) -> Reach {
        self.scanner.reach()
    }
}

/// Adds the rules of one stage (applied or proposing) to `rules` and compiles their passes;
/// `None` if the stage has none of them.
pub(super) fn plan_stage<'a>(
    set: &RuleSet,
    members: impl Iterator<Item = &'a crate::config::ResolvedRule>,
    rules: &mut Vec<EngineRule>,
) -> Option<StagePlan> {
    let mut literals = Vec::new();
    let mut regexes = Vec::new();
    let mut passes: Vec<Box<dyn Pass>> = Vec::new();
    let mut indices = Vec::new();
    for rule in members {
        let index = rules.len();
        indices.push(index);
        rules.push(EngineRule {
            id: Arc::from(rule.id.as_str()),
            source: Arc::from(rule.source.to_string()),
            stage: rule.stage,
            safety: rule.safety,
            within: rule.within,
            file: rule.file,
            kind: rule.kind.name,
            description: rule.description.as_deref().map(Arc::from),
        });
        match &rule.compiled {
            Compiled::Literal(r) => literals.push((index, Arc::clone(r))),
            Compiled::Regex(r) => regexes.push((index, Arc::clone(r))),
            Compiled::Scanner(s) => passes.push(Box::new(SinglePass {
                rule: index,
                scanner: Arc::clone(s),
            })),
            Compiled::Speakers(options) => passes.push(Box::new(SinglePass {
                rule: index,
                scanner: Arc::new(SpeakersRule {
                    options: Arc::clone(options),
                    settings: set.speakers.clone(),
                }),
            })),
        }
    }
    if !literals.is_empty() {
        // Words and phrases in passes of their own: a pass of words re-scans only the blocks
        // changed since its last scan.
        passes.push(Box::new(LiteralPass::of(literals.clone(), Phrases::Words)));
        passes.push(Box::new(LiteralPass::of(literals, Phrases::Multiword)));
    }
    if !regexes.is_empty() {
        passes.push(Box::new(RegexPass::new(regexes)));
    }
    let needs_turns = indices.iter().any(|&i| rules[i].within != Within::Any);
    (!passes.is_empty()).then_some(StagePlan {
        rules: indices,
        passes,
        needs_turns,
        first_slot: 0,
    })
}
