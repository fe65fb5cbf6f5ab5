//! Where the names of a document's labels occur in its text, kept while the text changes.
//!
//! A label said once with a full name is a speaker only if the name is mentioned elsewhere, and
//! finding that out searched the whole text for each such name, for every parse of the turns:
//! four parses a pipeline run, and on a large document most of their time (issue 15). The
//! occurrences of a name change only where an edit touched the text, so after the first search
//! they are moved through each round of edits and looked for again only around the edits.

use crate::hash::FxHashMap;
use crate::rules::{DENSE_EDIT_BYTES, Edit, moved_through, shifts_before};
use memchr::memmem::Finder;
use rayon::prelude::*;

/// The start of every occurrence (overlapping ones too) of each name searched for so far, in
/// the current text, in order.
#[derive(Debug, Default)]
pub struct MentionIndex {
    occurrences: FxHashMap<String, Vec<usize>>,
}

impl MentionIndex {
    /// Where `name` (not empty) occurs in `text`, the text the index is kept for.
    pub fn occurrences(&mut self, text: &str, name: &str) -> &[usize] {
        let found = self
            .occurrences
            .entry(name.to_string())
            .or_insert_with(|| all_occurrences(text.as_bytes(), name));
        #[cfg(debug_assertions)]
        assert_eq!(
            *found,
            all_occurrences(text.as_bytes(), name),
            "the occurrences of {name:?} kept through the edits are those of the text"
        );
        found
    }

    /// Searches `text`, the text the index is kept for, for each of `names` (not empty) not
    /// searched for yet: on a long text, on the pool's threads. After edits too dense to move
    /// the occurrences through, each parse searched a few dozen names one after the other, a
    /// tenth of the work on a large document, with the other threads idle (issue 15). Names
    /// that share a word are found by one search for it (see [`anchored`]).
    pub fn search_missing<'a>(&mut self, text: &str, names: impl Iterator<Item = &'a str>) {
        let mut missing: Vec<&str> = names
            .filter(|name| !self.occurrences.contains_key(*name))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let searches = anchored(&missing);
        let search = |search: &Anchored| search.occurrences(text.as_bytes());
        let found: Vec<Vec<(String, Vec<usize>)>> = if crate::parallel::spread(text.len()) {
            searches.par_iter().map(search).collect()
        } else {
            searches.iter().map(search).collect()
        };
        self.occurrences.extend(found.into_iter().flatten());
    }

    /// Moves the occurrences through `edits` (sorted, not overlapping, in the coordinates of
    /// the text before them), which made `text`: an occurrence an edit touched is dropped, and
    /// each name is looked for again around each edit.
    pub fn edited(&mut self, text: &str, edits: &[Edit]) {
        if edits.len().saturating_mul(DENSE_EDIT_BYTES) > text.len() {
            self.occurrences.clear();
        } else {
            self.move_through(text, edits);
        }
    }

    fn move_through(&mut self, text: &str, edits: &[Edit]) {
        if self.occurrences.is_empty() {
            return;
        }
        let shifts = shifts_before(edits);
        for (name, found) in &mut self.occurrences {
            let finder = Finder::new(name.as_bytes());
            *found = moved_through(found, name.len(), text, edits, &shifts, |window| {
                occurrences_in(&finder, text.as_bytes(), window).collect()
            });
        }
    }
}

/// Names found through the occurrences of one string each holds: where the anchor occurs at
/// `at`, a name holding it `offset` bytes in may start at `at - offset`.
#[derive(Debug)]
struct Anchored<'a> {
    anchor: &'a str,
    /// Each name, with where in it the anchor first occurs.
    names: Vec<(&'a str, usize)>,
}

impl Anchored<'_> {
    /// Every occurrence (overlapping ones too) of each name, in order.
    fn occurrences(&self, text: &[u8]) -> Vec<(String, Vec<usize>)> {
        let mut found = vec![Vec::new(); self.names.len()];
        let finder = Finder::new(self.anchor.as_bytes());
        for at in occurrences_in(&finder, text, 0..text.len()) {
            for ((name, offset), found) in self.names.iter().zip(&mut found) {
                if let Some(start) = at.checked_sub(*offset)
                    && text[start..].starts_with(name.as_bytes())
                {
                    found.push(start);
                }
            }
        }
        // Every occurrence of a name holds the anchor at its offset, found once and in order.
        (self.names.iter().zip(found))
            .map(|((name, _), found)| (name.to_string(), found))
            .collect()
    }
}

/// Fewest bytes of a word one search finds several names by: a shorter one occurs too often
/// in text to pay for checking the names at each occurrence.
const ANCHOR_BYTES: usize = 4;

