//! `replace`: literal words and phrases, all rules of a stage matched in one pass.
//!
//! Single words go into Aho-Corasick automata (leftmost-longest; one exact, one ASCII
//! case-insensitive), phrases with spaces into one alternation regex where each space matches any
//! run of whitespace. Word boundaries and guards are checked after a match, so a large dictionary
//! costs one scan of the text, not one per rule.

use super::{
    Compiled, Edit, Guard, KindSpec, Pass, Reach, RuleError, RuleIndex, Safety, Span, Stage,
    choice, flag, required,
};
use crate::hash::FxHashMap;
use crate::raw::RawRule;
use crate::text::{StageText, is_word_bounded, is_word_char};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

mod folded_words;
mod gate_index;
mod phrases;
mod word_table;
mod words;
pub use gate_index::GateCache;
use phrases::{PhraseMatcher, phrase_regex};
use words::WordMatcher;

pub static SPEC: KindSpec = KindSpec {
    name: "replace",
    stage: Stage::Corrections,
    safety: Safety::Safe,
    summary: "Replace literal words and phrases (word-bounded, whitespace-flexible)",
    docs:
        "\
What it does: replaces each phrase in `find` by `replace`. Phrases match whole words by default,
and a space in a phrase matches any run of whitespace, including a line break.

Why: most transcription errors are a fixed mishearing of a name or term (\"Dombas\" for
\"Donbas\"); a literal rule says exactly that, is fast, and cannot match more than it says.

Example:
    [[rule]]
    id = \"donbas\"
    kind = \"replace\"
    find = \"Dombas\"
    replace = \"Donbas\"
    case = \"preserve\"      # dombas -> donbas, DOMBAS -> DONBAS
    examples = [{ input = \"in Dombas\", output = \"in Donbas\" }]

Options: see below. `when` / `unless` guards are regexes evaluated on the paragraph around a match.",
    options: &[
        ("find", "a phrase or a list of phrases to look for"),
        ("replace", "the replacement text"),
        (
            "case",
            "exact (default) | ignore | preserve | preserve-capitals: how letter case is matched and kept",
        ),
        ("word-bounded", "match whole words only (default true)"),
        (
            "word-joiners",
            "characters that join a word to the next, e.g. \"-'’\": a match beside one is not a whole word",
        ),
    ],
    compile,
};

/// How letter case is matched and what case the replacement gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseMode {
    /// Match exactly as written; replace as written.
    Exact,
    /// Match in any case; replace as written.
    Ignore,
    /// Match in any case; give the replacement the case pattern of the match.
    Preserve,
    /// As `Preserve`, but a match in lower case keeps the replacement as written: a correction
    /// with capitals of its own (a name) keeps them, and is all capitals in an all-capitals
    /// match (codespell's case rule).
    PreserveCapitals,
}

#[derive(Debug, Clone)]
pub struct ReplaceRule {
    pub phrases: Vec<String>,
    pub replacement: String,
    pub case: CaseMode,
    pub word_bounded: bool,
    /// Characters that join words (`-` in `teh-like`): a word-bounded match beside one, on a
    /// side where the match has a word character, is inside a longer word and not replaced.
    pub joiners: Vec<char>,
    pub guard: Guard,
}

/// The longest phrase a `replace` rule may list, so that every phrase compiles on its own.
const MAX_PHRASE_LEN: usize = 4096;

fn compile(raw: &RawRule, span: Span) -> Result<Compiled, RuleError> {
    let find = raw
        .find
        .as_ref()
        .ok_or_else(|| RuleError::at(span.clone(), "a `replace` rule needs `find`"))?;
    let replacement = required(raw.replace.as_ref(), "replace", "replace", &span)?;
    let phrases: Vec<String> = find
        .get_ref()
        .to_vec()
        .into_iter()
        .map(|p| {
            if p.contains(char::is_whitespace) {
                p.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                p
            }
        })
        .collect();
    if phrases.is_empty() || phrases.iter().any(String::is_empty) {
        return Err(RuleError::at(find.span(), "`find` holds an empty phrase"));
    }
    if let Some(long) = phrases.iter().find(|p| p.len() > MAX_PHRASE_LEN) {
        return Err(RuleError::at(
            find.span(),
            format!(
                "`find` holds a phrase of {} bytes, more than the {MAX_PHRASE_LEN} a phrase may have",
                long.len()
            ),
        )
        .with_hint(Some(
            "a `replace` phrase is a word or a few; for longer text use a `regex` rule".into(),
        )));
    }
    let case = match choice(
        raw.case.as_ref(),
        "case",
        &["exact", "ignore", "preserve", "preserve-capitals"],
        "exact",
    )? {
        "ignore" => CaseMode::Ignore,
        "preserve" => CaseMode::Preserve,
        "preserve-capitals" => CaseMode::PreserveCapitals,
        _ => CaseMode::Exact,
    };
    Ok(Compiled::Literal(Arc::new(ReplaceRule {
        phrases,
        replacement: replacement.get_ref().clone(),
        case,
        word_bounded: flag(&raw.word_bounded, true),
        joiners: raw
            .word_joiners
            .as_ref()
            .map_or_else(Vec::new, |j| j.get_ref().chars().collect()),
        guard: Guard::compile(raw)?,
    })))
}

/// Gives `replacement` the case pattern of `matched`: all upper, all lower, or capitalised.
pub fn apply_case(matched: &str, replacement: &str) -> String {
    let letters: Vec<char> = matched.chars().filter(|c| c.is_alphabetic()).collect();
    let Some(&first) = letters.first() else {
        return replacement.to_string();
    };
    let all_upper = letters.iter().all(|c| !c.is_lowercase());
    let all_lower = letters.iter().all(|c| !c.is_uppercase());
    if all_upper && letters.len() > 1 {
        replacement.to_uppercase()
    } else if all_lower {
        replacement.to_lowercase()
    } else if first.is_uppercase() && letters[1..].iter().all(|c| !c.is_uppercase()) {
        let mut chars = replacement.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    } else {
        replacement.to_string()
    }
}

/// Whether a joiner touches `range` on a side where the match has a word character.
fn is_joined(text: &str, range: Range<usize>, joiners: &[char]) -> bool {
    if joiners.is_empty() {
        return false;
    }
    let matched = &text[range.clone()];
    let joins = |c: Option<char>| c.is_some_and(|c| joiners.contains(&c));
    (matched.chars().next().is_some_and(is_word_char)
        && joins(text[..range.start].chars().next_back()))
        || (matched.chars().next_back().is_some_and(is_word_char)
            && joins(text[range.end..].chars().next()))
}

/// Which rules a phrase belongs to (several rules may list the same phrase; the first active wins).
type Candidates = Vec<usize>;

/// Which of the rules' phrases a [`LiteralPass`] looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrases {
    All,
    /// Single words, matched by tables and automata: a match is inside one line and its guard
    /// reads its paragraph, so the pass has [`Reach::Block`].
    Words,
    /// Phrases of several words (and folded non-ASCII words), matched by regexes: a space
    /// matches any whitespace, even blank lines, so a match may span paragraphs.
    Multiword,
}

/// All `replace` rules of one stage, compiled into as few automata as possible.
pub struct LiteralPass {
    phrases: Phrases,
    rules: Vec<(RuleIndex, Arc<ReplaceRule>)>,
    exact_words: WordMatcher,
    folded_words: WordMatcher,
    exact_phrases: Option<PhraseMatcher>,
    folded_phrases: Option<PhraseMatcher>,
}

/// The phrases of one matcher and the rules that list each, borrowed from the rules: a large
/// dictionary's phrases are not copied until a matcher keeps them.
#[derive(Default)]
struct Group<'a> {
    phrases: Vec<Cow<'a, str>>,
    candidates: Vec<Candidates>,
    index: FxHashMap<Cow<'a, str>, usize>,
}

