//! How alike a candidate and a term are: by spelling, by sound, and by the ends of a longer word.

use super::Term;
use rphonetic::DoubleMetaphone;

/// Lower-case letters and digits only: what spelling is compared on.
pub(super) fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Double Metaphone keys (primary, and alternate if different) of the words run together.
pub(super) fn keys(text: &str, phonetic: &DoubleMetaphone) -> Vec<String> {
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
pub(super) fn end_similarity(long: &str, short: &str) -> f64 {
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
pub(super) fn score(found_letters: &str, found_keys: &[String], term: &Term) -> (f64, f64, f64) {
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
pub(super) fn is_derived_form(found: &str, term: &str) -> bool {
    let (f, t): (Vec<char>, Vec<char>) = (found.chars().collect(), term.chars().collect());
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    f.len() > t.len() && t.len() >= 4 && common + 1 >= t.len()
}

/// Whether `outer` holds `inner` as whole words.
pub(super) fn contains_words(outer: &str, inner: &str) -> bool {
    outer == inner
        || outer.starts_with(&format!("{inner} "))
        || outer.ends_with(&format!(" {inner}"))
        || outer.contains(&format!(" {inner} "))
}

/// Lengths too far apart cannot be a mishearing of one another (a longer word may hold it).
pub(super) fn plausible_length(found: &str, term: &str) -> bool {
    let (f, t) = (found.chars().count(), term.chars().count());
    f + 3 >= t && f <= t * 2 + 3 && t >= 3
}
