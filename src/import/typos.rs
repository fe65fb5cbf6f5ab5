//! typos dictionaries: `typo,correction[,correction...]` CSV rows (typos' `words.csv`).
//!
//! typos matches words in any case and gives the correction the case of the typo (lower, Title,
//! UPPER). A row with one correction is applied; a row with several is ambiguous, and typos only
//! reports it, so it becomes a commented-out suggestion.

use super::{Imported, Unmapped, case_for, shorten};
use crate::draft::{DraftRule, Ids};

pub fn import(text: &str) -> Imported {
    let mut ids = Ids::default();
    let mut rules = Vec::new();
    let mut unmapped = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split(',').map(str::trim);
        let typo = fields.next().unwrap_or_default();
        let corrections: Vec<&str> = fields.filter(|f| !f.is_empty()).collect();
        let Some(first) = corrections.first() else {
            unmapped.push(Unmapped {
                line: index + 1,
                entry: shorten(line),
                reason: "no correction (a word list such as english.csv, not words.csv?)".into(),
            });
            continue;
        };
        let mut rule = DraftRule::replace(
            ids.make("typos", &typo.to_lowercase()),
            vec![typo.to_string()],
            first.to_string(),
            case_for(first),
        );
        if corrections.len() > 1 {
            rule.commented_out = true;
            rule.notes.push(format!(
                "line {}: not safe to apply: typos lists several corrections ({})",
                index + 1,
                corrections.join(", ")
            ));
        }
        rules.push(rule);
    }
    Imported {
        refused: 0,
        rules: super::group_by_correction(rules, "typos"),
        unmapped,
        notes: vec![
            "One rule per correction lists every typo of it. Each typo matches whole words in"
                .into(),
            "any case; the correction takes the case of the match (lower, Title, UPPER).".into(),
            "Rows with several corrections are commented out.".into(),
            "Unlike typos, words inside identifiers (camelCase, snake_case) are not split.".into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_correction_is_a_rule_several_are_a_suggestion() {
        let imported = import("aaccess,access\naache,ache,cache\nlonely\n");
        assert_eq!(imported.active(), 1);
        assert_eq!(imported.suggestions(), 1);
        assert_eq!(imported.rules[0].id, "typos-access");
        assert!(imported.rules[1].notes[0].contains("(ache, cache)"));
        assert_eq!(imported.unmapped[0].line, 3);
    }
}
