//! `transclean suggest`: likely mis-transcriptions of known names, found by spelling and sound.
//!
//! Given a lexicon of correct names and terms, every word and short phrase of the documents is
//! compared with every term: by spelling (Jaro-Winkler and Damerau-Levenshtein on the letters,
//! via strsim), by sound (Double Metaphone keys, so "Neustadt" is heard as "New START"), and, for
//! a word longer than the term, by how well one of its ends matches ("Itatas" ends like "TASS"). A
//! word that is written like a name (capitalised in mid-sentence, never seen in lower case) is
//! a likelier mishearing of a name than a common word that happens to look alike, so the shape
//! of the word weighs in. The best proposals come with a line of context and a ready `replace`
//! rule whose example is that context.
//!
//! Double Metaphone comes from the `rphonetic` crate (a maintained port of Apache
//! commons-codec, the reference implementation) rather than a hand-written copy of its
//! several hundred rules.

mod collect;
mod output;
mod score;

pub use output::{Held, to_toml};

use crate::hash::FxHashSet;
use collect::Candidate;
use rphonetic::DoubleMetaphone;
use score::{contains_words, is_derived_form, keys, letters, plausible_length};

/// A name or term from the lexicon, prepared for comparison.
#[derive(Debug, Clone)]
pub struct Term {
    pub text: String,
    words: usize,
    letters: String,
    keys: Vec<String>,
}

impl Term {
    pub fn new(text: &str, phonetic: &DoubleMetaphone) -> Term {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        Term {
            words: text.split(' ').count(),
            letters: letters(&text),
            keys: keys(&text, phonetic),
            text,
        }
    }
}

/// Reads a lexicon: one term per line; blank lines and `#` comments are skipped.
pub fn read_lexicon(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// A document to search, with the name shown in contexts.
#[derive(Debug, Clone)]
pub struct Document {
    pub label: String,
    pub text: String,
}

/// Where a candidate was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub label: String,
    pub line: usize,
    /// The line, shortened around the candidate.
    pub context: String,
    /// The sentence around the candidate, for the rule's example.
    pub sentence: String,
}

/// A likely mis-transcription of a lexicon term.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub found: String,
    pub term: String,
    pub score: f64,
    pub spelling: f64,
    pub sound: f64,
    pub count: usize,
    pub first: Place,
}

/// How many suggestions to keep and how sure they must be.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub top: usize,
    pub min_score: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            top: 20,
            min_score: 0.75,
        }
    }
}

/// Words that never start or end a candidate phrase: a name is not "the Kremlin".
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on",
    "or", "our", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "up", "us", "was", "we", "were", "what", "when", "which", "who",
    "will", "with", "would", "you", "your",
];

/// Finds likely mis-transcriptions of the lexicon's terms in the documents, best first.
pub fn suggest(lexicon: &[String], documents: &[Document], options: Options) -> Vec<Suggestion> {
    let phonetic = DoubleMetaphone::new(Some(16));
    let terms: Vec<Term> = lexicon.iter().map(|t| Term::new(t, &phonetic)).collect();
    let max_words = terms.iter().map(|t| t.words).max().unwrap_or(1) + 1;
    let term_words: Vec<Vec<String>> = terms
        .iter()
        .map(|t| t.text.split(' ').map(letters).collect())
        .collect();
    let (candidates, lower_words) = collect::collect(documents, max_words.min(4), &term_words);
    let judge = Judge {
        terms: &terms,
        known: terms.iter().map(|t| t.letters.as_str()).collect(),
        lower_words: &lower_words,
        phonetic: &phonetic,
    };
    let mut found: Vec<Suggestion> = (candidates.iter())
        .filter_map(|(text, candidate)| judge.best(text, candidate))
        .filter(|s| s.score >= options.min_score)
        .collect();
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.count.cmp(&a.count))
            .then(a.found.cmp(&b.found))
    });
    // A phrase holding a better-scored proposal for the same term adds nothing
    // ("Neustadt Treaty" after "Neustadt").
    let mut kept: Vec<Suggestion> = Vec::new();
    for suggestion in found {
        let overlaps = kept.iter().any(|k| {
            k.term == suggestion.term
                && (contains_words(&suggestion.found, &k.found)
                    || contains_words(&k.found, &suggestion.found))
        });
        if !overlaps {
            kept.push(suggestion);
        }
        if kept.len() == options.top {
            break;
        }
    }
    kept
}

