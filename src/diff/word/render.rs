//! Writes a word diff as text: `[-old-]{+new+}` in place, or red and green with colour.

use super::{Context, Hunk, Piece, Tag, context_after, context_before, hunks, pieces};
use crate::diff::{Palette, explain, git_path};
use crate::engine::{Change, Outcome};
use crate::text::LineIndex;
use std::fmt::Write;
use std::ops::Range;

/// Renders the word diff from `original` to `outcome.cleaned`, or an empty string if they are
/// equal. Each hunk starts with `@@ -LINE +LINE @@` and the ids of the rules behind it; with
/// `explain`, one line per change follows it, as in `diff --explain`.
pub fn render(
    path: impl AsRef<std::path::Path>,
    original: &str,
    outcome: &Outcome,
    color: bool,
    explain: bool,
) -> String {
    let mut out = String::new();
    let cleaned = outcome.cleaned.as_str();
    if original == cleaned {
        return out;
    }
    let p = Palette::new(color);
    let pieces = pieces(original, cleaned);
    let hunks = hunks(&pieces, original);
    let view = View {
        original,
        cleaned,
        pieces: &pieces,
        old_lines: LineIndex::new(original),
        new_lines: LineIndex::new(cleaned),
        p: &p,
    };
    let changed: Vec<Range<usize>> = hunks
        .iter()
        .map(|h| pieces[h.first].old.start..pieces[h.last].old.end)
        .collect();
    let owners = owning_hunks(&outcome.changes, &changed);

    let path = path.as_ref();
    let (old, new) = (git_path::header('a', path), git_path::header('b', path));
    let _ = writeln!(out, "{}--- {old}{}", p.bold, p.reset);
    let _ = writeln!(out, "{}+++ {new}{}", p.bold, p.reset);
    for (index, hunk) in hunks.iter().enumerate() {
        let mut rules: Vec<&str> = Vec::new();
        for (change, owner) in outcome.changes.iter().zip(&owners) {
            if (*owner == index || touches(&change.range, &changed[index]))
                && !rules.contains(&&*change.rule)
            {
                rules.push(&change.rule);
            }
        }
        view.hunk(&mut out, hunk, &rules);
        if explain {
            explain::write_hunk_changes(&mut out, &outcome.changes, &owners, index, &p);
        }
    }
    out
}

/// What every hunk of one file's word diff is written from.
struct View<'a> {
    original: &'a str,
    cleaned: &'a str,
    pieces: &'a [Piece],
    old_lines: LineIndex,
    new_lines: LineIndex,
    p: &'a Palette,
}

