//! The registry of rule kinds and what they share: stages, edits, guards, option checks.
//!
//! A kind is one file in this folder that exports a [`KindSpec`]: its name, default stage, docs,
//! the options it accepts and a function that compiles a raw `[[rule]]` table. Adding a kind means
//! adding that file and one line to [`KINDS`]; help, `rules list` and "did you mean" read the list.

pub mod dedupe;
pub mod drop;
pub mod entities;
pub mod lazy_regex;
mod literal_set;
pub mod mojibake;
pub mod regex;
pub mod repeated_word;
pub mod replace;
pub mod required;
pub mod speakers;
pub mod timestamps;
pub mod unicode;
pub mod whitespace;

use crate::error::did_you_mean;
use crate::raw::RawRule;
use crate::text::StageText;
use ::regex::{Regex, RegexBuilder};
pub use lazy_regex::LazyRegex;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;

/// Every rule kind, in the order `rules list` and the docs show them.
pub static KINDS: &[&KindSpec] = &[
    &unicode::SPEC,
    &drop::SPEC,
    &timestamps::SPEC,
    &speakers::SPEC,
    &replace::SPEC,
    &regex::SPEC,
    &repeated_word::SPEC,
    &dedupe::SPEC,
    &whitespace::SPEC,
];

/// Looks a kind up by name.
pub fn kind(name: &str) -> Option<&'static KindSpec> {
    KINDS.iter().copied().find(|k| k.name == name)
}

/// The fixed order in which rules run, so that a rule knows what text it sees.
///
/// Unicode first (every later pattern can assume plain spaces and NFC), boilerplate before
/// anything reads labels or times (a dateline is removed whole, not half-cleaned), speaker turns
/// while their labels still carry their times (a time is evidence that a line is a label),
/// timestamps in the text, corrections on the text of the turns, dedupe once the text is
/// settled, and whitespace last to tidy what the others left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Unicode,
    Boilerplate,
    Speakers,
    Timestamps,
    Corrections,
    Dedupe,
    Whitespace,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Unicode,
        Stage::Boilerplate,
        Stage::Speakers,
        Stage::Timestamps,
        Stage::Corrections,
        Stage::Dedupe,
        Stage::Whitespace,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Unicode => "unicode",
            Stage::Boilerplate => "boilerplate",
            Stage::Speakers => "speakers",
            Stage::Timestamps => "timestamps",
            Stage::Corrections => "corrections",
            Stage::Dedupe => "dedupe",
            Stage::Whitespace => "whitespace",
        }
    }

    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Stage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Whether a rule's changes are applied, like ruff's safe and unsafe fixes.
///
/// A safe rule cannot change what was said: it is applied by `clean`, `--write` and `check`.
/// An unsafe rule can (a doubled word may be meant), so its changes are only proposed: `diff`,
/// `review` and the reports show them as suggestions, and `--unsafe-fixes` applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Safety {
    Safe,
    Unsafe,
}

impl Safety {
    pub const NAMES: [&'static str; 2] = ["safe", "unsafe"];

    pub fn name(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
        }
    }

    /// The `safety` key of a rule, or its kind's default.
    pub fn of(raw: &RawRule, default: Safety) -> Result<Safety, RuleError> {
        let name = choice(raw.safety.as_ref(), "safety", &Self::NAMES, default.name())?;
        Ok(if name == "unsafe" {
            Safety::Unsafe
        } else {
            Safety::Safe
        })
    }
}

/// Which part of a transcript a rule changes: the speech of speaker turns, the prose around
/// them (a whole document without turns is prose), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Within {
    Any,
    Speech,
    Prose,
}

impl Within {
    pub const NAMES: [&'static str; 3] = ["any", "speech", "prose"];

    pub fn name(self) -> &'static str {
        match self {
            Within::Any => "any",
            Within::Speech => "speech",
            Within::Prose => "prose",
        }
    }

    /// The `in` key of a rule (default `any`).
    pub fn of(raw: &RawRule) -> Result<Within, RuleError> {
        Ok(
            match choice(raw.within.as_ref(), "in", &Self::NAMES, "any")? {
                "speech" => Within::Speech,
                "prose" => Within::Prose,
                _ => Within::Any,
            },
        )
    }
}

