//! The HTML report's list of unsafe suggestions: changes proposed but not applied.
//!
//! An unsafe rule's change can alter what was said ("not not" → "not"), so it is not in the
//! cleaned text; the reviewer sees each one here, marked as a suggestion, with its rule and
//! place, and applies them with `--unsafe-fixes` if they agree.

use super::explain::quote;
use super::json::Report;
use std::fmt::Write;

/// Appends the suggestions section, or nothing when there are none.
pub fn section(page: &mut String, report: &Report, escape: fn(&str) -> String) {
    if report.suggestions.is_empty() {
        return;
    }
    let _ = write!(
        page,
        "<section class=\"suggestions\" id=\"suggestions\">\n<h2>{} not applied</h2>\n\
         <p class=\"hint\">Unsafe rules can change what was said, so these are only proposed: \
         the cleaned text does not have them. <code>--unsafe-fixes</code> applies them.</p>\n<ul>\n",
        crate::report::count(report.suggestions.len(), "unsafe suggestion")
    );
    for s in &report.suggestions {
        let _ = writeln!(
            page,
            "<li class=\"suggestion\" data-rules=\"{rule}\"><span class=\"tag\">suggestion</span> \
             <code>{file}:{line}:{column}</code> <strong>{rule}</strong> \
             <del>{before}</del> → <ins>{after}</ins></li>",
            rule = escape(s.rule),
            file = escape(s.file),
            line = s.line,
            column = s.column,
            before = escape(&quote(s.before, super::explain::QUOTE_CHARS)),
            after = escape(&quote(s.after, super::explain::QUOTE_CHARS)),
        );
    }
    page.push_str("</ul>\n</section>\n");
}
