//! Mojibake: UTF-8 text that was decoded in a legacy single-byte encoding (`doesnâ€™t`,
//! `Ã©`, `РґРѕ`), repaired by the `unicode` rule with its `mojibake` option.
//!
//! Each line is repaired as ftfy (<https://github.com/rspeer/python-ftfy>) repairs it, by the
//! same method reimplemented here: only a line its badness heuristic finds mojibake in is
//! touched, it is encoded back to bytes in the first single-byte encoding that holds it all
//! and decoded as UTF-8 (CESU-8 included, no-break spaces turned spaces and lost bytes put
//! back), and failing that each embedded run is repaired alone, layer by layer until nothing
//! looks like mojibake any more (so repairing twice is repairing once). Each repaired run of
//! the line is one edit.

mod badness;
mod codecs;
mod fix;

use crate::text::StageText;
use std::ops::Range;

pub use badness::is_bad;
pub use fix::fix_encoding;

/// Proposes a repair for each run of mojibake in the text.
pub fn scan(stage_text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
    let text = stage_text.as_str();
    if text.is_ascii() {
        return;
    }
    let (lines, verbatim) = (stage_text.lines(), stage_text.verbatim());
    for (index, line) in lines.iter().enumerate() {
        let content = &text[line.content()];
        // Front matter and code fences are left as written, as entities are: code may show
        // mojibake on purpose.
        if content.is_ascii() || verbatim.get(index).copied().unwrap_or(false) {
            continue;
        }
        // `fix_encoding` keeps a line that does not look like mojibake as it is; asked first,
        // the question spares nearly every line a copy (issue 15).
        if !is_bad(content) {
            continue;
        }
        let fixed = fix_encoding(content);
        if fixed != content {
            let start = line.content().start;
            for (range, to) in run_edits(content, &fixed) {
                emit(start + range.start..start + range.end, to);
            }
        }
    }
}

/// The edits that turn `line` into `fixed`, one per repaired run of non-ASCII characters (a
/// repair leaves the ASCII between runs as it is); one edit for the differing middle when a
/// repair took in ASCII too (a space that stood for a no-break space).
fn run_edits(line: &str, fixed: &str) -> Vec<(Range<usize>, String)> {
    let mut edits = Vec::new();
    let (mut at, mut at_fixed) = (0, 0);
    while at < line.len() {
        let ascii = prefix_len(&line[at..], true);
        if !fixed[at_fixed..].starts_with(&line[at..at + ascii]) {
            return vec![middle_edit(line, fixed)];
        }
        at += ascii;
        at_fixed += ascii;
        let run = prefix_len(&line[at..], false);
        let run_fixed = prefix_len(&fixed[at_fixed..], false);
        if run > 0 && line[at..at + run] != fixed[at_fixed..at_fixed + run_fixed] {
            edits.push((
                at..at + run,
                fixed[at_fixed..at_fixed + run_fixed].to_string(),
            ));
        }
        at += run;
        at_fixed += run_fixed;
    }
    if at_fixed == fixed.len() {
        edits
    } else {
        vec![middle_edit(line, fixed)]
    }
}

/// Length of the longest prefix of ASCII (or of non-ASCII) characters.
fn prefix_len(s: &str, ascii: bool) -> usize {
    s.char_indices()
        .find(|(_, c)| c.is_ascii() != ascii)
        .map_or(s.len(), |(i, _)| i)
}

/// One edit replacing what lies between the common prefix and suffix of the two.
fn middle_edit(line: &str, fixed: &str) -> (Range<usize>, String) {
    let prefix: usize = line
        .chars()
        .zip(fixed.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = line[prefix..]
        .chars()
        .rev()
        .zip(fixed[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (
        prefix..line.len() - suffix,
        fixed[prefix..fixed.len() - suffix].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> (String, usize) {
        let stage = StageText::new(text);
        let mut edits = Vec::new();
        scan(&stage, &mut |range, to| edits.push((range, to)));
        let count = edits.len();
        let mut out = text.to_string();
        for (range, to) in edits.into_iter().rev() {
            out.replace_range(range, &to);
        }
        (out, count)
    }

    #[test]
    fn each_run_is_one_edit() {
        let (out, edits) = repaired("It doesnâ€™t matter, isnâ€™t it?\nCafé is fine.\n");
        assert_eq!(out, "It doesn’t matter, isn’t it?\nCafé is fine.\n");
        assert_eq!(edits, 2);
    }

    #[test]
    fn a_space_for_a_no_break_space_is_taken_in() {
        let (out, edits) = repaired("voilÃ  le travail");
        assert_eq!(out, "voilà le travail");
        assert_eq!(edits, 1);
    }

    #[test]
    fn code_fences_are_left_as_written() {
        let text = "```\ndoesnâ€™t\n```\ndoesnâ€™t\n";
        assert_eq!(repaired(text).0, "```\ndoesnâ€™t\n```\ndoesn’t\n");
    }

    #[test]
    fn repairing_twice_is_repairing_once() {
        let (once, _) = repaired("Ã¢â‚¬Å“doubleÃ¢â‚¬Â\u{9d} and sÃ³");
        assert_eq!(repaired(&once), (once.clone(), 0));
    }
}
