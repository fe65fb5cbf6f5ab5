//! From an input's text to what is cleaned and shown: plain text as it is, a subtitle file as a
//! transcript (or cue by cue with `--keep-format`), an HTML page as its text.
//!
//! For a subtitle file turned into a transcript, diffs and changes refer to the transcript text
//! the adapter produced: the conversion itself is a change of format, not a cleaning rule.

use crate::engine::{Engine, Outcome};
use crate::error::Error;
use crate::formats::{Format, html, keep_unterminated, subtitles};
use crate::pipeline::adapter::{self, Adapter};
use crate::text::LineIndex;
use std::path::Path;

/// How inputs are read, from the command line.
#[derive(Debug, Clone)]
pub struct FormatOptions {
    pub format: Format,
    /// The JSON Lines field to clean.
    pub field: String,
    /// Pass bad JSON Lines records through (counted) instead of stopping at the first.
    pub skip_bad: bool,
    /// Clean subtitle cues in place instead of turning them into a transcript.
    pub keep_format: bool,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            format: Format::Auto,
            field: "text".into(),
            skip_bad: false,
            keep_format: false,
        }
    }
}

/// What an input became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Plain text, cleaned as it is.
    Text,
    /// A subtitle file turned into a transcript: the output is text, not subtitles.
    Transcript,
    /// A subtitle file with its cues cleaned in place.
    Subtitles,
    /// An HTML page turned into its text: the output is text, not HTML.
    Html,
}

/// A cleaned input: `before` is what the cleaned text is compared with.
#[derive(Debug, Clone)]
pub struct Cleaned {
    pub before: String,
    pub outcome: Outcome,
    pub shape: Shape,
}

/// Cleans one non-JSON-Lines input. `name` is used to detect the format and in errors.
pub fn clean(
    text: String,
    name: &Path,
    engine: &Engine,
    options: &FormatOptions,
) -> Result<Cleaned, Error> {
    let adapter = adapter::choose(&name.to_string_lossy(), &text, options);
    clean_as(text, name, engine, adapter)
}

/// Cleans one input like [`clean`], but a subtitle file with `speech`, an engine of the same
/// rules for text that is all speech ([`crate::config::RuleSet::for_speech`]): every cue is
/// something someone said, labelled or not, so rules for prose must not touch it.
pub fn clean_with_speech(
    text: String,
    name: &Path,
    engine: &Engine,
    speech: &Engine,
    options: &FormatOptions,
) -> Result<Cleaned, Error> {
    let adapter = adapter::choose(&name.to_string_lossy(), &text, options);
    let engine = match adapter {
        Adapter::Subtitles { .. } => speech,
        _ => engine,
    };
    clean_as(text, name, engine, adapter)
}

/// Cleans one input with the adapter chosen for it (plain text or subtitles). A document whose
/// text runs away under the rules is an error of its own, not a result.
pub fn clean_as(
    text: String,
    name: &Path,
    engine: &Engine,
    adapter: Adapter,
) -> Result<Cleaned, Error> {
    let cleaned = match adapter {
        Adapter::Subtitles {
            syntax,
            keep_format,
        } => {
            let cues = subtitles::parse(&text, syntax).map_err(|e| Error::Subtitle {
                path: name.to_path_buf(),
                line: e.line,
                message: e.message,
                hint: Some("check the file, or read it as plain text with --format txt".into()),
            })?;
            if keep_format {
                Cleaned {
                    outcome: clean_cues(&text, &cues, syntax, engine),
                    before: text,
                    shape: Shape::Subtitles,
                }
            } else {
                let transcript = subtitles::to_transcript(&cues);
                Cleaned {
                    outcome: engine.clean(&transcript),
                    before: transcript,
                    shape: Shape::Transcript,
                }
            }
        }
        Adapter::Html => {
            let page_text = html::to_text(&text);
            Cleaned {
                outcome: engine.clean(&page_text),
                before: page_text,
                shape: Shape::Html,
            }
        }
        Adapter::Plain | Adapter::Jsonl => Cleaned {
            outcome: engine.clean(&text),
            before: text,
            shape: Shape::Text,
        },
    };
    match cleaned.outcome.runaway.clone() {
        Some(runaway) => Err(Error::Runaway {
            path: name.to_path_buf(),
            runaway,
        }),
        None => Ok(cleaned),
    }
}

