//! The proposals as a rule file to review.

use super::Suggestion;
use crate::draft::{DraftRule, Ids, slug};
use std::fmt::Write as _;

/// A proposal left out of the rule file, and why (a lint finding against the rules in force).
#[derive(Debug, Clone)]
pub struct Held {
    pub suggestion: Suggestion,
    pub reason: String,
}

/// The proposals as a rule file: each as a comment (score, count, context) and a `replace`
/// rule with its context sentence as the example; the proposals `held` back are listed in the
/// header.
pub fn to_toml(suggestions: &[Suggestion], held: &[Held], lexicon: &str) -> String {
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
        "the others, then test with `transclean --rules FILE rules test`. Contexts and lines"
            .into(),
        "are of the text as the rules in force clean it (`transclean clean` prints it).".into(),
    ];
    if suggestions.is_empty() {
        header.push(String::new());
        header.push(if held.is_empty() {
            "No likely mis-transcriptions found.".into()
        } else {
            "No rules: every proposal is held back (below).".into()
        });
    }
    if !held.is_empty() {
        header.push(String::new());
        header
            .push("Held back, as the rules in force already make them or clash with them:".into());
        for h in held {
            let s = &h.suggestion;
            header.push(format!(
                "- {} -> {} ({}:{}): {}",
                s.found, s.term, s.first.label, s.first.line, h.reason
            ));
        }
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
