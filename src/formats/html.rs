//! HTML transcripts as text: the page is parsed with a real HTML parser (html5ever, through
//! `scraper`), and its blocks become paragraphs, so that the rules see what a reader sees.
//!
//! Markup that only styles text (`<strong>Name</strong>:`, `<em>`, links) leaves its text in
//! place, which keeps bold speaker labels as `Name:`; scripts, styles and the head are not text.
//! Entities are decoded by the parser.

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Elements whose content is never text a reader sees.
const HIDDEN: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "iframe", "object",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "table",
    "tr",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
    "form",
    "fieldset",
    "address",
];

/// Whether the text is an HTML document, by its first tag.
pub fn sniff(text: &str) -> bool {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let head: String = start
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// The text of an HTML document: one paragraph per block, separated by blank lines, a `<br>`
/// as a line break, runs of whitespace inside a paragraph as one space.
pub fn to_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let mut paragraphs = Paragraphs::default();
    walk(document.tree.root(), &mut paragraphs);
    paragraphs.finish()
}

#[derive(Default)]
struct Paragraphs {
    done: Vec<String>,
    current: String,
    /// Inside a `<pre>`: line breaks are the text's own (a blank line ends a paragraph).
    preformatted: usize,
}

impl Paragraphs {
    fn text(&mut self, text: &str) {
        if self.preformatted > 0 {
            return self.preformatted_text(text);
        }
        for (i, word) in text.split_whitespace().enumerate() {
            let glued = i == 0 && !text.starts_with(char::is_whitespace);
            if !self.current.is_empty() && !self.current.ends_with('\n') && !glued {
                self.current.push(' ');
            }
            self.current.push_str(word);
        }
        if text.ends_with(char::is_whitespace) && !self.current.is_empty() {
            // A space at the end of a text node separates it from the next one.
            if !self.current.ends_with([' ', '\n']) {
                self.current.push(' ');
            }
        }
    }

    /// Preformatted text keeps its lines, as a reader sees them (a congressional record's
    /// `<pre>` is hard-wrapped, each speech opening a line): each line loses the spaces at its
    /// ends, and a blank line ends the paragraph.
    fn preformatted_text(&mut self, text: &str) {
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                self.preformatted_line_end();
            }
            let at_line_start = self.current.is_empty() || self.current.ends_with('\n');
            let piece = piece.trim_end_matches('\r');
            self.current.push_str(if at_line_start {
                piece.trim_start()
            } else {
                piece
            });
        }
    }

    fn preformatted_line_end(&mut self) {
        let line_start = self.current.rfind('\n').map_or(0, |i| i + 1);
        if self.current[line_start..].trim().is_empty() {
            self.current.truncate(line_start);
            self.end_paragraph();
        } else {
            let trimmed = self.current.trim_end().len();
            self.current.truncate(trimmed);
            self.current.push('\n');
        }
    }

    fn line_break(&mut self) {
        let trimmed = self.current.trim_end_matches(' ').len();
        self.current.truncate(trimmed);
        if !self.current.is_empty() {
            self.current.push('\n');
        }
    }

    fn end_paragraph(&mut self) {
        let paragraph = self.current.trim().to_string();
        if !paragraph.is_empty() {
            self.done.push(paragraph);
        }
        self.current.clear();
    }

    fn finish(mut self) -> String {
        self.end_paragraph();
        let mut out = self.done.join("\n\n");
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }
}

fn walk(node: NodeRef<Node>, out: &mut Paragraphs) {
    match node.value() {
        Node::Text(text) => out.text(text),
        Node::Element(element) => {
            let name = element.name();
            if HIDDEN.contains(&name) {
                return;
            }
            if name == "br" {
                out.line_break();
                return;
            }
            let block = BLOCKS.contains(&name) || name == "td" || name == "th";
            if block {
                out.end_paragraph();
            }
            let pre = name == "pre";
            out.preformatted += usize::from(pre);
            for child in node.children() {
                walk(child, out);
            }
            out.preformatted -= usize::from(pre);
            if block {
                out.end_paragraph();
            }
        }
        Node::Document | Node::Fragment => {
            for child in node.children() {
                walk(child, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_bold_labels_are_kept() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body>\
<h1>Episode 1</h1><p><strong>Jane Doe</strong>: Welcome &amp; hello,\n  it&#39;s   great.</p>\
<p><b>Tom Lee</b>: Thanks.<br>New line.</p><script>var x = 1;</script></body></html>";
        assert_eq!(
            to_text(html),
            "Episode 1\n\nJane Doe: Welcome & hello, it's great.\n\nTom Lee: Thanks.\nNew line.\n"
        );
    }

    #[test]
    fn preformatted_text_keeps_its_lines_and_paragraphs() {
        let html = "<html><body><pre>\n[Senate]\nFrom GPO [<a href=\"x\">www.gpo.gov</a>]\n\n\n  Mr. WARNER. Mr. President, I rise \nregarding the bill.\n  It is now my privilege.\n\n  Mr. LEVIN. The glory days.\n</pre></body></html>";
        assert_eq!(
            to_text(html),
            "[Senate]\nFrom GPO [www.gpo.gov]\n\nMr. WARNER. Mr. President, I rise\nregarding the bill.\nIt is now my privilege.\n\nMr. LEVIN. The glory days.\n"
        );
    }

    #[test]
    fn sniffs_html_documents() {
        assert!(sniff("\n<!DOCTYPE html>\n<html>"));
        assert!(sniff("<HTML><body>"));
        assert!(!sniff("Speaker: <b>not a page</b>"));
    }
}
