//! Edits of one stage: choosing a non-overlapping set, and splicing it into the text.

use crate::rules::{Edit, shifts_before};
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
/// deletion is already done. `edits` is left holding the accepted ones, in order (chosen in
/// place: on a large document a second list of them was a tenth of the memory peak, issue 15).
/// Returns whether any edit lost to an overlap.
pub(super) fn resolve(text: &str, edits: &mut Vec<Edit>) -> bool {
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
    let mut conflicts = false;
    // The accepted edits are `edits[..kept]`.
    let mut kept: usize = 0;
    for next in 0..edits.len() {
        if let Some(last) = kept.checked_sub(1).map(|k| &edits[k]) {
            let edit = &edits[next];
            if edit.range.start < last.range.end
                || (edit.range.is_empty()
                    && last.range.is_empty()
                    && edit.range.start == last.range.start
                    && edit.replacement == last.replacement)
            {
                let already_deleted = last.replacement.is_empty()
                    && edit.replacement.is_empty()
                    && edit.range.end <= last.range.end;
                let duplicate = last.range == edit.range && last.replacement == edit.replacement;
                if !already_deleted && !duplicate {
                    conflicts = true;
                }
                continue;
            }
        }
        edits.swap(kept, next);
        kept += 1;
    }
    edits.truncate(kept);
    conflicts
}

/// Splices sorted, non-overlapping `edits` into `text`, in place: on a large document a second
/// copy of it was the biggest cost in memory (issue 15). A text that grows is extended first (a
/// large allocation grows without a copy).
pub(super) fn apply_edits(text: String, edits: &[Edit]) -> String {
    // What makes the spliced bytes UTF-8 without validating them all again (below).
    for edit in edits {
        assert!(
            text.is_char_boundary(edit.range.start) && text.is_char_boundary(edit.range.end),
            "an edit starts and ends between characters"
        );
    }
    let old_len = text.len();
    // Per stretch of unchanged text (before each edit, and after the last): how far it moves.
    let shifts = shifts_before(edits);
    let new_len = (old_len as isize + shifts[edits.len()]) as usize;
    let mut bytes = text.into_bytes();
    if new_len > old_len {
        bytes.reserve_exact(new_len - old_len);
        bytes.resize(new_len, 0);
    }
    // Stretch k is the text between edit k-1 and edit k.
    let stretch = |k: usize| {
        let start = if k == 0 { 0 } else { edits[k - 1].range.end };
        let end = edits.get(k).map_or(old_len, |e| e.range.start);
        start..end
    };
    let moved = |k: usize| (stretch(k).start as isize + shifts[k]) as usize;
    // Stretches moving left go first, left to right: each lands before any stretch not yet
    // moved. Then those moving right, right to left: each lands after any not yet moved. The
    // stretches keep their order, so none lands on another's new place.
    for k in (0..shifts.len()).filter(|&k| shifts[k] <= 0) {
        bytes.copy_within(stretch(k), moved(k));
    }
    for k in (0..shifts.len()).rev().filter(|&k| shifts[k] > 0) {
        bytes.copy_within(stretch(k), moved(k));
    }
    // The replacements go in the gaps between the stretches' new places.
    for (k, edit) in edits.iter().enumerate() {
        let at = (edit.range.start as isize + shifts[k]) as usize;
        bytes[at..at + edit.replacement.len()].copy_from_slice(edit.replacement.as_bytes());
    }
    bytes.truncate(new_len);
    debug_assert!(std::str::from_utf8(&bytes).is_ok());
    // SAFETY: the bytes are the stretches of `text` between edits, each from and to a character
    // boundary (asserted above), so each is UTF-8, with the replacements (each a `String`)
    // between them, in order: UTF-8 throughout. Validating them again cost a pass over the
    // whole text per round of edits, 4% of a large document's cleaning (issue 15).
    unsafe { String::from_utf8_unchecked(bytes) }
}
