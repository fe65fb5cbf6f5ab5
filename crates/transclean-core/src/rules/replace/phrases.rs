//! The multi-word phrases of a `replace` pass as alternation regexes, split so that any number
//! of phrases compiles: a dictionary's thousands of phrases passed the regex size limit in one.
//! They compile when a text first holds a word of one of them: most texts hold none.

use super::{Candidates, Group};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The most phrases one alternation regex holds: a larger one builds slowly and, with thousands
/// of multi-word phrases, past the regex crate's size limit.
const PHRASES_PER_REGEX: usize = 2000;

/// The phrases of one group (exact or case-folded), compiled on first use.
pub(super) struct PhraseMatcher {
    /// The escaped patterns, longest phrase first, in chunks of [`PHRASES_PER_REGEX`].
    patterns: Vec<String>,
    folded: bool,
    regexes: OnceLock<Vec<Regex>>,
    /// A word of each phrase, one of which every match holds; `None` when some phrase has no
    /// word the search can find exactly (see [`gate_word`]).
    gate: Option<AhoCorasick>,
    /// The rules of each phrase (whitespace-normalised, lower case when folded).
    pub(super) lookup: HashMap<String, Candidates>,
}

impl PhraseMatcher {
    /// The regexes to search `text` with, or none when it holds no phrase's gate word (then
    /// they are not compiled).
    pub(super) fn regexes_for(&self, text: &str) -> &[Regex] {
        if self.gate.as_ref().is_some_and(|gate| !gate.is_match(text)) {
            return &[];
        }
        self.regexes.get_or_init(|| {
            let mut regexes = Vec::new();
            let patterns: Vec<&str> = self.patterns.iter().map(String::as_str).collect();
            for chunk in patterns.chunks(PHRASES_PER_REGEX) {
                alternations(chunk, self.folded, &mut regexes);
            }
            regexes
        })
    }

    pub(super) fn folded(&self) -> bool {
        self.folded
    }

    #[cfg(test)]
    pub(super) fn is_compiled(&self) -> bool {
        self.regexes.get().is_some()
    }
}

/// The word of `phrase` (words joined by spaces) a gate looks for: the longest one a
/// plain search finds wherever the phrase's regex matches. Folded, only an ASCII word without
/// `k` or `s` qualifies: case-insensitive, those two also match the Kelvin sign and the long s
/// (Unicode simple case folding), which an ASCII case-insensitive search does not see.
fn gate_word(phrase: &str, folded: bool) -> Option<&str> {
    let exact_search_finds = |word: &&str| {
        !folded
            || (word.is_ascii()
                && !word
                    .bytes()
                    .any(|b| matches!(b.to_ascii_lowercase(), b'k' | b's')))
    };
    phrase
        .split(' ')
        .filter(|word| !word.is_empty())
        .filter(exact_search_finds)
        .max_by_key(|word| word.len())
}

pub(super) fn phrase_regex(group: Group, folded: bool) -> Option<PhraseMatcher> {
    if group.phrases.is_empty() {
        return None;
    }
    // Longest first: the regex is leftmost-first, so this gives leftmost-longest among phrases.
    let mut order: Vec<usize> = (0..group.phrases.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(group.phrases[i].len()));
    let patterns: Vec<String> = order
        .iter()
        .map(|&i| {
            group.phrases[i]
                .split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    let gate_words: Option<Vec<&str>> = (group.phrases.iter())
        .map(|phrase| gate_word(phrase, folded))
        .collect();
    let gate = gate_words.and_then(|words| {
        AhoCorasick::builder()
            .ascii_case_insensitive(folded)
            .match_kind(MatchKind::LeftmostFirst)
            .build(words)
            .ok()
    });
    let lookup = group
        .index
        .into_iter()
        .map(|(key, slot)| (key.into_owned(), group.candidates[slot].clone()))
        .collect();
    Some(PhraseMatcher {
        patterns,
        folded,
        regexes: OnceLock::new(),
        gate,
        lookup,
    })
}

/// Compiles `patterns` into one alternation, or into several if one would pass the size limit.
/// Each regex's matches are leftmost-longest among its phrases; where matches of two regexes
/// overlap, the engine keeps the earlier and longer one, as one regex would have chosen.
fn alternations(patterns: &[&str], folded: bool, out: &mut Vec<Regex>) {
    let built = RegexBuilder::new(&patterns.join("|"))
        .case_insensitive(folded)
        .size_limit(1 << 28)
        .build();
    match built {
        Ok(regex) => out.push(regex),
        // A phrase is at most `MAX_PHRASE_LEN` bytes, far inside the limit.
        Err(e) if patterns.len() == 1 => panic!("an escaped phrase did not compile: {e}"),
        Err(_) => {
            let (left, right) = patterns.split_at(patterns.len() / 2);
            alternations(left, folded, out);
            alternations(right, folded, out);
        }
    }
}