/// What a candidate is compared with: the terms, and the words known to be common.
struct Judge<'a> {
    terms: &'a [Term],
    /// The terms' letters: a candidate spelled as a term is that term.
    known: FxHashSet<&'a str>,
    lower_words: &'a FxHashSet<String>,
    phonetic: &'a DoubleMetaphone,
}

impl Judge<'_> {
    /// The best-scored term for a candidate, as a suggestion (whatever its score).
    fn best(&self, text: &str, candidate: &Candidate) -> Option<Suggestion> {
        let found_letters = letters(text);
        if found_letters.chars().count() < 3 || self.known.contains(found_letters.as_str()) {
            return None;
        }
        let found_keys = keys(text, self.phonetic);
        // An acronym is told apart by its letters, not its sound (NYT is not NATO).
        let acronym = text
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        let (term, (raw, spelling, sound)) = self
            .terms
            .iter()
            .filter(|term| plausible_length(&found_letters, &term.letters))
            .filter(|term| !is_derived_form(&found_letters, &term.letters))
            .map(|term| (term, score::score(&found_letters, &found_keys, term)))
            .filter(|(_, (_, spelling, _))| !acronym || *spelling >= 0.8)
            .max_by(|a, b| a.1.0.total_cmp(&b.1.0))?;
        Some(Suggestion {
            found: text.to_string(),
            term: term.text.clone(),
            score: raw * self.shape(&found_letters, candidate),
            spelling,
            sound,
            count: candidate.count,
            first: candidate.first.clone(),
        })
    }

    /// The shape of the word: a name-like word is a likelier mishearing of a name.
    fn shape(&self, found_letters: &str, candidate: &Candidate) -> f64 {
        let shape = if candidate.name_like {
            1.0
        } else if candidate.partly_name_like {
            0.9
        } else if candidate.capitalised {
            0.85
        } else {
            0.7
        };
        let common = candidate.all_lower || self.lower_words.contains(found_letters);
        if common && !candidate.name_like {
            shape * 0.85
        } else {
            shape
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document {
            label: "d.txt".into(),
            text: text.into(),
        }
    }

    #[test]
    fn finds_misspellings_mishearings_and_words_holding_the_term() {
        let documents = [doc(
            "We discussed the situation in Dombas, and the Neustadt Treaty.\n\
             Please give the floor to Itatas. The start of the treaty.\n",
        )];
        let lexicon = read_lexicon("# names\nDonbas\nNew START\n\nTASS\n");
        let found = suggest(&lexicon, &documents, Options::default());
        let pairs: Vec<(&str, &str)> = found
            .iter()
            .map(|s| (s.found.as_str(), s.term.as_str()))
            .collect();
        for expected in [
            ("Dombas", "Donbas"),
            ("Neustadt", "New START"),
            ("Itatas", "TASS"),
        ] {
            assert!(pairs.contains(&expected), "{pairs:?}");
        }
        assert!(!pairs.iter().any(|(f, _)| *f == "start"), "{pairs:?}");
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn end_similarity_compares_the_ends_of_the_longer_word() {
        assert_eq!(score::end_similarity("itatas", "tas"), 1.0);
        assert_eq!(score::end_similarity("itatas", "tass"), 0.75);
        assert_eq!(score::end_similarity("tassit", "tass"), 1.0);
        assert_eq!(score::end_similarity("antonov", "nato"), 0.5);
        assert_eq!(score::end_similarity("tas", "tass"), 0.0);
    }

    #[test]
    fn proposals_are_rules_whose_example_passes() {
        let documents = [doc(
            "Have you discussed the situation in Dombas, and NATO?\n",
        )];
        let found = suggest(&["Donbas".into()], &documents, Options::default());
        let text = to_toml(&found, &[], "names.txt");
        let set = crate::config::load_text("s.toml", &text).unwrap();
        assert_eq!(set.rules[0].id, "donbas-dombas");
        let (run, failures) = crate::examples::check(&set);
        assert_eq!((run, failures), (1, vec![]));
        assert!(
            text.contains("#    d.txt:1: Have you discussed the situation in Dombas, and NATO?"),
            "{text}"
        );
    }

    #[test]
    fn contexts_are_cut_at_spaces_around_the_match() {
        let line = "word ".repeat(40) + "Dombas" + &" tail".repeat(40);
        let start = line.find("Dombas").unwrap();
        let shown = collect::shorten_around(&line, start, start + 6, 40);
        assert!(
            shown.starts_with('…') && shown.ends_with('…') && shown.contains(" Dombas "),
            "{shown}"
        );
        assert!(shown.chars().count() <= 45, "{shown}");
    }
}
