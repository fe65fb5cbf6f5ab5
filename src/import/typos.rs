//! typos dictionaries: `typo,correction[,correction...]` CSV rows (typos' `words.csv`).
//!
//! typos matches words in any case and gives the correction the case of the typo (lower, Title,
//! UPPER). A row with one correction is applied; a row with several is ambiguous, and typos only
//! reports it, so it becomes a commented-out suggestion.

use super::{Imported, Unmapped, case_for, shorten};
use crate::draft::{DraftRule, Ids};

/// Why `text` is not a typos corrections file, if it is recognisably another one: typos'
/// `allowed.csv` is `word,reason`, a list of words to accept, and importing it would turn each
/// reason into a "correction" (`thead` -> `html tag`).
pub fn refusal(text: &str) -> Option<super::Refusal> {
    let rows: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let with_reason = rows
        .iter()
        .filter(|row| {
            row.split_once(',')
                .is_some_and(|(_, rest)| rest.trim().contains(char::is_whitespace))
        })
        .count();
    (!rows.is_empty() && with_reason * 2 > rows.len()).then(|| super::Refusal {
        message: "a typos allow-list (`word,reason`): its words are accepted as spelled, there is \
                  nothing to correct"
            .into(),
        hint: "import typos' corrections, `words.csv` (`typo,correction`)".into(),
    })
}

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
    let real_words = super::mark_real_words(&mut rules, "typos");
    let mut notes = vec![
        "One rule per correction lists every typo of it. Each typo matches whole words in".into(),
        "any case; the correction takes the case of the match (lower, Title, UPPER).".into(),
        "Rows with several corrections are commented out.".into(),
        "Unlike typos, words inside identifiers (camelCase, snake_case) are not split.".into(),
    ];
    if real_words > 0 {
        notes.push(
            "A typo that is also a correction of another row is a real word: its rule is unsafe."
                .into(),
        );
    }
    Imported {
        refused: 0,
        rules: super::group_by_correction(rules, "typos"),
        unmapped,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_allow_list_is_recognised_and_a_corrections_file_is_not() {
        assert!(refusal("thead,html tag\nreferer,http header field\nnilable,ruby\n").is_some());
        assert!(refusal("aaccess,access\naache,ache,cache\n").is_none());
    }

    #[test]
    fn a_typo_that_is_another_rows_correction_is_unsafe() {
        // "ache" is a correction of "aache", so "ache" -> "cache" would change a real word.
        let imported = import("aache,ache\nache,cache\nteh,the\n");
        let unsafe_ids: Vec<&str> = imported
            .rules
            .iter()
            .filter(|r| r.proposes_only)
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(unsafe_ids, ["typos-cache"]);
        assert!(
            imported
                .to_toml(super::super::Format::Typos, "w.csv")
                .contains("safety = \"unsafe\"")
        );
    }

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
