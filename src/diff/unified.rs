//! Unified diff that `git apply` accepts, naming the rules of each hunk after the second `@@`.
//!
//! git ignores the text after a hunk header's closing `@@` (it shows a function name there), so
//! the rule ids ride along without breaking the patch.

use super::{Palette, explain, git_path};
use crate::engine::{Change, Outcome};
use crate::text::LineIndex;
use similar::udiff::UnifiedDiffHunk;
use similar::{ChangeTag, TextDiff};
use std::fmt::Write;

/// Lines of context around each hunk, as `git diff` uses.
pub const CONTEXT_LINES: usize = 3;

/// Renders the diff from `original` to `outcome.cleaned`, or an empty string if they are equal.
/// `path` is shown as `a/PATH` and `b/PATH`.
pub fn render(
    path: impl AsRef<std::path::Path>,
    original: &str,
    outcome: &Outcome,
    color: bool,
) -> String {
    render_explained(path, original, outcome, color, false)
}

/// Like [`render`]; with `explain`, each hunk is followed by one line per change it holds
/// (`line:col rule-id  "before" → "after"`), every change listed under exactly one hunk.
pub fn render_explained(
    path: impl AsRef<std::path::Path>,
    original: &str,
    outcome: &Outcome,
    color: bool,
    explain: bool,
) -> String {
    let mut out = String::new();
    if original == outcome.cleaned {
        return out;
    }
    let p = Palette::new(color);
    // Lines end at '\n' only, as git reads them: similar's own line split also ends a line at a
    // lone '\r', and the patch it gives does not apply.
    let old_lines: Vec<&str> = original.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = outcome.cleaned.split_inclusive('\n').collect();
    let diff = TextDiff::configure().diff_slices(&old_lines, &new_lines);
    let spans = change_spans(original, &outcome.changes);

    let path = path.as_ref();
    let (old, new) = (git_path::header('a', path), git_path::header('b', path));
    let _ = writeln!(out, "{}--- {old}{}", p.bold, p.reset);
    let _ = writeln!(out, "{}+++ {new}{}", p.bold, p.reset);
    let mut unified = diff.unified_diff();
    unified.context_radius(CONTEXT_LINES);
    let hunks: Vec<_> = unified.iter_hunks().collect();
    let old_ranges: Vec<(usize, usize)> = hunks
        .iter()
        .map(|hunk| {
            let ops = hunk.ops();
            (ops[0].old_range().start, ops[ops.len() - 1].old_range().end)
        })
        .collect();
    let owners = explain.then(|| owning_hunks(&spans, &old_ranges));
    for (index, hunk) in hunks.iter().enumerate() {
        let mut rules: Vec<&str> = Vec::new();
        for &(first, last, rule) in &spans {
            if touches((first, last), old_ranges[index]) && !rules.contains(&rule) {
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
        hunk_lines(&mut out, hunk, &p);
        if let Some(owners) = &owners {
            explain::write_hunk_changes(&mut out, &outcome.changes, owners, index, &p);
        }
    }
    out
}

/// Each change's original lines, 0-based and inclusive, with its rule: to find the rules of
/// each hunk.
fn change_spans<'a>(original: &str, changes: &'a [Change]) -> Vec<(usize, usize, &'a str)> {
    let lines = LineIndex::new(original);
    changes
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
        .collect()
}

/// A hunk's lines, each with its sign (` `, `-` or `+`).
fn hunk_lines(out: &mut String, hunk: &UnifiedDiffHunk<'_, '_, '_, str>, p: &Palette) {
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
        // similar counts a final '\r' as a line end; git does not.
        if !value.ends_with('\n') {
            let _ = writeln!(out, "\\ No newline at end of file");
        }
    }
}

/// Whether a change on original lines `first..=last` (0-based) shows in a hunk covering old
/// lines `start..end`. A pure insertion at the end touches the line before it.
fn touches((first, last): (usize, usize), (start, end): (usize, usize)) -> bool {
    first < end.max(start + 1) && last + 1 >= start.max(1)
}

/// For each change, the hunk it is explained under: the first hunk it touches, or else the
/// nearest one (a change undone by a later one shows in no hunk, but is still listed).
fn owning_hunks(spans: &[(usize, usize, &str)], hunks: &[(usize, usize)]) -> Vec<usize> {
    spans
        .iter()
        .map(|&(first, last, _)| {
            hunks
                .iter()
                .position(|&hunk| touches((first, last), hunk))
                .unwrap_or_else(|| {
                    (0..hunks.len())
                        .min_by_key(|&i| {
                            let (start, end) = hunks[i];
                            start.saturating_sub(last).max(first.saturating_sub(end))
                        })
                        .unwrap_or(0)
                })
        })
        .collect()
}