impl View<'_> {
    /// One hunk: its `@@` header naming `rules`, then its text with the changes marked.
    fn hunk(&self, out: &mut String, hunk: &Hunk, rules: &[&str]) {
        let (pieces, p) = (self.pieces, self.p);
        let before = pieces
            .get(hunk.first.wrapping_sub(1))
            .filter(|_| hunk.first > 0)
            .map_or(Context::default(), |piece| {
                context_before(&self.original[piece.old.clone()], piece.old.start)
            });
        let after = pieces
            .get(hunk.last + 1)
            .map_or(Context::default(), |piece| {
                context_after(&self.original[piece.old.clone()], piece.old.start)
            });
        let old_shown = before.start..after.end.max(pieces[hunk.last].old.end);
        let shift = |old: usize, piece: &Piece| piece.new.start + (old - piece.old.start);
        let new_start = match hunk.first {
            0 => 0,
            first => shift(before.start, &pieces[first - 1]),
        };
        let new_end = match pieces.get(hunk.last + 1) {
            Some(next) => shift(after.end, next),
            None => pieces[hunk.last].new.end,
        };
        let _ = writeln!(
            out,
            "{}@@ -{} +{} @@{} {}{}{}",
            p.cyan,
            line_span(&self.old_lines, old_shown),
            line_span(&self.new_lines, new_start..new_end),
            p.reset,
            p.dim,
            rules.join(", "),
            p.reset
        );
        let body = self.body(hunk, &before, &after);
        out.push_str(&body);
        if !body.ends_with('\n') {
            out.push('\n');
        }
    }

    /// A hunk's text: the context before, the pieces with changes marked, the context after.
    fn body(&self, hunk: &Hunk, before: &Context, after: &Context) -> String {
        let p = self.p;
        let mut body = String::new();
        if before.cut {
            let _ = write!(body, "{}…{}", p.dim, p.reset);
        }
        body.push_str(before.text);
        for piece in &self.pieces[hunk.first..=hunk.last] {
            let at_line_start = body.is_empty() || body.ends_with('\n');
            match piece.tag {
                Tag::Equal => body.push_str(piece.text(self.original, self.cleaned)),
                Tag::Delete => marked(
                    &mut body,
                    &self.original[piece.old.clone()],
                    "[-",
                    "-]",
                    p.red,
                    p,
                    at_line_start,
                ),
                Tag::Insert => marked(
                    &mut body,
                    &self.cleaned[piece.new.clone()],
                    "{+",
                    "+}",
                    p.green,
                    p,
                    true,
                ),
            }
        }
        body.push_str(after.text);
        if after.cut {
            let _ = write!(body, "{}…{}", p.dim, p.reset);
        }
        body
    }
}

/// Writes a deleted or inserted text between markers (or in colour), a line at a time. Line
/// breaks show as `↵`; an insertion's line breaks, and those of a deletion of whole lines, also
/// break the output line, so the output keeps the layout of the cleaned text.
pub(crate) fn marked(
    out: &mut String,
    text: &str,
    open: &str,
    close: &str,
    style: &str,
    p: &Palette,
    break_lines: bool,
) {
    let (open, close) = if style.is_empty() {
        (open, close)
    } else {
        ("", "")
    };
    let lines: Vec<&str> = if break_lines {
        text.split_inclusive('\n').collect()
    } else {
        vec![text]
    };
    for line in lines {
        let (body, newline) = match line.strip_suffix('\n').filter(|_| break_lines) {
            Some(body) => (body, true),
            None => (line, false),
        };
        let invert = if !body.is_empty() && body.chars().all(char::is_whitespace) {
            p.invert
        } else {
            ""
        };
        out.push_str(style);
        out.push_str(invert);
        out.push_str(open);
        for c in body.chars() {
            match c {
                '\n' => out.push('↵'),
                '\r' => out.push('␍'),
                c if explain::is_invisible(c) && c != '\t' => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
                c => out.push(c),
            }
        }
        if newline {
            out.push('↵');
        }
        out.push_str(close);
        if !style.is_empty() {
            out.push_str(p.reset);
        }
        if newline && break_lines {
            out.push('\n');
        }
    }
}

/// `LINE` or `LINE,COUNT` for the lines a byte range of a text covers, as hunk headers show them.
fn line_span(lines: &LineIndex, range: Range<usize>) -> String {
    let first = lines.line(range.start);
    let last = if range.end > range.start {
        lines.line(range.end - 1)
    } else {
        first
    };
    match last - first + 1 {
        1 => first.to_string(),
        count => format!("{first},{count}"),
    }
}

/// Whether a change's original range touches a hunk's changed range (an insertion at either
/// end counts).
fn touches(change: &Range<usize>, hunk: &Range<usize>) -> bool {
    change.start <= hunk.end && change.end >= hunk.start
}

