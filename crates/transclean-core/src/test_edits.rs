//! Edits for tests: sorted, non-overlapping edits made from arbitrary picks, and the splice by
//! copying that code applying or following edits in place is checked against.

use crate::rules::Edit;

/// Edits of `text` from `(start, length, replacement)` picks, clamped to the text, sorted, and
/// without the ones that overlap an earlier one or start where it does.
pub(crate) fn non_overlapping(text: &str, wanted: Vec<(usize, usize, String)>) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut spans: Vec<(usize, usize, String)> = wanted
        .into_iter()
        .map(|(start, len, to)| {
            let start = start.min(text.len());
            (start, (start + len).min(text.len()), to)
        })
        .collect();
    spans.sort();
    for (start, end, replacement) in spans {
        if edits
            .last()
            .is_some_and(|e| e.range.end > start || e.range.start == start)
        {
            continue;
        }
        edits.push(Edit {
            range: start..end,
            replacement,
            rule: 0,
        });
    }
    edits
}

/// `text` with sorted, non-overlapping `edits` applied: a new string, piece by piece.
pub(crate) fn spliced_by_copying(text: &str, edits: &[Edit]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.replacement);
        at = edit.range.end;
    }
    out + &text[at..]
}
