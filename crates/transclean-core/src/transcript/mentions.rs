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
    /// tenth of the work on a large document, with the other threads idle (issue 15).
    pub fn search_missing<'a>(&mut self, text: &str, names: impl Iterator<Item = &'a str>) {
        let mut missing: Vec<&str> = names
            .filter(|name| !self.occurrences.contains_key(*name))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let search = |name: &&str| (name.to_string(), all_occurrences(text.as_bytes(), name));
        let found: Vec<(String, Vec<usize>)> = if crate::parallel::spread(text.len()) {
            missing.par_iter().map(search).collect()
        } else {
            missing.iter().map(search).collect()
        };
        self.occurrences.extend(found);
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
    }
}
