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

use crate::draft::{DraftRule, Ids, slug};
use crate::hash::{FxHashMap, FxHashSet};
use crate::text::is_word_char;
use rphonetic::DoubleMetaphone;
use std::fmt::Write as _;

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

/// Lower-case letters and digits only: what spelling is compared on.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Double Metaphone keys (primary, and alternate if different) of the words run together.
fn keys(text: &str, phonetic: &DoubleMetaphone) -> Vec<String> {
    let joined: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    let result = phonetic.double_metaphone(&joined);
    let mut out = vec![result.primary()];
    if result.alternate() != out[0] {
        out.push(result.alternate());
    }
    out.retain(|k| !k.is_empty());
    out
}

fn similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 0.0;
    }
    1.0 - strsim::damerau_levenshtein(a, b) as f64 / longest as f64
}

/// How well the start or the end of `long` matches `short` (1.0: `long` begins or ends with
/// `short`): "Itatas" ends with "tas", close to "TASS". Only the ends count, since a longer name
/// heard for a term keeps the term at one end ("ITAR-TASS"), while a term's letters scattered
/// inside an unrelated word (NATO in "Antonov") are chance.
fn end_similarity(long: &str, short: &str) -> f64 {
    let long: Vec<char> = long.chars().collect();
    let short: Vec<char> = short.chars().collect();
    if short.is_empty() || long.len() <= short.len() {
        return 0.0;
    }
    let suffix = free_start_distance(&long, &short);
    let reversed = |v: &[char]| v.iter().rev().copied().collect::<Vec<char>>();
    let prefix = free_start_distance(&reversed(&long), &reversed(&short));
    1.0 - suffix.min(prefix) as f64 / short.len() as f64
}

