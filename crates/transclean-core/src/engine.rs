//! The engine: runs the compiled rules stage by stage and records every change it makes.
//!
//! Pure: text in, [`Outcome`] out, no I/O. Within a stage all rules scan the same text and their
//! edits are applied in one pass (one copy of the text per stage, not per rule). Where two edits
//! overlap, the earlier and longer one wins and the stage runs again on the result, so a rule that
//! lost a conflict still gets its turn. The pipeline as a whole repeats until it changes nothing,
//! so that cleaning settles in one call: cleaning a cleaned text changes nothing.

mod edits;
mod language;
mod memo;
mod outcome;
mod plan;
mod split;

pub use outcome::{Change, Outcome, RuleInfo, Summary};

use crate::config::RuleSet;
use crate::exceptions::Exception;
use crate::hash::text_hash;
use crate::provenance::OffsetMap;
use crate::rules::{Edit, LazyRegex, RuleIndex, Safety, Stage, Within};
use crate::runaway::{Reason, Runaway, growth_bound};
use crate::text::{DocumentCaches, LineIndex, StageText};
use crate::transcript::{self, Roster, SpeakerSettings};
use edits::{apply_edits, inside_any, resolve, touches_any};
use language::DocumentLanguage;
use memo::Memos;
use plan::{EngineRule, StagePlan, plan_stage};
use std::collections::BTreeSet;
use std::sync::Arc;

/// How often a stage may run again to settle conflicting edits before the engine gives up.
const MAX_ROUNDS_PER_STAGE: usize = 4;

/// How many proposed edits the buffer reused between stages keeps room for.
const EDIT_ROOM_KEPT: usize = 4096;

/// How often the whole pipeline may run on one document before the engine gives up settling it.
///
/// A document that settles costs one run more than it changes in: almost always two. Chains
/// where one stage's change lets an earlier stage change more take longer: a line dropped by a
/// late rule moves another into a windowed drop rule's first lines, and so on (the fuzzer found
/// one needing 6 runs). The limit only costs time on such documents, or on a rule that keeps
/// re-creating its own match, which `rules lint` reports.
pub const MAX_PIPELINE_RUNS: usize = 16;

/// The text between stages and everything known about how it came from the original.
struct State<'a> {
    /// The length of the text as given: what the growth bound is measured against.
    original_len: usize,
    current: String,
    record: Record<'a>,
    /// How many changes have been made so far, whatever is recorded of them.
    made: usize,
    /// Reused between stages to avoid an allocation per stage.
    edits: Vec<Edit>,
    /// What the stages worked out of `current` (its lines, turns, repeated paragraphs, gate
    /// words), forgotten or moved whenever it changes.
    caches: DocumentCaches,
    /// The rules that changed the text in the current pipeline run, and why the engine stopped
    /// the document, if it did: what a runaway error names.
    involved: BTreeSet<RuleIndex>,
    stopped: Option<Reason>,
    /// The changes unsafe rules propose on the settled text and that were not applied.
    suggestions: Vec<Change>,
    /// A rule for some languages only proposed a change (before any filter) in the current
    /// pipeline run.
    language_rule_proposed: bool,
    /// What the block-local passes proposed, so that later scans re-read only changed blocks.
    memos: Memos,
}

/// How a stage ended.
enum Ran {
    Done,
    /// A rule for some languages proposed an edit before the document's language was read,
    /// and the language turns on `rules`, others than the stage scanned with: nothing of the
    /// scan in `round` was applied.
    Rescan {
        round: usize,
        rules: Vec<bool>,
    },
}

/// What the engine keeps of each change.
enum Record<'a> {
    /// Everything a diff or report shows, with the map back to the original positions.
    Changes {
        original: &'a str,
        lines: LineIndex,
        map: OffsetMap,
        changes: Vec<Change>,
    },
    /// How many changes each rule made (by rule index): what printing or writing the cleaned
    /// text needs. On a large document the changes take more memory than its text.
    ///
    /// The original is not kept either (the engine cleans it in place), so whether the text
    /// changed is told by its length and [`text_hash`], taken before the first edit.
    Counts {
        counts: Vec<usize>,
        original_hash: Option<u64>,
    },
}

/// The rules that apply to one document (its files' `applies-when` evaluated).
#[derive(Debug, Clone)]
pub struct ActiveRules(Vec<bool>);

