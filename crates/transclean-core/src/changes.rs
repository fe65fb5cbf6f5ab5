//! Where a text changed: places moved through a batch of edits, and the blocks around the
//! changes, where what was worked out from the text before must be read again (issue 15).

use crate::rules::Edit;
use crate::text::{block_end, block_start};
use std::ops::Range;

/// One batch of edits applied together: per edit, its range in the text before and the length
/// of what replaced it; sorted and not overlapping.
pub(crate) type Batch = Vec<(Range<usize>, usize)>;

/// The batch `edits` (sorted, not overlapping) make.
pub(crate) fn batch_of(edits: &[Edit]) -> Batch {
    edits
        .iter()
        .map(|e| (e.range.clone(), e.replacement.len()))
        .collect()
}

/// Where the text changed, in the coordinates of the text after all of `batches` (applied in
/// order): sorted, joined where they overlap.
pub(crate) fn changed_ranges<'a>(
    batches: impl IntoIterator<Item = &'a Batch>,
) -> Vec<Range<usize>> {
    (batches.into_iter()).fold(Vec::new(), |changed, batch| {
        Shifts::new(batch).changed_after(changed)
    })
}

/// The blocks to scan again for `changed` ranges (sorted): each change's block, from the block
/// before when it starts at one's edge, and the block after it (an edit that blanks a line
/// splits a block, and the part after the split was scanned with the lines above it as its
/// paragraph). Sorted, joined where they meet.
pub(crate) fn regions_around(text: &str, changed: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut regions: Vec<Range<usize>> = Vec::new();
    // The end of the block holding the last change's end: a change ending before it ends
    // its region where the last did, so blocks are walked once, not once per change.
    let mut last_block_end = 0;
    for range in changed {
        let extends = regions
            .last()
            .is_some_and(|last| range.start.saturating_sub(1) < last.end);
        if !extends {
            let start = block_start(text, range.start.saturating_sub(1));
            regions.push(start..start);
            last_block_end = start;
        }
        let region = regions.last_mut().expect("a region was just pushed");
        if range.end >= last_block_end {
            last_block_end = block_end(text, range.end);
            region.end = region.end.max(block_end(text, last_block_end));
        }
    }
    merged(regions, true)
}

/// Sorts and joins overlapping ranges (and, with `touching`, ranges that meet).
pub(crate) fn merged(mut ranges: Vec<Range<usize>>, touching: bool) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start < last.end || (touching && range.start == last.end) => {
                last.end = last.end.max(range.end);
            }
            _ => out.push(range),
        }
    }
    out
}

/// Where the positions of a text go when a batch of edits is applied to it.
pub(crate) struct Shifts<'a> {
    batch: &'a Batch,
    /// Per edit, how much the edits before it moved the text after them.
    before: Vec<isize>,
}

impl<'a> Shifts<'a> {
    pub(crate) fn new(batch: &'a Batch) -> Shifts<'a> {
        let mut shift = 0isize;
        let before = batch
            .iter()
            .map(|(range, len)| {
                let at = shift;
                shift += *len as isize - range.len() as isize;
                at
            })
            .collect();
        Shifts { batch, before }
    }

    fn shift_after(&self, edits_before: usize) -> isize {
        match edits_before {
            0 => 0,
            n => {
                let (range, len) = &self.batch[n - 1];
                self.before[n - 1] + *len as isize - range.len() as isize
            }
        }
    }

    /// The new ranges of the edits.
    pub(crate) fn new_ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.batch
            .iter()
            .zip(&self.before)
            .map(|((range, len), shift)| {
                let start = (range.start as isize + shift) as usize;
                start..start + len
            })
    }

    /// Where `pos` goes, taken as the start of a range: into an edit, to the edit's start.
    pub(crate) fn map_start(&self, pos: usize) -> usize {
        let index = self.batch.partition_point(|(r, _)| r.end <= pos);
        match self.batch.get(index) {
            Some((range, _)) if range.start < pos => {
                (range.start as isize + self.before[index]) as usize
            }
            _ => (pos as isize + self.shift_after(index)) as usize,
        }
    }

    /// [`Shifts::map_start`] for positions asked in order (none before the one asked before),
    /// walking the batch once instead of searching it for each.
    pub(crate) fn start_mapper(&self) -> impl FnMut(usize) -> usize + '_ {
        let mut index = 0;
        let mut last = 0;
        move |pos| {
            debug_assert!(pos >= last, "positions asked in order");
            last = pos;
            while self.batch.get(index).is_some_and(|(r, _)| r.end <= pos) {
                index += 1;
            }
            match self.batch.get(index) {
                Some((range, _)) if range.start < pos => {
                    (range.start as isize + self.before[index]) as usize
                }
                _ => (pos as isize + self.shift_after(index)) as usize,
            }
        }
    }

    /// `changed` (where the text had changed before the batch: sorted, joined where they
    /// overlap) moved through it, with the batch's own edits: where it had changed after.
    pub(crate) fn changed_after(&self, mut changed: Vec<Range<usize>>) -> Vec<Range<usize>> {
        for range in &mut changed {
            *range = self.map_start(range.start)..self.map_end(range.end);
        }
        changed.extend(self.new_ranges());
        merged(changed, false)
    }

    /// Where `pos` goes, taken as the end of a range: into an edit, to the edit's new end.
    pub(crate) fn map_end(&self, pos: usize) -> usize {
        let index = self.batch.partition_point(|(r, _)| r.end < pos);
        match self.batch.get(index) {
            Some((range, len)) if range.start < pos => {
                (range.start as isize + self.before[index]) as usize + len
            }
            _ => (pos as isize + self.shift_after(index)) as usize,
        }
    }

    /// Where `range` goes, if no edit overlaps or touches it.
    pub(crate) fn map_untouched(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let index = self.batch.partition_point(|(r, _)| r.end < range.start);
        if self
            .batch
            .get(index)
            .is_some_and(|(r, _)| r.start <= range.end)
        {
            return None;
        }
        let shift = self.shift_after(index);
        Some((range.start as isize + shift) as usize..(range.end as isize + shift) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_move_with_the_edits_before_them() {
        // "abcdef": "b" -> "XYZ", "de" -> "".
        let batch: Batch = vec![(1..2, 3), (3..5, 0)];
        let shifts = Shifts::new(&batch);
        assert_eq!(shifts.map_start(0), 0);
        assert_eq!(shifts.map_start(2), 4);
        assert_eq!(shifts.map_start(4), 5);
        assert_eq!(shifts.map_end(4), 5);
        assert_eq!(shifts.map_end(6), 6);
        assert_eq!(shifts.map_untouched(&(5..6)), None);
        assert_eq!(shifts.map_untouched(&(2..3)), None);
        assert_eq!(shifts.map_untouched(&(0..0)), Some(0..0));
        // Asked in order, the walking mapper moves each position as `map_start` does.
        let mut start_of = shifts.start_mapper();
        for pos in 0..=6 {
            assert_eq!(start_of(pos), shifts.map_start(pos), "{pos}");
        }
        let mut ranges: Vec<_> = shifts.new_ranges().collect();
        ranges.sort_by_key(|r| r.start);
        assert_eq!(ranges, vec![1..4, 5..5]);
    }
}
