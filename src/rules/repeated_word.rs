//! `repeated-word`: "of of" → "of", a doubled word that regexes cannot find (no back-references).

use super::{Compiled, KindRule, KindSpec, RuleError, Span, Stage};
use crate::config::raw::RawRule;
use crate::text::{StageText, is_word_char};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

pub static SPEC: KindSpec = KindSpec {
    name: "repeated-word",
    stage: Stage::Corrections,
    summary: "Remove a word repeated with only spaces between (\"of of\" -> \"of\")",
    docs: "\
What it does: when the same word (ignoring case) appears twice in a row with only spaces or tabs
between, removes the second one. Pairs listed in `allow` are legitimate English and kept.
Numbers are never touched (\"10 10\" may be a score).

Why: transcription tools and hand typing double words; a regex cannot find them because the
regex crate has no back-references.

Example:
    [[rule]]
    id = \"repeated-words\"
    kind = \"repeated-word\"
    allow = [\"had had\", \"that that\"]
    examples = [
      { input = \"the legitimacy of of the vote\", output = \"the legitimacy of the vote\" },
      { input = \"he had had enough\", output = \"he had had enough\" },
    ]",
    options: &[(
        "allow",
        "word pairs to keep, such as \"had had\" (default: had had, that that)",
    )],
    compile,
};

#[derive(Debug)]
struct RepeatedWord {
    allow: HashSet<String>,
}

const DEFAULT_ALLOW: &[&str] = &["had had", "that that"];

fn compile(raw: &RawRule, _span: Span) -> Result<Compiled, RuleError> {
    let allow = match &raw.allow {
        Some(list) => list.get_ref().iter().map(|p| normalise_pair(p)).collect(),
        None => DEFAULT_ALLOW.iter().map(|p| normalise_pair(p)).collect(),
    };
    Ok(Compiled::Scanner(Arc::new(RepeatedWord { allow })))
}

fn normalise_pair(pair: &str) -> String {
    pair.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Byte ranges of the words of `text`: runs of word characters, with inner apostrophes.
fn words(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    // Whether the character starting at byte `i` belongs to a word; ASCII without decoding.
    let word_at = |i: usize| match bytes[i] {
        b if b.is_ascii() => b.is_ascii_alphanumeric() || b == b'_',
        _ => text[i..].chars().next().is_some_and(is_word_char),
    };
    let mut out = Vec::new();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let width = if bytes[i].is_ascii() {
            1
        } else {
            text[i..].chars().next().map_or(1, char::len_utf8)
        };
        let apostrophe = bytes[i] == b'\'' || text[i..].starts_with('’');
        let inner_apostrophe =
            apostrophe && start.is_some() && i + width < bytes.len() && word_at(i + width);
        if inner_apostrophe || word_at(i) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(s..i);
        }
        i += width;
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Equal ignoring case, without allocating for the common ASCII case.
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

impl KindRule for RepeatedWord {
    fn scan(&self, text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
        let text = text.as_str();
        for pair in words(text).windows(2) {
            let (first, second) = (&text[pair[0].clone()], &text[pair[1].clone()]);
            let gap = &text[pair[0].end..pair[1].start];
            // Cheap tests first: most neighbouring words differ in length or first letter.
            let is_repeat = !gap.is_empty()
                && gap.bytes().all(|b| b == b' ' || b == b'\t')
                && same_word(first, second)
                && first.chars().any(char::is_alphabetic);
            if is_repeat
                && !self
                    .allow
                    .contains(&format!("{first} {second}").to_lowercase())
            {
                emit(pair[0].end..pair[1].end, String::new());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        let rule = RepeatedWord {
            allow: DEFAULT_ALLOW.iter().map(|p| p.to_string()).collect(),
        };
        crate::rules::apply_scan(&rule, text)
    }

    #[test]
    fn removes_doubled_and_tripled_words() {
        assert_eq!(run("legitimacy of of trump"), "legitimacy of trump");
        assert_eq!(run("cyber attacks attacks on"), "cyber attacks on");
        assert_eq!(run("The the end"), "The end");
        assert_eq!(run("no no no"), "no");
    }

    #[test]
    fn keeps_allowed_pairs_numbers_and_line_breaks() {
        assert_eq!(run("he had had enough"), "he had had enough");
        assert_eq!(run("it won 10 10"), "it won 10 10");
        assert_eq!(run("Putin\nPutin said"), "Putin\nPutin said");
        assert_eq!(run("it's it's"), "it's");
        assert_eq!(run("of, of"), "of, of");
    }

    #[test]
    fn a_word_goes_on_through_marks_and_joiners() {
        // "x x\u{301}" and "a\u{200d}have have" hold no doubled word: the mark and the joiner
        // are inside the words they touch.
        assert_eq!(run("x x\u{301} y"), "x x\u{301} y");
        assert_eq!(run("a\u{200d}have have"), "a\u{200d}have have");
        assert_eq!(run("mi\u{200c}xa xa"), "mi\u{200c}xa xa");
    }
}