/// Cleans each cue's text on its own and puts it back in place; changes are moved to their
/// place in the whole file. A cue whose cleaned text would not read back as that one cue keeps
/// its text: a cue cannot be empty, and a blank or timing line would split it.
fn clean_cues(
    text: &str,
    cues: &[subtitles::Cue],
    syntax: subtitles::Syntax,
    engine: &Engine,
) -> Outcome {
    let lines = LineIndex::new(text);
    let mut cleaned = String::with_capacity(text.len());
    let mut changes = Vec::new();
    let mut suggestions = Vec::new();
    let mut cursor = 0;
    let rules = engine.rules_for(text);
    let mut runaway = None;
    for cue in cues {
        let range = cue.text_range.clone();
        let cue_text = &text[range.clone()];
        let mut outcome = engine.clean_part(cue_text, &rules);
        runaway = runaway.or(outcome.runaway.take());
        keep_unterminated(cue_text, &mut outcome);
        let fixed = outcome.cleaned.as_str();
        cleaned.push_str(&text[cursor..range.start]);
        let kept = fixed.is_empty() || !subtitles::is_cue_text(fixed, syntax);
        if !kept || fixed == cue_text {
            // A suggestion is a change of the cue's cleaned text, put where the cue now is.
            for mut suggestion in std::mem::take(&mut outcome.suggestions) {
                suggestion.range =
                    suggestion.range.start + range.start..suggestion.range.end + range.start;
                (suggestion.line, suggestion.column) = lines.line_col(text, suggestion.range.start);
                suggestion.replay_at += cleaned.len();
                suggestions.push(suggestion);
            }
        }
        let fixed = outcome.cleaned.as_str();
        if kept || fixed == cue_text {
            cleaned.push_str(cue_text);
        } else {
            cleaned.push_str(fixed);
            for mut change in outcome.changes {
                change.range = change.range.start + range.start..change.range.end + range.start;
                (change.line, change.column) = lines.line_col(text, change.range.start);
                changes.push(change);
            }
        }
        cursor = range.end;
    }
    cleaned.push_str(&text[cursor..]);
    Outcome {
        cleaned,
        changes,
        runaway,
        suggestions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtitles_become_a_cleaned_transcript() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n[Putin] The situation in\n\n2\n00:00:02,100 --> 00:00:03,000\nDombas, in Russia.\n";
        let cleaned = clean(
            srt.into(),
            Path::new("a.srt"),
            &Engine::builtin().unwrap(),
            &FormatOptions::default(),
        )
        .unwrap();
        assert_eq!(cleaned.shape, Shape::Transcript);
        assert_eq!(
            cleaned.before,
            "Putin: The situation in Dombas, in Russia.\n"
        );
        assert_eq!(
            cleaned.outcome.cleaned,
            "Putin: The situation in Donbas, in Russia.\n"
        );
    }

    fn builtin_set() -> crate::config::RuleSet {
        let options = crate::config::LoadOptions {
            builtin: true,
            ..Default::default()
        };
        crate::config::load(&options).unwrap()
    }

    #[test]
    fn an_unlabelled_subtitle_file_is_speech_and_prose_rules_leave_it() {
        // "of of" in prose is a typo the safe prose rule removes; in captions someone said it,
        // so only the unsafe rule proposes removing it, in both subtitle shapes.
        let set = builtin_set();
        let (engine, speech) = (Engine::new(&set), Engine::new(&set.for_speech()));
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nthe legitimacy of of the vote\n";
        for keep_format in [false, true] {
            let options = FormatOptions {
                keep_format,
                ..FormatOptions::default()
            };
            let name = Path::new("a.srt");
            let cleaned = clean_with_speech(srt.into(), name, &engine, &speech, &options).unwrap();
            assert!(cleaned.outcome.cleaned.contains("of of"), "{keep_format}");
            assert!(cleaned.outcome.changes.is_empty(), "{keep_format}");
            let proposed: Vec<&str> = (cleaned.outcome.suggestions.iter())
                .map(|c| &*c.rule)
                .collect();
            assert_eq!(proposed, ["repeated-words"], "{keep_format}");
        }
        // The same words as a text file are prose: the safe rule removes the typo.
        let text = "the legitimacy of of the vote\n";
        let cleaned = clean_with_speech(
            text.into(),
            Path::new("a.txt"),
            &engine,
            &speech,
            &FormatOptions::default(),
        )
        .unwrap();
        assert_eq!(cleaned.outcome.cleaned, "the legitimacy of the vote\n");
    }

    #[test]
    fn keep_format_cleans_cue_text_in_place() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nPutin in  Dombas\n\n2\n00:00:02,100 --> 00:00:03,000\nRussia\n";
        let options = FormatOptions {
            keep_format: true,
            ..FormatOptions::default()
        };
        let cleaned = clean(
            srt.into(),
            Path::new("a.srt"),
            &Engine::builtin().unwrap(),
            &options,
        )
        .unwrap();
        assert_eq!(
            cleaned.outcome.cleaned,
            srt.replace("in  Dombas", "in Donbas")
        );
        let lines: Vec<usize> = cleaned.outcome.changes.iter().map(|c| c.line).collect();
        assert_eq!(
            lines,
            [3, 3],
            "changes point into the file: {:?}",
            cleaned.outcome.changes
        );
    }

    #[test]
    fn a_broken_subtitle_file_is_an_error_naming_its_line() {
        let err = clean(
            "1\nno timing\n".into(),
            Path::new("bad.srt"),
            &Engine::builtin().unwrap(),
            &FormatOptions::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("bad.srt:1: text outside any cue"),
            "{err}"
        );
    }
}
