//! Which paragraphs repeat, kept through the edits of the runs that settle a document: the
//! later pipeline runs re-read only the paragraphs around what changed.
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
//!
//! Any other edit (a label merged, a word corrected) changes the paragraphs around it. Two
//! paragraphs where one is or continues the other have the same opening (their first
//! `min-words` words), so only the families of paragraphs with the opening of one that changed
//! can repeat differently: those are worked out again, at the next scan, from the paragraphs
//! in the blocks around the edits, read again, and the kept openings of all the others.

use super::{NO_OPENING, key, opening, relation};
use crate::changes::{Shifts, batch_of, regions_around};
use crate::hash::{FxHashMap, FxHashSet};
use crate::rules::{DENSE_EDIT_BYTES, Edit};
use crate::text::{lines, lines_from, paragraphs};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Mutex;

#[cfg(test)]
thread_local! {
    /// How many scans read kept entries, for tests that must make some.
    pub(crate) static KEPT_READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How many scans read kept entries after another rule's edits, for tests that must make some.
    pub(crate) static REFRESHES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Past one edit per this many bytes, reading every paragraph again costs less than finding
/// those around the edits. Unit tests edit short texts, and keep the entries through any edits
/// but more than one a byte.
const DENSE_EDITS: usize = if cfg!(test) { 1 } else { DENSE_EDIT_BYTES };

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

/// One paragraph of the text, with its opening (see [`super::opening`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Paragraph {
    /// Where its first line starts.
    pub(super) start: usize,
    pub(super) opening: u64,
}

/// What dedupe works out from the whole text: the entries, and every paragraph's opening when
/// they are to be kept through edits.
pub(super) struct Computed {
    pub(super) entries: Vec<Entry>,
    pub(super) paragraphs: Option<Vec<Paragraph>>,
}

/// Per dedupe rule: which paragraphs of the engine's current text repeat, and the removals the
/// rule proposed on it. Kept from the second pipeline run on (see [`RepeatsCache::keep`]),
/// moved through the edits while they are sparse.
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
    /// Every paragraph, sorted by `start`; those in `dirty` blocks are read again.
    paragraphs: Vec<Paragraph>,
    /// How many of `paragraphs` have each opening (but [`NO_OPENING`]).
    families: FxHashMap<u64, u32>,
    /// Where other edits changed the text since the entries were worked out, in the current
    /// text's coordinates: sorted, joined where they overlap.
    dirty: Vec<Range<usize>>,
    /// How many edits `dirty` stands for.
    dirty_edits: usize,
    /// The next group number not given to any key.
    next_group: u32,
}

impl RepeatsCache {
    /// From now on keeps what dedupe works out: for the pipeline runs after the first, which
    /// change a document in few places (kept in the first, it would raise the memory peak).
    pub fn keep(&mut self) {
        self.kept().wanted = true;
    }

    /// Moves what is kept through `edits` (sorted, not overlapping, in the coordinates of the
    /// text before them), which made `text`: to be called whenever the text changes. A rule's
    /// entries are forgotten when the edits are dense.
    pub fn edited(&mut self, text: &str, edits: &[Edit]) {
        self.kept()
            .rules
            .retain_mut(|rule| match rule.removed(edits) {
                Some(kept) => kept,
                None => rule.moved(text, edits),
            });
    }

