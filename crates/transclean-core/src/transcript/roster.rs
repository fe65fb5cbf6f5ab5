//! A document's roster: its speakers, their turn counts, and names that look like variants.

use super::*;

/// The speakers of a document with their turn counts, and labels that look like variants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    /// Normalised name and number of turns, in order of first appearance.
    pub speakers: Vec<(String, usize)>,
    /// Pairs of names that may be the same person: never merged silently, only reported.
    pub variants: Vec<(String, String)>,
}

/// Builds the roster of a document.
pub fn roster(text: &str, settings: &SpeakerSettings) -> Roster {
    let mut speakers: Vec<(String, usize)> = Vec::new();
    let mut previous: Option<String> = None;
    let turns = parse(text, settings);
    let surnames = shouted_label_words(&turns);
    for turn in turns {
        let Some(label) = turn.label else {
            previous = None;
            continue;
        };
        let name = label_name(&label, settings, &surnames);
        // Consecutive labels of one speaker are one turn once merged.
        let continues = previous.as_ref() == Some(&name) && mergeable(&name);
        match speakers.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += usize::from(!continues),
            None => speakers.push((name.clone(), 1)),
        }
        previous = Some(name);
    }
    let mut variants = Vec::new();
    for (i, (a, _)) in speakers.iter().enumerate() {
        for (b, _) in &speakers[i + 1..] {
            if similar_names(a, b) {
                variants.push((a.clone(), b.clone()));
            }
        }
    }
    Roster { speakers, variants }
}

/// `Matthew` / `Matthew Chance` (one is the start of the other), or a spelling variant
/// (`Sjors Provost` / `Sjors Provoost`) by Jaro-Winkler similarity.
pub(super) fn similar_names(a: &str, b: &str) -> bool {
    let (a_lower, b_lower) = (a.to_lowercase(), b.to_lowercase());
    let starts = |long: &str, short: &str| long.starts_with(&format!("{short} "));
    let numbered = |s: &str| {
        s.split_whitespace()
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    };
    if numbered(a) || numbered(b) {
        // `Speaker 1` / `Speaker 2`, `Reporter` / `Reporter 1` are different people by design.
        return false;
    }
    starts(&a_lower, &b_lower)
        || starts(&b_lower, &a_lower)
        || strsim::jaro_winkler(&a_lower, &b_lower) >= 0.93
}