/// Edit distance between `short` and the best suffix of `long`.
fn free_start_distance(long: &[char], short: &[char]) -> usize {
    let mut previous: Vec<usize> = vec![0; long.len() + 1];
    for (i, s) in short.iter().enumerate() {
        let mut current = vec![i + 1; long.len() + 1];
        for (j, l) in long.iter().enumerate() {
            let cost = usize::from(s != l);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        previous = current;
    }
    previous[long.len()]
}

/// The scores of a candidate against a term: (overall, spelling, sound).
fn score(found_letters: &str, found_keys: &[String], term: &Term) -> (f64, f64, f64) {
    let spelling = (strsim::jaro_winkler(found_letters, &term.letters)
        + similarity(found_letters, &term.letters))
        / 2.0;
    let sound = found_keys
        .iter()
        .flat_map(|k| term.keys.iter().map(move |t| similarity(k, t)))
        .fold(0.0, f64::max);
    // Sound alone is coarse (START, street and stored share a key): the spelling must agree.
    let whole = if spelling >= MIN_SPELLING {
        0.6 * spelling + 0.4 * sound
    } else {
        0.0
    };
    // A longer word that holds the term ("Itatas" for "TASS"), if it holds it both in letters
    // and in sound, discounted for what is extra.
    let part_letters = end_similarity(found_letters, &term.letters);
    let part_sound = found_keys
        .iter()
        .flat_map(|k| term.keys.iter().map(move |t| end_similarity(k, t)))
        .fold(0.0, f64::max);
    let extra = term.letters.chars().count() as f64 / found_letters.chars().count().max(1) as f64;
    let part = if part_letters >= 0.75 && part_sound >= 0.75 {
        (part_letters + part_sound) / 2.0 * (0.75 + 0.25 * extra)
    } else {
        0.0
    };
    (whole.max(part), spelling, sound)
}

/// The least spelling similarity at which a whole-word proposal is made.
const MIN_SPELLING: f64 = 0.7;

/// A word made from the term by an ending ("Russian" from "Russia", "Chinese" from "China"):
/// a derived form spelled right, not a mishearing.
fn is_derived_form(found: &str, term: &str) -> bool {
    let (f, t): (Vec<char>, Vec<char>) = (found.chars().collect(), term.chars().collect());
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    f.len() > t.len() && t.len() >= 4 && common + 1 >= t.len()
}

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
struct Candidate {
    count: usize,
    name_like: bool,
    /// Some of its words are capitalised in mid-sentence ("Russian confederation").
    partly_name_like: bool,
    capitalised: bool,
    all_lower: bool,
    first: Place,
}

/// Finds likely mis-transcriptions of the lexicon's terms in the documents, best first.
pub fn suggest(lexicon: &[String], documents: &[Document], options: Options) -> Vec<Suggestion> {
    let phonetic = DoubleMetaphone::new(Some(16));
    let terms: Vec<Term> = lexicon.iter().map(|t| Term::new(t, &phonetic)).collect();
    let known: FxHashSet<&str> = terms.iter().map(|t| t.letters.as_str()).collect();
    let max_words = terms.iter().map(|t| t.words).max().unwrap_or(1) + 1;
    let term_words: Vec<Vec<String>> = terms
        .iter()
        .map(|t| t.text.split(' ').map(letters).collect())
        .collect();
    let (candidates, lower_words) = collect(documents, max_words.min(4), &term_words);

    let mut found: Vec<Suggestion> = Vec::new();
    for (text, candidate) in &candidates {
        let found_letters = letters(text);
        if found_letters.chars().count() < 3 || known.contains(found_letters.as_str()) {
            continue;
        }
        let found_keys = keys(text, &phonetic);
        // The shape of the word: a name-like word is a likelier mishearing of a name.
        let shape = if candidate.name_like {
            1.0
        } else if candidate.partly_name_like {
            0.9
        } else if candidate.capitalised {
            0.85
        } else {
            0.7
        };
        let common = candidate.all_lower || lower_words.contains(&found_letters);
        let shape = if common && !candidate.name_like {
            shape * 0.85
        } else {
            shape
        };
        // An acronym is told apart by its letters, not its sound (NYT is not NATO).
        let acronym = text
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        let best = terms
            .iter()
            .filter(|term| plausible_length(&found_letters, &term.letters))
            .filter(|term| !is_derived_form(&found_letters, &term.letters))
            .map(|term| (term, score(&found_letters, &found_keys, term)))
            .filter(|(_, (_, spelling, _))| !acronym || *spelling >= 0.8)
            .max_by(|a, b| a.1.0.total_cmp(&b.1.0));
        let Some((term, (raw, spelling, sound))) = best else {
            continue;
        };
        let score = raw * shape;
        if score >= options.min_score {
            found.push(Suggestion {
                found: text.clone(),
                term: term.text.clone(),
                score,
                spelling,
                sound,
                count: candidate.count,
                first: candidate.first.clone(),
            });
        }
    }
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

/// Whether `outer` holds `inner` as whole words.
fn contains_words(outer: &str, inner: &str) -> bool {
    outer == inner
        || outer.starts_with(&format!("{inner} "))
        || outer.ends_with(&format!(" {inner}"))
        || outer.contains(&format!(" {inner} "))
}

/// Lengths too far apart cannot be a mishearing of one another (a longer word may hold it).
fn plausible_length(found: &str, term: &str) -> bool {
    let (f, t) = (found.chars().count(), term.chars().count());
    f + 3 >= t && f <= t * 2 + 3 && t >= 3
}

/// Every word and phrase of up to `max_words` words, with its occurrences summarised; and the
/// words seen in lower case (common words, not names).
fn collect(
    documents: &[Document],
    max_words: usize,
    terms: &[Vec<String>],
) -> (FxHashMap<String, Candidate>, FxHashSet<String>) {
    let mut candidates: FxHashMap<String, Candidate> = FxHashMap::default();
    let mut lower_words: FxHashSet<String> = FxHashSet::default();
    for document in documents {
        for (line_index, line) in document.text.lines().enumerate() {
            let words = word_spans(line);
            // Words of a correct occurrence of a term ("START" in "New START") are not
            // candidates: they are spelled right.
            let word_letters: Vec<String> =
                words.iter().map(|&(s, e)| letters(&line[s..e])).collect();
            // In a title-case line (a headline) capitals say nothing about names.
            let significant: Vec<&str> = words
                .iter()
                .map(|&(s, e)| &line[s..e])
                .filter(|w| !is_stopword(w))
                .collect();
            let headline = significant.len() >= 4
                && significant
                    .iter()
                    .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .count()
                    * 10
                    >= significant.len() * 8;
            let mut correct = vec![false; words.len()];
            for term in terms {
                for i in 0..words.len().saturating_sub(term.len() - 1) {
                    if word_letters[i..i + term.len()] == term[..] {
                        correct[i..i + term.len()].fill(true);
                    }
                }
            }
            for &(start, end) in &words {
                let word = &line[start..end];
                if word.chars().all(|c| !c.is_uppercase()) {
                    lower_words.insert(letters(word));
                }
            }
            for i in 0..words.len() {
                for n in 1..=max_words.min(words.len() - i) {
                    let span = &words[i..i + n];
                    let (start, end) = (span[0].0, span[n - 1].1);
                    // Only words separated by spaces: no phrase across punctuation.
                    if span
                        .windows(2)
                        .any(|w| !line[w[0].1..w[1].0].chars().all(|c| c == ' '))
                    {
                        break;
                    }
                    if correct[i..i + n].iter().any(|&c| c) {
                        continue;
                    }
                    let first = &line[span[0].0..span[0].1];
                    let last = &line[span[n - 1].0..span[n - 1].1];
                    if is_stopword(first) || is_stopword(last) {
                        continue;
                    }
                    let occurrence = occurrence(document, line_index, line, span, start, end);
                    let text = line[start..end].to_string();
                    let entry = candidates.entry(text).or_insert_with(|| Candidate {
                        count: 0,
                        name_like: false,
                        partly_name_like: false,
                        capitalised: false,
                        all_lower: true,
                        first: occurrence.place.clone(),
                    });
                    entry.count += 1;
                    entry.capitalised |= occurrence.capitalised;
                    entry.name_like |=
                        occurrence.capitalised && !occurrence.sentence_start && !headline;
                    entry.partly_name_like |=
                        !occurrence.all_lower && !occurrence.sentence_start && !headline;
                    entry.all_lower &= occurrence.all_lower;
                }
            }
        }
    }
    (candidates, lower_words)
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
fn shorten_around(line: &str, start: usize, end: usize, width: usize) -> String {
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
    let is_end = |at: usize| line[..at].ends_with(['.', '?', '!']) && line[at..].starts_with(' ');
    let from = (1..=start)
        .rev()
        .find(|&i| line.is_char_boundary(i) && is_end(i))
        .map_or(0, |i| i + 1);
    let to = (end..line.len())
        .find(|&i| line.is_char_boundary(i) && is_end(i))
        .unwrap_or(line.len());
    let sentence = &line[from..to];
    shorten_around(sentence, start - from, end - from, 160)
}

/// The proposals as a rule file: each as a comment (score, count, context) and a `replace`
/// rule with its context sentence as the example.
pub fn to_toml(suggestions: &[Suggestion], lexicon: &str) -> String {
    let mut ids = Ids::default();
    let mut rules = Vec::new();
    for (rank, s) in suggestions.iter().enumerate() {
        let id = ids.make(&slug(&s.term), &slug(&s.found));
        let mut rule = DraftRule::replace(id, vec![s.found.clone()], s.term.clone(), "exact");
        rule.description = Some(format!(
            "{} is probably a mis-transcription of {}",
            s.found, s.term
        ));
        rule.notes = vec![
            format!(
                "{}. {} -> {}: score {:.2} (spelling {:.2}, sound {:.2}), seen {}",
                rank + 1,
                s.found,
                s.term,
                s.score,
                s.spelling,
                s.sound,
                if s.count == 1 {
                    "once".to_string()
                } else {
                    format!("{} times", s.count)
                }
            ),
            format!("   {}:{}: {}", s.first.label, s.first.line, s.first.context),
        ];
        let example = &s.first.sentence;
        rule.examples = vec![(example.clone(), replace_words(example, &s.found, &s.term))];
        rules.push(rule);
    }
    let mut header = vec![
        format!(
            "Proposed by `transclean suggest --lexicon {lexicon}`: likely mis-transcriptions of"
        ),
        "the lexicon's terms, best first. Review each: keep the rules that are right, delete"
            .into(),
        "the others, then test with `transclean --rules FILE rules test`.".into(),
    ];
    if suggestions.is_empty() {
        header.push(String::new());
        header.push("No likely mis-transcriptions found.".into());
    }
    let mut text = crate::draft::rule_file(
        "suggested",
        &format!("Corrections suggested from the lexicon {lexicon}"),
        &header,
        &rules,
    );
    if !text.ends_with('\n') {
        let _ = writeln!(text);
    }
    text
}

/// `text` with every whole-word `from` replaced by `to`: what the proposed rule does.
fn replace_words(text: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut rest = 0;
    for (at, _) in text.match_indices(from) {
        if at < rest || !crate::text::is_word_bounded(text, at..at + from.len()) {
            continue;
        }
        out.push_str(&text[rest..at]);
        out.push_str(to);
        rest = at + from.len();
    }
    out.push_str(&text[rest..]);
    out
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
        assert_eq!(end_similarity("itatas", "tas"), 1.0);
        assert_eq!(end_similarity("itatas", "tass"), 0.75);
        assert_eq!(end_similarity("tassit", "tass"), 1.0);
        assert_eq!(end_similarity("antonov", "nato"), 0.5);
        assert_eq!(end_similarity("tas", "tass"), 0.0);
    }

    #[test]
    fn proposals_are_rules_whose_example_passes() {
        let documents = [doc(
            "Have you discussed the situation in Dombas, and NATO?\n",
        )];
        let found = suggest(&["Donbas".into()], &documents, Options::default());
        let text = to_toml(&found, "names.txt");
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
        let shown = shorten_around(&line, start, start + 6, 40);
        assert!(
            shown.starts_with('…') && shown.ends_with('…') && shown.contains(" Dombas "),
            "{shown}"
        );
        assert!(shown.chars().count() <= 45, "{shown}");
    }
}
