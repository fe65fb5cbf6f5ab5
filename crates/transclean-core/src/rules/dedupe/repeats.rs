//! Which paragraphs repeat, kept through dedupe's own removals: the later pipeline runs that
//! settle a document re-read its paragraphs' keys only when another change was made.
//!
//! On a large document the runs after the first two change a few paragraphs each, almost all of
//! them dedupe's own removals: a removal moves the document's opening or joins two turns, and
//! the next run lets dedupe remove another. Each of those runs read, keyed and grouped every
//! paragraph again, dedupe's whole cost there (issue 15).
//!
//! Dedupe's removals do not change which of the other paragraphs repeat. A paragraph is removed
//! only if a later one R is the same or continues it, and R is never removed with it: the last
//! of a chain of copies has no later copy. So a paragraph an earlier one was continued by, or
//! was the same as, leaves R, which continues the earlier one too (continuing is transitive)
//! and comes later still. Only "a later one is *the same*" can change, to "a later one only
//! continues it", when the removed paragraph was its last exact copy: so the groups of equal
//! keys are kept, and the last of each worked out again. In the sorted order of the keys,
//! removing a key cannot join a run of keys that continue a shorter one either: a key between
//! the shorter one and a key continuing it starts with the shorter one, and a control byte
//! after it (which ends the run) is in every key continuing it, which stays.

use crate::rules::Edit;
use std::ops::Range;
use std::sync::Mutex;

#[cfg(test)]
thread_local! {
    /// How many scans read kept entries, for tests that must make some.
    pub(crate) static KEPT_READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// What [`RepeatsCache`] keeps per dedupe rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RuleKey {
    pub(super) min_words: usize,
    pub(super) teasers: bool,
}

/// One paragraph that shares its opening with another (only those can repeat).
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    /// Where the paragraph's first line starts.
    pub(super) start: usize,
    /// The group of paragraphs with the same key (whitespace-normalised text).
    pub(super) group: u32,
    /// A later paragraph continues it (with `teasers`).
    pub(super) continued: bool,
}

/// Per dedupe rule: which paragraphs of the engine's current text repeat, and the removals the
/// rule proposed on it. Kept from the second pipeline run on (see [`RepeatsCache::keep`]),
/// moved through batches of the removals it proposed, forgotten on any other change.
#[derive(Debug, Default)]
pub struct RepeatsCache(Mutex<Kept>);

#[derive(Debug, Default)]
struct Kept {
    wanted: bool,
    rules: Vec<ForRule>,
}

#[derive(Debug)]
struct ForRule {
    key: RuleKey,
    /// Sorted by `start`. Once paragraphs are removed, it may hold paragraphs that no longer
    /// share their opening with another: they are not repeated either way.
    entries: Vec<Entry>,
    /// The removals the rule proposed on the current text, sorted.
    proposed: Vec<Range<usize>>,
}

impl RepeatsCache {
    /// From now on keeps what dedupe works out: for the pipeline runs after the first, which
    /// change a document in few places (kept in the first, it would raise the memory peak).
    pub fn keep(&mut self) {
        self.kept().wanted = true;
    }

    /// Moves what is kept through `edits` (sorted, not overlapping, in the coordinates of the
    /// text before them): to be called whenever the text changes. A rule's entries are kept
    /// only if every edit is one of the removals it proposed on that text.
    pub fn edited(&mut self, edits: &[Edit]) {
        self.kept().rules.retain_mut(|rule| rule.removed(edits));
    }

    /// `read` of the entries kept for `key`'s rule, or of those `compute` works out on the
    /// current text (kept, if entries are wanted).
    pub(super) fn with_entries<R>(
        &self,
        key: RuleKey,
        compute: impl FnOnce() -> Vec<Entry>,
        read: impl FnOnce(&[Entry]) -> R,
    ) -> R {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(rule) = kept.rules.iter().find(|r| r.key == key) {
            if cfg!(debug_assertions) {
                // The kept entries may hold paragraphs that no longer share their opening with
                // another (its other holders were removed): not repeated either way.
                let repeated = |entries: &[Entry]| -> Vec<(usize, bool)> {
                    let flags = super::repeated_flags(entries);
                    (entries.iter().zip(flags))
                        .filter_map(|(e, flag)| Some((e.start, flag?)))
                        .collect()
                };
                assert_eq!(
                    repeated(&rule.entries),
                    repeated(&compute()),
                    "the kept repeats differ from the text's"
                );
            }
            #[cfg(test)]
            KEPT_READS.with(|n| n.set(n.get() + 1));
            return read(&rule.entries);
        }
        let entries = compute();
        if !kept.wanted {
            return read(&entries);
        }
        kept.rules.push(ForRule {
            key,
            entries,
            proposed: Vec::new(),
        });
        let rule = kept.rules.last().expect("just pushed");
        read(&rule.entries)
    }