/// For each change, the hunk it is explained under: the first it touches, else the nearest.
fn owning_hunks(changes: &[Change], hunks: &[Range<usize>]) -> Vec<usize> {
    changes
        .iter()
        .map(|change| {
            hunks
                .iter()
                .position(|hunk| touches(&change.range, hunk))
                .unwrap_or_else(|| {
                    (0..hunks.len())
                        .min_by_key(|&i| {
                            let hunk = &hunks[i];
                            hunk.start
                                .saturating_sub(change.range.end)
                                .max(change.range.start.saturating_sub(hunk.end))
                        })
                        .unwrap_or(0)
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::word::CONTEXT_CHARS;
    use crate::engine::Outcome;

    /// An outcome with no recorded changes: enough to render the text diff.
    fn outcome(cleaned: &str) -> Outcome {
        Outcome {
            cleaned: cleaned.into(),
            changes: Vec::new(),
            runaway: None,
            suggestions: Vec::new(),
        }
    }

    fn body(rendered: &str) -> Vec<&str> {
        rendered.lines().skip(2).collect()
    }

    #[test]
    fn a_changed_word_is_marked_in_its_line() {
        let rendered = render(
            "t",
            "The situation in Dombas, in Russia.\n",
            &outcome("The situation in Donbas, in Russia.\n"),
            false,
            false,
        );
        assert_eq!(
            body(&rendered),
            [
                "@@ -1 +1 @@ ",
                "The situation in [-Dombas,-]{+Donbas,+} in Russia."
            ]
        );
    }

    #[test]
    fn a_changed_space_does_not_pull_words_out_of_line() {
        let rendered = render(
            "t",
            "ready to\u{a0}advance\n",
            &outcome("ready to advance\n"),
            false,
            false,
        );
        assert_eq!(body(&rendered)[1], "ready to[-\\u{a0}-]{+ +}advance");
    }

    #[test]
    fn long_unchanged_stretches_are_cut_to_context() {
        let filler = "word ".repeat(30);
        let old = format!("{filler}Dombas {filler}Dombas {filler}\n");
        let new = old.replace("Dombas", "Donbas");
        let rendered = render("t", &old, &outcome(&new), false, false);
        let lines = body(&rendered);
        assert_eq!(
            lines.len(),
            4,
            "two hunks of a header and a line: {rendered}"
        );
        let context = "word word word word word word word";
        assert_eq!(
            lines[1],
            format!("…{context} [-Dombas-]{{+Donbas+}} {context}…")
        );
        assert!(lines[1].chars().count() < 2 * CONTEXT_CHARS + 30);
    }

    #[test]
    fn context_is_cut_after_a_wide_space() {
        // The cut lands right after a non-breaking space or a line separator, not inside it.
        for space in ["\u{a0}", "\u{2028}"] {
            let old = format!("{}{space}{} Dombas\n", "w".repeat(5), "x".repeat(37));
            let new = old.replace("Dombas", "Donbas");
            let rendered = render("t", &old, &outcome(&new), false, false);
            assert!(rendered.contains("[-Dombas-]"), "{rendered}");
        }
    }

    #[test]
    fn deleted_lines_keep_their_own_lines_and_line_breaks_show() {
        let rendered = render(
            "t",
            "Listen Live\nMOSCOW (Sputnik)  \nsaid",
            &outcome("MOSCOW (Sputnik)\nsaid\n"),
            false,
            false,
        );
        assert_eq!(
            body(&rendered),
            [
                "@@ -1,3 +1,2 @@ ",
                "[-Listen Live↵-]",
                "MOSCOW (Sputnik)[-  -]",
                "said{+↵+}"
            ]
        );
    }

    #[test]
    fn colour_replaces_the_markers_and_shows_deleted_spaces() {
        let rendered = render("t", "a  b\n", &outcome("a b\n"), true, false);
        assert!(
            rendered.contains("a\x1b[31m\x1b[7m  \x1b[0m\x1b[32m\x1b[7m \x1b[0mb"),
            "{rendered:?}"
        );
        assert!(!rendered.contains("[-"));
    }

    #[test]
    fn nothing_to_show_when_nothing_changed() {
        assert_eq!(render("t", "same\n", &outcome("same\n"), false, false), "");
    }
}
