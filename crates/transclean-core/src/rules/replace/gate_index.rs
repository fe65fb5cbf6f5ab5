//! Where a document's phrase gate words start, kept while the text changes.
//!
//! The phrases of a `replace` pass are searched only around their gate words (see
//! [`super::phrases`]), and finding those was a regex search of the whole text in every
//! pipeline run: 33 ms of each 150 ms run that settles the 78 MB benchmark text, which changes
//! it in a few dozen places (issue 15). Whether a gate word starts at a place depends on the
//! bytes from there to the longest word's length, so the places are moved through each batch
//! of edits and looked for again only around the edits, as the mentions of label names are.
//!
//! Most gate words hold no phrase (`treaty` without `new start` before it), and the search
//! around each read the text there again in every run: a fifth of each settling run of the
//! 78 MB text, cache misses at tens of thousands of places. The places whose window held no
//! match are kept too ([`Dead`]), and passed over until an edit comes near.

use crate::rules::{DENSE_EDIT_BYTES, Edit, moved_through, shifted, shifts_before};
use crate::text::{ceil_char_boundary, floor_char_boundary};
use regex::Regex;
use std::ops::Range;
use std::sync::Mutex;

/// Per phrase matcher of the engine, the gate words' places in its current text: kept for a
/// document while it is cleaned, moved through each batch of edits.
#[derive(Debug, Default)]
pub struct GateCache(Mutex<Vec<Kept>>);

#[derive(Debug)]
struct Kept {
    /// Which matcher (its address: the engine's matchers live as long as it does).
    matcher: usize,
    finder: Regex,
    /// The longest gate word, in bytes: how far a place depends on the text after it.
    longest: usize,
    /// Every place a gate word starts, in order.
    hits: Vec<usize>,
    /// Per regex of the matcher, the places whose window holds none of its matches, in order.
    dead: Vec<Vec<Dead>>,
}

/// A gate word's place whose window (the words around it a match can reach) holds no match of
/// one of its matcher's regexes. That depends only on the window's bytes and those next to it,
/// where the walks that found its ends stopped: it stays true until an edit comes near them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Dead {
    pub(super) hit: usize,
    /// The window is `hit - back .. hit + forward`: a window searched on its own is at most a
    /// few KB (see `phrases::LONG_WINDOW_BYTES`).
    back: u32,
    forward: u32,
}

impl Dead {
    /// The place `hit` with no match in `window`, if the window is small enough to note.
    pub(super) fn new(hit: usize, window: Range<usize>) -> Option<Dead> {
        Some(Dead {
            hit,
            back: u32::try_from(hit - window.start).ok()?,
            forward: u32::try_from(window.end - hit).ok()?,
        })
    }

    pub(super) fn window(&self) -> Range<usize> {
        self.hit - self.back as usize..self.hit + self.forward as usize
    }
}

impl GateCache {
    /// Moves the places through `edits` (sorted, not overlapping, in the coordinates of the
    /// text before them), which made `text`: to be called whenever the text changes. Past one
    /// edit per [`DENSE_EDIT_BYTES`], searching again costs less, and they are forgotten.
    pub fn edited(&mut self, text: &str, edits: &[Edit]) {
        let kept = self.0.get_mut().unwrap_or_else(|e| e.into_inner());
        if kept.is_empty() {
            return;
        }
        if edits.len().saturating_mul(DENSE_EDIT_BYTES) > text.len() {
            kept.clear();
            return;
        }
        let shifts = shifts_before(edits);
        for gate in kept.iter_mut() {
            let finder = &gate.finder;
            gate.hits = moved_through(&gate.hits, gate.longest, text, edits, &shifts, |window| {
                hits_in(finder, text, window)
            });
            for dead in &mut gate.dead {
                *dead = dead_moved(dead, edits, &shifts);
            }
        }
    }

