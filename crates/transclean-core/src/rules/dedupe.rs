//! `dedupe`: removes a paragraph that is repeated later, or a teaser that a later paragraph
//! continues.
//!
//! News pages open with a teaser that repeats the first sentences of the article; scrapers keep
//! both. Comparison ignores how whitespace is laid out, so a copy with other spacing still counts.

use super::{Compiled, KindRule, KindSpec, RuleError, Span, Stage, flag, number};
use crate::raw::RawRule;
use crate::text::{StageText, paragraphs};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

pub static SPEC: KindSpec = KindSpec {
    name: "dedupe",
    stage: Stage::Dedupe,
    summary: "Remove a paragraph repeated later, or a teaser a later paragraph starts with",
    docs: "\
What it does: removes a paragraph (a run of non-blank lines) when a later paragraph is the same
text, or, with `teasers` (default), starts with the same text and goes on. The later, complete
paragraph is the one kept, in its place in the document. Paragraphs shorter than `min-words`
words (default 8) are never removed: short lines such as \"Thank you.\" legitimately recur.
Whitespace differences do not matter.

Why: scraped articles often open with a teaser that repeats the first sentences of the article,
and pages repeat pull quotes; both make the text longer and mislead word counts.

Example:
    [[rule]]
    id = \"teasers\"
    kind = \"dedupe\"
    min-words = 3
    examples = [{ input = \"One two three.\\n\\nX\\n\\nOne two three. Four.\\n\", output = \"X\\n\\nOne two three. Four.\\n\" }]",
    options: &[
        ("min-words", "paragraphs shorter than this are kept (default 8)"),
        ("teasers", "also remove a paragraph a later one starts with (default true)"),
    ],
    compile,
};

#[derive(Debug)]
struct Dedupe {
    min_words: usize,
    teasers: bool,
}

fn compile(raw: &RawRule, _span: Span) -> Result<Compiled, RuleError> {
    Ok(Compiled::Scanner(Arc::new(Dedupe {
        min_words: number(&raw.min_words, 8).max(1),
        teasers: flag(&raw.teasers, true),
    })))
}

/// Whether `long` is `short` or continues it after a word boundary (both whitespace-normalised).
fn continues(long: &str, short: &str) -> bool {
    long.starts_with(short) && (long.len() == short.len() || long.as_bytes()[short.len()] == b' ')
}

impl KindRule for Dedupe {
    fn scan(&self, stage_text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
        let (text, lines) = (stage_text.as_str(), stage_text.lines());
        let paragraphs = paragraphs(text, lines);
        let text_of =
            |p: &Range<usize>| &text[lines[p.start].full.start..lines[p.end - 1].full.end];
        // A paragraph can only repeat or continue another if their first `min-words` words are
        // the same, so only paragraphs that share their opening with another get a full key.
        let openings: Vec<Option<u64>> = paragraphs
            .iter()
            .map(|p| {
                let mut hasher = DefaultHasher::new();
                let mut words = 0;
                for word in text_of(p).split_whitespace().take(self.min_words) {
                    word.hash(&mut hasher);
                    words += 1;
                }
                (words == self.min_words).then(|| hasher.finish())
            })
            .collect();
        let mut by_opening: HashMap<u64, usize> = HashMap::new();
        for opening in openings.iter().flatten() {
            *by_opening.entry(*opening).or_default() += 1;
        }
        let candidates: Vec<usize> = (0..paragraphs.len())
            .filter(|&i| openings[i].is_some_and(|o| by_opening[&o] > 1))
            .collect();
        if candidates.is_empty() {
            return;
        }
        let keys: Vec<String> = candidates
            .iter()
            .map(|&i| {
                text_of(&paragraphs[i])
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        // Sorted by key, every paragraph that continues key k sits right after k: one sort
        // instead of comparing every pair.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
        let mut remove = vec![false; paragraphs.len()];
        for (rank, &k) in order.iter().enumerate() {
            remove[candidates[k]] = order[rank + 1..]
                .iter()
                .take_while(|&&j| continues(&keys[j], &keys[k]))
                .any(|&j| j > k && (self.teasers || keys[j].len() == keys[k].len()));
        }
        for (index, paragraph) in paragraphs.iter().enumerate() {
            if remove[index] {
                // Remove up to the next paragraph, so the blank lines around stay single.
                let next = paragraphs[index + 1].start;
                emit(
                    lines[paragraph.start].full.start..lines[next].full.start,
                    String::new(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Dedupe = Dedupe {
        min_words: 3,
        teasers: true,
    };

    #[test]
    fn removes_a_teaser_continued_later_with_other_spacing() {
        let text = "Title\n\nA: one two three.\n\nother\n\nA:\u{a0} one  two three. four\n";
        assert_eq!(
            crate::rules::apply_scan(&RULE, text),
            "Title\n\nother\n\nA:\u{a0} one  two three. four\n"
        );
    }

    #[test]
    fn removes_the_earlier_of_two_equal_paragraphs() {
        let text = "one two three\n\nmid\n\none two three\n";
        assert_eq!(
            crate::rules::apply_scan(&RULE, text),
            "mid\n\none two three\n"
        );
    }

    #[test]
    fn keeps_short_paragraphs_and_partial_words() {
        let text = "Thank you.\n\nThank you.\n\none two three\n\none two threefold\n";
        assert_eq!(crate::rules::apply_scan(&RULE, text), text);
        let no_teasers = Dedupe {
            min_words: 3,
            teasers: false,
        };
        let teaser = "one two three\n\none two three four\n";
        assert_eq!(crate::rules::apply_scan(&no_teasers, teaser), teaser);
    }
}
