//! The HTML report: one self-contained page for a reviewer who would rather look than read a
//! patch.
//!
//! Per changed file, the places that changed are shown inline (deleted text struck through,
//! inserted text underlined), each change coloured by its rule; hovering shows the rule and why,
//! clicking or `j`/`k` selects a change and shows its details; a chart counts changes per rule and
//! doubles as a filter (`review.html#rule=donbas`). Styles and script are inlined and a content
//! security policy forbids any request, so the page works offline and from an archive.

use super::json::{self, Report};
use super::run::FileResult;
use super::word::{self, Piece, Tag};
use crate::engine::Change;
use crate::text::LineIndex;
use std::collections::HashMap;
use std::fmt::Write;
use std::ops::Range;

mod marks;
mod script_json;

use marks::{mark_owners, marks};

const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/script.js");

/// Renders the report of a run as an HTML page.
pub fn render(command: &str, results: &[FileResult]) -> String {
    let report = json::report(command, results);
    let palette = Palette::new(&report);
    let mut page = String::with_capacity(64 * 1024);
    head(&mut page, &report, &palette);
    summary(&mut page, &report);
    chart(&mut page, &report, &palette);
    file_table(&mut page, &report);
    let mut first_change = 0;
    for (index, result) in results.iter().enumerate() {
        let count = result.outcome.map_or(0, |o| o.changes.len());
        if let (Some(original), Some(outcome)) = (result.original, result.outcome)
            && original != outcome.cleaned
        {
            file_view(
                &mut page,
                index,
                result.path,
                original,
                &outcome.cleaned,
                &outcome.changes,
                first_change,
                &palette,
            );
        }
        first_change += count;
    }
    super::suggested::section(&mut page, &report, escape);
    page.push_str("</main>\n");
    tail(&mut page, &report);
    page
}

/// A colour class per rule: rules that change most get the first, most distinct hues.
struct Palette<'a> {
    class: HashMap<&'a str, usize>,
    /// Why each rule exists, for the tooltips.
    why: HashMap<&'a str, &'a str>,
    /// Rule ids with their counts, most changes first.
    order: Vec<(&'a str, usize)>,
}

impl<'a> Palette<'a> {
    fn new(report: &Report<'a>) -> Palette<'a> {
        let mut order: Vec<(&str, usize)> = report
            .totals
            .by_rule
            .iter()
            .map(|(r, n)| (*r, *n))
            .collect();
        order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let class = order
            .iter()
            .enumerate()
            .map(|(i, (r, _))| (*r, i))
            .collect();
        let why = report
            .rules
            .iter()
            .filter_map(|r| Some((r.id, r.description?)))
            .collect();
        Palette { class, why, order }
    }

    fn class(&self, rule: &str) -> String {
        format!("r{}", self.class.get(rule).copied().unwrap_or(0))
    }

    /// One CSS rule per colour class.
    fn css(&self) -> String {
        let mut css = String::new();
        // Hues a golden angle apart, skipping the reds and greens that mean deleted and inserted.
        let mut hues = (0..)
            .map(|k| (215.0 + k as f64 * 137.508) % 360.0)
            .filter(|h: &f64| (25.0..335.0).contains(h) && !(100.0..150.0).contains(h));
        for index in 0..self.order.len() {
            let hue = hues.next().unwrap_or(215.0);
            let _ = writeln!(
                css,
                ".r{index}{{--c:hsl({hue:.0} 65% 38%);--bg:hsl({hue:.0} 85% 93%)}}"
            );
        }
        css
    }
}

fn head(page: &mut String, report: &Report, palette: &Palette) {
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>transclean review: {} in {}</title>\n<style>\n{STYLE}{}</style>\n</head>\n\
         <body>\n",
        count(report.totals.changes, "change"),
        count(report.totals.changed, "file"),
        palette.css()
    );
}

