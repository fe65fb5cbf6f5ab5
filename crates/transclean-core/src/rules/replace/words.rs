//! The single-word phrases of a `replace` pass: whole words in a table (or, for a few, a small
//! automaton), the other phrases (`didn't`, `Mr.`, parts of words) in an Aho-Corasick automaton.

use super::folded_words::FoldedWords;
use super::word_table::WordTable;
use super::{Candidates, Group, LiteralPass, ReplaceRule};
use crate::hash::{FxHashMap, FxHashSet};
use crate::rules::{Edit, RuleIndex};
use crate::text::{is_word_char, word_runs_of};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::ops::Range;
use std::sync::Arc;

/// The single-word phrases of one case mode.
///
/// A phrase made only of word characters, whose rules all want whole words, can only ever match
/// a whole run of word characters in the text; such phrases are looked up run by run in a hash
/// table, which builds in a few milliseconds where an automaton of a 60,000-word dictionary takes
/// a hundred or more. The other phrases (`didn't`, `Mr.`, parts of words) go into an
/// Aho-Corasick automaton. A word that an accepted match of one of the automaton's phrases could
/// overlap (`didn` beside `didn't`) stays in the automaton, so the leftmost-longest choice
/// between them is made as one automaton over all phrases would make it. One difference, on
/// purpose: in one automaton a phrase that matched inside a longer word (and so was rejected)
/// could hide a whole word it overlapped (`didn'teh` hid `teh`); the table finds that word.
pub(super) struct WordMatcher {
    whole: WholeWords,
    automaton: Option<(AhoCorasick, Vec<Candidates>)>,
}

/// Up to this many whole-word phrases are found by an automaton rather than a table: a small
/// automaton skips text with a vectorised prefilter, many times faster than hashing every word,
/// and builds in well under a millisecond; a dictionary-sized one builds slowly and scans no
/// faster than the table.
const WHOLE_WORD_AUTOMATON_MAX: usize = 500;

/// The whole-word phrases (ASCII lower case if folded) and the rules that list them.
enum WholeWords {
    None,
    /// Looked up word by word.
    Table(WordTable),
    /// Found by a leftmost-longest automaton, then checked to be whole words. Its phrases are
    /// all word characters, so a match rejected inside a longer word cannot hide an accepted
    /// one: a whole word starting inside that match would need a non-word character before it.
    /// Folded, a few words are found on a long text by a regex that finds the same.
    Automaton(AhoCorasick, Vec<Candidates>, Option<FoldedWords>),
}

impl WordMatcher {
    pub(super) fn new(
        group: Group,
        folded: bool,
        rules: &[(RuleIndex, Arc<ReplaceRule>)],
    ) -> WordMatcher {
        let key = |phrase: &str| {
            let mut key = phrase.to_string();
            if folded {
                key.make_ascii_lowercase();
            }
            key
        };
        let all_bounded = group
            .candidates
            .iter()
            .flatten()
            .all(|&pos| rules[pos].1.word_bounded);
        let is_pure = |phrase: &str| phrase.chars().all(is_word_char);
        let mut overlap = Overlaps::default();
        if all_bounded {
            for phrase in group.phrases.iter().filter(|p| !is_pure(p)) {
                overlap.add(&key(phrase));
            }
        }
        let mut whole: FxHashMap<String, Candidates> =
            FxHashMap::with_capacity_and_hasher(group.phrases.len(), Default::default());
        let (mut phrases, mut candidates) = (Vec::new(), Vec::new());
        for (phrase, rules_of) in group.phrases.into_iter().zip(group.candidates) {
            let k = key(&phrase);
            if all_bounded && is_pure(&phrase) && !overlap.hits(&k) {
                match whole.get_mut(&k) {
                    Some(earlier) => earlier.extend(rules_of),
                    None => {
                        whole.insert(k, rules_of);
                    }
                }
            } else {
                phrases.push(phrase);
                candidates.push(rules_of);
            }
        }
        let build = |phrases: &mut dyn Iterator<Item = &str>| {
            // A full DFA even past the hundred phrases where the crate would stop building one:
            // a dictionary's phrases start with every letter, so no prefilter skips text, and
            // the DFA searches several times faster than an NFA for a few milliseconds more
            // at start-up (measured on the codespell import's thousand phrases).
            // A DFA can exceed the crate's state limit on a huge phrase set, where an NFA still
            // builds: then the crate picks the kind.
            let phrases: Vec<&str> = phrases.collect();
            let mut builder = AhoCorasickBuilder::new();
            builder
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(folded);
            (builder
                .clone()
                .kind(Some(AhoCorasickKind::DFA))
                .build(&phrases))
            .or_else(|_| builder.build(&phrases))
            .expect("literal phrases within the rule file size limit build an NFA")
        };
        let automaton = (!phrases.is_empty())
            .then(|| (build(&mut phrases.iter().map(|p| p.as_ref())), candidates));
        let whole = match whole.len() {
            0 => WholeWords::None,
            n if n <= WHOLE_WORD_AUTOMATON_MAX => {
                let (words, candidates): (Vec<String>, Vec<Candidates>) = whole.into_iter().unzip();
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                let folded_words = folded.then(|| FoldedWords::new(&words)).flatten();
                WholeWords::Automaton(build(&mut words.iter().copied()), candidates, folded_words)
            }
            _ => WholeWords::Table(WordTable::new(whole, folded)),
        };
        WordMatcher { whole, automaton }
    }

