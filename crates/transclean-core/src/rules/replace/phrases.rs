//! The multi-word phrases of a `replace` pass as alternation regexes, split so that any number
//! of phrases compiles: a dictionary's thousands of phrases passed the regex size limit in one.
//! They compile when a text first holds a word of one of them: most texts hold none.

use super::gate_index::{Dead, GateCache, hits_in};
use super::{Candidates, Group, ReplaceRule};
use crate::rules::RuleIndex;
use crate::rules::literal_set::LiteralSet;
use regex::{Match, Regex, RegexBuilder};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

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
    gate: Option<Gate>,
    /// The most words (runs of non-whitespace) any phrase has: how far a match can reach from
    /// its gate word.
    most_words: usize,
    /// The rules of each phrase (whitespace-normalised, lower case when folded).
    pub(super) lookup: HashMap<String, Candidates>,
}

impl PhraseMatcher {
    /// The regexes to search `text` with, or none when it holds no phrase's gate word (then
    /// they are not compiled).
    pub(super) fn regexes_for(&self, text: &str) -> &[Regex] {
        if self
            .gate
            .as_ref()
            .is_some_and(|gate| !gate.words.may_be_in(text))
        {
            return &[];
        }
        self.regexes()
    }

    /// The regexes, compiled now if they were not yet.
    fn regexes(&self) -> &[Regex] {
        self.regexes.get_or_init(|| {
            let mut regexes = Vec::new();
            let patterns: Vec<&str> = self.patterns.iter().map(String::as_str).collect();
            for chunk in patterns.chunks(PHRASES_PER_REGEX) {
                alternations(chunk, self.folded, &mut regexes);
            }
            regexes
        })
    }

    /// Calls `found` with every match of each regex in `text`, as its `find_iter` gives them.
    ///
    /// Every match holds a gate word, and on a long text the regexes search only around gate
    /// words: a search of the whole text stopped wherever a phrase's first letters occurred, and
    /// case-folded prefixes such as `rus` or `sta` occur every few words (issue 15).
    ///
    /// With the engine's `gates` cache, the gate words' places are kept through its edits, and
    /// those around which a regex found nothing are passed over until an edit comes near.
    pub(super) fn for_each_match<'t>(
        &self,
        text: &'t str,
        gates: Option<&GateCache>,
        mut found: impl FnMut(Match<'t>),
    ) {
        let Some(gate) = self.gate.as_ref() else {
            return self.search_whole(text, found);
        };
        let Some(finder) = gate.finder(text, self.folded) else {
            return self.search_whole(text, found);
        };
        // The gate words' places also tell whether the text holds any: no other search for
        // them is needed.
        let mut search_around = |hits: &[usize], mut dead: Option<&mut [Vec<Dead>]>| {
            if hits.is_empty() {
                return;
            }
            for (index, regex) in self.regexes().iter().enumerate() {
                let dead = dead.as_deref_mut().map(|dead| &mut dead[index]);
                gated_matches(regex, text, hits, self.most_words, dead, &mut found);
            }
        };
        match gates {
            // The matcher's address tells it from the others: the engine's matchers live as
            // long as it does.
            Some(gates) => {
                let matcher = self as *const PhraseMatcher as usize;
                let regexes = self.regexes().len();
                gates.with_hits(
                    matcher,
                    finder,
                    gate.longest,
                    regexes,
                    text,
                    |hits, dead| search_around(hits, Some(dead)),
                )
            }
            None => search_around(&hits_in(finder, text, 0..text.len()), None),
        }
    }

    /// [`PhraseMatcher::for_each_match`] without a gate: each regex searches the whole text.
    fn search_whole<'t>(&self, text: &'t str, mut found: impl FnMut(Match<'t>)) {
        for regex in self.regexes_for(text) {
            regex.find_iter(text).for_each(&mut found);
        }
    }

    pub(super) fn folded(&self) -> bool {
        self.folded
    }

    #[cfg(test)]
    pub(super) fn is_compiled(&self) -> bool {
        self.regexes.get().is_some()
    }
}