impl<'a> Group<'a> {
    fn add(&mut self, key: Cow<'a, str>, rule_pos: usize) {
        let slot = match self.index.get(&key) {
            Some(&slot) => slot,
            None => {
                let slot = self.phrases.len();
                self.index.insert(key.clone(), slot);
                self.phrases.push(key);
                self.candidates.push(Vec::new());
                slot
            }
        };
        self.candidates[slot].push(rule_pos);
    }
}

impl LiteralPass {
    pub fn new(rules: Vec<(RuleIndex, Arc<ReplaceRule>)>) -> Self {
        LiteralPass::of(rules, Phrases::All)
    }

    /// A pass over the `phrases` of `rules` (the others are left to another pass).
    pub fn of(rules: Vec<(RuleIndex, Arc<ReplaceRule>)>, phrases: Phrases) -> Self {
        let (mut exact_words, mut folded_words) = (Group::default(), Group::default());
        let (mut exact_phrases, mut folded_phrases) = (Group::default(), Group::default());
        for (pos, (_, rule)) in rules.iter().enumerate() {
            let folded = rule.case != CaseMode::Exact;
            for phrase in &rule.phrases {
                let multi_word = phrase.contains(' ');
                let borrowed = Cow::Borrowed(phrase.as_str());
                let by_regex = multi_word || (folded && !phrase.is_ascii());
                let wanted = match phrases {
                    Phrases::All => true,
                    Phrases::Words => !by_regex,
                    Phrases::Multiword => by_regex,
                };
                if !wanted {
                    continue;
                }
                match (folded, by_regex) {
                    (false, false) => exact_words.add(borrowed, pos),
                    (true, false) => folded_words.add(borrowed, pos),
                    (false, true) => exact_phrases.add(borrowed, pos),
                    (true, true) => folded_phrases.add(Cow::Owned(phrase.to_lowercase()), pos),
                }
            }
        }
        LiteralPass {
            phrases,
            exact_words: WordMatcher::new(exact_words, false, &rules),
            folded_words: WordMatcher::new(folded_words, true, &rules),
            exact_phrases: phrase_regex(exact_phrases, false, &rules),
            folded_phrases: phrase_regex(folded_phrases, true, &rules),
            rules,
        }
    }