    /// `read` of the entries kept for `key`'s rule (brought up to date with `text`, the current
    /// text), or of those `compute` works out on it (kept, if entries are wanted; `compute`
    /// is told whether to give every paragraph's opening).
    pub(super) fn with_entries<R>(
        &self,
        key: RuleKey,
        text: &str,
        compute: impl Fn(bool) -> Computed,
        read: impl FnOnce(&[Entry]) -> R,
    ) -> R {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(rule) = kept.rules.iter_mut().find(|r| r.key == key) {
            rule.refresh(text);
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
                    repeated(&compute(false).entries),
                    "the kept repeats differ from the text's"
                );
            }
            #[cfg(test)]
            KEPT_READS.with(|n| n.set(n.get() + 1));
            return read(&rule.entries);
        }
        let computed = compute(kept.wanted);
        let Some(paragraphs) = computed.paragraphs else {
            return read(&computed.entries);
        };
        kept.rules
            .push(ForRule::new(key, computed.entries, paragraphs));
        let rule = kept.rules.last().expect("just pushed");
        read(&rule.entries)
    }

    /// Keeps `entries` as [`RepeatsCache::with_entries`] keeps those it works out.
    #[cfg(test)]
    fn with_entries_unchecked(&self, key: RuleKey, entries: Vec<Entry>) {
        let paragraphs: Vec<Paragraph> = (entries.iter())
            .map(|e| Paragraph {
                start: e.start,
                opening: 7,
            })
            .collect();
        let computed = |keep: bool| Computed {
            entries: entries.clone(),
            paragraphs: keep.then(|| paragraphs.clone()),
        };
        self.with_entries(key, "", computed, |_| ());
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
    fn new(key: RuleKey, entries: Vec<Entry>, paragraphs: Vec<Paragraph>) -> ForRule {
        let mut families = FxHashMap::default();
        for p in paragraphs.iter().filter(|p| p.opening != NO_OPENING) {
            *families.entry(p.opening).or_default() += 1;
        }
        let next_group = entries.iter().map(|e| e.group + 1).max().unwrap_or(0);
        ForRule {
            key,
            entries,
            proposed: Vec::new(),
            paragraphs,
            families,
            dirty: Vec::new(),
            dirty_edits: 0,
            next_group,
        }
    }

    /// When every edit is one of the removals the rule proposed on that text (and nothing else
    /// is waiting to be read again): drops the entries of the paragraphs removed and moves the
    /// others; `Some(false)` if they no longer hold. `None` for any other edits, untouched.
    fn removed(&mut self, edits: &[Edit]) -> Option<bool> {
        let proposed = std::mem::take(&mut self.proposed);
        let all_proposed = edits.iter().all(|edit| {
            edit.replacement.is_empty()
                && (proposed.binary_search_by_key(&edit.range.start, |r| r.start))
                    .is_ok_and(|i| proposed[i] == edit.range)
        });
        if !all_proposed || !self.dirty.is_empty() {
            return None;
        }
        let removed_own = remove_at(&mut self.entries, edits, |e| &mut e.start, |_| ());
        let mut gone = Vec::new();
        remove_at(
            &mut self.paragraphs,
            edits,
            |p| &mut p.start,
            |p| gone.push(p.opening),
        );
        for opening in gone {
            self.leaves(opening);
        }
        // Each removal starts at a paragraph the rule found repeated, so at an entry.
        Some(removed_own == edits.len())
    }

    /// Moves what is kept through other `edits`, which made `text`, and notes where they
    /// changed it; `false` (forget it all) once the edits since the entries were worked out
    /// are dense.
    fn moved(&mut self, text: &str, edits: &[Edit]) -> bool {
        self.dirty_edits += edits.len();
        if self.dirty_edits.saturating_mul(DENSE_EDITS) > text.len() {
            return false;
        }
        let batch = batch_of(edits);
        let shifts = Shifts::new(&batch);
        // A place inside an edit goes to the edit's start, which `dirty` holds: read again.
        let mut start_of = shifts.start_mapper();
        for p in &mut self.paragraphs {
            p.start = start_of(p.start);
        }
        let mut start_of = shifts.start_mapper();
        for entry in &mut self.entries {
            entry.start = start_of(entry.start);
        }
        self.dirty = shifts.changed_after(std::mem::take(&mut self.dirty));
        true
    }

    /// Reads again the paragraphs in the blocks around the edits noted, and works out again
    /// which paragraphs repeat in each family of paragraphs that gained or lost a member.
    fn refresh(&mut self, text: &str) {
        if self.dirty.is_empty() {
            return;
        }
        #[cfg(test)]
        REFRESHES.with(|n| n.set(n.get() + 1));
        let regions = regions_around(text, &std::mem::take(&mut self.dirty));
        self.dirty_edits = 0;
        let mut fresh = Vec::new();
        for region in &regions {
            let part = &text[region.clone()];
            let part_lines = lines(part);
            for p in paragraphs(part, &part_lines) {
                let start = part_lines[p.start].full().start;
                let end = part_lines[p.end - 1].full().end;
                fresh.push(Paragraph {
                    start: region.start + start,
                    opening: opening(&part[start..end], self.key.min_words),
                });
            }
        }
        // Each entry's opening, from its paragraph's (every entry is a paragraph, and both
        // lists are sorted by where they start).
        let mut paragraph = self.paragraphs.iter().peekable();
        let entry_openings: Vec<u64> = (self.entries.iter())
            .map(|entry| {
                while paragraph.next_if(|p| p.start < entry.start).is_some() {}
                paragraph.peek().map_or(NO_OPENING, |p| p.opening)
            })
            .collect();
        // The paragraphs outside the regions, with those read again in their places.
        let mut affected: FxHashSet<u64> = FxHashSet::default();
        let mut next_region = regions.iter().peekable();
        let mut gone = Vec::new();
        self.paragraphs.retain(|p| {
            while next_region.next_if(|r| r.end <= p.start).is_some() {}
            // A paragraph whose start an edit took to the text's end is gone: that is no
            // paragraph's start, and lies past every region.
            let inside =
                p.start >= text.len() || next_region.peek().is_some_and(|r| r.start <= p.start);
            if inside {
                gone.push(p.opening);
            }
            !inside
        });
        for opening in gone {
            self.leaves(opening);
            affected.insert(opening);
        }
        for p in &fresh {
            if p.opening != NO_OPENING {
                *self.families.entry(p.opening).or_default() += 1;
                affected.insert(p.opening);
            }
        }
        self.paragraphs = merge_by_start(std::mem::take(&mut self.paragraphs), fresh, |p| p.start);
        affected.remove(&NO_OPENING);
        if affected.is_empty() {
            return;
        }
        // Each family that changed, worked out again as the whole text would have it: a
        // paragraph repeats or continues only one of its own family.
        let mut members: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for p in &self.paragraphs {
            if affected.contains(&p.opening) && self.families.get(&p.opening) > Some(&1) {
                members.entry(p.opening).or_default().push(p.start);
            }
        }
        let mut worked_out = Vec::new();
        for starts in members.into_values() {
            let keys: Vec<Cow<str>> = (starts.iter())
                .map(|&start| key(paragraph_at(text, start)))
                .collect();
            let relation = relation(&keys, self.key.teasers);
            let groups = relation
                .iter()
                .map(|&(group, _)| group + 1)
                .max()
                .unwrap_or(0);
            for (&start, (group, continued)) in starts.iter().zip(relation) {
                worked_out.push(Entry {
                    start,
                    group: self.next_group + group,
                    continued,
                });
            }
            self.next_group += groups;
        }
        worked_out.sort_unstable_by_key(|e| e.start);
        let mut opening_of = entry_openings.into_iter();
        self.entries.retain(|_| {
            let opening = opening_of.next().expect("one opening per entry");
            !affected.contains(&opening)
        });
        self.entries = merge_by_start(std::mem::take(&mut self.entries), worked_out, |e| e.start);
    }

    /// A paragraph with `opening` is gone.
    fn leaves(&mut self, opening: u64) {
        if let Some(count) = self.families.get_mut(&opening) {
            *count -= 1;
            if *count == 0 {
                self.families.remove(&opening);
            }
        }
    }
}