/// The gate words of a group of phrases.
struct Gate {
    /// Tells whether a text holds any. Its automaton (a DFA, the fastest to search a long
    /// text) is built once the texts searched pay for it: the two groups' were a twelfth of
    /// `check` on one small file (issue 15, W4).
    words: LiteralSet,
    /// The words as a regex alternation, for [`Gate::finder`].
    alternation: String,
    /// Finds where each occurrence starts. A regex, not the automaton above: case-folded, the
    /// automaton cannot use its vectorised search, and went byte by byte.
    finder: OnceLock<Regex>,
    /// The longest word, in bytes (they are ASCII).
    longest: usize,
}

/// How long a text must be before a gate finder is compiled for it. Compiling costs about
/// 0.4 M instructions, what the gated search saves on some 10 KB of text; once compiled, it
/// serves every later text (a tree of small transcripts), so a single small file (a pre-commit
/// check) does not pay for it.
const GATED_TEXT_BYTES: usize = 8 * 1024;

impl Gate {
    /// The finder to search `text` with: compiled for the first text long enough to pay for
    /// it, then used for every text.
    fn finder(&self, text: &str, folded: bool) -> Option<&Regex> {
        if text.len() < GATED_TEXT_BYTES && self.finder.get().is_none() {
            return None;
        }
        Some(self.finder.get_or_init(|| {
            RegexBuilder::new(&self.alternation)
                .case_insensitive(folded)
                .build()
                .expect("escaped words compile")
        }))
    }
}

