//! No word of speech disappears unless a rule whose job is to remove it removed it, and said so.
//!
//! The input's words must balance against the output's and the recorded changes: replaying the
//! changes one by one, each change's lost and gained words are measured on the text around it,
//! and what the input had minus what the changes lost plus what they gained must be exactly what
//! the output has. A line the engine dropped without recording it, or a change that removed more
//! than it said, leaves a word unaccounted for. Then each kind may only lose the words its job is
//! about: unicode and whitespace none; timestamps only numbers (and the case of a tag's name);
//! repeated-word only the copy of the word before it; dedupe only words that stay in the text
//! (the paragraph is repeated later); speakers only times and the words of a label still there;
//! drop, replace and regex rules what their rule file tells them to.

use super::{ENGINE, texts};
use proptest::prelude::*;
use std::collections::HashMap;
use transclean::Change;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters that are not text: zero-width spaces, word joiners, soft hyphens, byte-order
/// marks, and controls that are not whitespace. A word with one inside is the same word without
/// it (the unicode rule removes them), so they neither split a word nor count in it.
fn invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
        || (c.is_control() && !c.is_whitespace())
}

/// Letters, digits, the marks on them, the joiners inside them and invisible characters make
/// words; whitespace (a vertical tab or a line separator too) and punctuation separate them.
fn word_char(c: char) -> bool {
    c.is_alphanumeric()
        || is_combining_mark(c)
        || matches!(c, '\u{200C}' | '\u{200D}')
        || invisible(c)
}

/// The words of `text` as they are compared: NFC, without invisible characters, so that a
/// change of spelling only in code points (e + U+0301 to é) loses no word.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    // Invisible characters are skipped: they neither start, end nor change a word. Split the
    // NFC form, as the text comes out: NFC reorders marks, and which comes first decides
    // whether they start a word.
    for c in text.chars().filter(|&c| !invisible(c)).nfc() {
        // A mark or joiner belongs to the character before it: it goes on a word, and starts
        // none (a mark on a bracket or a symbol is no part of the word after it).
        if c.is_alphanumeric() || (!word.is_empty() && word_char(c)) {
            word.push(c);
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

type Bag = HashMap<String, isize>;

fn bag(text: &str) -> Bag {
    let mut bag = Bag::new();
    for word in words(text) {
        *bag.entry(word).or_default() += 1;
    }
    bag
}

/// Words of `a` not in `b`, with their counts.
fn minus(a: &Bag, b: &Bag) -> Bag {
    a.iter()
        .filter_map(|(w, &n)| {
            let left = n - b.get(w).copied().unwrap_or(0);
            (left > 0).then(|| (w.clone(), left))
        })
        .collect()
}

fn starts_word(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(word_char)
}

fn ends_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(word_char)
}

fn expand_left(text: &str, mut at: usize) -> usize {
    while ends_word(text, at) {
        at -= text[..at].chars().next_back().unwrap().len_utf8();
    }
    at
}

fn expand_right(text: &str, mut at: usize) -> usize {
    while starts_word(text, at) {
        at += text[at..].chars().next().unwrap().len_utf8();
    }
    at
}

/// The words a change loses and gains: the changed span widened to whole words in the text
/// before and after it (a deletion can join two words, so both sides widen it), compared. Outside
/// that span the texts are equal and split into the same words.
fn step(before_text: &str, after_text: &str, change: &Change) -> (Bag, Bag) {
    let delta = change.after.len() as isize - change.before.len() as isize;
    let (mut lo, mut hi) = (change.replay_at, change.replay_at + change.before.len());
    loop {
        let new_hi = (hi as isize + delta) as usize;
        let lo2 = expand_left(before_text, lo).min(expand_left(after_text, lo));
        let hi2 = expand_right(before_text, hi)
            .max((expand_right(after_text, new_hi) as isize - delta) as usize);
        if (lo2, hi2) == (lo, hi) {
            break;
        }
        (lo, hi) = (lo2, hi2);
    }
    let old = bag(&before_text[lo..hi]);
    let new = bag(&after_text[lo..(hi as isize + delta) as usize]);
    (minus(&old, &new), minus(&new, &old))
}

/// The words of what stands before a colon at the start of a line, lowercase: the speaker
/// labels, whatever their style (`Name:`, `**Name:**`, `>> NAME:`).
fn label_words(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.split_once(':').map(|(label, _)| label))
        .filter(|label| label.split_whitespace().count() <= 6)
        .flat_map(words)
        .map(|w| w.to_lowercase())
        .collect()
}

fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let outcome = ENGINE.clean(text);
    let kinds: HashMap<&str, &str> = ENGINE.rules().map(|r| (r.id, r.kind)).collect();
    let mut balance = bag(text);
    let mut current = text.to_string();
    for (index, change) in outcome.changes.iter().enumerate() {
        let at = change.replay_at;
        prop_assert_eq!(
            current.get(at..at + change.before.len()),
            Some(change.before.as_str()),
            "change {} does not replay: {:?}",
            index,
            change
        );
        let mut next = current.clone();
        next.replace_range(at..at + change.before.len(), &change.after);
        let (lost, gained) = step(&current, &next, change);
        for (word, n) in &lost {
            *balance.entry(word.clone()).or_default() -= n;
        }
        for (word, n) in &gained {
            *balance.entry(word.clone()).or_default() += n;
        }
        let kind = kinds[&*change.rule];
        let lost_words: Vec<&String> = lost.keys().collect();
        let allowed = match kind {
            // A mojibake repair replaces the garbled word, on a line that reads as mojibake.
            "unicode" => {
                let line_start = current[..at].rfind('\n').map_or(0, |i| i + 1);
                let line_end = current[at..].find('\n').map_or(current.len(), |i| at + i);
                lost.is_empty()
                    || transclean::rules::mojibake::is_bad(&current[line_start..line_end])
            }
            "whitespace" => lost.is_empty(),
            // Known tags are also written in lower case (`[Inaudible 00:32:55]` → `[inaudible]`).
            "timestamps" => lost_words.iter().all(|w| {
                is_number(w) || gained.keys().any(|g| g.to_lowercase() == w.to_lowercase())
            }),
            // The first of the doubled words stays, right before where the second was. It may
            // have been corrected by the change just before, made in the same round on the same
            // text ("Dombas Dombas": one edit corrects the first, one removes the second).
            "repeated-word" => {
                let mut kept = words(next[..at].split_whitespace().next_back().unwrap_or(""));
                if let Some(previous) = index.checked_sub(1).map(|i| &outcome.changes[i])
                    && previous.replay_at + previous.after.len() == at
                {
                    kept.extend(words(&previous.before));
                }
                lost_words
                    .iter()
                    .all(|w| kept.iter().any(|k| k.to_lowercase() == w.to_lowercase()))
            }
            // The paragraph is repeated later in the document: its words are still there.
            "dedupe" => {
                let rest = bag(&next);
                lost_words.iter().all(|w| rest.contains_key(*w))
            }
            "speakers" => {
                let labels = label_words(&next);
                lost_words
                    .iter()
                    .all(|w| is_number(w) || labels.contains(&w.to_lowercase()))
            }
            "drop" | "replace" | "regex" => true,
            other => {
                return Err(TestCaseError::fail(format!(
                    "kind {other} is new: say which words it may remove"
                )));
            }
        };
        prop_assert!(
            allowed,
            "change {} by {} ({}) loses {:?}: {:?}",
            index,
            change.rule,
            kind,
            lost,
            change
        );
        current = next;
    }
    let output = bag(&outcome.cleaned);
    let mut all: Vec<&String> = balance.keys().chain(output.keys()).collect();
    all.sort();
    all.dedup();
    for word in all {
        let expected = balance.get(word).copied().unwrap_or(0);
        let found = output.get(word).copied().unwrap_or(0);
        prop_assert_eq!(
            found,
            expected,
            "{:?}: the output has it {} times, the input and the changes account for {}",
            word,
            found,
            expected
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(super::config(250))]

    #[test]
    fn transcripts_lose_no_word_unaccounted(text in texts::transcript()) {
        check(&text)?;
    }

    #[test]
    fn piece_soup_loses_no_word_unaccounted(text in texts::soup()) {
        check(&text)?;
    }

    #[test]
    fn arbitrary_unicode_loses_no_word_unaccounted(text in texts::unicode()) {
        check(&text)?;
    }
}