    /// `read` of the places where `matcher`'s gate words start in `text` (the text the cache
    /// is kept for), kept or searched for now, and of the places known [`Dead`] for each of its
    /// `regexes` (which `read` adds to).
    pub(super) fn with_hits<R>(
        &self,
        matcher: usize,
        finder: &Regex,
        longest: usize,
        regexes: usize,
        text: &str,
        read: impl FnOnce(&[usize], &mut [Vec<Dead>]) -> R,
    ) -> R {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let at = match kept.iter().position(|k| k.matcher == matcher) {
            Some(at) => {
                debug_assert_eq!(
                    kept[at].hits,
                    hits_in(finder, text, 0..text.len()),
                    "the gate words' places kept through the edits are those of the text"
                );
                at
            }
            None => {
                kept.push(Kept {
                    matcher,
                    finder: finder.clone(),
                    longest,
                    hits: hits_in(finder, text, 0..text.len()),
                    dead: Vec::new(),
                });
                kept.len() - 1
            }
        };
        let gate = &mut kept[at];
        gate.dead.resize_with(regexes, Vec::new);
        read(&gate.hits, &mut gate.dead)
    }
}

/// The places of `dead` no edit of `edits` (sorted, not overlapping, in the coordinates of the
/// text before them; `shifts` from [`shifts_before`]) came near, moved through them.
pub(super) fn dead_moved(dead: &[Dead], edits: &[Edit], shifts: &[isize]) -> Vec<Dead> {
    (dead.iter())
        .filter_map(|d| {
            // The verdict depends on the window and the characters next to it, where the walks
            // that found its ends stopped: an edit that ends where it starts, or starts where
            // it ends, comes near too.
            let window = d.window();
            let next = edits.partition_point(|e| e.range.end < window.start);
            let near = (edits.get(next)).is_some_and(|e| e.range.start <= window.end);
            (!near).then(|| Dead {
                hit: shifted(d.hit, shifts[next]),
                ..*d
            })
        })
        .collect()
}

/// Every place in `text` where a match of `finder` (an alternation of literal words) starts
/// with the whole match inside `within`, in order. Each search goes on from the last start,
/// not its end, so that words overlapping a found one are found too.
pub(super) fn hits_in(finder: &Regex, text: &str, within: Range<usize>) -> Vec<usize> {
    // Widened to character boundaries: that only adds places a search of the whole text finds.
    let start = floor_char_boundary(text, within.start);
    let part = &text[start..ceil_char_boundary(text, within.end)];
    let mut hits: Vec<usize> = Vec::new();
    let mut from = 0;
    while let Some(hit) = finder.find_at(part, from) {
        hits.push(start + hit.start());
        from = ceil_char_boundary(part, hit.start() + 1);
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_edits::{non_overlapping, spliced_by_copying as apply};

    #[test]
    fn a_window_inside_a_character_is_widened_to_its_edges() {
        let finder = Regex::new("aba").unwrap();
        let text = "é aba éaba";
        // From inside the first `é` to inside the second: both are widened to whole ones.
        assert_eq!(hits_in(&finder, text, 1..8), [3]);
        assert_eq!(hits_in(&finder, text, 1..text.len()), [3, 9]);
        assert_eq!(hits_in(&finder, text, 0..text.len()), [3, 9]);
    }

    proptest::proptest! {
        /// Moved through any edits, the places are those a search of the edited text finds:
        /// overlapping words, words an edit made or broke, at the edges of edits, in any case.
        #[test]
        fn places_moved_through_edits_are_those_of_the_edited_text(
            text in "[abAB ]{0,40}",
            edits in proptest::collection::vec((0usize..40, 0usize..4, "[abA ]{0,3}"), 0..4),
        ) {
            let finder = regex::RegexBuilder::new("aba|ba|b a")
                .case_insensitive(true)
                .build()
                .unwrap();
            let edits = non_overlapping(&text, edits);
            let edited = apply(&text, &edits);
            let mut cache = GateCache::default();
            cache.with_hits(0, &finder, 3, 1, &text, |_, _| ());
            // Dense edits empty the cache; these texts are short, so move them regardless.
            let kept = cache.0.get_mut().unwrap();
            let shifts = shifts_before(&edits);
            kept[0].hits = moved_through(&kept[0].hits, 3, &edited, &edits, &shifts, |w| {
                hits_in(&finder, &edited, w)
            });
            proptest::prop_assert_eq!(&kept[0].hits, &hits_in(&finder, &edited, 0..edited.len()));
        }
    }
}