/// The searches that find `names` (distinct): names that share a word of at least
/// [`ANCHOR_BYTES`] are found by one search for it, taking each time the word the most names
/// not yet covered share; every other name is searched for on its own. A large document's
/// labels said once are often variations of each other (`Anna Lee READ MORE`, `READ MORE
/// Bob`), and each search of a name was a pass over the whole text (issue 15).
fn anchored<'a>(names: &[&'a str]) -> Vec<Anchored<'a>> {
    let mut searches = Vec::new();
    let mut left: Vec<&str> = names.to_vec();
    loop {
        let mut shared: FxHashMap<&str, usize> = FxHashMap::default();
        for name in &left {
            let mut words: Vec<&str> = (name.split_whitespace())
                .filter(|w| w.len() >= ANCHOR_BYTES)
                .collect();
            words.sort_unstable();
            words.dedup();
            for word in words {
                *shared.entry(word).or_default() += 1;
            }
        }
        // The word most names share; of those, the longest, then the first in order.
        let best = (shared.into_iter())
            .filter(|&(_, count)| count > 1)
            .max_by_key(|&(word, count)| (count, word.len(), std::cmp::Reverse(word)));
        let Some((anchor, _)) = best else {
            break;
        };
        let (covered, rest): (Vec<&str>, Vec<&str>) = left
            .iter()
            .partition(|name| name.split_whitespace().any(|w| w == anchor));
        searches.push(Anchored {
            anchor,
            names: (covered.iter())
                .map(|name| (*name, name.find(anchor).expect("a word of the name")))
                .collect(),
        });
        left = rest;
    }
    searches.extend(left.into_iter().map(|name| Anchored {
        anchor: name,
        names: vec![(name, 0)],
    }));
    searches
}

/// Every occurrence of `name` in `text`, overlapping ones too.
fn all_occurrences(text: &[u8], name: &str) -> Vec<usize> {
    occurrences_in(&Finder::new(name.as_bytes()), text, 0..text.len()).collect()
}

fn occurrences_in<'a>(
    finder: &'a Finder,
    text: &'a [u8],
    within: std::ops::Range<usize>,
) -> impl Iterator<Item = usize> + 'a {
    let mut at = within.start;
    std::iter::from_fn(move || {
        let found = at + finder.find(text.get(at..within.end)?)?;
        at = found + 1;
        Some(found)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_edits::{non_overlapping, spliced_by_copying as apply};

    #[test]
    fn names_searched_together_are_found_as_one_by_one() {
        let text = "Anna said hello to Ben. Anna left; Bob stayed, and Anna came back. ababa";
        let names = ["Anna", "Ben", "Carl", "Anna", "aba"];
        let mut index = MentionIndex::default();
        index.search_missing(text, names.iter().copied());
        assert_eq!(index.occurrences.len(), 4);
        for name in names {
            assert_eq!(
                index.occurrences[name],
                all_occurrences(text.as_bytes(), name)
            );
        }
        // "ababa" holds "aba" twice, overlapping.
        assert_eq!(index.occurrences["aba"], [67, 69]);
        assert!(index.occurrences["Carl"].is_empty());
    }

    #[test]
    fn names_that_share_a_word_are_found_by_one_search_for_it() {
        let names = [
            "Anna Lee READ MORE",
            "READ MORE Bob",
            "READ MORE",
            "Zed READ",
            "Carl",
        ];
        let searches = anchored(&names);
        let anchors: Vec<&str> = searches.iter().map(|s| s.anchor).collect();
        assert_eq!(anchors, ["READ", "Carl"]);
        assert_eq!(searches[0].names.len(), 4);
        let text = "READ MORE Bob: hi. Anna Lee READ MORE READ MORE Bob READ MORE READ, Zed READ";
        let mut index = MentionIndex::default();
        index.search_missing(text, names.iter().copied());
        for name in names {
            assert_eq!(
                index.occurrences[name],
                all_occurrences(text.as_bytes(), name),
                "{name}"
            );
        }
        assert_eq!(index.occurrences["READ MORE"].len(), 4);
    }

    proptest::proptest! {
        /// Moved through any edits, the occurrences are those a search of the edited text
        /// finds: overlapping ones, ones an edit made or broke, at the edges of edits.
        #[test]
        fn occurrences_moved_through_edits_are_those_of_the_edited_text(
            text in "[ab ]{0,40}",
            edits in proptest::collection::vec((0usize..40, 0usize..4, "[ab]{0,3}"), 0..4),
            name in "(a|b|ab|ba|aa|aba)",
        ) {
            let mut index = MentionIndex::default();
            index.occurrences(&text, &name);
            let edits = non_overlapping(&text, edits);
            let edited = apply(&text, &edits);
            // Dense edits empty the index; these texts are short, so move them regardless.
            index.move_through(&edited, &edits);
            let expected = all_occurrences(edited.as_bytes(), &name);
            proptest::prop_assert_eq!(index.occurrences.get(&name), Some(&expected));
        }

        /// Names searched together, many sharing words, are found where a search of each
        /// finds them: overlapping ones, ones whose shared word occurs twice in them.
        #[test]
        fn names_searched_by_shared_words_are_found_as_one_by_one(
            text in "(abab|baba|abba|ab| |a){0,30}",
            names in proptest::collection::vec("(abab|baba|abba|ab)( (abab|baba|abba|ab)){0,3}", 1..8),
        ) {
            let mut index = MentionIndex::default();
            index.search_missing(&text, names.iter().map(String::as_str));
            for name in &names {
                let expected = all_occurrences(text.as_bytes(), name);
                proptest::prop_assert_eq!(&index.occurrences[name], &expected, "{}", name);
            }
        }
    }
}