    pub(super) fn scan(
        &self,
        pass: &LiteralPass,
        text: &str,
        active: &[bool],
        out: &mut Vec<Edit>,
    ) {
        match &self.whole {
            WholeWords::None => {}
            WholeWords::Table(table) => table.scan(text, |run, candidates| {
                pass.try_emit(text, run, candidates, active, out);
            }),
            WholeWords::Automaton(ac, candidates, folded) => {
                let mut found = |range: Range<usize>, number: usize| {
                    let whole_word = !text[..range.start]
                        .chars()
                        .next_back()
                        .is_some_and(is_word_char)
                        && !text[range.end..].chars().next().is_some_and(is_word_char);
                    if whole_word {
                        pass.try_emit(text, range, &candidates[number], active, out);
                    }
                };
                let searched =
                    (folded.as_ref()).is_some_and(|words| words.search(text, &mut found));
                if !searched {
                    for m in ac.find_iter(text) {
                        found(m.range(), m.pattern().as_usize());
                    }
                }
            }
        }
        if let Some((ac, candidates)) = &self.automaton {
            for m in ac.find_iter(text) {
                pass.try_emit(
                    text,
                    m.range(),
                    &candidates[m.pattern().as_usize()],
                    active,
                    out,
                );
            }
        }
    }
}

/// The whole-word phrases that a phrase with other characters could overlap with a match that
/// is itself accepted (word-bounded).
///
/// A whole-word match `p` is a maximal run of word characters. A bounded match of a phrase `q`
/// with a non-word character overlaps it only where a run of `q` that starts `q` or follows a
/// non-word character equals `p`: `q` = `p` then a non-word character (`didn't` over `didn`), or
/// `q` reaching into `p` from before it (`a-teh` over `teh`). A run that stops short of `p`'s end
/// would leave `q` ending inside a word, which the boundary check rejects.
#[derive(Default)]
struct Overlaps {
    runs: FxHashSet<String>,
}

impl Overlaps {
    fn add(&mut self, phrase: &str) {
        for run in word_runs_of(phrase) {
            self.runs.insert(phrase[run].to_string());
        }
    }

    fn hits(&self, word: &str) -> bool {
        self.runs.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_phrases_keep_whole_words_in_the_automaton() {
        let mut overlaps = Overlaps::default();
        overlaps.add("didn't");
        overlaps.add("a-teh");
        assert!(overlaps.hits("didn"));
        assert!(overlaps.hits("teh"));
        assert!(!overlaps.hits("te"));
        assert!(!overlaps.hits("the"));
    }
}
