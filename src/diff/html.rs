//! The HTML report: one self-contained page for a reviewer who would rather look than read a
//! patch.
//!
//! Per changed file, the places that changed are shown inline (deleted text struck through,
//! inserted text underlined), each change labelled with its rule's id and coloured by it;
//! hovering shows the rule and why, clicking or `j`/`k` selects a change and shows its details;
//! a legend lists each rule that made changes with its colour and count, and doubles as a filter
//! (`review.html#rule=donbas`). Styles and script are inlined and a content security policy
//! forbids any request, so the page works offline and from an archive.

use super::json::{self, Report};
use super::run::FileResult;
use std::collections::HashSet;
use std::fmt::Write;

mod file_view;
mod marks;
mod palette;
mod script_json;
mod split;

use file_view::{ChangedFile, file_view};
use palette::Palette;

const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/script.js");

/// Renders the report of a run as an HTML page.
pub fn render(command: &str, results: &[FileResult]) -> String {
    let report = json::report(command, results);
    let palette = Palette::new(&report);
    let mut page = String::with_capacity(64 * 1024);
    head(&mut page, &report, &palette);
    summary(&mut page, &report, rules_loaded(results));
    chart(&mut page, &report, &palette);
    file_table(&mut page, &report);
    let mut first_change = 0;
    for (index, result) in results.iter().enumerate() {
        let count = result.outcome.map_or(0, |o| o.changes.len());
        if let (Some(original), Some(outcome)) = (result.original, result.outcome)
            && original != outcome.cleaned
        {
            let file = ChangedFile {
                index,
                path: result.path,
                original,
                cleaned: &outcome.cleaned,
                changes: &outcome.changes,
                first_change,
            };
            file_view(&mut page, &file, &palette);
        }
        first_change += count;
    }
    super::suggested::section(&mut page, &report, escape);
    page.push_str("</main>\n");
    tail(&mut page, &report);
    page
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

/// How many distinct rules the run's engines loaded, applied or only proposing (by id).
fn rules_loaded(results: &[FileResult]) -> usize {
    // Files under one project config share an engine: each is counted once.
    let mut engines: HashSet<*const crate::engine::Engine> = HashSet::new();
    let mut ids: HashSet<&str> = HashSet::new();
    for engine in results.iter().filter_map(|r| r.engine) {
        if engines.insert(std::ptr::from_ref(engine)) {
            ids.extend(engine.rule_ids());
        }
    }
    ids.len()
}

fn summary(page: &mut String, report: &Report, loaded: usize) {
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
    // Counted by id, as the legend lists them: a rule defined in two files is one rule here.
    let fired = report.totals.by_rule.len();
    let loaded = loaded.max(fired);
    let _ = write!(
        page,
        " · <span id=\"rules-fired\" title=\"{fired} of the {loaded} rules loaded (built-in and \
         configured) made at least one change; a rule whose file has applies-when or languages runs \
         only on documents that match\">{fired} of {} made changes</span> · rule set <code>{}</code> · \
         transclean {}</p>\n\
         <div class=\"toolbar\"><label>Rule <select id=\"rule-filter\">\
         <option value=\"\">all rules</option>",
        count(loaded, "rule"),
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
        "<section id=\"chart\" class=\"chart\">\n<h2>Rules that made changes</h2>\n\
         <p class=\"hint\">Each change in the text starts with the label of its rule, as below; \
         the colour only helps. Click a rule to see only its changes.</p>\n<div class=\"bars\" id=\"legend\">\n"
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
             <span class=\"bar-label\"><span class=\"rid\">{id}</span></span>\
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
