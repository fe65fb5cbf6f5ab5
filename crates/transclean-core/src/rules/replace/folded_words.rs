//! A few whole words matched ignoring ASCII case, found on a long text by a regex: its search
//! skips text by the words' case variants, where aho-corasick's ASCII case-insensitive search
//! has no vectorised prefilter and goes byte by byte.
//!
//! Three built-in words (`oanly`, `Dombas`, `Yanokovich`) took 118 ms a scan of the settled 78 MB
//! benchmark text by the automaton, 13 ms by the regex: the first two pipeline runs scan all of
//! it, and so does cleaning a text that is already clean (issue 15).

use crate::hash::FxHashMap;
use regex::{Regex, RegexBuilder};
use std::ops::Range;
use std::sync::OnceLock;

/// Up to this many words get a regex: the regex crate's prefilter holds a few case variants of
/// each word's start, and past a few dozen words it has none and the automaton is as fast.
const MOST_WORDS: usize = 32;

/// From this length on a text is searched by the regex. Compiling it costs about what the
/// automaton's search of a few hundred kilobytes does; once compiled, it serves every later
/// text. Tests use short texts, and a low bound there.
const LONG_TEXT_BYTES: usize = if cfg!(test) { 8 } else { 256 * 1024 };

pub(super) struct FoldedWords {
    /// The words as one ASCII case-insensitive alternation, longest first.
    alternation: String,
    /// Each word's number (its place in the list given), by the word in lower case.
    numbers: FxHashMap<String, usize>,
    regex: OnceLock<Regex>,
}

impl FoldedWords {
    /// For `words`, distinct in ASCII lower case: `None` if they are too many or not all ASCII.
    pub(super) fn new(words: &[&str]) -> Option<FoldedWords> {
        if words.len() > MOST_WORDS || !words.iter().all(|w| w.is_ascii() && !w.is_empty()) {
            return None;
        }
        let numbers: FxHashMap<String, usize> = (words.iter().enumerate())
            .map(|(number, word)| (word.to_ascii_lowercase(), number))
            .collect();
        if numbers.len() != words.len() {
            return None;
        }
        // Longest first: the regex is leftmost-first, so among the words that match at the
        // leftmost place it takes the longest, as a leftmost-longest automaton does.
        let mut ordered = words.to_vec();
        ordered.sort_by_key(|word| std::cmp::Reverse(word.len()));
        let escaped: Vec<String> = ordered.iter().map(|w| regex::escape(w)).collect();
        Some(FoldedWords {
            // Without Unicode, case-insensitive is ASCII case-insensitive, as the automaton is.
            alternation: format!("(?i-u:{})", escaped.join("|")),
            numbers,
            regex: OnceLock::new(),
        })
    }

    /// Calls `found` with each match (range, word number) that a leftmost-longest, ASCII
    /// case-insensitive automaton of the words finds in `text`, in order; `false` (calling
    /// nothing) when `text` is too short to be worth the regex.
    pub(super) fn search(&self, text: &str, mut found: impl FnMut(Range<usize>, usize)) -> bool {
        if text.len() < LONG_TEXT_BYTES && self.regex.get().is_none() {
            return false;
        }
        let regex = self.regex.get_or_init(|| {
            RegexBuilder::new(&self.alternation)
                .build()
                .expect("escaped ASCII words compile")
        });
        for m in regex.find_iter(text) {
            let number = self.numbers[&m.as_str().to_ascii_lowercase()];
            found(m.range(), number);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    proptest::proptest! {
        /// The regex finds what the leftmost-longest, ASCII case-insensitive automaton finds.
        #[test]
        fn finds_what_the_automaton_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "dom", "DOM", "bas", "Dombas", "dombasle", "ab", "AB", "abc", " ", "é", "\u{212A}",
                    "k", "K", ".", "a+b",
                ]),
                0..16,
            ),
        ) {
            let text: String = pieces.concat();
            let words = ["dombas", "dom", "abc", "ab", "a+b", "k"];
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(words)
                .unwrap();
            let expected: Vec<(Range<usize>, usize)> = automaton
                .find_iter(&text)
                .map(|m| (m.range(), m.pattern().as_usize()))
                .collect();
            let folded = FoldedWords::new(&words).unwrap();
            let mut got = Vec::new();
            let searched = folded.search(&text, |range, number| got.push((range, number)));
            proptest::prop_assert_eq!(searched, text.len() >= LONG_TEXT_BYTES);
            if searched {
                proptest::prop_assert_eq!(got, expected);
            }
        }
    }

    #[test]
    fn words_that_would_not_match_as_the_automaton_does_get_no_regex() {
        assert!(FoldedWords::new(&["straße"]).is_none());
        assert!(FoldedWords::new(&["Mr", "mr"]).is_none());
        assert!(FoldedWords::new(&vec!["word"; MOST_WORDS + 1]).is_none());
    }
}
