//! Unified diff that `git apply` accepts, naming the rules of each hunk after the second `@@`.
//!
//! git ignores the text after a hunk header's closing `@@` (it shows a function name there), so
//! the rule ids ride along without breaking the patch.

use super::Palette;
use crate::engine::Outcome;
use crate::text::LineIndex;
use similar::{ChangeTag, TextDiff};
use std::fmt::Write;

/// Lines of context around each hunk, as `git diff` uses.
pub const CONTEXT_LINES: usize = 3;

/// Renders the diff from `original` to `outcome.cleaned`, or an empty string if they are equal.
/// `path` is shown as `a/PATH` and `b/PATH`.
pub fn render(path: &str, original: &str, outcome: &Outcome, color: bool) -> String {
    let mut out = String::new();
    if original == outcome.cleaned {
        return out;
    }
    let p = Palette::new(color);
    let diff = TextDiff::from_lines(original, &outcome.cleaned);
    let lines = LineIndex::new(original);
    // Each change's original lines, 0-based and inclusive, to find the rules of each hunk.
    let spans: Vec<(usize, usize, &str)> = outcome
        .changes
        .iter()
        .map(|c| {
            let first = lines.line(c.range.start) - 1;
            let last = if c.range.is_empty() {
                first
            } else {
                lines.line(c.range.end - 1) - 1
            };
            (first, last, &*c.rule)
        })
        .collect();

    let _ = writeln!(out, "{}--- a/{path}{}", p.bold, p.reset);
    let _ = writeln!(out, "{}+++ b/{path}{}", p.bold, p.reset);
    for hunk in diff
        .unified_diff()
        .context_radius(CONTEXT_LINES)
        .iter_hunks()
    {
        let ops = hunk.ops();
        let (old_start, old_end) = (ops[0].old_range().start, ops[ops.len() - 1].old_range().end);
        let mut rules: Vec<&str> = Vec::new();
        for &(first, last, rule) in &spans {
            // A pure insertion at the end touches the line before it.
            let touches = first < old_end.max(old_start + 1) && last + 1 >= old_start.max(1);
            if touches && !rules.contains(&rule) {
                rules.push(rule);
            }
        }
        let _ = writeln!(
            out,
            "{}{}{} {}{}{}",
            p.cyan,
            hunk.header(),
            p.reset,
            p.dim,
            rules.join(", "),
            p.reset
        );
        for change in hunk.iter_changes() {
            let (sign, style) = match change.tag() {
                ChangeTag::Delete => ('-', p.red),
                ChangeTag::Insert => ('+', p.green),
                ChangeTag::Equal => (' ', ""),
            };
            let value = change.value();
            let text = value.strip_suffix('\n').unwrap_or(value);
            let reset = if style.is_empty() { "" } else { p.reset };
            let _ = writeln!(out, "{style}{sign}{text}{reset}");
            if change.missing_newline() {
                let _ = writeln!(out, "\\ No newline at end of file");
            }
        }
    }
    out
}
