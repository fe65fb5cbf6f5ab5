//! codespell dictionaries: `wrong->right` lines.
//!
//! codespell lower-cases the misspelling and matches words in any case; it fixes only entries
//! with one correction and no comma. `wrong->a, b,` (several candidates) and `wrong->right, reason`
//! are shown to the user but never applied, so they become commented-out suggestions. As in
//! codespell, a later entry for the same word replaces an earlier one, and a misspelling with an
//! apostrophe also matches with a typographic one (’).

use super::{Imported, Unmapped, case_for, shorten};
use crate::draft::{DraftRule, Ids};
use std::collections::HashMap;

/// The characters besides word characters that codespell's default word pattern takes in.
const CODESPELL_JOINERS: &str = "-'’";

/// One dictionary line, as codespell reads it.
struct Entry {
    line: usize,
    wrong: String,
    /// The correction, or the candidates of an entry that is not safe to apply.
    candidates: Vec<String>,
    /// Not applied by codespell: several candidates, or a reason after the comma.
    unsafe_reason: Option<String>,
}

pub fn import(text: &str) -> Imported {
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_word: HashMap<String, usize> = HashMap::new();
    let mut unmapped = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((wrong, data)) = line.split_once("->") else {
            unmapped.push(Unmapped {
                line: index + 1,
                entry: shorten(line),
                reason: "not a `wrong->right` line".into(),
            });
            continue;
        };
        let wrong = wrong.trim().to_lowercase();
        for (wrong, data) in with_typographic_apostrophe(&wrong, data) {
            let entry = parse_entry(index + 1, wrong, &data);
            match by_word.get(&entry.wrong) {
                Some(&slot) => entries[slot] = entry,
                None => {
                    by_word.insert(entry.wrong.clone(), entries.len());
                    entries.push(entry);
                }
            }
        }
    }

    let mut ids = Ids::default();
    let mut rules: Vec<DraftRule> = entries
        .into_iter()
        .filter(|e| !e.candidates.is_empty() && !e.wrong.is_empty())
        .map(|e| {
            let first = e.candidates[0].clone();
            // codespell's case rule: a correction with capitals (a name) is written as it is,
            // or in capitals in a word in capitals.
            let case = match case_for(&first) {
                "ignore" => "preserve-capitals",
                other => other,
            };
            let mut rule = DraftRule::replace(
                ids.make("codespell", &e.wrong),
                vec![e.wrong.clone()],
                first,
                case,
            );
            // codespell's words are runs of `[\w\-'’]`: a misspelling joined to another word
            // by one of these (`teh-like`) is part of a longer word, not corrected.
            rule.word_joiners = Some(CODESPELL_JOINERS.into());
            if let Some(reason) = e.unsafe_reason {
                rule.commented_out = true;
                rule.notes.push(format!("line {}: {reason}", e.line));
            }
            rule
        })
        .collect();
    let real_words = super::mark_real_words(&mut rules, "codespell");
    Imported {
        refused: 0,
        rules: super::group_by_correction(rules, "codespell"),
        unmapped,
        notes: notes(real_words > 0),
    }
}

/// How the dictionary was mapped, for the rule file's header.
fn notes(real_words: bool) -> Vec<String> {
    let mut notes: Vec<String> = [
        "One rule per correction lists every misspelling of it. Each misspelling matches",
        "whole words in any case. A correction in lower case takes the case of the match",
        "(Teh -> The, TEH -> THE); one with capitals is written as is, or in capitals in",
        "a word in capitals (case = \"preserve-capitals\").",
        "Entries codespell does not fix on its own (several candidates, or a reason) are",
        "commented out: pick a candidate, then uncomment.",
        "As in codespell, a misspelling joined to another word by `-`, `'` or `’` is part of",
        "a longer word and left alone (word-joiners).",
    ]
    .map(String::from)
    .to_vec();
    if real_words {
        notes.push(
            "A misspelling that is also a correction of another entry is a real word: its rule is"
                .into(),
        );
        notes.push("unsafe (proposed by `diff` and `review`, applied with --unsafe-fixes).".into());
    }
    notes
}

