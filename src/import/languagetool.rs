//! LanguageTool `replace.txt`: `wrong|variant=right<TAB>message` lines.
//!
//! LanguageTool searches each phrase in any case and suggests the replacement, so every rule is
//! unsafe (proposed, applied only with `--unsafe-fixes`); several
//! replacements (`=a|b`) are alternatives for the user to choose from, so they become a
//! commented-out suggestion. The message (or URL) becomes the rule's description.

use super::{Imported, Unmapped, case_for, shorten};
use crate::draft::{DraftRule, Ids, slug};

pub fn import(text: &str) -> Imported {
    let mut ids = Ids::default();
    let mut rules = Vec::new();
    let mut unmapped = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (entry, message) = match line.split_once('\t') {
            Some((entry, message)) => (entry.trim(), Some(message.trim())),
            None => (trimmed, None),
        };
        let Some((wrong, right)) = entry.split_once('=') else {
            unmapped.push(Unmapped {
                line: index + 1,
                entry: shorten(line),
                reason: "not a `wrong=right` line".into(),
            });
            continue;
        };
        let phrases: Vec<String> = wrong
            .split('|')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        let replacements: Vec<&str> = right
            .split('|')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .collect();
        let (Some(first_phrase), Some(first)) = (phrases.first(), replacements.first()) else {
            unmapped.push(Unmapped {
                line: index + 1,
                entry: shorten(line),
                reason: "an empty phrase or replacement".into(),
            });
            continue;
        };
        let id = ids.make("languagetool", &slug(first_phrase));
        let mut rule = DraftRule::replace(id, phrases.clone(), first.to_string(), case_for(first));
        // LanguageTool shows a replacement as a suggestion for the writer to accept; many are
        // real words or names (Köln -> Cologne), so none is applied without asking.
        rule.proposes_only = true;
        rule.description = message.filter(|m| !m.is_empty()).map(|m| {
            if m.starts_with("http://") || m.starts_with("https://") {
                format!("See {m}")
            } else {
                m.to_string()
            }
        });
        if replacements.len() > 1 {
            rule.commented_out = true;
            rule.notes.push(format!(
                "line {}: not safe to apply: LanguageTool suggests several replacements ({})",
                index + 1,
                replacements.join(", ")
            ));
        }
        rules.push(rule);
    }
    Imported {
        refused: 0,
        rules,
        unmapped,
        notes: vec![
            "Each phrase matches whole words in any case (a space matches any whitespace).".into(),
            "A replacement in lower case takes the case of the match; one with capitals (a name)"
                .into(),
            "is written as is. Lines with several replacements are commented out.".into(),
            "LanguageTool only suggests these (many phrases are real words or names, such as"
                .into(),
            "Köln -> Cologne): every rule is unsafe, proposed by `diff` and `review` and applied"
                .into(),
            "with --unsafe-fixes.".into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;

    #[test]
    fn phrases_variants_messages_and_alternatives() {
        let imported = import(
            "# comment\nbussines|bussiness=business\tDid you mean \"business\"?\nKöln=Cologne\nx=a|b\nnonsense\n",
        );
        assert_eq!(imported.rules.len(), 3);
        let DraftKind::Replace { find, case, .. } = &imported.rules[0].kind else {
            panic!()
        };
        assert_eq!(find, &["bussines", "bussiness"]);
        assert_eq!(*case, "preserve");
        assert_eq!(
            imported.rules[0].description.as_deref(),
            Some("Did you mean \"business\"?")
        );
        assert_eq!(imported.rules[1].id, "languagetool-köln");
        assert!(imported.rules[2].commented_out);
        assert_eq!(imported.unmapped[0].line, 5);
    }
}
