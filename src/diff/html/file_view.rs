//! One changed file of the HTML report: its hunks, each change a mark labelled with its rule.
//!
//! A mark shows the deleted text struck through and the inserted text underlined, coloured by
//! its rule, and starts with a small label naming the rule, so that rules whose colours look
//! alike (or a reader who cannot tell colours apart) still tell them apart. Line breaks a
//! change deletes or inserts show as `↵`.

use super::marks::{Mark, file_marks};
use super::palette::Palette;
use super::{count, escape, push_escaped};
use crate::diff::word::{self, Hunk, Piece, Tag};
use crate::engine::Change;
use crate::text::LineIndex;
use std::collections::BTreeMap;
use std::fmt::Write;

/// What the report shows of one changed file.
pub struct ChangedFile<'a> {
    /// The file's place among the run's inputs, for its anchor (`#file-N`).
    pub index: usize,
    pub path: &'a str,
    pub original: &'a str,
    pub cleaned: &'a str,
    pub changes: &'a [Change],
    /// The index of the file's first change among all the run's changes (the page's data).
    pub first_change: usize,
}

/// Appends the file's article: a header with its rules, then its hunks.
pub fn file_view(page: &mut String, file: &ChangedFile, palette: &Palette) {
    let (original, cleaned) = (file.original, file.cleaned);
    let (pieces, marks) = file_marks(
        word::pieces(original, cleaned),
        file.changes,
        original,
        cleaned,
    );
    let view = View {
        file,
        palette,
        hunks: word::hunks(&pieces, original),
        pieces,
        marks,
        old_lines: LineIndex::new(original),
        new_lines: LineIndex::new(cleaned),
    };
    view.header(page);
    // Marks are sorted and disjoint: each hunk's are found by binary search, and the next mark
    // by a cursor, so that a file with many changes renders in linear time.
    let mut next_mark = 0;
    for hunk in &view.hunks {
        view.hunk(page, hunk, &mut next_mark);
    }
    page.push_str("</article>\n");
}

struct View<'a> {
    file: &'a ChangedFile<'a>,
    palette: &'a Palette<'a>,
    pieces: Vec<Piece>,
    hunks: Vec<Hunk>,
    marks: Vec<Mark>,
    old_lines: LineIndex,
    new_lines: LineIndex,
}

