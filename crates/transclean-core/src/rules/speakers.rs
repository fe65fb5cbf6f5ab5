//! `speakers`: renders recognised turns one consistent way: `Name: text`, one turn per paragraph,
//! consecutive turns of one speaker merged.
//!
//! Works on the turns the transcript parser finds and proposes small edits: a label rewritten
//! (without its time), a label line joined to its speech, a blank line between turns. It runs
//! before the `timestamps` stage because a label's time is evidence that it is a label. Text
//! outside recognised turns is never touched.

use super::{Compiled, KindRule, KindSpec, RuleError, Safety, Span, Stage, flag};
use crate::hash::FxHashMap;
use crate::raw::RawRule;
use crate::text::{StageText, line_ending, minimal_edit};
use crate::transcript::{self, LabelStyle, SpeakerSettings};
use std::ops::Range;
use std::sync::Arc;

pub static SPEC: KindSpec = KindSpec {
    name: "speakers",
    stage: Stage::Speakers,
    safety: Safety::Safe,
    summary: "Render speaker turns one way: `Name: text`, one turn per paragraph",
    docs: "\
What it does: finds the speaker turns of a transcript (labels in every common style: `Name:`,
`NAME:`, `>> NAME:`, `**Name:**`, `[Name]`, `Q:` / `A:`, a label alone on its line with the
speech below) and renders each as `label` (default `{name}:`) followed by the speech on the same
line, one turn per paragraph. Names get the aliases of the `[speakers]` table, capitals become
title case (`JOHN SMITH` -> `John Smith`, `McDONALD` -> `McDonald`, acronyms such as `RT` and
`CNN` kept), a lower-case label is capitalised. With `merge` (default), a turn of the speaker
who spoke last loses its label and becomes a new paragraph of the same turn; shared roles
(`Q`, `A`, `Audience`, `Unknown`) are never merged, as consecutive questions are often asked by
different people.

Detection is conservative: a colon is not a speaker. Without a time, a label counts only if the
name looks like a name or a role and recurs in the document, or is in the `[speakers]` roster;
`READ MORE:`, `Note:`, `Update:`, sentences ending in `said:`, clock times and headings never do.

Why: every transcription service writes who speaks in its own way; a corpus is only searchable
and countable by speaker when they are all written the same.

