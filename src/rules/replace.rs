//! `replace`: literal words and phrases, all rules of a stage matched in one pass.
//!
//! Single words go into Aho-Corasick automata (leftmost-longest; one exact, one ASCII
//! case-insensitive), phrases with spaces into one alternation regex where each space matches any
//! run of whitespace. Word boundaries and guards are checked after a match, so a large dictionary
//! costs one scan of the text, not one per rule.

use super::{
    Compiled, Edit, Guard, KindSpec, Pass, RuleError, RuleIndex, Span, Stage, choice, flag,
    required,
};
use crate::config::raw::RawRule;
use crate::text::is_word_bounded;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub static SPEC: KindSpec = KindSpec {
    name: "replace",
    stage: Stage::Corrections,
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
            "exact (default) | ignore | preserve: how letter case is matched and kept",
        ),
        ("word-bounded", "match whole words only (default true)"),
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
}

#[derive(Debug, Clone)]
pub struct ReplaceRule {
    pub phrases: Vec<String>,
    pub replacement: String,
    pub case: CaseMode,
    pub word_bounded: bool,
    pub guard: Guard,
}

fn compile(raw: &RawRule, span: Span) -> Result<Compiled, RuleError> {
    let find = raw
        .find
        .as_ref()
        .ok_or_else(|| RuleError::at(span.clone(), "a `replace` rule needs `find`"))?;
    let replacement = required(raw.replace.as_ref(), "replace", "replace", &span)?;
    let phrases: Vec<String> = find
        .get_ref()
        .to_vec()
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if phrases.is_empty() || phrases.iter().any(String::is_empty) {
        return Err(RuleError::at(find.span(), "`find` holds an empty phrase"));
    }
    let case = match choice(
        raw.case.as_ref(),
        "case",
        &["exact", "ignore", "preserve"],
        "exact",
    )? {
        "ignore" => CaseMode::Ignore,
        "preserve" => CaseMode::Preserve,
        _ => CaseMode::Exact,
    };
    Ok(Compiled::Literal(Arc::new(ReplaceRule {
        phrases,
        replacement: replacement.get_ref().clone(),
        case,
        word_bounded: flag(&raw.word_bounded, true),
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

/// Which rules a phrase belongs to (several rules may list the same phrase; the first active wins).
type Candidates = Vec<usize>;

/// All `replace` rules of one stage, compiled into as few automata as possible.
pub struct LiteralPass {
    rules: Vec<(RuleIndex, Arc<ReplaceRule>)>,
    exact_words: Option<(AhoCorasick, Vec<Candidates>)>,
    folded_words: Option<(AhoCorasick, Vec<Candidates>)>,
    exact_phrases: Option<(Regex, HashMap<String, Candidates>)>,
    folded_phrases: Option<(Regex, HashMap<String, Candidates>)>,
}

#[derive(Default)]
struct Group {
    phrases: Vec<String>,
    candidates: Vec<Candidates>,
    index: HashMap<String, usize>,
}

impl Group {
    fn add(&mut self, key: String, rule_pos: usize) {
        let next = self.phrases.len();
        let slot = *self.index.entry(key.clone()).or_insert(next);
        if slot == next {
            self.phrases.push(key);
            self.candidates.push(Vec::new());
        }
        self.candidates[slot].push(rule_pos);
    }
}

impl LiteralPass {
    pub fn new(rules: Vec<(RuleIndex, Arc<ReplaceRule>)>) -> Self {
        let (mut exact_words, mut folded_words) = (Group::default(), Group::default());
        let (mut exact_phrases, mut folded_phrases) = (Group::default(), Group::default());
        for (pos, (_, rule)) in rules.iter().enumerate() {
            let folded = rule.case != CaseMode::Exact;
            for phrase in &rule.phrases {
                let multi_word = phrase.contains(' ');
                match (folded, multi_word || (folded && !phrase.is_ascii())) {
                    (false, false) => exact_words.add(phrase.clone(), pos),
                    (true, false) => folded_words.add(phrase.clone(), pos),
                    (false, true) => exact_phrases.add(phrase.clone(), pos),
                    (true, true) => folded_phrases.add(phrase.to_lowercase(), pos),
                }
            }
        }
        LiteralPass {
            rules,
            exact_words: automaton(exact_words, false),
            folded_words: automaton(folded_words, true),
            exact_phrases: phrase_regex(exact_phrases, false),
            folded_phrases: phrase_regex(folded_phrases, true),
        }
    }

    fn try_emit(
        &self,
        text: &str,
        range: Range<usize>,
        candidates: &[usize],
        active: &[bool],
        out: &mut Vec<Edit>,
    ) {
        for &pos in candidates {
            let (index, rule) = &self.rules[pos];
            if !active[*index]
                || (rule.word_bounded && !is_word_bounded(text, range.clone()))
                || !rule.guard.allows(text, range.clone())
            {
                continue;
            }
            let matched = &text[range.clone()];
            let replacement = match rule.case {
                CaseMode::Preserve => apply_case(matched, &rule.replacement),
                _ => rule.replacement.clone(),
            };
            out.push(Edit {
                range,
                replacement,
                rule: *index,
            });
            return;
        }
    }
}

fn automaton(group: Group, folded: bool) -> Option<(AhoCorasick, Vec<Candidates>)> {
    if group.phrases.is_empty() {
        return None;
    }
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(folded)
        .build(&group.phrases)
        .expect("literal phrases always build an automaton");
    Some((ac, group.candidates))
}

fn phrase_regex(group: Group, folded: bool) -> Option<(Regex, HashMap<String, Candidates>)> {
    if group.phrases.is_empty() {
        return None;
    }
    // Longest first: the regex is leftmost-first, so this gives leftmost-longest among phrases.
    let mut order: Vec<usize> = (0..group.phrases.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(group.phrases[i].len()));
    let alternation = order
        .iter()
        .map(|&i| {
            group.phrases[i]
                .split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|");
    let regex = RegexBuilder::new(&alternation)
        .case_insensitive(folded)
        .size_limit(1 << 28)
        .build()
        .expect("escaped phrases always compile");
    let lookup = group
        .index
        .into_iter()
        .map(|(key, slot)| (key, group.candidates[slot].clone()))
        .collect();
    Some((regex, lookup))
}

fn phrase_key(matched: &str, folded: bool) -> String {
    let key = matched.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded { key.to_lowercase() } else { key }
}

impl Pass for LiteralPass {
    fn scan(&self, text: &str, active: &[bool], out: &mut Vec<Edit>) {
        for (ac, candidates) in [&self.exact_words, &self.folded_words]
            .into_iter()
            .flatten()
        {
            for m in ac.find_iter(text) {
                self.try_emit(
                    text,
                    m.range(),
                    &candidates[m.pattern().as_usize()],
                    active,
                    out,
                );
            }
        }
        for (folded, group) in [(false, &self.exact_phrases), (true, &self.folded_phrases)] {
            let Some((regex, lookup)) = group else {
                continue;
            };
            for m in regex.find_iter(text) {
                if let Some(candidates) = lookup.get(&phrase_key(m.as_str(), folded)) {
                    self.try_emit(text, m.range(), candidates, active, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(phrases: &[&str], replacement: &str, case: CaseMode) -> Arc<ReplaceRule> {
        Arc::new(ReplaceRule {
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
            replacement: replacement.into(),
            case,
            word_bounded: true,
            guard: Guard::default(),
        })
    }

    fn run(pass: &LiteralPass, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        pass.scan(text, &[true; 4], &mut out);
        out.into_iter()
            .map(|e| (text[e.range].to_string(), e.replacement))
            .collect()
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
        pass.scan("the star treaty", &[true, true], &mut out);
        assert!(out.iter().any(|e| e.replacement == "New START Treaty"));
        out.clear();
        pass.scan("the star treaty", &[true, false], &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].replacement, "STAR");
    }
}