/// The word of `phrase` (words joined by spaces) a gate looks for: one a plain search finds
/// wherever the phrase's regex matches. Folded, only an ASCII word without `k` or `s`
/// qualifies: case-insensitive, those two also match the Kelvin sign and the long s (Unicode
/// simple case folding), which an ASCII case-insensitive search does not see.
///
/// Of those, a word that is not in `replacements` (what the phrase's rules put in its place),
/// then the longest. The word a correction changes is the misheard or mistyped one, rare in
/// clean text; a word it keeps is found in every text that was already right, and in every
/// text once cleaned: "States" of "Unites States" made a small file that names the United
/// States compile the phrases (issue 15, W4).
fn gate_word<'p>(phrase: &'p str, replacements: &[&str], folded: bool) -> Option<&'p str> {
    let exact_search_finds = |word: &&str| {
        !folded
            || (word.is_ascii()
                && !word
                    .bytes()
                    .any(|b| matches!(b.to_ascii_lowercase(), b'k' | b's')))
    };
    let same = |a: &str, b: &str| {
        if folded {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let kept = |word: &str| {
        (replacements.iter())
            .flat_map(|replacement| replacement.split_whitespace())
            .any(|kept| same(kept, word))
    };
    phrase
        .split(' ')
        .filter(|word| !word.is_empty())
        .filter(exact_search_finds)
        .max_by_key(|word| (!kept(word), word.len()))
}

pub(super) fn phrase_regex(
    group: Group,
    folded: bool,
    rules: &[(RuleIndex, Arc<ReplaceRule>)],
) -> Option<PhraseMatcher> {
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
    let gate_words: Option<Vec<&str>> = (group.phrases.iter().zip(&group.candidates))
        .map(|(phrase, candidates)| {
            let replacements: Vec<&str> = (candidates.iter())
                .map(|&pos| rules[pos].1.replacement.as_str())
                .collect();
            gate_word(phrase, &replacements, folded)
        })
        .collect();
    let gate = gate_words.map(|words| {
        let literals = words.iter().map(|w| w.as_bytes().to_vec()).collect();
        Gate {
            words: LiteralSet::new(literals, folded, None),
            alternation: words
                .iter()
                .map(|w| regex::escape(w))
                .collect::<Vec<_>>()
                .join("|"),
            finder: OnceLock::new(),
            longest: words.iter().map(|w| w.len()).max().unwrap_or(1),
        }
    });
    let most_words = (group.phrases.iter())
        .map(|phrase| {
            phrase
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .count()
        })
        .max()
        .unwrap_or(0);
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
        most_words,
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

/// The matches `regex.find_iter(text)` gives, searching only near `hits` (where a gate word
/// starts, sorted): every match holds one, at most `most_words` runs of non-whitespace from
/// either end. The phrases are literal words joined by `\s+`, with no anchors or word
/// boundaries, so a search of a slice of the text finds what a search of the whole finds there.
///
/// With `dead` (the places known to have no match around them, in order), those are passed
/// over, and the places found to have none are added.
fn gated_matches<'t>(
    regex: &Regex,
    text: &'t str,
    hits: &[usize],
    most_words: usize,
    dead: Option<&mut Vec<Dead>>,
    found: &mut impl FnMut(Match<'t>),
) {
    let mut newly_dead = Vec::new();
    let known = dead.as_deref().map_or(&[][..], Vec::as_slice);
    search_near_hits(regex, text, hits, most_words, known, &mut newly_dead, found);
    if let Some(dead) = dead.filter(|_| !newly_dead.is_empty()) {
        // Two sorted runs: the stable sort merges them.
        dead.append(&mut newly_dead);
        dead.sort_by_key(|d| d.hit);
    }
}

/// [`gated_matches`], passing over the places of `known` and noting in `newly_dead` those
/// found to have no match around them.
fn search_near_hits<'t>(
    regex: &Regex,
    text: &'t str,
    hits: &[usize],
    most_words: usize,
    known: &[Dead],
    newly_dead: &mut Vec<Dead>,
    found: &mut impl FnMut(Match<'t>),
) {
    // Invariant: the next match `find_iter` gives is the leftmost one starting at or after
    // `at`, and its gate word starts at `hits[next]` or a later hit.
    let mut at = 0;
    let mut next = 0;
    let mut next_known = 0;
    // The bytes the windows may cover in all: gate words are rare in real text, and their
    // windows a small part of it. Past that (a hostile text dense with gate words inside long
    // words), the whole-text search is cheaper, and it is what `find_iter` does anyway.
    let mut budget = text.len() + LONG_WINDOW_BYTES;
    loop {
        next += hits[next..].partition_point(|&hit| hit < at);
        let Some(&hit) = hits.get(next) else {
            return;
        };
        // No match has its gate word at a dead place, whatever `at` is: the search from its
        // window's start found none.
        next_known += known[next_known..].partition_point(|d| d.hit < hit);
        if let Some(dead) = known.get(next_known).filter(|d| d.hit == hit) {
            debug_assert!(
                {
                    let window =
                        words_back(text, hit, most_words)..words_forward(text, hit, most_words);
                    dead.window() == window
                        && regex.find_at(&text[..window.end], window.start).is_none()
                },
                "a place kept as dead has no match around it"
            );
            next += 1;
            continue;
        }
        // A match whose gate word starts at `hit` lies in `from..to`.
        let window_start = words_back(text, hit, most_words);
        let from = at.max(window_start);
        let to = words_forward(text, hit, most_words);
        budget = budget.saturating_sub(to - from);
        if to - from > LONG_WINDOW_BYTES || budget == 0 {
            // A word or a run of whitespace that long (a hostile or binary text) could hold
            // many gate words, each walking it again: search on from `at` as `find_iter` does.
            let mut at = at;
            while let Some(m) = regex.find_at(text, at) {
                found(m);
                at = m.end();
            }
            return;
        }
        let Some(within) = regex.find_at(&text[..to], from) else {
            // The next match is not one around this hit, so its gate word is a later one.
            if from == window_start {
                newly_dead.extend(Dead::new(hit, window_start..to));
            }
            next += 1;
            continue;
        };
        // The match is the next one unless one around a later hit could start before it and
        // end past `to`; then the search from `from` finds the next match, which ends by
        // `within`'s end at the latest.
        let later_may_start_first = (hits.get(next + 1))
            .is_some_and(|&later| words_back(text, later, most_words) <= within.start());
        let m = if later_may_start_first {
            regex
                .find_at(text, from)
                .expect("a match was found after `from`")
        } else {
            within
        };
        found(m);
        at = m.end();
    }
}

/// Past this, a window around a gate word is not searched on its own (see [`gated_matches`]):
/// phrases are at most `MAX_PHRASE_LEN` bytes, and real text has no longer words.
const LONG_WINDOW_BYTES: usize = 4096;

/// The start of the `words`-th run of non-whitespace before the one `at` is in (of that one
/// when `words` is 0), or the text's start: where a match holding `words` words before the one
/// at `at` can start.
fn words_back(text: &str, at: usize, words: usize) -> usize {
    // Byte by byte while the bytes are ASCII, which is most text: decoding every character
    // back from each gate word was a third of the gated search (issue 15).
    let bytes = text.as_bytes();
    let mut start = at;
    let skip = |whitespace: bool, start: &mut usize| {
        while let Some(&byte) = start.checked_sub(1).map(|i| &bytes[i]) {
            if !byte.is_ascii() {
                return false;
            }
            if is_ascii_whitespace(byte) != whitespace {
                break;
            }
            *start -= 1;
        }
        true
    };
    let mut ascii = skip(false, &mut start);
    for _ in 0..words {
        ascii = ascii && skip(true, &mut start) && skip(false, &mut start);
    }
    if ascii {
        start
    } else {
        words_back_by_characters(text, at, words)
    }
}

/// [`words_back`], character by character.
fn words_back_by_characters(text: &str, at: usize, words: usize) -> usize {
    let mut chars = text[..at].char_indices().rev().peekable();
    let mut start = at;
    // The part before `at` of the word it is in, then `words` times: whitespace, a word.
    let mut skip = |whitespace: bool, start: &mut usize| {
        while let Some(&(i, _)) = chars
            .peek()
            .filter(|(_, c)| c.is_whitespace() == whitespace)
        {
            *start = i;
            chars.next();
        }
    };
    skip(false, &mut start);
    for _ in 0..words {
        skip(true, &mut start);
        skip(false, &mut start);
    }
    start
}

/// The end of the `words`-th run of non-whitespace from `at` (counting the one `at` is in),
/// and the whitespace after it: where a match starting at `at` with `words` words can end.
fn words_forward(text: &str, at: usize, words: usize) -> usize {
    // Byte by byte while the bytes are ASCII (see [`words_back`]).
    let bytes = text.as_bytes();
    let mut end = at;
    for _ in 0..words.max(1) {
        for whitespace in [false, true] {
            while let Some(&byte) = bytes.get(end) {
                if !byte.is_ascii() {
                    return words_forward_by_characters(text, at, words);
                }
                if is_ascii_whitespace(byte) != whitespace {
                    break;
                }
                end += 1;
            }
        }
    }
    end
}

/// [`words_forward`], character by character.
fn words_forward_by_characters(text: &str, at: usize, words: usize) -> usize {
    let mut end = at;
    let mut chars = text[at..].char_indices().peekable();
    for _ in 0..words.max(1) {
        for whitespace in [false, true] {
            while let Some(&(i, c)) = chars
                .peek()
                .filter(|(_, c)| c.is_whitespace() == whitespace)
            {
                end = at + i + c.len_utf8();
                chars.next();
            }
        }
    }
    end
}

/// Whether the ASCII `byte` is whitespace as [`char::is_whitespace`] has it (with the vertical
/// tab, which [`u8::is_ascii_whitespace`] leaves out).
fn is_ascii_whitespace(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == 0x0B
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regexes of `phrases` (words joined by single spaces), the finder of their gate
    /// words, and the most words a phrase has.
    fn compiled(phrases: &[String], folded: bool) -> (Vec<Regex>, Regex, usize) {
        let patterns: Vec<String> = (phrases.iter())
            .map(|p| {
                p.split(' ')
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let mut regexes = Vec::new();
        alternations(&patterns, folded, &mut regexes);
        let words: Vec<&str> = phrases
            .iter()
            .map(|p| gate_word(p, &[], folded).unwrap())
            .collect();
        let finder = RegexBuilder::new(&words.join("|"))
            .case_insensitive(folded)
            .build()
            .unwrap();
        let most_words = phrases.iter().map(|p| p.split(' ').count()).max().unwrap();
        (regexes, finder, most_words)
    }

    /// Every place in `text` where a gate word starts.
    fn gate_hits(finder: &Regex, text: &str) -> Vec<usize> {
        hits_in(finder, text, 0..text.len())
    }

    proptest::proptest! {
        /// Read byte by byte where the text is ASCII, the words around a place end where
        /// reading character by character says: with every kind of whitespace, ASCII or not,
        /// and letters of several bytes.
        #[test]
        fn words_are_read_as_character_by_character(
            text in "[a \t\n\x0B\x0C\r\x1F\u{85}\u{a0}\u{2003}é€]{0,16}",
            at in 0usize..40,
            words in 0usize..4,
        ) {
            let at = crate::text::floor_char_boundary(&text, at.min(text.len()));
            proptest::prop_assert_eq!(
                words_back(&text, at, words),
                words_back_by_characters(&text, at, words)
            );
            proptest::prop_assert_eq!(
                words_forward(&text, at, words),
                words_forward_by_characters(&text, at, words)
            );
        }

        /// Searching around gate words finds the matches a search of the whole text finds:
        /// with gate words that overlap, runs of any whitespace, matches inside longer words,
        /// and phrases whose gate word is first, last or in the middle.
        #[test]
        fn gated_search_finds_what_a_whole_search_finds(
            phrases in proptest::collection::vec("(ab|b|ba|abc|c)( (ab|b|ba|abc|c)){0,2}", 1..4),
            text in "[abcAB \n\t\u{a0}\u{2003}é]{0,40}",
            folded: bool,
        ) {
            let (regexes, finder, most_words) = compiled(&phrases, folded);
            let hits = gate_hits(&finder, &text);
            for regex in &regexes {
                let mut gated = Vec::new();
                gated_matches(regex, &text, &hits, most_words, None, &mut |m| gated.push(m.range()));
                let whole: Vec<_> = regex.find_iter(&text).map(|m| m.range()).collect();
                proptest::prop_assert_eq!(gated, whole);
            }
        }

        /// The places found dead in a text and moved through edits are still dead in the
        /// edited text, and passing over them finds what a search of the whole edited text
        /// finds: with edits inside, next to and far from the windows, that make or break
        /// gate words and phrases, or join and split words.
        #[test]
        fn dead_places_moved_through_edits_are_passed_over_rightly(
            phrases in proptest::collection::vec("(ab|b|ba|abc|c)( (ab|b|ba|abc|c)){0,2}", 1..4),
            text in "[abcAB \n\t\u{a0}é]{0,60}",
            edits in proptest::collection::vec((0usize..60, 0usize..4, "[abc \n]{0,3}"), 0..4),
            folded: bool,
        ) {
            let (regexes, finder, most_words) = compiled(&phrases, folded);
            let boundary = |at: usize| crate::text::floor_char_boundary(&text, at);
            let edits = crate::test_edits::non_overlapping(
                &text,
                (edits.into_iter())
                    .map(|(at, len, to)| (boundary(at), boundary(boundary(at) + len) - boundary(at), to))
                    .collect(),
            );
            let edited = crate::test_edits::spliced_by_copying(&text, &edits);
            let shifts = crate::rules::shifts_before(&edits);
            let hits = gate_hits(&finder, &text);
            let moved_hits = crate::rules::moved_through(
                &hits, 3, &edited, &edits, &shifts, |w| hits_in(&finder, &edited, w),
            );
            proptest::prop_assert_eq!(&moved_hits, &gate_hits(&finder, &edited));
            for regex in &regexes {
                let mut dead = Vec::new();
                gated_matches(regex, &text, &hits, most_words, Some(&mut dead), &mut |_| ());
                let mut dead = super::super::gate_index::dead_moved(&dead, &edits, &shifts);
                for d in &dead {
                    let window = words_back(&edited, d.hit, most_words)
                        ..words_forward(&edited, d.hit, most_words);
                    proptest::prop_assert_eq!(d.window(), window.clone());
                    proptest::prop_assert!(regex.find_at(&edited[..window.end], window.start).is_none());
                }
                let mut gated = Vec::new();
                gated_matches(regex, &edited, &moved_hits, most_words, Some(&mut dead), &mut |m| {
                    gated.push(m.range())
                });
                let whole: Vec<_> = regex.find_iter(&edited).map(|m| m.range()).collect();
                proptest::prop_assert_eq!(gated, whole);
                proptest::prop_assert!(dead.windows(2).all(|pair| pair[0].hit < pair[1].hit));
            }
        }
    }

    /// Around the first hit (`c` at 0) the search finds `b` at 2, but the whole text has the
    /// preferred `b c` there, whose gate word is the next hit: the search must look past `to`.
    #[test]
    fn a_match_around_a_later_hit_that_starts_first_is_found() {
        let mut regexes = Vec::new();
        alternations(&[r"b\s+c", "b"], false, &mut regexes);
        let finder = Regex::new("c|b").unwrap();
        let text = "c b c";
        let mut gated = Vec::new();
        let hits = gate_hits(&finder, text);
        gated_matches(&regexes[0], text, &hits, 2, None, &mut |m| {
            gated.push(m.range())
        });
        assert_eq!(gated, vec![(2..5)]);
    }

    /// One long word full of gate words is searched as a whole: walking it again for each of
    /// them would take time quadratic in its length.
    #[test]
    fn a_long_word_of_gate_words_finds_what_a_whole_search_finds() {
        let mut regexes = Vec::new();
        alternations(&[r"ab\s+c", "b"], false, &mut regexes);
        let finder = Regex::new("c|b").unwrap();
        let text = format!("x {} c b c", "ab".repeat(5000));
        let hits = gate_hits(&finder, &text);
        let mut gated = Vec::new();
        gated_matches(&regexes[0], &text, &hits, 2, None, &mut |m| {
            gated.push(m.range())
        });
        let whole: Vec<_> = regexes[0].find_iter(&text).map(|m| m.range()).collect();
        assert_eq!(gated, whole);
        // The `b` of each `ab` but the last, that last `ab c`, and the lone `b`.
        assert_eq!(gated.len(), 5001);
    }

    /// Many words of gate words, each shorter than a long window: once the windows have
    /// covered as much as the text, the search goes on over the whole text.
    #[test]
    fn words_dense_with_gate_words_find_what_a_whole_search_finds() {
        let mut regexes = Vec::new();
        alternations(&[r"ab\s+c", "b"], false, &mut regexes);
        let finder = Regex::new("c|b").unwrap();
        let text = format!("x {} c b c", format!("{} ", "ab".repeat(300)).repeat(20));
        let hits = gate_hits(&finder, &text);
        let mut gated = Vec::new();
        gated_matches(&regexes[0], &text, &hits, 3, None, &mut |m| {
            gated.push(m.range())
        });
        let whole: Vec<_> = regexes[0].find_iter(&text).map(|m| m.range()).collect();
        assert_eq!(gated, whole);
    }

    #[test]
    fn the_gate_word_is_one_the_correction_changes() {
        // (phrase, replacements, folded, gate word)
        let cases: &[(&str, &[&str], bool, &str)] = &[
            // The longest word is kept by the correction; the changed one is gated on.
            ("Unites States", &["United States"], false, "Unites"),
            // Folded, a kept word is compared without case; a word with `s` never qualifies.
            ("neustadt treaty", &["New START Treaty"], true, "treaty"),
            ("the adm treaty", &["the ABM Treaty"], true, "adm"),
            // Exact, a word kept only in another case is a changed word.
            ("covid nineteen", &["COVID nineteen"], false, "covid"),
            // Every word kept (a change of case or spacing): the longest, as with none.
            ("new start treaty", &["New START Treaty"], true, "treaty"),
            ("new start treaty", &[], false, "treaty"),
        ];
        for &(phrase, replacements, folded, gate) in cases {
            assert_eq!(
                gate_word(phrase, replacements, folded),
                Some(gate),
                "{phrase}"
            );
        }
    }

    #[test]
    fn gate_hits_include_words_inside_other_hits() {
        let finder = Regex::new("aba|b").unwrap();
        // "aba" at 0 holds "b" at 1 and overlaps "aba" at 2.
        assert_eq!(gate_hits(&finder, "ababa"), [0, 1, 2, 3]);
    }

    #[test]
    fn words_are_counted_back_and_forward_over_any_whitespace() {
        let text = "one  two\u{a0}three\n\nfour";
        let four = text.find("four").unwrap();
        assert_eq!(words_back(text, four, 0), four);
        assert_eq!(words_back(text, four, 2), text.find("two").unwrap());
        assert_eq!(words_back(text, four + 2, 9), 0);
        // From inside "two": its rest and the whitespace after, then "three" and what follows.
        assert_eq!(words_forward(text, 6, 1), text.find("three").unwrap());
        assert_eq!(words_forward(text, 6, 2), four);
        assert_eq!(words_forward(text, 6, 9), text.len());
    }
}