/// The compiled rule set: build once per run, clean any number of documents.
pub struct Engine {
    rules: Vec<EngineRule>,
    /// Per rule file: the `applies-when` pattern its rules need the document to match.
    applies_when: Vec<Option<LazyRegex>>,
    /// Per rule file: the languages its rules are for (empty: any).
    languages: Vec<Vec<String>>,
    /// The documents' language from the config; detected per document when `None`.
    language: Option<String>,
    /// Per rule (by index): its file is for some languages only.
    for_languages: Vec<bool>,
    /// Tests: detect a document's language before cleaning it, as the engine did before it
    /// waited for a rule that needs it (the reference the lazy reading is checked against).
    #[cfg(test)]
    eager_language: bool,
    /// The rules that are applied, by stage.
    stages: Vec<StagePlan>,
    /// How many passes the applied stages have (memo slots).
    pass_count: usize,
    /// The unsafe rules that only propose, by stage (empty with unsafe fixes).
    suggesting: Vec<StagePlan>,
    /// The layered `[speakers]` table, for rosters.
    speakers: SpeakerSettings,
    fingerprint: String,
    /// Per rule (by index), the places a reviewer rejected its change.
    exceptions: Vec<Vec<Exception>>,
}

impl Engine {
    /// Compiles the enabled rules of `set` into per-stage passes: the rules that are applied,
    /// and the unsafe ones that only propose (unless `set.unsafe_fixes`).
    pub fn new(set: &RuleSet) -> Engine {
        let mut rules = Vec::new();
        let mut stages = Vec::new();
        let mut suggesting = Vec::new();
        for stage in Stage::ALL {
            for proposing in [false, true] {
                let members = set.rules.iter().filter(|r| {
                    let proposes = r.safety == Safety::Unsafe && !set.unsafe_fixes;
                    r.enabled && r.stage == stage && proposes == proposing
                });
                let plan = plan_stage(set, members, &mut rules);
                match plan {
                    Some(plan) if proposing => suggesting.push(plan),
                    Some(plan) => stages.push(plan),
                    None => {}
                }
            }
        }
        let mut pass_count = 0;
        for plan in &mut stages {
            plan.first_slot = pass_count;
            pass_count += plan.passes.len();
        }
        let for_languages = (rules.iter())
            .map(|r| !set.files[r.file].languages.is_empty())
            .collect();
        Engine {
            rules,
            pass_count,
            applies_when: set.files.iter().map(|f| f.applies_when.clone()).collect(),
            languages: set.files.iter().map(|f| f.languages.clone()).collect(),
            language: set.language.clone(),
            for_languages,
            #[cfg(test)]
            eager_language: false,
            stages,
            suggesting,
            speakers: set.speakers.clone(),
            fingerprint: crate::fingerprint::rule_set(set),
            exceptions: Vec::new(),
        }
        .with_exceptions(&set.exceptions)
    }

    fn with_exceptions(mut self, exceptions: &[Exception]) -> Engine {
        self.exceptions = vec![Vec::new(); self.rules.len()];
        for exception in exceptions {
            self.add_exception(exception.clone());
        }
        self
    }

    /// The language of a document: the config's, or detected when some rule file needs it.
    fn language_of(&self, text: &str) -> Option<String> {
        if self.languages.iter().all(Vec::is_empty) {
            return None;
        }
        self.language
            .clone()
            .or_else(|| crate::config::language::detect(text).map(str::to_string))
    }

    /// Cleans one document.
    ///
    /// The whole pipeline runs again while it still changes something (at most
    /// [`MAX_PIPELINE_RUNS`] times), with `applies-when` evaluated afresh each time: a late stage
    /// can create text an earlier stage matches (collapsing spaces completes a boilerplate line),
    /// and cleaning must settle in one call so that cleaning twice changes nothing.
    pub fn clean(&self, original: &str) -> Outcome {
        self.clean_in_context(original, None)
    }

    /// The engine of the built-in rules alone (no project config, no flags).
    pub fn builtin() -> crate::Result<Engine> {
        let options = crate::config::LoadOptions {
            builtin: true,
            ..Default::default()
        };
        let set = crate::config::load(&options, &crate::config::NoFiles)?;
        Ok(Engine::new(&set))
    }

    /// Which rules apply to `document`: to clean its parts (subtitle cues, say) with the rules of
    /// the whole, evaluated once.
    pub fn rules_for(&self, document: &str) -> ActiveRules {
        let language = self.language_of(document);
        ActiveRules(self.active_rules(document, language.as_deref()))
    }

    /// Cleans a part of a document with the rules [`Engine::rules_for`] chose for the whole.
    pub fn clean_part(&self, part: &str, rules: &ActiveRules) -> Outcome {
        self.clean_in_context(part, Some(rules))
    }

