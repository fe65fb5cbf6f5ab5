//! Every word and short phrase of the documents, with where and how it was written.

use super::{Document, Place, STOPWORDS, score::letters};
use crate::hash::{FxHashMap, FxHashSet};
use crate::text::is_word_char;

/// One occurrence of a candidate phrase.
struct Occurrence {
    /// Every word starts with a capital (or is a number).
    capitalised: bool,
    /// The phrase starts a sentence or a line.
    sentence_start: bool,
    all_lower: bool,
    place: Place,
}

/// What is known of a candidate phrase over all documents.
pub(super) struct Candidate {
    pub count: usize,
    pub name_like: bool,
    /// Some of its words are capitalised in mid-sentence ("Russian confederation").
    pub partly_name_like: bool,
    pub capitalised: bool,
    pub all_lower: bool,
    pub first: Place,
}

/// The candidates found so far, and the words seen in lower case.
#[derive(Default)]
struct Found {
    candidates: FxHashMap<String, Candidate>,
    lower_words: FxHashSet<String>,
}

/// One line being read for candidates.
struct Line<'a> {
    document: &'a Document,
    index: usize,
    text: &'a str,
    words: Vec<(usize, usize)>,
    /// Per word: part of a correct occurrence of a term.
    correct: Vec<bool>,
    /// A title-case line (a headline), where capitals say nothing about names.
    headline: bool,
}

/// Every word and phrase of up to `max_words` words, with its occurrences summarised; and the
/// words seen in lower case (common words, not names).
pub(super) fn collect(
    documents: &[Document],
    max_words: usize,
    terms: &[Vec<String>],
) -> (FxHashMap<String, Candidate>, FxHashSet<String>) {
    let mut found = Found::default();
    for document in documents {
        for (index, text) in document.text.lines().enumerate() {
            let line = Line::new(document, index, text, terms);
            for &(start, end) in &line.words {
                let word = &text[start..end];
                if word.chars().all(|c| !c.is_uppercase()) {
                    found.lower_words.insert(letters(word));
                }
            }
            for i in 0..line.words.len() {
                for n in 1..=max_words.min(line.words.len() - i) {
                    if !line.phrase(i, n, &mut found) {
                        break;
                    }
                }
            }
        }
    }
    (found.candidates, found.lower_words)
}

impl<'a> Line<'a> {
    fn new(document: &'a Document, index: usize, text: &'a str, terms: &[Vec<String>]) -> Self {
        let words = word_spans(text);
        // Words of a correct occurrence of a term ("START" in "New START") are not
        // candidates: they are spelled right.
        let word_letters: Vec<String> = words.iter().map(|&(s, e)| letters(&text[s..e])).collect();
        let mut correct = vec![false; words.len()];
        for term in terms {
            for i in 0..words.len().saturating_sub(term.len() - 1) {
                if word_letters[i..i + term.len()] == term[..] {
                    correct[i..i + term.len()].fill(true);
                }
            }
        }
        let significant: Vec<&str> = words
            .iter()
            .map(|&(s, e)| &text[s..e])
            .filter(|w| !is_stopword(w))
            .collect();
        let capitalised = significant
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        Line {
            document,
            index,
            text,
            headline: significant.len() >= 4 && capitalised * 10 >= significant.len() * 8,
            words,
            correct,
        }
    }

    /// Counts the phrase of `n` words from word `i`; `false` when no longer phrase from `i`
    /// can be one (it would cross punctuation).
    fn phrase(&self, i: usize, n: usize, found: &mut Found) -> bool {
        let (line, span) = (self.text, &self.words[i..i + n]);
        let (start, end) = (span[0].0, span[n - 1].1);
        // Only words separated by spaces: no phrase across punctuation.
        if span
            .windows(2)
            .any(|w| !line[w[0].1..w[1].0].chars().all(|c| c == ' '))
        {
            return false;
        }
        let first = &line[span[0].0..span[0].1];
        let last = &line[span[n - 1].0..span[n - 1].1];
        if self.correct[i..i + n].iter().any(|&c| c) || is_stopword(first) || is_stopword(last) {
            return true;
        }
        let occurrence = occurrence(self.document, self.index, line, span, start, end);
        let entry = (found.candidates)
            .entry(line[start..end].to_string())
            .or_insert_with(|| Candidate {
                count: 0,
                name_like: false,
                partly_name_like: false,
                capitalised: false,
                all_lower: true,
                first: occurrence.place.clone(),
            });
        let mid_sentence = !occurrence.sentence_start && !self.headline;
        entry.count += 1;
        entry.capitalised |= occurrence.capitalised;
        entry.name_like |= occurrence.capitalised && mid_sentence;
        entry.partly_name_like |= !occurrence.all_lower && mid_sentence;
        entry.all_lower &= occurrence.all_lower;
        true
    }
}

fn is_stopword(word: &str) -> bool {
    let lower = word.to_lowercase();
    STOPWORDS.binary_search(&lower.as_str()).is_ok() || word.chars().all(|c| c.is_numeric())
}

/// Byte ranges of the words of a line (runs of letters and digits).
fn word_spans(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        match (is_word_char(c) && c != '_', start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                out.push((from, at));
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn occurrence(
    document: &Document,
    line_index: usize,
    line: &str,
    span: &[(usize, usize)],
    start: usize,
    end: usize,
) -> Occurrence {
    let capitalised = span.iter().all(|&(s, e)| {
        line[s..e]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    });
    let all_lower = line[start..end].chars().all(|c| !c.is_uppercase());
    let before = line[..start].trim_end_matches([' ', '[', '(', '"', '“', '‘', '\'']);
    let sentence_start =
        before.is_empty() || before.ends_with(['.', '?', '!', ':', '—']) || before.ends_with("...");
    Occurrence {
        capitalised,
        sentence_start,
        all_lower,
        place: Place {
            label: document.label.clone(),
            line: line_index + 1,
            context: shorten_around(line, start, end, 100),
            sentence: sentence_around(line, start, end),
        },
    }
}

/// At most about `width` characters of `line` around `start..end`, cut at spaces.
pub(super) fn shorten_around(line: &str, start: usize, end: usize, width: usize) -> String {
    if line.trim().chars().count() <= width {
        return line.trim().to_string();
    }
    let half = width.saturating_sub(line[start..end].chars().count()) / 2;
    let from = line[..start]
        .char_indices()
        .rev()
        .nth(half)
        .map_or(0, |(i, _)| i);
    let from = line[from..start].find(' ').map_or(from, |i| from + i + 1);
    let to = line[end..]
        .char_indices()
        .nth(half)
        .map_or(line.len(), |(i, _)| end + i);
    let to = line[end..to].rfind(' ').map_or(to, |i| end + i);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(&line[from..to]);
    if to < line.len() {
        out.push('…');
    }
    out
}

/// The sentence of `line` that holds `start..end` (ends at `.`, `?` or `!` and a space).
fn sentence_around(line: &str, start: usize, end: usize) -> String {
    let std::ops::Range {
        start: from,
        end: to,
    } = crate::draft::sentence_bounds(line, start, end);
    let sentence = &line[from..to];
    shorten_around(sentence, start - from, end - from, 160)
}