Example:
    [speakers]
    aliases = { \"Matthew\" = \"Matthew Chance\" }

    [[rule]]
    id = \"speakers\"
    kind = \"speakers\"
    examples = [{ input = \"Putin:\\nHello.\\nReporter:\\nHi.\\n\", output = \"Putin: Hello.\\n\\nReporter: Hi.\\n\" }]",
    options: &[
        ("merge", "merge consecutive turns of one speaker (default true)"),
        ("label", "how a label is written, with {name} (default \"{name}:\")"),
        ("separate", "a blank line between turns (default true)"),
    ],
    compile,
};

/// The options of one `speakers` rule; the names it uses come from the `[speakers]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakersOptions {
    pub merge: bool,
    pub label: String,
    pub separate: bool,
}

fn compile(raw: &RawRule, _span: Span) -> Result<Compiled, RuleError> {
    let label = match &raw.label {
        Some(template) if !template.get_ref().contains("{name}") => {
            return Err(
                RuleError::at(template.span(), "`label` must contain `{name}`").with_hint(Some(
                    "for example label = \"{name}:\" or \"**{name}:**\"".into(),
                )),
            );
        }
        Some(template) => template.get_ref().clone(),
        None => "{name}:".to_string(),
    };
    Ok(Compiled::Speakers(Arc::new(SpeakersOptions {
        merge: flag(&raw.merge, true),
        label,
        separate: flag(&raw.separate, true),
    })))
}

/// A `speakers` rule with the layered `[speakers]` settings, ready to scan.
#[derive(Debug)]
pub struct SpeakersRule {
    pub options: Arc<SpeakersOptions>,
    pub settings: SpeakerSettings,
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Whether the line before the one starting at `start` is blank (or there is none).
fn blank_line_before(text: &str, start: usize) -> bool {
    if start == 0 {
        return true;
    }
    let previous = &text[line_start(text, start - 1)..start];
    previous.trim().is_empty()
}

/// What a label renders as: its name, and the label written out.
struct Rendered {
    name: String,
    /// A turn of this name may be merged into the one before (it is no shared role).
    mergeable: bool,
    /// The label followed by its speech on the line: with the space after it.
    with_speech: String,
    /// The label alone on its line.
    alone: String,
}

impl KindRule for SpeakersRule {
    fn scan(&self, stage_text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
        let text = stage_text.as_str();
        let eol = line_ending(text);
        let turns = transcript::turns_of(stage_text, &self.settings);
        let surnames = transcript::shouted_label_words(&turns);
        // A label's rendering depends only on its name and style as written: worked out once
        // per distinct one. Per turn it was half the stage's time in the runs that settle a
        // large document, which has tens of thousands of turns and a few hundred names
        // (issue 15).
        let mut numbers: FxHashMap<(&str, LabelStyle), usize> = FxHashMap::default();
        let mut rendered: Vec<Rendered> = Vec::new();
        // The previous label's rendering (by number) and where its turn ends.
        let mut previous: Option<(usize, usize)> = None;
        for turn in turns.iter() {
            let Some(label) = &turn.label else {
                previous = None;
                continue;
            };
            let number = *numbers
                .entry((label.name.as_str(), label.style))
                .or_insert_with(|| {
                    let name = transcript::label_name(label, &self.settings, &surnames);
                    let alone = self.options.label.replace("{name}", &name);
                    rendered.push(Rendered {
                        mergeable: transcript::mergeable(&name),
                        with_speech: format!("{alone} "),
                        alone,
                        name,
                    });
                    rendered.len() - 1
                });
            let this = &rendered[number];
            let start = line_start(text, label.range.start);
            // Merge only turns that follow each other with nothing but blank lines between.
            let follows = previous.is_some_and(|(prev, end)| {
                rendered[prev].name == this.name && text[end..start].trim().is_empty()
            });
            let merged = self.options.merge && follows && this.mergeable;
            let mut span_end = if turn.text.is_empty() {
                label.range.end
            } else {
                turn.text.start
            };
            // The label written again at the start of its speech (a scraping stutter) goes with
            // it: the parser sees labels only at line starts, so otherwise each pipeline run
            // would peel one copy, and cleaning would not settle in one call.
            let written = text[label.range.clone()].trim_end();
            while !written.is_empty() && text[span_end..turn.text.end].starts_with(written) {
                let after = span_end + written.len();
                let rest = &text[after..turn.text.end];
                span_end = after + rest.len() - rest.trim_start_matches([' ', '\t']).len();
            }
            let has_speech = span_end < turn.text.end;
            let label_text = match (merged, has_speech) {
                (true, _) => "",
                (false, true) => this.with_speech.as_str(),
                (false, false) => this.alone.as_str(),
            };
            if self.options.separate && !blank_line_before(text, start) {
                emit(start..start, eol.to_string());
            }
            if let Some((range, to)) = minimal_edit(
                label.range.start,
                &text[label.range.start..span_end],
                label_text,
            ) {
                emit(range, to);
            }
            previous = Some((number, turn.text.end.max(label.range.end)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(merge: bool) -> SpeakersRule {
        SpeakersRule {
            options: Arc::new(SpeakersOptions {
                merge,
                label: "{name}:".into(),
                separate: true,
            }),
            settings: SpeakerSettings::default(),
        }
    }

    #[test]
    fn joins_labels_to_their_speech_and_separates_turns() {
        let text = "Summary line.\nVladimir Putin:\nYou are aware.\nReporter:\nGood evening.\nVladimir Putin:\nYes.\nReporter:\n\nThanks.\n";
        assert_eq!(
            crate::rules::apply_scan(&rule(true), text),
            "Summary line.\n\nVladimir Putin: You are aware.\n\nReporter: Good evening.\n\nVladimir Putin: Yes.\n\nReporter: Thanks.\n"
        );
    }

    #[test]
    fn a_label_repeated_at_the_start_of_its_speech_goes_at_once() {
        let text = "Reporter: (1:02:03) Reporter: (1:02:03)  Reporter: (1:02:03) Hello.\n";
        assert_eq!(
            crate::rules::apply_scan(&rule(true), text),
            "Reporter: Hello.\n"
        );
    }

    #[test]
    fn merges_consecutive_turns_of_one_speaker_keeping_paragraphs() {
        let text = "Putin: (00:01)\nOne.\nPutin: (00:02)\nTwo.\nReporter: (00:03)\nThree.\n";
        assert_eq!(
            crate::rules::apply_scan(&rule(true), text),
            "Putin: One.\n\nTwo.\n\nReporter: Three.\n"
        );
        assert_eq!(
            crate::rules::apply_scan(&rule(false), text),
            "Putin: One.\n\nPutin: Two.\n\nReporter: Three.\n"
        );
    }

    #[test]
    fn normalises_label_styles() {
        let text = ">> JOHN SMITH: Hello.\n\n>> JOHN SMITH: Again.\n\n**Jane Roe:** Hi.\n\n**Jane Roe:** Bye.\n";
        assert_eq!(
            crate::rules::apply_scan(&rule(false), text),
            "John Smith: Hello.\n\nJohn Smith: Again.\n\nJane Roe: Hi.\n\nJane Roe: Bye.\n"
        );
    }

    #[test]
    fn leaves_prose_and_dash_turns_alone() {
        let text =
            "Putin answered, saying:\n\n\"Because.\"\n\n- Mr. Putin, a question?\n\n- Well.\n";
        assert_eq!(crate::rules::apply_scan(&rule(true), text), text);
    }
}