impl serde::Serialize for Safety {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Index of a rule in the engine's rule table.
pub type RuleIndex = usize;

/// One proposed change to the current text of a stage: replace `range` by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
    pub rule: RuleIndex,
}

/// How far sorted, non-overlapping `edits`, applied together, move the text: entry k is how
/// much the edits before edit k grew it (what moves edit k and the text just before it), and
/// the last entry is how much all of them did.
pub(crate) fn shifts_before(edits: &[Edit]) -> Vec<isize> {
    let mut shifts = Vec::with_capacity(edits.len() + 1);
    let mut shift: isize = 0;
    shifts.push(shift);
    for edit in edits {
        shift += edit.replacement.len() as isize - edit.range.len() as isize;
        shifts.push(shift);
    }
    shifts
}

/// Past one edit per this many bytes, moving places kept in a text through the edits (see
/// [`moved_through`]) costs more than searching the text again.
pub(crate) const DENSE_EDIT_BYTES: usize = 2048;

/// Where the occurrences `found` (sorted starts) of a pattern whose matches are at most `len`
/// bytes long are in `text`, made by `edits` (sorted, not overlapping, in the coordinates of
/// the text before them; `shifts` from [`shifts_before`]): an occurrence an edit touched is
/// dropped, and `search` is asked for the starts of matches that lie in a window around each
/// edit (where an occurrence can have been made or moved).
pub(crate) fn moved_through(
    found: &[usize],
    len: usize,
    text: &str,
    edits: &[Edit],
    shifts: &[isize],
    mut search: impl FnMut(Range<usize>) -> Vec<usize>,
) -> Vec<usize> {
    let mut kept = Vec::with_capacity(found.len());
    let mut next = 0;
    for &at in found {
        // Edits that end before the occurrence (an insertion right at its start too) only
        // move it.
        while next < edits.len() && edits[next].range.end <= at {
            next += 1;
        }
        let touched = edits.get(next).is_some_and(|e| e.range.start < at + len);
        if !touched {
            kept.push(shifted(at, shifts[next]));
        }
    }
    // A new occurrence overlaps a replacement, or spans the place of a deletion.
    for (edit, &shift) in edits.iter().zip(shifts) {
        let start = shifted(edit.range.start, shift);
        let window = start.saturating_sub(len - 1)
            ..(start + edit.replacement.len() + len - 1).min(text.len());
        kept.extend(search(window));
    }
    kept.sort_unstable();
    kept.dedup();
    kept
}

/// Where position `at` of the text before some edits goes, moved by `shift`.
pub(crate) fn shifted(at: usize, shift: isize) -> usize {
    at.checked_add_signed(shift)
        .expect("an edit moves a position only by the text before it")
}

/// How much of the text the edits a scanner proposes depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Anything in the document (turns, other paragraphs, where the text starts or ends).
    Document,
    /// Only the block they are in: a paragraph with the blank lines after it (see
    /// [`crate::text::block_start`]). Every edit lies inside one block, and scanning a run of
    /// whole blocks on its own proposes, in them, what scanning the whole text does, provided
    /// the text has no front matter or code fence. The engine then re-scans only the blocks
    /// changed since a scan (issue 15).
    Block,
}

/// A scanner over the current text of a stage: one rule, or a group compiled together.
pub trait Pass: Send + Sync {
    /// Pushes the edits the active rules propose on `text` (`active` is indexed by rule).
    fn scan(&self, text: &StageText, active: &[bool], out: &mut Vec<Edit>);

    /// What the edits depend on; [`Reach::Document`] unless the scanner says otherwise.
    fn reach(&self) -> Reach {
        Reach::Document
    }
}

/// A compiled rule of a kind that scans on its own.
pub trait KindRule: Send + Sync + fmt::Debug {
    /// Proposes edits on `text`, in any order; overlapping edits are resolved by the engine.
    fn scan(&self, text: &StageText, emit: &mut dyn FnMut(Range<usize>, String));