fn summary(page: &mut String, report: &Report) {
    let t = &report.totals;
    let _ = write!(
        page,
        "<header class=\"top\">\n<h1>transclean review</h1>\n<p class=\"summary\">\
         <strong>{}</strong> in <strong>{} of {}</strong>",
        count(t.changes, "change"),
        t.changed,
        count(t.files, "file"),
    );
    if t.errors > 0 {
        let _ = write!(page, ", {} failed", t.errors);
    }
    if t.skipped > 0 {
        let _ = write!(page, ", {} skipped", t.skipped);
    }
    if t.suggestions > 0 {
        let _ = write!(
            page,
            ", <a href=\"#suggestions\">{} not applied</a>",
            count(t.suggestions, "unsafe suggestion")
        );
    }
    let _ = write!(
        page,
        " · {} · rule set <code>{}</code> · transclean {}</p>\n\
         <div class=\"toolbar\"><label>Rule <select id=\"rule-filter\">\
         <option value=\"\">all rules</option>",
        count(report.rules.len(), "rule"),
        escape(&report.rule_set.fingerprint),
        escape(report.tool.version),
    );
    let mut ids: Vec<&str> = report.totals.by_rule.keys().copied().collect();
    ids.sort_unstable();
    for id in ids {
        let _ = write!(
            page,
            "<option value=\"{0}\">{0} ({1})</option>",
            escape(id),
            report.totals.by_rule[id]
        );
    }
    page.push_str(
        "</select></label> <span id=\"status\" class=\"status\"></span>\
         <span class=\"keys\"><kbd>j</kbd>/<kbd>k</kbd> next/previous change · \
         <kbd>Esc</kbd> all rules · <kbd>?</kbd> help</span></div>\n</header>\n<main>\n",
    );
}

fn chart(page: &mut String, report: &Report, palette: &Palette) {
    let max = palette.order.first().map_or(1, |(_, n)| *n).max(1);
    let _ = write!(
        page,
        "<section id=\"chart\" class=\"chart\">\n<h2>Changes per rule</h2>\n\
         <p class=\"hint\">Click a rule to see only its changes.</p>\n<div class=\"bars\">\n"
    );
    for (rule, n) in &palette.order {
        let description = report
            .rules
            .iter()
            .find(|r| r.id == *rule)
            .and_then(|r| r.description)
            .unwrap_or("");
        // A bar never vanishes: one change still shows as a sliver.
        let width = (*n as f64 / max as f64 * 100.0).max(0.6);
        let _ = writeln!(
            page,
            "<a class=\"bar-row {class}\" href=\"#rule={id}\" data-rule=\"{id}\" title=\"{title}\">\
             <span class=\"bar-label\">{id}</span>\
             <span class=\"bar-track\"><span class=\"bar\" style=\"width:{width:.1}%\"></span></span>\
             <span class=\"bar-n\">{n}</span></a>",
            class = palette.class(rule),
            id = escape(rule),
            title = escape(description),
        );
    }
    page.push_str("</div>\n</section>\n");
}

