//! Edits of one stage: choosing a non-overlapping set, and splicing it into the text.

use crate::rules::Edit;
use std::ops::Range;

/// Whether `range` lies inside one of the sorted, disjoint `ranges`.
pub(super) fn inside_any(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    let at = ranges.partition_point(|r| r.end < range.end);
    ranges
        .get(at)
        .is_some_and(|r| r.start <= range.start && range.end <= r.end)
}

/// Whether `range` overlaps one of the sorted, disjoint `ranges` (touching an end counts).
pub(super) fn touches_any(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    let at = ranges.partition_point(|r| r.end < range.start);
    ranges.get(at).is_some_and(|r| r.start <= range.end)
}

/// Orders edits and keeps a non-overlapping set: the earliest start wins, then the longest, then
/// the rule listed first. Edits that change nothing are dropped; a deletion inside an accepted
/// deletion is already done. Returns whether any edit lost to an overlap.
pub(super) fn resolve(text: &str, edits: &mut Vec<Edit>) -> (Vec<Edit>, bool) {
    edits.retain(|e| text[e.range.clone()] != *e.replacement);
    // At one position an insertion goes first (it does not overlap what follows it), then the
    // longest edit.
    edits.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then((!a.range.is_empty()).cmp(&!b.range.is_empty()))
            .then(b.range.end.cmp(&a.range.end))
            .then(a.rule.cmp(&b.rule))
    });
    let mut accepted: Vec<Edit> = Vec::with_capacity(edits.len());
    let mut conflicts = false;
    for edit in edits.drain(..) {
        match accepted.last() {
            Some(last)
                if edit.range.start < last.range.end
                    || (edit.range.is_empty()
                        && last.range.is_empty()
                        && edit.range.start == last.range.start
                        && edit.replacement == last.replacement) =>
            {
                let already_deleted = last.replacement.is_empty()
                    && edit.replacement.is_empty()
                    && edit.range.end <= last.range.end;
                let duplicate = last.range == edit.range && last.replacement == edit.replacement;
                if !already_deleted && !duplicate {
                    conflicts = true;
                }
            }
            _ => accepted.push(edit),
        }
    }
    (accepted, conflicts)
}

/// Splices sorted, non-overlapping `edits` into `text`.
///
/// Where no edit makes the text longer than it was up to that edit (deletions, a non-breaking
/// space made a plain one, most corrections), the text is rewritten in place: on a large
/// document a second copy of it is the biggest cost in memory.
pub(super) fn apply_edits(text: String, edits: &[Edit]) -> String {
    let mut growth: isize = 0;
    let mut fits_in_place = true;
    for edit in edits {
        growth += edit.replacement.len() as isize - edit.range.len() as isize;
        fits_in_place &= growth <= 0;
    }
    if !fits_in_place {
        let mut out = String::with_capacity((text.len() as isize + growth.max(0)) as usize);
        let mut cursor = 0;
        for edit in edits {
            out.push_str(&text[cursor..edit.range.start]);
            out.push_str(&edit.replacement);
            cursor = edit.range.end;
        }
        out.push_str(&text[cursor..]);
        return out;
    }
    // Left to right, the write position never passes the read position.
    let mut bytes = text.into_bytes();
    let (mut read, mut write) = (0, 0);
    for edit in edits {
        bytes.copy_within(read..edit.range.start, write);
        write += edit.range.start - read;
        bytes[write..write + edit.replacement.len()].copy_from_slice(edit.replacement.as_bytes());
        write += edit.replacement.len();
        read = edit.range.end;
    }
    let len = bytes.len();
    bytes.copy_within(read..len, write);
    bytes.truncate(write + len - read);
    String::from_utf8(bytes).expect("edits replace whole characters with whole characters")
}