    /// Cleans one document like [`Engine::clean`], keeping only how many changes each rule
    /// made: for printing or writing the cleaned text, where the changes themselves are not
    /// shown and on a large document would take more memory than its text.
    ///
    /// Given an owned `String`, the text is cleaned in place: a large document is then in
    /// memory once, not twice.
    pub fn clean_counting(&self, text: impl Into<String>) -> Summary {
        let record = Record::Counts {
            counts: vec![0; self.rules.len()],
            original_hash: None,
        };
        let state = self.run(text.into(), None, record);
        let runaway = self.runaway(&state);
        let Record::Counts {
            counts,
            original_hash,
        } = state.record
        else {
            unreachable!("counting was asked for")
        };
        let changed = original_hash.is_some_and(|hash| {
            state.current.len() != state.original_len || text_hash(&state.current) != hash
        });
        Summary {
            runaway,
            changed,
            cleaned: state.current,
            suggested: state.suggestions.len(),
            counts: counts
                .into_iter()
                .enumerate()
                .filter(|&(_, n)| n > 0)
                .map(|(rule, n)| (Arc::clone(&self.rules[rule].id), n))
                .collect(),
        }
    }

    fn clean_in_context(&self, original: &str, fixed: Option<&ActiveRules>) -> Outcome {
        let record = Record::Changes {
            original,
            lines: LineIndex::new(original),
            map: OffsetMap::identity(original.len()),
            changes: Vec::new(),
        };
        let state = self.run(original.to_string(), fixed, record);
        let runaway = self.runaway(&state);
        let Record::Changes { changes, .. } = state.record else {
            unreachable!("changes were asked for")
        };
        Outcome {
            cleaned: state.current,
            changes,
            runaway,
            suggestions: state.suggestions,
        }
    }

    fn runaway(&self, state: &State) -> Option<Runaway> {
        Some(Runaway {
            reason: state.stopped?,
            rules: (state.involved.iter())
                .map(|&rule| Arc::clone(&self.rules[rule].id))
                .collect(),
        })
    }