/// Why every entry of the codespell dictionary named `file_name` is unsafe, if it is one of
/// codespell's optional dictionaries of real words: rare words (`dictionary_rare.txt`, "acter"
/// is a word), usage, informal speech, names, code terms, British spellings. Only the main
/// `dictionary.txt` lists misspellings.
pub fn unsafe_variant(file_name: &str) -> Option<&'static str> {
    const VARIANTS: [(&str, &str); 6] = [
        ("rare", "This is codespell's dictionary of rare words"),
        (
            "usage",
            "This is codespell's usage dictionary (words style guides avoid)",
        ),
        (
            "informal",
            "This is codespell's dictionary of informal words",
        ),
        ("names", "This is codespell's dictionary of names"),
        ("code", "This is codespell's dictionary of code terms"),
        (
            "en-GB_to_en-US",
            "This is codespell's British-to-American dictionary",
        ),
    ];
    let stem = file_name
        .strip_prefix("dictionary_")?
        .strip_suffix(".txt")?;
    VARIANTS
        .iter()
        .find(|(v, _)| *v == stem)
        .map(|(_, why)| *why)
}

/// The entry as written and, if it has an apostrophe, the same with a typographic one.
fn with_typographic_apostrophe(wrong: &str, data: &str) -> Vec<(String, String)> {
    let mut out = vec![(wrong.to_string(), data.to_string())];
    if wrong.contains('\'') {
        out.push((wrong.replace('\'', "’"), data.replace('\'', "’")));
    }
    out
}

fn parse_entry(line: usize, wrong: String, data: &str) -> Entry {
    let data = data.trim();
    let Some((list, reason)) = data.rsplit_once(',') else {
        return Entry {
            line,
            wrong,
            candidates: vec![data.to_string()],
            unsafe_reason: None,
        };
    };
    let candidates: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    let reason = reason.trim();
    let unsafe_reason = if reason.is_empty() {
        format!(
            "not safe to apply: codespell lists {} ({})",
            if candidates.len() > 1 {
                "several candidates"
            } else {
                "a candidate to confirm"
            },
            candidates.join(", ")
        )
    } else {
        format!(
            "not safe to apply: codespell gives a reason: {reason} (candidates: {})",
            candidates.join(", ")
        )
    };
    Entry {
        line,
        wrong,
        candidates,
        unsafe_reason: Some(unsafe_reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;

    fn replace_of(rule: &DraftRule) -> (&[String], &str, &str) {
        match &rule.kind {
            DraftKind::Replace {
                find,
                replace,
                case,
                ..
            } => (find, replace, case),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_fixes_candidates_and_reasons() {
        let imported = import(
            "Teh->the\nabd->and, bad,\nclas->class, disabled because of name clash in c++\nACI->ACPI\nnonsense\n",
        );
        assert_eq!(imported.rules.len(), 4);
        assert_eq!(imported.rules[0].id, "codespell-the");
        assert_eq!(
            replace_of(&imported.rules[0]),
            (&["teh".into()][..], "the", "preserve")
        );
        assert!(imported.rules[1].commented_out);
        assert!(imported.rules[1].notes[0].contains("several candidates (and, bad)"));
        assert!(imported.rules[2].commented_out);
        assert!(imported.rules[2].notes[0].contains("name clash"));
        assert_eq!(
            replace_of(&imported.rules[3]),
            (&["aci".into()][..], "ACPI", "preserve-capitals")
        );
        assert_eq!(imported.unmapped.len(), 1);
        assert_eq!(imported.unmapped[0].line, 5);
    }

    #[test]
    fn misspellings_of_one_correction_share_a_rule() {
        let imported = import("teh->the\nabd->and, bad,\nhte->the\nadn->and\n");
        let ids: Vec<&str> = imported.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["codespell-the", "codespell-abd", "codespell-and"]);
        assert_eq!(replace_of(&imported.rules[0]).0, ["teh", "hte"]);
        assert_eq!(imported.entries(), 3);
    }

    #[test]
    fn a_later_entry_replaces_an_earlier_one_and_apostrophes_get_a_twin() {
        let imported = import("teh->tea\nTEH->the\ndidnt'->didn't\n");
        assert_eq!(imported.rules.len(), 3);
        assert_eq!(replace_of(&imported.rules[0]).1, "the");
        assert_eq!(
            replace_of(&imported.rules[2]),
            (&["didnt’".into()][..], "didn’t", "preserve")
        );
    }
}