    pub(super) fn try_emit(
        &self,
        text: &str,
        range: Range<usize>,
        candidates: &[usize],
        active: &[bool],
        out: &mut Vec<Edit>,
    ) {
        for (nth, &pos) in candidates.iter().enumerate() {
            let (index, rule) = &self.rules[pos];
            if !active[*index]
                || (rule.word_bounded
                    && (!is_word_bounded(text, range.clone())
                        || is_joined(text, range.clone(), &rule.joiners)))
                || !rule.guard.allows(text, range.clone())
            {
                continue;
            }
            let matched = &text[range.clone()];
            let replacement = match rule.case {
                CaseMode::Preserve => apply_case(matched, &rule.replacement),
                CaseMode::PreserveCapitals
                    if matched
                        .chars()
                        .any(|c| c.is_alphabetic() && !c.is_lowercase()) =>
                {
                    apply_case(matched, &rule.replacement)
                }
                _ => rule.replacement.clone(),
            };
            // The engine drops a change to what is already there before any conflict: it is
            // proposed only to keep a later rule listing the phrase from proposing. Proposed
            // everywhere, "New START Treaty" in every settled English text made the engine read
            // the text's language, as a rule for English proposed a change (issue 15).
            let later_active = || (candidates[nth + 1..].iter()).any(|&p| active[self.rules[p].0]);
            if replacement == matched && !later_active() {
                return;
            }
            out.push(Edit {
                range,
                replacement,
                rule: *index,
            });
            return;
        }
    }
}

fn phrase_key(matched: &str, folded: bool) -> String {
    let key = matched.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded { key.to_lowercase() } else { key }
}

impl Pass for LiteralPass {
    fn reach(&self) -> Reach {
        match self.phrases {
            Phrases::Words => Reach::Block,
            Phrases::All | Phrases::Multiword => Reach::Document,
        }
    }

