//! HTML character references left in text (`&#39;`, `&quot;`, `&amp;`), decoded by the
//! `unicode` rule with its `entities` option.
//!
//! Pages are often scraped as HTML source or escaped twice, and a reference left in a transcript
//! breaks search and every later pattern. Only complete references (`&name;`, `&#N;`, `&#xN;`)
//! that `htmlize` knows are decoded, one edit each, outside code fences and front matter.

use crate::text::StageText;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A complete character reference: named, decimal or hexadecimal, with its semicolon.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
        .expect("valid pattern")
});

/// Proposes the decoded text of each reference; `map` turns what it decodes to into what the
/// rule keeps (a decoded `&nbsp;` becomes the plain space the rule writes for U+00A0).
pub fn scan(
    stage_text: &StageText,
    map: &dyn Fn(&str) -> String,
    emit: &mut dyn FnMut(Range<usize>, String),
) {
    let text = stage_text.as_str();
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return;
    }
    let (lines, verbatim) = (stage_text.lines(), stage_text.verbatim());
    for m in REFERENCE.find_iter(text) {
        let line = lines.partition_point(|l| l.content().end < m.start());
        if verbatim.get(line).copied().unwrap_or(false) {
            continue;
        }
        let decoded = htmlize::unescape(m.as_str());
        // An unknown name stays as written; a reference to nothing (`&#0;`) is not text.
        if decoded == m.as_str() || decoded.contains('\u{FFFD}') {
            continue;
        }
        emit(m.range(), map(&decoded));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        #[derive(Debug)]
        struct Entities;
        impl crate::rules::KindRule for Entities {
            fn scan(&self, text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
                scan(text, &|s: &str| s.replace('\u{a0}', " "), emit)
            }
        }
        crate::rules::apply_scan(&Entities, text)
    }

    #[test]
    fn decodes_references() {
        assert_eq!(
            run("It&#39;s &quot;fine&quot; &amp; good&nbsp;now &#x2014; &eacute;"),
            "It's \"fine\" & good now — é"
        );
    }

    #[test]
    fn leaves_other_ampersands_and_code_alone() {
        for text in [
            "AT&T and R&D; Q&A",
            "&unknownname; &#0;",
            "```\nx &amp;&amp; y\n```\n",
            "rock & roll &",
        ] {
            assert_eq!(run(text), text);
        }
    }
}