/// The paragraph of `text` whose first line starts at `start`: up to the end of its last
/// non-blank line, terminator included.
fn paragraph_at(text: &str, start: usize) -> &str {
    let end = lines_from(text, start)
        .take_while(|line| !line.is_blank(text))
        .last()
        .map_or(start, |line| line.full().end);
    &text[start..end]
}

/// Drops the items whose start (`start_of`) is where one of `removals` (sorted) starts, telling
/// `dropped` of each, and moves the others by the text removed before them; returns how many
/// were dropped.
fn remove_at<T>(
    items: &mut Vec<T>,
    removals: &[Edit],
    start_of: impl Fn(&mut T) -> &mut usize,
    mut dropped: impl FnMut(&T),
) -> usize {
    let mut next = removals.iter().peekable();
    let mut shift = 0;
    let mut count = 0;
    items.retain_mut(|item| {
        let start = *start_of(item);
        while let Some(removal) = next.next_if(|r| r.range.end <= start) {
            shift += removal.range.len();
        }
        if next.peek().is_some_and(|r| r.range.start == start) {
            dropped(item);
            count += 1;
            return false;
        }
        *start_of(item) = start - shift;
        true
    });
    count
}

/// Two lists sorted by `start_of`, merged into one.
fn merge_by_start<T>(a: Vec<T>, b: Vec<T>, start_of: impl Fn(&T) -> usize) -> Vec<T> {
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for item in a {
        while let Some(earlier) = b.next_if(|x| start_of(x) < start_of(&item)) {
            out.push(earlier);
        }
        out.push(item);
    }
    out.extend(b);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_edits::{non_overlapping, spliced_by_copying};

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
        let text = "x".repeat(40);
        let mut cache = proposing();
        cache.edited(&text, &[removal(20..30, "")]);
        assert_eq!(starts(&cache), Some(vec![0, 10, 20]));
        let mut cache = proposing();
        cache.edited(&text, &[removal(0..10, ""), removal(20..30, "")]);
        assert_eq!(starts(&cache), Some(vec![0, 10]));
        let kept = cache.0.lock().unwrap();
        assert_eq!(kept.rules[0].families[&7], 2);
        assert!(kept.rules[0].dirty.is_empty());
    }

    #[test]
    fn other_edits_are_noted_to_be_read_again_until_dense() {
        // The proposals were for the text before: a second batch is another change.
        let mut cache = proposing();
        cache.edited(&"x".repeat(30), &[removal(20..30, "")]);
        cache.edited(&"x".repeat(20), &[removal(0..10, "")]);
        assert_eq!(starts(&cache), Some(vec![0, 0, 10]));
        assert_eq!(cache.0.lock().unwrap().rules[0].dirty, vec![0..0]);
        for edit in [removal(0..10, "x"), removal(10..20, ""), removal(0..9, "")] {
            let mut cache = proposing();
            cache.edited(&"x".repeat(32), std::slice::from_ref(&edit));
            assert!(starts(&cache).is_some(), "{edit:?}");
            // More edits than bytes (in tests; one per 2 KB otherwise): forgotten.
            let mut cache = proposing();
            cache.edited("", std::slice::from_ref(&edit));
            assert_eq!(starts(&cache), None, "{edit:?}");
        }
    }

    #[test]
    fn nothing_is_kept_until_wanted() {
        let cache = RepeatsCache::default();
        cache.with_entries_unchecked(KEY, vec![entry(0, 0)]);
        assert_eq!(starts(&cache), None);
    }

    /// Which paragraphs (by start) repeat, and whether exactly: as dedupe reads the entries.
    fn repeated(entries: &[Entry]) -> Vec<(usize, bool)> {
        let flags = super::super::repeated_flags(entries);
        (entries.iter().zip(flags))
            .filter_map(|(e, flag)| Some((e.start, flag?)))
            .collect()
    }

    fn computed(rule: &super::super::Dedupe, text: &str, keep: bool) -> Computed {
        let lines = lines(text);
        let paragraphs = paragraphs(text, &lines);
        rule.entries(text, &lines, &paragraphs, keep)
    }

    proptest::proptest! {
        /// Entries moved through edits and read again around them are those of the edited
        /// text, with paragraphs that repeat, continue each other, join, split and go.
        #[test]
        fn entries_moved_through_edits_are_those_of_the_edited_text(
            parts in proptest::collection::vec("(a b c|a b c d|a b|b a c|a  b\tc|x)( d| e|\n|\n\n){0,3}", 1..14),
            edits in proptest::collection::vec((0usize..200, 0usize..4, "(|a|b |\n|\n\n| c d)"), 1..4),
            teasers: bool,
        ) {
            let rule = super::super::Dedupe { min_words: 2, teasers };
            let key = RuleKey { min_words: 2, teasers };
            let text: String = parts.join("\n\n");
            let start = computed(&rule, &text, true);
            let mut kept = ForRule::new(key, start.entries, start.paragraphs.unwrap());
            let edits = non_overlapping(&text, edits);
            let edited = spliced_by_copying(&text, &edits);
            proptest::prop_assume!(kept.moved(&edited, &edits));
            kept.refresh(&edited);
            let fresh = computed(&rule, &edited, false);
            proptest::prop_assert_eq!(repeated(&kept.entries), repeated(&fresh.entries));
            let again = computed(&rule, &edited, true).paragraphs.unwrap();
            proptest::prop_assert_eq!(&kept.paragraphs, &again);
        }
    }
}