    /// What the edits depend on (see [`Reach`]).
    fn reach(&self) -> Reach {
        Reach::Document
    }
}

/// What compiling a `[[rule]]` gives. Literal and regex rules are compiled together per stage
/// (one automaton, one `RegexSet`), so they are kept as data rather than as scanners.
#[derive(Debug, Clone)]
pub enum Compiled {
    Literal(Arc<replace::ReplaceRule>),
    Regex(Arc<regex::RegexRule>),
    Scanner(Arc<dyn KindRule>),
    /// A `speakers` rule: it needs the layered `[speakers]` table, so the engine builds it.
    Speakers(Arc<speakers::SpeakersOptions>),
}

/// A problem with one rule, positioned by a byte span of its file (turned into line:col later).
#[derive(Debug, Clone)]
pub struct RuleError {
    pub span: Option<Range<usize>>,
    pub message: String,
    pub hint: Option<String>,
}

impl RuleError {
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        RuleError {
            span: Some(span),
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

/// The registry entry of a rule kind.
pub struct KindSpec {
    pub name: &'static str,
    /// The stage its rules run in unless a rule sets `stage`.
    pub stage: Stage,
    /// The safety of its rules unless a rule sets `safety`: unsafe for kinds whose changes can
    /// alter what was said.
    pub safety: Safety,
    /// One line for `rules list` and `--help`.
    pub summary: &'static str,
    /// What it does, why, an example, and its options (shown by `rules explain`).
    pub docs: &'static str,
    /// The kind-specific keys it accepts, with a line of doc each.
    pub options: &'static [(&'static str, &'static str)],
    pub compile: fn(&RawRule, Span) -> Result<Compiled, RuleError>,
}

impl fmt::Debug for KindSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KindSpec")
            .field("name", &self.name)
            .finish()
    }
}

/// The span of the whole `[[rule]]` table, for errors about a missing key.
pub type Span = Range<usize>;

/// Context guards: `when` must match and `unless` must not match the paragraph around a match.
/// Each compiles the first time a match needs it.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    pub when: Option<LazyRegex>,
    pub unless: Option<LazyRegex>,
}

impl Guard {
    pub fn compile(raw: &RawRule) -> Result<Guard, RuleError> {
        Ok(Guard {
            when: raw
                .when
                .as_ref()
                .map(|p| LazyRegex::new(p, "when"))
                .transpose()?,
            unless: raw
                .unless
                .as_ref()
                .map(|p| LazyRegex::new(p, "unless"))
                .transpose()?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.when.is_none() && self.unless.is_none()
    }

    /// Whether a match at `range` of `text` may be changed.
    pub fn allows(&self, text: &str, range: Range<usize>) -> bool {
        if self.is_empty() {
            return true;
        }
        let paragraph = &text[crate::text::paragraph_around(text, range)];
        self.when.as_ref().is_none_or(|re| re.is_match(paragraph))
            && self
                .unless
                .as_ref()
                .is_none_or(|re| !re.is_match(paragraph))
    }
}

/// The most memory a single compiled pattern may take; a larger one is a clear error, not a stall.
pub const REGEX_SIZE_LIMIT: usize = 8 << 20;

/// The most memory a pattern's lazy DFA may cache while searching (per thread): a pattern whose
/// states outgrow it searches more slowly instead of taking more memory. (The regex crate has no
/// backtracking, so no pattern takes exponential time.)
pub const REGEX_DFA_LIMIT: usize = 4 << 20;

/// Compiles a pattern from a rule file; `^` and `$` match at line starts and ends.
pub fn compile_regex(pattern: &Spanned<String>, key: &str) -> Result<Regex, RuleError> {
    RegexBuilder::new(pattern.get_ref())
        .multi_line(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_LIMIT)
        .build()
        .map_err(|e| regex_error(pattern, key, e))
}

/// The error for a pattern that does not compile, at its span, with what to do.
fn regex_error(pattern: &Spanned<String>, key: &str, e: ::regex::Error) -> RuleError {
    let detail = e.to_string();
    let hint = if detail.contains("look-around") || detail.contains("backreference") {
        "the regex crate has no look-around or back-references; use a guard (`when` / `unless`) or a built-in kind such as `repeated-word`"
    } else if matches!(e, ::regex::Error::CompiledTooBig(_)) {
        "simplify the pattern or split it into several rules"
    } else {
        "see https://docs.rs/regex/#syntax for the pattern syntax"
    };
    RuleError::at(
        pattern.span(),
        format!(
            "invalid regular expression in `{key}`: {}",
            last_line(&detail)
        ),
    )
    .with_hint(Some(hint.into()))
}

fn last_line(message: &str) -> &str {
    message
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(message)
        .trim()
}

/// Reads a string option that must be one of `choices`, answering a typo with "did you mean".
pub fn choice<'a>(
    value: Option<&Spanned<String>>,
    key: &str,
    choices: &[&'a str],
    default: &'a str,
) -> Result<&'a str, RuleError> {
    let Some(value) = value else {
        return Ok(default);
    };
    choices
        .iter()
        .copied()
        .find(|c| *c == value.get_ref())
        .ok_or_else(|| {
            RuleError::at(
                value.span(),
                format!(
                    "`{key}` must be one of {}, not `{}`",
                    choices
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    value.get_ref()
                ),
            )
            .with_hint(did_you_mean(value.get_ref(), choices.iter().copied()))
        })
}

/// A required string option, or an error pointing at the rule.
pub fn required<'a>(
    value: Option<&'a Spanned<String>>,
    key: &str,
    kind: &str,
    rule: &Span,
) -> Result<&'a Spanned<String>, RuleError> {
    value.ok_or_else(|| RuleError::at(rule.clone(), format!("a `{kind}` rule needs `{key}`")))
}