impl View<'_> {
    /// The article's start and header: the path, the count, a chip per rule with its count.
    fn header(&self, page: &mut String) {
        let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for change in self.file.changes {
            *per_rule.entry(&*change.rule).or_default() += 1;
        }
        let rules: Vec<&str> = per_rule.keys().copied().collect();
        let index = self.file.index;
        let _ = write!(
            page,
            "<article class=\"file\" id=\"file-{index}\" data-rules=\"{}\">\n<header>\
             <h2><a href=\"#file-{index}\">{}</a></h2><span class=\"n\">{}</span><span class=\"chips\">",
            escape(&rules.join(" ")),
            escape(self.file.path),
            count(self.file.changes.len(), "change"),
        );
        for (rule, n) in per_rule {
            let _ = write!(
                page,
                "<a class=\"chip {}\" href=\"#rule={}\">{} {n}</a>",
                self.palette.class(rule),
                escape(rule),
                escape(rule)
            );
        }
        page.push_str("</span></header>\n");
    }

    /// One hunk: where it is, the context before, its pieces and marks, the context after.
    fn hunk(&self, page: &mut String, hunk: &Hunk, next_mark: &mut usize) {
        let (pieces, marks) = (&self.pieces, &self.marks);
        let (original, cleaned) = (self.file.original, self.file.cleaned);
        let from = marks.partition_point(|m| m.pieces.start < hunk.first);
        let to = marks.partition_point(|m| m.pieces.end <= hunk.last + 1);
        let mut hunk_rules: Vec<&str> = marks[from..to.max(from)]
            .iter()
            .flat_map(|m| m.owners.iter().map(|&c| &*self.file.changes[c].rule))
            .collect();
        hunk_rules.sort_unstable();
        hunk_rules.dedup();
        let first = &pieces[hunk.first];
        let _ = write!(
            page,
            "<div class=\"hunk\" data-rules=\"{}\"><div class=\"hunk-head\">line {} → {}</div>\
             <div class=\"hunk-body\">",
            escape(&hunk_rules.join(" ")),
            self.old_lines.line(first.old.start),
            self.new_lines.line(first.new.start),
        );
        if hunk.first > 0 {
            let before = &pieces[hunk.first - 1];
            let context = word::context_before(&original[before.old.clone()], before.old.start);
            if context.cut {
                page.push_str("<span class=\"cut\">…</span>");
            }
            // The hunk's header gives the line; a blank line above the change says nothing.
            page.push_str(&escape(context.text.trim_start_matches(['\r', '\n'])));
        }
        let mut piece = hunk.first;
        while piece <= hunk.last {
            while marks
                .get(*next_mark)
                .is_some_and(|m| m.pieces.start < piece)
            {
                *next_mark += 1;
            }
            match marks.get(*next_mark).filter(|m| m.pieces.start == piece) {
                Some(mark) => {
                    self.mark(page, *next_mark, mark);
                    piece = mark.pieces.end;
                }
                None => {
                    page.push_str(&escape(pieces[piece].text(original, cleaned)));
                    piece += 1;
                }
            }
        }
        if let Some(after) = pieces.get(hunk.last + 1) {
            let context = word::context_after(&original[after.old.clone()], after.old.start);
            page.push_str(&escape(context.text));
            if context.cut {
                page.push_str("<span class=\"cut\">…</span>");
            }
        }
        page.push_str("</div></div>\n");
    }

    /// One mark: its rules' labels, then its deleted and inserted text; hovering shows each
    /// change's rule, why, place and texts.
    fn mark(&self, page: &mut String, id: usize, mark: &Mark) {
        let (changes, palette) = (self.file.changes, self.palette);
        let (original, cleaned) = (self.file.original, self.file.cleaned);
        let mut rules: Vec<&str> = Vec::new();
        for &c in &mark.owners {
            if !rules.contains(&&*changes[c].rule) {
                rules.push(&changes[c].rule);
            }
        }
        let title: Vec<String> = mark
            .owners
            .iter()
            .map(|&c| {
                let change = &changes[c];
                let why = palette.why.get(&*change.rule).copied().unwrap_or("");
                format!(
                    "{}: {why}\n{}:{} {} → {}",
                    change.rule,
                    change.line,
                    change.column,
                    crate::diff::explain::quote(&change.before, 40),
                    crate::diff::explain::quote(&change.after, 40)
                )
            })
            .collect();
        let indices: Vec<String> = mark
            .owners
            .iter()
            .map(|c| (self.file.first_change + c).to_string())
            .collect();
        let _ = write!(
            page,
            "<span class=\"chg {}\" id=\"m{}-{id}\" tabindex=\"0\" data-rules=\"{}\" data-changes=\"{}\" title=\"{}\">",
            rules.first().map_or_else(String::new, |r| palette.class(r)),
            self.file.first_change,
            escape(&rules.join(" ")),
            indices.join(" "),
            escape(&title.join("\n"))
        );
        for rule in &rules {
            let _ = write!(
                page,
                "<span class=\"rid {}\">{}</span>",
                palette.class(rule),
                escape(rule)
            );
        }
        for piece in &self.pieces[mark.pieces.clone()] {
            let at_line_start = piece.old.start == 0 || original[..piece.old.start].ends_with('\n');
            match piece.tag {
                Tag::Delete => {
                    marked_text(page, "del", &original[piece.old.clone()], at_line_start)
                }
                Tag::Insert => marked_text(page, "ins", &cleaned[piece.new.clone()], true),
                Tag::Equal => page.push_str(&escape(&original[piece.old.clone()])),
            }
        }
        page.push_str("</span>");
    }
}

/// Deleted or inserted text with what a reader could not see made visible: spaces of a
/// whitespace-only change as `·`, line breaks as `↵` (an element of its own, so the page can
/// style it and tests can find it), invisible characters by code point.
fn marked_text(page: &mut String, tag: &str, text: &str, break_lines: bool) {
    let only_space = text.chars().all(char::is_whitespace);
    let _ = write!(
        page,
        "<{tag}{}>",
        if only_space { " class=\"ws\"" } else { "" }
    );
    for c in text.chars() {
        match c {
            '\n' if break_lines => page.push_str("<span class=\"nl\">↵</span>\n"),
            '\n' => page.push_str("<span class=\"nl\">↵</span>"),
            '\r' => page.push('␍'),
            ' ' if only_space => page.push('·'),
            '\t' if only_space => page.push('→'),
            c if crate::diff::explain::is_invisible(c) => {
                let _ = write!(page, "<span class=\"inv\">U+{:04X}</span>", c as u32);
            }
            c => push_escaped(page, c),
        }
    }
    let _ = write!(page, "</{tag}>");
}
