//! One line per change saying where it was, which rule made it and what it did, for reviewers.
//!
//! Shared by `diff --explain`, the word diff and interactive review, so a change reads the same
//! wherever it is shown: `2:18 donbas  "Dombas" → "Donbas"`.

use super::Palette;
use crate::engine::Change;

/// How many characters of a long `before` or `after` an explanation shows.
pub const QUOTE_CHARS: usize = 60;

/// `line:col rule-id  "before" → "after"`, coloured when `p` has colours.
pub fn change_line(change: &Change, p: &Palette) -> String {
    format!(
        "{}{}:{}{} {}{}{}  {}{}{} → {}{}{}",
        p.dim,
        change.line,
        change.column,
        p.reset,
        p.cyan,
        change.rule,
        p.reset,
        p.red,
        quote(&change.before, QUOTE_CHARS),
        p.reset,
        p.green,
        quote(&change.after, QUOTE_CHARS),
        p.reset,
    )
}

/// The explanation lines of the changes a diff lists under hunk `hunk` (`owners[i]` is the hunk
/// of change `i`), in reading order; changes at one place stay in the order they were made.
pub fn write_hunk_changes(
    out: &mut String,
    changes: &[Change],
    owners: &[usize],
    hunk: usize,
    p: &Palette,
) {
    let mut here: Vec<&Change> = changes
        .iter()
        .zip(owners)
        .filter(|(_, owner)| **owner == hunk)
        .map(|(change, _)| change)
        .collect();
    here.sort_by_key(|c| c.range.start);
    for change in here {
        out.push_str(&change_line(change, p));
        out.push('\n');
    }
}

/// The unsafe suggestions of a file, one line each after its diff:
/// `# unsafe suggestion, not applied: PATH:3:12 repeated-words  " no" → ""`. The `#` keeps a
/// patch applicable (`git apply` skips lines outside hunks) and the line greppable.
pub fn suggestion_lines(path: &str, suggestions: &[Change], p: &Palette) -> String {
    let mut out = String::new();
    for suggestion in suggestions {
        out.push_str(&format!(
            "{}# unsafe suggestion, not applied:{} {path}:{}\n",
            p.dim,
            p.reset,
            change_line(suggestion, p)
        ));
    }
    out
}

/// `text` in double quotes with the characters a reader could not see escaped (line breaks,
/// tabs, non-breaking and zero-width spaces, controls, combining marks) and the middle of a long
/// text elided: `"Listen Live…(412 chars)…Sputnik"`.
pub fn quote(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    let mut out = String::from("\"");
    if count <= max_chars {
        escape_into(text, &mut out);
    } else {
        let head = max_chars * 2 / 3;
        let tail = max_chars - head;
        let head_end = text.char_indices().nth(head).map_or(text.len(), |(i, _)| i);
        let tail_start = text
            .char_indices()
            .nth(count - tail)
            .map_or(text.len(), |(i, _)| i);
        escape_into(&text[..head_end], &mut out);
        out.push_str(&format!("…({count} chars)…"));
        escape_into(&text[tail_start..], &mut out);
    }
    out.push('"');
    out
}

/// Escapes `text` so that every character that differs from a plain one is visible.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_invisible(c) => push_code_point(c, out),
            c => out.push(c),
        }
    }
}

/// `text` with its control characters but line breaks and tabs escaped as [`escape_into`]
/// writes them (`\u{1b}`): for text shown as it reads (a change's context), where an escape
/// sequence from a transcript would otherwise drive the terminal (`ESC[2J` clears it).
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let is_escaped = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.contains(is_escaped) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped(c) {
            push_code_point(c, &mut out);
        } else {
            out.push(c);
        }
    }
    out.into()
}

fn push_code_point(c: char, out: &mut String) {
    out.push_str(&format!("\\u{{{:x}}}", c as u32));
}

/// Characters that look like nothing or like a plain space, so a reader cannot tell them apart.
pub fn is_invisible(c: char) -> bool {
    (c.is_whitespace() && c != ' ')
        || c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}')
        || is_combining_mark(c)
}

/// Combining marks of the blocks transcripts meet (decomposed accents), shown escaped because
/// they are invisible on their own and NFC changes them.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Stage;
    use std::sync::Arc;

    #[test]
    fn quotes_escape_what_a_reader_cannot_see() {
        assert_eq!(quote("a\u{a0}b\n", 60), "\"a\\u{a0}b\\n\"");
        assert_eq!(quote("e\u{301}", 60), "\"e\\u{301}\"");
        assert_eq!(quote("\u{200b}", 60), "\"\\u{200b}\"");
        assert_eq!(quote("say \"hi\"", 60), "\"say \\\"hi\\\"\"");
        assert_eq!(quote("café", 60), "\"café\"");
    }

    #[test]
    fn long_texts_keep_their_ends_and_say_how_long_they_were() {
        let text = format!("start{}end", "x".repeat(100));
        assert_eq!(
            quote(&text, 12),
            "\"startxxx…(108 chars)…xend\"",
            "8 characters of the head, 4 of the tail"
        );
    }

    #[test]
    fn a_change_line_names_position_rule_and_texts() {
        let change = Change {
            rule: Arc::from("donbas"),
            source: Arc::from("builtin:rules/russia-us.toml:40"),
            stage: Stage::Corrections,
            safety: crate::rules::Safety::Safe,
            range: 40..46,
            line: 2,
            column: 18,
            before: "Dombas".into(),
            after: "Donbas".into(),
            replay_at: 40,
        };
        assert_eq!(
            change_line(&change, &Palette::new(false)),
            "2:18 donbas  \"Dombas\" → \"Donbas\""
        );
    }
}