    fn run<'a>(&self, text: String, fixed: Option<&ActiveRules>, record: Record<'a>) -> State<'a> {
        let mut state = State {
            original_len: text.len(),
            memos: Memos::new(&text, self.pass_count),
            current: text,
            record,
            made: 0,
            edits: Vec::new(),
            caches: DocumentCaches::default(),
            involved: BTreeSet::new(),
            stopped: None,
            suggestions: Vec::new(),
            language_rule_proposed: false,
        };
        // Read from the text as given, and again from the settled text if cleaning changed it:
        // a short text's language can be told differently once its spaces and boilerplate are
        // cleaned, and cleaning the result again would then apply other rules (the property
        // tests found `of of` kept once and removed the second time). It runs on until the
        // rules it was cleaned with are the ones the cleaned text's language turns on. Each is
        // read only where a rule for some languages needs it (see [`language`]).
        let mut language = self.document_language(&state.current);
        for run in 0..MAX_PIPELINE_RUNS {
            // From the second run on a document changes in few places: the turn parses keep
            // what the lines told them, and dedupe which paragraphs repeat, moved through
            // the edits (the first run's edits are dense, and keeping them there raised its
            // memory peak).
            if run == 1 {
                state.caches.turns.keep_line_facts();
                state.caches.repeats.keep();
            }
            let mut active = match fixed {
                Some(rules) => rules.0.clone(),
                None => language.start_run(self, &state.current),
            };
            let before = state.made;
            state.involved.clear();
            state.language_rule_proposed = false;
            for plan in &self.stages {
                if plan.rules.iter().any(|&r| active[r]) {
                    let waiting = (fixed.is_none() && language.waiting()).then_some(&mut language);
                    let ran = self.run_stage(plan, &active, &mut state, 0, waiting);
                    if let Ran::Rescan { round, rules } = ran {
                        // The edits of that round were not applied: the stage scans again with
                        // the rules the language turns on, in the rounds it has left.
                        active = rules;
                        if plan.rules.iter().any(|&r| active[r]) {
                            self.run_stage(plan, &active, &mut state, round, None);
                        }
                    }
                    // The first run over a large document proposes hundreds of thousands of
                    // edits; their room is not kept through the later, memory-heavy stages.
                    state.edits.shrink_to(EDIT_ROOM_KEPT);
                }
                if state.stopped.is_some() {
                    return state;
                }
            }
            if state.made == before {
                let changed = state.made > 0;
                let mut settled_read = true;
                if fixed.is_none() {
                    if language.settled_needs_reading(self, changed, state.language_rule_proposed) {
                        // Only a language that turns rules on or off needs another run.
                        if language.read_settled(self, &state.current, &active) {
                            continue;
                        }
                    } else {
                        settled_read = !changed && !language.waiting();
                    }
                }
                if !self.suggesting.is_empty() {
                    let (mut edits, language_rule) = self.suggestion_edits(&active, &state);
                    if language_rule && !settled_read {
                        let now = language.settled_for_suggestions(self, &state.current);
                        if now != active {
                            edits = self.suggestion_edits(&now, &state).0;
                        }
                    }
                    self.propose(edits, &mut state);
                }
                return state;
            }
        }
        // Every allowed run changed something: the rules are fighting or feeding themselves.
        state.stopped = Some(Reason::NotSettled {
            runs: MAX_PIPELINE_RUNS,
        });
        state
    }

    /// What the unsafe rules propose on the settled text with `active` (resolved), and whether
    /// a rule for some languages proposed something (before any filter).
    fn suggestion_edits(&self, active: &[bool], state: &State) -> (Vec<Edit>, bool) {
        let text = StageText::with_caches(&state.current, &state.caches, state.memos.plain());
        let mut edits = Vec::new();
        let mut language_rule = false;
        for plan in &self.suggesting {
            if plan.rules.iter().any(|&r| active[r]) {
                language_rule |= self.scan_plan(plan, active, &text, &mut edits, None);
            }
        }
        resolve(&state.current, &mut edits);
        (edits, language_rule)
    }

    /// Records what the unsafe rules would change in the settled text (`edits`, from
    /// [`Engine::suggestion_edits`]), without applying it. Every stage of them scans the same
    /// (final) text, so suggestions never build on each other; where two overlap, the one
    /// [`resolve`] prefers is kept.
    fn propose(&self, edits: Vec<Edit>, state: &mut State) {
        for edit in edits {
            let rule = &self.rules[edit.rule];
            let (range, line, column) = match &state.record {
                Record::Changes {
                    original,
                    lines,
                    map,
                    ..
                } => {
                    let range = map.map_range(edit.range.clone());
                    let (line, column) = lines.line_col(original, range.start);
                    (range, line, column)
                }
                Record::Counts { .. } => (0..0, 0, 0),
            };
            let before = state.current[edit.range.clone()].to_string();
            let replay_at = edit.range.start;
            let change = rule.change((range, line, column), before, edit.replacement, replay_at);
            state.suggestions.push(change);
        }
    }

    /// Every pass of `plan` scans `text` (with `memos`, block-local passes only the blocks
    /// changed since they last did); edits outside the part of the text (speech or prose) their
    /// rule is for, or at a place a reviewer rejected, are dropped. Returns whether a rule for
    /// some languages proposed an edit, dropped or not.
    fn scan_plan(
        &self,
        plan: &StagePlan,
        active: &[bool],
        text: &StageText,
        out: &mut Vec<Edit>,
        mut memos: Option<&mut Memos>,
    ) -> bool {
        let from = out.len();
        for (index, pass) in plan.passes.iter().enumerate() {
            match memos.as_deref_mut() {
                Some(memos) => memos.scan(plan.first_slot + index, &**pass, text, active, out),
                None => split::scan(&**pass, text, active, None, out),
            }
        }
        let language_rule = out[from..].iter().any(|e| self.for_languages[e.rule]);
        let current = text.as_str();
        // The turns are parsed only if an edit of a rule limited to speech or prose needs
        // them: most scans of a settling document propose nothing (issue 15).
        let speech = (plan.needs_turns
            && out[from..]
                .iter()
                .any(|e| self.rules[e.rule].within != Within::Any))
        .then(|| crate::transcript::speech_ranges(text, &self.speakers));
        let exceptions = &self.exceptions;
        let mut position = 0;
        out.retain(|e| {
            let earlier = position < from;
            position += 1;
            if earlier {
                return true;
            }
            let within = self.rules[e.rule].within;
            let in_place = match (&speech, within) {
                (Some(speech), Within::Speech) => inside_any(speech, &e.range),
                (Some(speech), Within::Prose) => !touches_any(speech, &e.range),
                _ => true,
            };
            in_place
                && !exceptions[e.rule]
                    .iter()
                    .any(|x| x.matches(current, e.range.clone()))
        });
        language_rule
    }

    /// Runs one stage from round `first_round` on: all its rules scan the same text, the edits
    /// are applied in one pass, and the stage runs again if an edit lost to an overlapping one.
    /// With a `waiting` language, a scan in which a rule for some languages proposed an edit
    /// reads it; if it turns rules on or off, the stage stops before applying that scan.
    fn run_stage(
        &self,
        plan: &StagePlan,
        active: &[bool],
        state: &mut State,
        first_round: usize,
        mut waiting: Option<&mut DocumentLanguage>,
    ) -> Ran {
        for round in first_round..MAX_ROUNDS_PER_STAGE {
            state.edits.clear();
            let text = StageText::with_caches(&state.current, &state.caches, state.memos.plain());
            let language_rule = self.scan_plan(
                plan,
                active,
                &text,
                &mut state.edits,
                Some(&mut state.memos),
            );
            state.language_rule_proposed |= language_rule;
            if let Some(language) = waiting.as_deref_mut().filter(|_| language_rule) {
                let rules = language.read_given(self);
                if rules != active {
                    return Ran::Rescan { round, rules };
                }
                waiting = None;
            }
            let conflicts = resolve(&state.current, &mut state.edits);
            let accepted = &state.edits[..];
            if accepted.is_empty() {
                return Ran::Done;
            }
            state.involved.extend(accepted.iter().map(|e| e.rule));
            if let Some(grew) = grows_past_bound(state, accepted) {
                state.stopped = Some(grew);
                return Ran::Done;
            }
            state.made += accepted.len();
            match &mut state.record {
                Record::Counts {
                    counts,
                    original_hash,
                } => {
                    // Before the first edit the text is still the original.
                    original_hash.get_or_insert_with(|| text_hash(&state.current));
                    for edit in accepted {
                        counts[edit.rule] += 1;
                    }
                }
                Record::Changes {
                    original,
                    lines,
                    map,
                    changes,
                } => {
                    // Edits of a round are applied together; replayed one by one, each lands
                    // where the earlier edits of its round have shifted it.
                    let mut shift: isize = 0;
                    for edit in accepted {
                        let replay_at = (edit.range.start as isize + shift) as usize;
                        shift += edit.replacement.len() as isize - edit.range.len() as isize;
                        let range = map.map_range(edit.range.clone());
                        let (line, column) = lines.line_col(original, range.start);
                        let rule = &self.rules[edit.rule];
                        let before = state.current[edit.range.clone()].to_string();
                        let after = edit.replacement.clone();
                        changes.push(rule.change((range, line, column), before, after, replay_at));
                    }
                    let spans: Vec<_> = accepted
                        .iter()
                        .map(|e| (e.range.clone(), e.replacement.len()))
                        .collect();
                    map.apply(&spans);
                }
            }
            state.current = apply_edits(std::mem::take(&mut state.current), accepted);
            state.memos.applied(&state.current, accepted);
            state.caches.edited(&state.current, accepted);
            if !conflicts {
                return Ran::Done;
            }
        }
        Ran::Done
    }

    /// The speakers of a document, with turn counts and names that look like variants.
    pub fn roster(&self, text: &str) -> Roster {
        transcript::roster(text, &self.speakers)
    }

    /// The ids of the rules this engine runs, in stage order.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| &*r.id)
    }

    /// Stops proposing the change `exception` describes (from now on, for every document).
    /// An exception for a rule this engine does not run is ignored.
    pub fn add_exception(&mut self, exception: Exception) {
        for (index, rule) in self.rules.iter().enumerate() {
            if *rule.id == exception.rule {
                self.exceptions[index].push(exception.clone());
            }
        }
    }

    /// The rules this engine runs, in stage order, for reports.
    pub fn rules(&self) -> impl Iterator<Item = RuleInfo<'_>> {
        self.rules.iter().map(|r| RuleInfo {
            id: &r.id,
            kind: r.kind,
            stage: r.stage,
            safety: r.safety,
            source: &r.source,
            description: r.description.as_deref(),
        })
    }

    /// A short hash of the rules in force (see [`crate::fingerprint`]): two runs with the same
    /// fingerprint ran the same rules.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

/// Whether applying `accepted` would take the text past its [`growth_bound`], checked before
/// the text is built so that a rule doubling it cannot exhaust memory first.
fn grows_past_bound(state: &State, accepted: &[Edit]) -> Option<Reason> {
    let removed: usize = accepted.iter().map(|e| e.range.len()).sum();
    let added: usize = accepted.iter().map(|e| e.replacement.len()).sum();
    let bound = growth_bound(state.original_len);
    (state.current.len() - removed + added > bound).then_some(Reason::Grew {
        original: state.original_len,
        bound,
    })
}

#[cfg(test)]
mod tests;