/// A boolean option with its default.
pub fn flag(value: &Option<Spanned<bool>>, default: bool) -> bool {
    value.as_ref().map_or(default, |v| *v.get_ref())
}

/// A number option with its default.
pub fn number(value: &Option<Spanned<usize>>, default: usize) -> usize {
    value.as_ref().map_or(default, |v| *v.get_ref())
}

/// Applies what a scanner proposes, for the kinds' unit tests (no conflict handling needed there).
#[cfg(test)]
pub(crate) fn apply_scan(rule: &dyn KindRule, text: &str) -> String {
    let mut edits = Vec::new();
    rule.scan(&StageText::new(text), &mut |range, to| {
        edits.push((range, to))
    });
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = text.to_string();
    for (range, to) in edits.into_iter().rev() {
        out.replace_range(range, &to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_registered_once_and_documented() {
        let mut names: Vec<_> = KINDS.iter().map(|k| k.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), KINDS.len());
        for kind in KINDS {
            assert!(
                !kind.summary.is_empty() && kind.docs.contains("Example"),
                "{}",
                kind.name
            );
            for (key, _) in kind.options {
                assert!(
                    crate::raw::RULE_KEYS.contains(key),
                    "{} declares unknown option {key}",
                    kind.name
                );
            }
        }
    }

    #[test]
    fn stage_names_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(Stage::from_name(stage.name()), Some(stage));
        }
    }

    #[test]
    fn bad_regex_is_reported_at_its_span_with_a_hint() {
        let pattern = Spanned::new(10..20, "(a".to_string());
        let err = compile_regex(&pattern, "pattern").unwrap_err();
        assert_eq!(err.span, Some(10..20));
        assert!(
            err.message
                .starts_with("invalid regular expression in `pattern`")
        );
        let lookahead = Spanned::new(0..1, "a(?=b)".to_string());
        let err = compile_regex(&lookahead, "pattern").unwrap_err();
        assert!(err.hint.unwrap().contains("look-around"));
    }

    #[test]
    fn guards_look_at_the_paragraph() {
        let guard = Guard {
            when: Some(LazyRegex::from_str_unchecked("treaty")),
            unless: Some(LazyRegex::from_str_unchecked("town")),
        };
        let text = "Neustadt treaty\n\nNeustadt town\n\nNeustadt";
        assert!(guard.allows(text, 0..8));
        assert!(!guard.allows(text, 17..25));
        assert!(!guard.allows(text, 32..40));
    }
}