    fn scan(&self, text: &StageText, active: &[bool], out: &mut Vec<Edit>) {
        let gates = text.gate_cache();
        let text = text.as_str();
        self.exact_words.scan(self, text, active, out);
        self.folded_words.scan(self, text, active, out);
        for matcher in [&self.exact_phrases, &self.folded_phrases]
            .into_iter()
            .flatten()
        {
            let folded = matcher.folded();
            matcher.for_each_match(text, gates, |m| {
                if let Some(candidates) = matcher.lookup.get(&phrase_key(m.as_str(), folded)) {
                    self.try_emit(text, m.range(), candidates, active, out);
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::word_runs_of;
    use aho_corasick::{AhoCorasickBuilder, MatchKind};

    fn rule(phrases: &[&str], replacement: &str, case: CaseMode) -> Arc<ReplaceRule> {
        Arc::new(ReplaceRule {
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
            replacement: replacement.into(),
            case,
            word_bounded: true,
            joiners: Vec::new(),
            guard: Guard::default(),
        })
    }

    fn run(pass: &LiteralPass, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        pass.scan(&StageText::new(text), &[true; 4], &mut out);
        out.into_iter()
            .map(|e| (text[e.range].to_string(), e.replacement))
            .collect()
    }

    /// Case-insensitive, only `k` and `s` among the ASCII letters also match a character
    /// outside ASCII (the Kelvin sign, the long s): the gate words of folded phrases avoid them.
    #[test]
    fn only_k_and_s_fold_to_characters_outside_ascii() {
        let folds_outside_ascii = |letter: char| {
            let hir = regex_syntax::parse(&format!("(?i){letter}")).unwrap();
            let regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(class)) =
                hir.kind()
            else {
                panic!("{letter} case-insensitive is a class");
            };
            class.ranges().iter().any(|r| !r.end().is_ascii())
        };
        let outside: Vec<char> = ('a'..='z').filter(|&c| folds_outside_ascii(c)).collect();
        assert_eq!(outside, ['k', 's']);
    }

    #[test]
    fn phrases_compile_only_for_a_text_with_a_gate_word() {
        let pass = LiteralPass::new(vec![
            (
                0,
                rule(&["Neustadt Treaty"], "New START Treaty", CaseMode::Preserve),
            ),
            (1, rule(&["ADM Treaty"], "ABM Treaty", CaseMode::Exact)),
        ]);
        let compiled = |pass: &LiteralPass| {
            [&pass.exact_phrases, &pass.folded_phrases].map(|m| m.as_ref().unwrap().is_compiled())
        };
        assert!(run(&pass, "no phrase here, only a treat").is_empty());
        assert_eq!(compiled(&pass), [false, false]);
        assert_eq!(
            run(&pass, "the NEUSTADT\ntreaty and the ADM  Treaty"),
            [
                ("ADM  Treaty".to_string(), "ABM Treaty".to_string()),
                (
                    "NEUSTADT\ntreaty".to_string(),
                    "New START Treaty".to_string()
                ),
            ]
        );
        assert_eq!(compiled(&pass), [true, true]);
        // A word the correction keeps is no gate: a text already right compiles nothing.
        let typo = LiteralPass::new(vec![(
            0,
            rule(&["Unites States"], "United States", CaseMode::Exact),
        )]);
        assert!(run(&typo, "the United States").is_empty());
        // Exact, a gate word in another case is no gate word either.
        assert!(run(&typo, "what unites states").is_empty());
        assert!(!typo.exact_phrases.as_ref().unwrap().is_compiled());
        assert_eq!(run(&typo, "the Unites  States").len(), 1);
        // A phrase whose every word        assert_eq!(compiled(&pass), [true, true]);
        // A phrase whose every word holds a `k` or an `s` has no gate: the Kelvin sign is found.
        let kelvin = LiteralPass::new(vec![(0, rule(&["kiss kiss"], "kiss", CaseMode::Ignore))]);
        assert_eq!(run(&kelvin, "\u{212a}iss \u{212a}iss").len(), 1);
    }

    /// What one leftmost-longest automaton over every phrase reports, with the word-boundary
    /// check after a match: the matcher before whole words were looked up in a table.
    fn one_automaton(phrases: &[&str], folded: bool, text: &str) -> Vec<Range<usize>> {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(folded)
            .build(phrases)
            .unwrap();
        ac.find_iter(text)
            .map(|m| m.range())
            .filter(|r| is_word_bounded(text, r.clone()))
            .collect()
    }

    proptest::proptest! {
        /// The table and the automaton together find what one automaton over every phrase
        /// finds, plus the whole words that one automaton hid behind a rejected match.
        #[test]
        fn the_word_table_matches_as_one_automaton_would(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "teh", "Teh", "didn", "didn't", "a-teh", "x", "-", "'", " ", "é", "tehx", "a",
                ]),
                0..12,
            ),
            folded in proptest::bool::ANY,
        ) {
            let text: String = pieces.concat();
            let phrases = ["teh", "didn", "didn't", "a-te", "x-", "a"];
            let case = if folded { CaseMode::Ignore } else { CaseMode::Exact };
            let pass = LiteralPass::new(
                phrases.iter().enumerate().map(|(i, p)| (i, rule(&[p], "R", case))).collect(),
            );
            let mut out = Vec::new();
            pass.scan(&StageText::new(&text), &[true; 6], &mut out);
            let mut got: Vec<_> = out.into_iter().map(|e| e.range).collect();
            got.sort_by_key(|r| (r.start, r.end));
            // Of the phrases, only `teh` goes to the table: `didn` and `a` are runs of
            // `didn't` and `a-te`.
            let mut expected = one_automaton(&phrases, folded, &text);
            for run in word_runs_of(&text) {
                let (start, end) = (run.start, run.end);
                let word = &text[run];
                let is_teh = if folded { word.eq_ignore_ascii_case("teh") } else { word == "teh" };
                let whole = crate::text::is_word_bounded(&text, start..end);
                if is_teh && whole && !expected.iter().any(|r| r.start < end && start < r.end) {
                    expected.push(start..end);
                }
            }
            expected.sort_by_key(|r| (r.start, r.end));
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn a_rejected_match_no_longer_hides_a_whole_word() {
        let pass = LiteralPass::new(vec![
            (0, rule(&["didn-t"], "did not", CaseMode::Exact)),
            (1, rule(&["teh"], "the", CaseMode::Exact)),
        ]);
        assert_eq!(run(&pass, "didn-teh"), vec![("teh".into(), "the".into())]);
        // In `didn'teh` no `teh` is a word: UAX #29 keeps an apostrophe between letters inside.
        assert_eq!(run(&pass, "didn'teh"), vec![]);
    }

    #[test]
    fn joiners_make_a_match_part_of_a_longer_word() {
        let mut joined = rule(&["teh", "didn't"], "the", CaseMode::Preserve);
        Arc::get_mut(&mut joined).unwrap().joiners = vec!['-', '\''];
        let pass = LiteralPass::new(vec![(0, joined)]);
        assert_eq!(run(&pass, "teh-like -teh teh's"), vec![]);
        // A joiner inside the phrase is the phrase's own.
        assert_eq!(
            run(&pass, "(teh) didn't"),
            vec![
                ("teh".into(), "the".into()),
                ("didn't".into(), "the".into())
            ]
        );
        let plain = LiteralPass::new(vec![(0, rule(&["teh"], "the", CaseMode::Preserve))]);
        assert_eq!(run(&plain, "teh-like"), vec![("teh".into(), "the".into())]);
    }

    #[test]
    fn preserve_capitals_keeps_a_names_capitals_and_upper_cases_in_capitals() {
        let pass = LiteralPass::new(vec![(
            0,
            rule(&["scandanavia"], "Scandinavia", CaseMode::PreserveCapitals),
        )]);
        assert_eq!(
            run(&pass, "scandanavia Scandanavia SCANDANAVIA"),
            vec![
                ("scandanavia".into(), "Scandinavia".into()),
                ("Scandanavia".into(), "Scandinavia".into()),
                ("SCANDANAVIA".into(), "SCANDINAVIA".into()),
            ]
        );
    }

    #[test]
    fn preserves_case_patterns() {
        assert_eq!(apply_case("dombas", "Donbas"), "donbas");
        assert_eq!(apply_case("Dombas", "Donbas"), "Donbas");
        assert_eq!(apply_case("DOMBAS", "Donbas"), "DONBAS");
        assert_eq!(apply_case("dOMbas", "Donbas"), "Donbas");
    }

    #[test]
    fn words_are_bounded_and_case_follows_the_mode() {
        let pass = LiteralPass::new(vec![(0, rule(&["Dombas"], "Donbas", CaseMode::Preserve))]);
        assert_eq!(
            run(&pass, "Dombas, DOMBAS and Dombasle"),
            vec![
                ("Dombas".into(), "Donbas".into()),
                ("DOMBAS".into(), "DONBAS".into())
            ]
        );
    }

    #[test]
    fn a_space_in_a_phrase_matches_any_whitespace_run() {
        let pass = LiteralPass::new(vec![(
            0,
            rule(&["Neustadt Treaty"], "New START Treaty", CaseMode::Ignore),
        )]);
        assert_eq!(
            run(&pass, "the neustadt\n  treaty, not the town of Neustadt"),
            vec![("neustadt\n  treaty".into(), "New START Treaty".into())]
        );
    }

    #[test]
    fn exact_mode_ignores_other_cases() {
        let pass = LiteralPass::new(vec![(
            0,
            rule(&["Finish team"], "Finnish team", CaseMode::Exact),
        )]);
        assert_eq!(run(&pass, "finish team").len(), 0);
        assert_eq!(run(&pass, "the Finish team").len(), 1);
    }

    #[test]
    fn the_longest_phrase_wins_and_inactive_rules_are_skipped() {
        let pass = LiteralPass::new(vec![
            (0, rule(&["star"], "STAR", CaseMode::Exact)),
            (
                1,
                rule(&["star treaty"], "New START Treaty", CaseMode::Ignore),
            ),
        ]);
        let mut out = Vec::new();
        pass.scan(&StageText::new("the star treaty"), &[true, true], &mut out);
        assert!(out.iter().any(|e| e.replacement == "New START Treaty"));
        out.clear();
        pass.scan(&StageText::new("the star treaty"), &[true, false], &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].replacement, "STAR");
    }

    #[test]
    fn a_phrase_as_its_replacement_proposes_only_to_keep_a_later_rule_off() {
        let treaty = |id| {
            (
                id,
                rule(
                    &["new start treaty"],
                    "New START Treaty",
                    CaseMode::Preserve,
                ),
            )
        };
        let proposed = |pass: &LiteralPass, active: &[bool]| {
            let mut out = Vec::new();
            pass.scan(&StageText::new("the New START Treaty"), active, &mut out);
            out.into_iter()
                .map(|e| (e.rule, e.replacement))
                .collect::<Vec<_>>()
        };
        // Alone, the rule has nothing to change.
        let alone = LiteralPass::new(vec![treaty(0)]);
        assert_eq!(proposed(&alone, &[true]), []);
        // With a later rule for the phrase, the first one's (unchanging) proposal keeps the
        // later one from changing it; with the first rule off, the later one changes it.
        let later = LiteralPass::new(vec![
            treaty(0),
            (1, rule(&["new start treaty"], "START", CaseMode::Ignore)),
        ]);
        assert_eq!(
            proposed(&later, &[true, true]),
            [(0, "New START Treaty".to_string())]
        );
        assert_eq!(proposed(&later, &[false, true]), [(1, "START".to_string())]);
        assert_eq!(proposed(&later, &[true, false]), []);
    }
}