    /// Keeps `entries` as [`RepeatsCache::with_entries`] keeps those it works out.
    #[cfg(test)]
    fn with_entries_unchecked(&self, key: RuleKey, entries: Vec<Entry>) {
        self.with_entries(key, || entries, |_| ());
    }

    /// Notes the removals `key`'s rule proposes on the current text (sorted).
    pub(super) fn proposed(&self, key: RuleKey, removals: Vec<Range<usize>>) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(rule) = kept.rules.iter_mut().find(|r| r.key == key) {
            rule.proposed = removals;
        }
    }

    fn kept(&mut self) -> &mut Kept {
        self.0.get_mut().unwrap_or_else(|e| e.into_inner())
    }
}

impl ForRule {
    /// Drops the entries of the paragraphs `edits` removed and moves the others; `false` if
    /// some edit is not one of the proposed removals (the entries no longer hold).
    fn removed(&mut self, edits: &[Edit]) -> bool {
        let proposed = std::mem::take(&mut self.proposed);
        let all_proposed = edits.iter().all(|edit| {
            edit.replacement.is_empty()
                && (proposed.binary_search_by_key(&edit.range.start, |r| r.start))
                    .is_ok_and(|i| proposed[i] == edit.range)
        });
        if !all_proposed {
            return false;
        }
        let mut next_edit = edits.iter().peekable();
        let mut shift = 0;
        let mut removed_own = 0;
        self.entries.retain_mut(|entry| {
            while let Some(edit) = next_edit.next_if(|e| e.range.end <= entry.start) {
                shift += edit.range.len();
            }
            if next_edit
                .peek()
                .is_some_and(|e| e.range.start == entry.start)
            {
                removed_own += 1;
                return false;
            }
            entry.start -= shift;
            true
        });
        // Each removal starts at a paragraph the rule found repeated, so at an entry.
        removed_own == edits.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: RuleKey = RuleKey {
        min_words: 8,
        teasers: true,
    };

    fn entry(start: usize, group: u32) -> Entry {
        Entry {
            start,
            group,
            continued: false,
        }
    }

    /// A cache holding entries at 0, 10, 20 and 30, with removals of 0..10 and 20..30 proposed.
    fn proposing() -> RepeatsCache {
        let mut cache = RepeatsCache::default();
        cache.keep();
        let entries = vec![entry(0, 0), entry(10, 1), entry(20, 0), entry(30, 1)];
        cache.with_entries_unchecked(KEY, entries);
        cache.proposed(KEY, vec![0..10, 20..30]);
        cache
    }

    fn starts(cache: &RepeatsCache) -> Option<Vec<usize>> {
        let kept = cache.0.lock().unwrap();
        let rule = kept.rules.iter().find(|r| r.key == KEY)?;
        Some(rule.entries.iter().map(|e| e.start).collect())
    }

    fn removal(range: Range<usize>, replacement: &str) -> Edit {
        Edit {
            range,
            replacement: replacement.into(),
            rule: 0,
        }
    }

    #[test]
    fn proposed_removals_drop_their_entries_and_move_the_rest() {
        let mut cache = proposing();
        cache.edited(&[removal(20..30, "")]);
        assert_eq!(starts(&cache), Some(vec![0, 10, 20]));
        // The proposals were for the text before: a second batch is another change.
        cache.edited(&[removal(0..10, "")]);
        assert_eq!(starts(&cache), None);
        let mut cache = proposing();
        cache.edited(&[removal(0..10, ""), removal(20..30, "")]);
        assert_eq!(starts(&cache), Some(vec![0, 10]));
    }

    #[test]
    fn any_other_edit_forgets_the_entries() {
        for edit in [removal(0..10, "x"), removal(10..20, ""), removal(0..9, "")] {
            let mut cache = proposing();
            cache.edited(std::slice::from_ref(&edit));
            assert_eq!(starts(&cache), None, "{edit:?}");
        }
    }

    #[test]
    fn nothing_is_kept_until_wanted() {
        let cache = RepeatsCache::default();
        cache.with_entries_unchecked(KEY, vec![entry(0, 0)]);
        assert_eq!(starts(&cache), None);
    }
}
