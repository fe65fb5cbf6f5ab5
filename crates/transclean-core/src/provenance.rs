//! Where text came from: maps byte offsets of the text between stages back to the original.
//!
//! Every change must name its place in the original document, however many stages rewrote the
//! text before it. The map is a list of segments covering the current text; each is either copied
//! from the original (offsets shift one to one) or written by an edit (it maps to the whole
//! original range that edit replaced).

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    current: Range<usize>,
    original: Range<usize>,
    copied: bool,
}

/// Maps the current text of the pipeline to the original text.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    original_len: usize,
}

impl OffsetMap {
    /// The map of an untouched text of `len` bytes.
    pub fn identity(len: usize) -> Self {
        let segments = if len == 0 {
            Vec::new()
        } else {
            vec![Segment {
                current: 0..len,
                original: 0..len,
                copied: true,
            }]
        };
        OffsetMap {
            segments,
            original_len: len,
        }
    }

    /// Index of the segment holding current offset `pos` (the last one for the end).
    fn segment_at(&self, pos: usize) -> Option<&Segment> {
        let index = self.segments.partition_point(|s| s.current.end <= pos);
        self.segments.get(index)
    }

    /// The original offset where current offset `pos` starts.
    fn map_start(&self, pos: usize) -> usize {
        match self.segment_at(pos) {
            Some(s) if s.copied => s.original.start + (pos - s.current.start),
            Some(s) => s.original.start,
            None => self.original_len,
        }
    }

    /// The original offset where a range ending at current offset `pos` ends.
    fn map_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.map_start(0);
        }
        match self.segment_at(pos - 1) {
            Some(s) if s.copied => s.original.start + (pos - s.current.start),
            Some(s) => s.original.end,
            None => self.original_len,
        }
    }

    /// The original range behind a current range.
    pub fn map_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.map_start(range.start);
        if range.is_empty() {
            return start..start;
        }
        start..self.map_end(range.end).max(start)
    }

    /// Updates the map for edits applied to the current text: `edits` are sorted, do not
    /// overlap, and give each replaced current range with the length of its replacement.
    pub fn apply(&mut self, edits: &[(Range<usize>, usize)]) {
        let mut next = Vec::with_capacity(self.segments.len() + edits.len() * 2);
        let mut delta: isize = 0;
        let mut cursor = 0;
        for (range, new_len) in edits {
            self.copy_segments(cursor..range.start, delta, &mut next);
            if *new_len > 0 {
                let start = (range.start as isize + delta) as usize;
                next.push(Segment {
                    current: start..start + new_len,
                    original: self.map_range(range.clone()),
                    copied: false,
                });
            }
            delta += *new_len as isize - range.len() as isize;
            cursor = range.end;
        }
        let end = self.segments.last().map_or(0, |s| s.current.end);
        self.copy_segments(cursor..end, delta, &mut next);
        self.segments = next;
    }

    /// Copies the parts of the segments inside current `range`, shifted by `delta`.
    fn copy_segments(&self, range: Range<usize>, delta: isize, out: &mut Vec<Segment>) {
        if range.is_empty() {
            return;
        }
        let first = self
            .segments
            .partition_point(|s| s.current.end <= range.start);
        for s in &self.segments[first..] {
            if s.current.start >= range.end {
                break;
            }
            let start = s.current.start.max(range.start);
            let end = s.current.end.min(range.end);
            let original = if s.copied {
                let offset = start - s.current.start;
                s.original.start + offset..s.original.start + offset + (end - start)
            } else {
                s.original.clone()
            };
            out.push(Segment {
                current: (start as isize + delta) as usize..(end as isize + delta) as usize,
                original,
                copied: s.copied,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_to_itself() {
        let map = OffsetMap::identity(10);
        assert_eq!(map.map_range(2..5), 2..5);
        assert_eq!(map.map_range(10..10), 10..10);
    }

    #[test]
    fn offsets_after_an_edit_shift_back() {
        // "hello big world" -> delete "big " (6..10) -> "hello world"
        let mut map = OffsetMap::identity(15);
        map.apply(&[(6..10, 0)]);
        assert_eq!(map.map_range(6..11), 10..15);
        assert_eq!(map.map_range(0..5), 0..5);
    }

    #[test]
    fn text_written_by_an_edit_maps_to_what_it_replaced() {
        // "a Dombas b" -> "a Donbas region b" (2..8 -> 13 bytes)
        let mut map = OffsetMap::identity(10);
        map.apply(&[(2..8, 13)]);
        assert_eq!(map.map_range(4..6), 2..8);
        assert_eq!(map.map_range(15..17), 8..10);
        // A second stage edits across the written text and the copied tail.
        map.apply(&[(10..17, 1)]);
        assert_eq!(map.map_range(10..11), 2..10);
        assert_eq!(map.map_range(0..2), 0..2);
    }

    #[test]
    fn insertions_map_to_a_point() {
        let mut map = OffsetMap::identity(3);
        map.apply(&[(3..3, 1)]);
        assert_eq!(map.map_range(3..4), 3..3);
        assert_eq!(map.map_range(0..3), 0..3);
    }
}
