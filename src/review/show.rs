//! What review shows for one change: where it is, its rule, and the change in its context.

use crate::diff::{Palette, explain, word};
use crate::engine::Change;

/// Strike-through and underline: with colour on, old and new text still differ without it
/// (for a reader who cannot tell red from green, or a terminal without colour).
const STRIKE: &str = "\x1b[9m";
const UNDERLINE: &str = "\x1b[4m";

/// Which question this is, as the reviewer counts: the `index`th of about `total` in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub index: usize,
    pub total: usize,
}

/// The heading, the rule's description and the change in its context, before the question.
pub fn question(
    label: &str,
    text: &str,
    change: &Change,
    description: &str,
    position: Position,
    p: &Palette,
) -> String {
    let Position { index, total } = position;
    let mut shown = format!(
        "\n{}{label}:{}:{}{}  {}{}{}  {}({index} of {total} in this file){}\n",
        p.bold, change.line, change.column, p.reset, p.cyan, change.rule, p.reset, p.dim, p.reset
    );
    if change.safety == crate::rules::Safety::Unsafe {
        shown.push_str(
            "  unsafe suggestion: it may change what was said; not applied unless you accept it\n",
        );
    }
    if !description.is_empty() {
        let description = explain::escape_controls(description);
        shown.push_str(&format!("  {}{description}{}\n", p.dim, p.reset));
    }
    shown.push_str(&indent(&context(text, change, p)));
    shown
}

/// The change in its context: unchanged text either side, the change marked as in a word diff.
/// The markers stay with colour on, and the old text is struck through, the new underlined.
fn context(text: &str, change: &Change, p: &Palette) -> String {
    let start = change.replay_at;
    let end = start + change.before.len();
    let before = word::context_before(&text[..start], 0);
    let after = word::context_after(&text[end..], end);
    let mut out = String::new();
    if before.cut {
        out.push('…');
    }
    // As the transcript reads, but no escape sequence reaches the terminal.
    out.push_str(&explain::escape_controls(before.text));
    if !change.before.is_empty() {
        marked(&mut out, &change.before, ("[-", "-]"), (p.red, STRIKE), p);
    }
    if !change.after.is_empty() {
        marked(
            &mut out,
            &change.after,
            ("{+", "+}"),
            (p.green, UNDERLINE),
            p,
        );
    }
    out.push_str(&explain::escape_controls(after.text));
    if after.cut {
        out.push('…');
    }
    out.push('\n');
    out
}

/// `text` between its markers: the markers in `colour`, the text in `colour` and `extra` (no
/// styles at all without colour).
fn marked(
    out: &mut String,
    text: &str,
    (open, close): (&str, &str),
    (colour, extra): (&str, &str),
    p: &Palette,
) {
    let (extra, reset) = if colour.is_empty() {
        ("", "")
    } else {
        (extra, p.reset)
    };
    out.push_str(&format!("{colour}{open}{reset}"));
    word::marked(out, text, "", "", &format!("{colour}{extra}"), p, false);
    out.push_str(&format!("{colour}{close}{reset}"));
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}