fn file_table(page: &mut String, report: &Report) {
    page.push_str(
        "<section class=\"files\">\n<h2>Files</h2>\n<table>\n\
         <thead><tr><th>file</th><th>status</th><th class=\"num\">changes</th><th>rules</th></tr></thead>\n<tbody>\n",
    );
    for (index, file) in report.files.iter().enumerate() {
        let name = if file.status == "changed" {
            format!("<a href=\"#file-{index}\">{}</a>", escape(file.path))
        } else {
            escape(file.path)
        };
        let rules: Vec<String> = file
            .by_rule
            .iter()
            .map(|(r, n)| format!("{} {n}", escape(r)))
            .collect();
        let detail = file.message.map(escape).unwrap_or_else(|| rules.join(", "));
        let _ = writeln!(
            page,
            "<tr class=\"{status}\" data-file=\"{index}\"><td>{name}</td><td>{status}</td>\
             <td class=\"num\">{n}</td><td class=\"rules\">{detail}</td></tr>",
            status = file.status,
            n = file.changes,
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

/// One changed file: its hunks, each change a mark coloured by its rule.
#[allow(clippy::too_many_arguments)]
fn file_view(
    page: &mut String,
    index: usize,
    path: &str,
    original: &str,
    cleaned: &str,
    changes: &[Change],
    first_change: usize,
    palette: &Palette,
) {
    let pieces = word::pieces(original, cleaned);
    let hunks = word::hunks(&pieces, original);
    let marks = marks(&pieces);
    let owners = mark_owners(changes, &pieces, &marks);
    let mut rules: Vec<&str> = changes.iter().map(|c| &*c.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    let old_lines = LineIndex::new(original);
    let new_lines = LineIndex::new(cleaned);

    let _ = write!(
        page,
        "<article class=\"file\" id=\"file-{index}\" data-rules=\"{}\">\n<header>\
         <h2><a href=\"#file-{index}\">{}</a></h2><span class=\"n\">{}</span><span class=\"chips\">",
        escape(&rules.join(" ")),
        escape(path),
        count(changes.len(), "change"),
    );
    let mut per_rule: HashMap<&str, usize> = HashMap::new();
    for change in changes {
        *per_rule.entry(&*change.rule).or_default() += 1;
    }
    for rule in &rules {
        let n = per_rule[rule];
        let _ = write!(
            page,
            "<a class=\"chip {}\" href=\"#rule={}\">{} {n}</a>",
            palette.class(rule),
            escape(rule),
            escape(rule)
        );
    }
    page.push_str("</span></header>\n");

    // Marks are sorted and disjoint: each hunk's are found by binary search, and the next mark
    // by a cursor, so that a file with many changes renders in linear time.
    let mut next_mark = 0;
    for hunk in &hunks {
        let from = marks.partition_point(|m| m.start < hunk.first);
        let to = marks.partition_point(|m| m.end <= hunk.last + 1);
        let hunk_marks: Vec<usize> = (from..to.max(from)).collect();
        let mut hunk_rules: Vec<&str> = hunk_marks
            .iter()
            .flat_map(|&m| owners[m].iter().map(|&c| &*changes[c].rule))
            .collect();
        hunk_rules.sort_unstable();
        hunk_rules.dedup();
        let first = &pieces[hunk.first];
        let _ = write!(
            page,
            "<div class=\"hunk\" data-rules=\"{}\"><div class=\"hunk-head\">line {} → {}</div>\
             <div class=\"hunk-body\">",
            escape(&hunk_rules.join(" ")),
            old_lines.line(first.old.start),
            new_lines.line(first.new.start),
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
            while marks.get(next_mark).is_some_and(|m| m.start < piece) {
                next_mark += 1;
            }
            match (marks.get(next_mark)).and_then(|m| (m.start == piece).then_some(next_mark)) {
                Some(m) => {
                    mark(
                        page,
                        m,
                        &marks[m],
                        &owners[m],
                        &pieces,
                        original,
                        cleaned,
                        changes,
                        first_change,
                        palette,
                    );
                    piece = marks[m].end;
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
    page.push_str("</article>\n");
}

#[allow(clippy::too_many_arguments)]
fn mark(
    page: &mut String,
    id: usize,
    mark: &Range<usize>,
    owners: &[usize],
    pieces: &[Piece],
    original: &str,
    cleaned: &str,
    changes: &[Change],
    first_change: usize,
    palette: &Palette,
) {
    let mut rules: Vec<&str> = Vec::new();
    for &c in owners {
        if !rules.contains(&&*changes[c].rule) {
            rules.push(&changes[c].rule);
        }
    }
    let title: Vec<String> = owners
        .iter()
        .map(|&c| {
            let change = &changes[c];
            let why = palette.why.get(&*change.rule).copied().unwrap_or("");
            format!(
                "{}: {why}\n{}:{} {} → {}",
                change.rule,
                change.line,
                change.column,
                super::explain::quote(&change.before, 40),
                super::explain::quote(&change.after, 40)
            )
        })
        .collect();
    let indices: Vec<String> = owners
        .iter()
        .map(|c| (first_change + c).to_string())
        .collect();
    let _ = write!(
        page,
        "<span class=\"chg {}\" id=\"m{}-{id}\" tabindex=\"0\" data-rules=\"{}\" data-changes=\"{}\" title=\"{}\">",
        rules.first().map_or_else(String::new, |r| palette.class(r)),
        first_change,
        escape(&rules.join(" ")),
        indices.join(" "),
        escape(&title.join("\n"))
    );
    for piece in &pieces[mark.clone()] {
        let at_line_start = piece.old.start == 0 || original[..piece.old.start].ends_with('\n');
        match piece.tag {
            Tag::Delete => marked_text(page, "del", &original[piece.old.clone()], at_line_start),
            Tag::Insert => marked_text(page, "ins", &cleaned[piece.new.clone()], true),
            Tag::Equal => page.push_str(&escape(&original[piece.old.clone()])),
        }
    }
    page.push_str("</span>");
}

/// Deleted or inserted text with what a reader could not see made visible: spaces of a
/// whitespace-only change as `·`, line breaks as `↵`, invisible characters by code point.
fn marked_text(page: &mut String, tag: &str, text: &str, break_lines: bool) {
    let only_space = text.chars().all(char::is_whitespace);
    let _ = write!(
        page,
        "<{tag}{}>",
        if only_space { " class=\"ws\"" } else { "" }
    );
    for c in text.chars() {
        match c {
            '\n' if break_lines => page.push_str("↵\n"),
            '\n' => page.push('↵'),
            '\r' => page.push('␍'),
            ' ' if only_space => page.push('·'),
            '\t' if only_space => page.push('→'),
            c if super::explain::is_invisible(c) => {
                let _ = write!(page, "<span class=\"inv\">U+{:04X}</span>", c as u32);
            }
            c => push_escaped(page, c),
        }
    }
    let _ = write!(page, "</{tag}>");
}

fn tail(page: &mut String, report: &Report) {
    let data = serde_json::json!({
        "rules": report.rules,
        "changes": report.changes,
    });
    let data = script_json::script_safe_json(&data.to_string());
    let _ = write!(
        page,
        "<aside id=\"detail\" class=\"detail\" hidden></aside>\n\
         <div id=\"help\" class=\"help\" hidden><h2>Keys</h2><dl>\
         <dt><kbd>j</kbd> or <kbd>n</kbd></dt><dd>next change</dd>\
         <dt><kbd>k</kbd> or <kbd>p</kbd></dt><dd>previous change</dd>\
         <dt><kbd>Esc</kbd></dt><dd>show all rules, close details</dd>\
         <dt><kbd>?</kbd></dt><dd>this help</dd></dl>\
         <p>Click a change or a rule's bar. Links keep the filter: <code>#rule=ID</code>, \
         and a change: <code>#change=N</code>.</p></div>\n\
         <script type=\"application/json\" id=\"data\">{data}</script>\n\
         <script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
}

/// `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    crate::report::count(n, thing)
}

/// Text for HTML content or a quoted attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{self, LoadOptions};
    use crate::engine::Engine;

    fn page(text: &str) -> String {
        let engine = Engine::new(
            &config::load(&LoadOptions {
                builtin: true,
                ..Default::default()
            })
            .unwrap(),
        );
        let outcome = engine.clean(text);
        render(
            "diff",
            &[FileResult {
                path: "a <b>.txt",
                original: Some(text),
                outcome: Some(&outcome),
                engine: Some(&engine),
                error: None,
                skipped: None,
                changed: outcome.cleaned != text,
            }],
        )
    }

    #[test]
    fn a_change_is_a_mark_with_its_rule_and_both_texts() {
        let page = page("Putin spoke of Dombas.\n");
        assert!(page.contains("data-rules=\"donbas\""), "{page}");
        assert!(
            page.contains("<del>Dombas.</del><ins>Donbas.</ins>"),
            "{page}"
        );
        assert!(page.contains(
            "title=\"donbas: The Donbas region of Ukraine, misheard as &quot;Dombas&quot;\n\
             1:16 &quot;Dombas&quot; → &quot;Donbas&quot;\""
        ));
    }

    #[test]
    fn paths_and_texts_are_escaped_and_scripts_cannot_be_closed_early() {
        let page = page("Putin: </script><b>Dombas</b>\n");
        assert!(page.contains("a &lt;b&gt;.txt"));
        assert_eq!(
            page.matches("</script>").count(),
            2,
            "only the page's own two"
        );
        assert!(!page.contains("<b>Dombas"));
    }

    #[test]
    fn nothing_is_fetched() {
        let page = page("Putin spoke of Dombas.\n");
        assert!(page.contains("default-src 'none'"));
        for needle in ["http://", "https://", "src=", "@import", "url("] {
            assert!(!page.contains(needle), "{needle}");
        }
    }

    #[test]
    fn invisible_characters_and_removed_spaces_are_shown() {
        let page = page("Putin\u{a0}said  \nso\u{200b}.\n");
        assert!(page.contains("<span class=\"inv\">U+00A0</span>"), "{page}");
        assert!(page.contains("<del class=\"ws\">··</del>"), "{page}");
        assert!(page.contains("<span class=\"inv\">U+200B</span>"), "{page}");
    }
}
