//! How a label's name is rendered: aliases, capitals, initials and connectors.

use super::labels::is_shouted;
use super::*;
use crate::label_styles;
use std::collections::HashSet;

/// The words of a document's labels of several words written in capitals (`JANE DOE, HOST`).
/// A short label in capitals that is one of them (`DOE:`) is that speaker's surname, not an
/// acronym, and is title-cased as the full label is.
pub fn shouted_label_words(turns: &[Turn]) -> HashSet<String> {
    turns
        .iter()
        .filter_map(|turn| turn.label.as_ref())
        .filter(|label| label.name.contains(' ') && !label.name.chars().any(char::is_lowercase))
        .flat_map(|label| {
            label
                .name
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The name a label renders as. A hearing record writes surnames in capitals by convention
/// (`Chairman HAMILTON`), not to shout: those words are normalised one by one. `surnames` are
/// the document's [`shouted_label_words`].
pub fn label_name(label: &Label, settings: &SpeakerSettings, surnames: &HashSet<String>) -> String {
    let trimmed = label.name.trim();
    if surnames.contains(trimmed) && normalise_name(trimmed, settings) == trimmed {
        return title_case_part(trimmed);
    }
    if label.style != LabelStyle::Hearing && !label_styles::is_titled_surname(&label.name) {
        return normalise_name(&label.name, settings);
    }
    label
        .name
        .split(' ')
        .map(|word| {
            if is_shouted(word) {
                normalise_name(word, settings)
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name a label renders as: alias, then capitals and lower case fixed.
pub fn normalise_name(name: &str, settings: &SpeakerSettings) -> String {
    let collapsed = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(alias) = settings
        .aliases
        .iter()
        .find(|(from, _)| from.eq_ignore_ascii_case(&collapsed))
        .map(|(_, to)| to)
    {
        return alias.clone();
    }
    let letters: Vec<char> = collapsed.chars().filter(|c| c.is_alphabetic()).collect();
    let all_lower = letters.iter().all(|c| c.is_lowercase());
    // Only a label written in capitals throughout is shouted; in `New START Treaty` or
    // `Vladimir PUTIN` the capitals may be meant, and the name is kept as written.
    let shouted = collapsed.split(' ').all(|word| {
        let rest = ["Mc", "Mac"]
            .iter()
            .find_map(|p| word.strip_prefix(p))
            .unwrap_or(word);
        !rest.chars().any(char::is_lowercase)
    }) && letters.iter().filter(|c| c.is_uppercase()).count() >= 2;
    if !shouted && !all_lower {
        return collapsed;
    }
    // A label that is one short word in capitals is initials or an acronym (`JFK:`, `CNN:`),
    // not a shouted name: there is no telling `Jfk` from a mangled name, so keep it.
    if shouted && !collapsed.contains(' ') && is_short_capitals(&collapsed) {
        return collapsed;
    }
    collapsed
        .split(' ')
        .enumerate()
        .map(|(i, word)| fix_word(word, i == 0, all_lower, settings))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `JOHN` → `John`, `McDONALD` → `McDonald`, `O'BRIEN` → `O'Brien`, acronyms kept; in an
/// all-lower-case label, words are capitalised (connectors stay small after the first).
pub(super) fn fix_word(
    word: &str,
    first: bool,
    all_lower: bool,
    settings: &SpeakerSettings,
) -> String {
    if settings.acronyms.iter().any(|a| a == word) || is_initials(word) {
        return word.to_string();
    }
    if all_lower {
        if !first && CONNECTORS.contains(&word) {
            return word.to_string();
        }
        return capitalise(word);
    }
    let upper_count = word.chars().filter(|c| c.is_uppercase()).count();
    let has_lower = word.chars().any(|c| c.is_lowercase());
    for prefix in ["Mc", "Mac", "O'", "O’"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.chars().count() > 1
            && rest.chars().all(|c| !c.is_lowercase())
        {
            return format!("{prefix}{}", title_case_part(rest));
        }
    }
    if upper_count >= 2 && !has_lower {
        return title_case_part(word);
    }
    word.to_string()
}

/// Up to 4 letters, all capitals: `JFK`, `NATO`, `AOC`.
pub(super) fn is_short_capitals(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (1..=4).contains(&letters) && !word.chars().any(char::is_lowercase)
}

/// Initials or an acronym inside a longer label: `J.F.K.`, `F.`, or up to 4 capitals with no
/// vowel (`JFK`, `NPR`), which no name is. (`JOHN` and `ROE` have vowels and are title-cased.)
pub(super) fn is_initials(word: &str) -> bool {
    let dotted = word.contains('.')
        && word
            .split_terminator('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase));
    let voweless = is_short_capitals(word)
        && word.chars().count() >= 2
        && word
            .chars()
            .all(|c| c.is_alphabetic() && !"AEIOUY".contains(c));
    dotted || voweless
}

/// `SMITH-JONES` → `Smith-Jones`.
pub(super) fn title_case_part(word: &str) -> String {
    word.split_inclusive(['-', '\'', '’'])
        .map(|part| capitalise(&part.to_lowercase()))
        .collect()
}

pub(super) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
