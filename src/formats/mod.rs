//! Input formats: plain text as it is, subtitles (SRT, WebVTT, SBV) as transcripts or cue by
//! cue, HTML pages as their text, and JSON Lines datasets one field at a time.

pub mod html;
pub mod jsonl;
pub use transclean_core::subtitles;

use crate::engine::Outcome;
use clap::ValueEnum;

/// The format of an input, given with `--format` or detected from its name and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Detect from the file name and content (the default).
    Auto,
    /// Plain text, cleaned as it is.
    Txt,
    /// SubRip subtitles.
    Srt,
    /// WebVTT subtitles.
    Vtt,
    /// YouTube SBV subtitles.
    Sbv,
    /// JSON Lines: one record per line, `--field` cleaned.
    Jsonl,
    /// An HTML page, read with an HTML parser and cleaned as its text.
    Html,
}

impl Format {
    /// The format of one input: the flag, else its extension and first lines.
    pub fn resolve(self, name: &str, text: &str) -> Format {
        if self != Format::Auto {
            return self;
        }
        let lower = name.to_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            return Format::Jsonl;
        }
        if [".html", ".htm", ".xhtml"]
            .iter()
            .any(|ext| lower.ends_with(ext))
            || html::sniff(text)
        {
            return Format::Html;
        }
        match subtitles::detect(name, text) {
            Some(subtitles::Syntax::Srt) => Format::Srt,
            Some(subtitles::Syntax::Vtt) => Format::Vtt,
            Some(subtitles::Syntax::Sbv) => Format::Sbv,
            None => Format::Txt,
        }
    }

    /// The subtitle syntax of a resolved subtitle format.
    pub fn subtitle_syntax(self) -> Option<subtitles::Syntax> {
        match self {
            Format::Srt => Some(subtitles::Syntax::Srt),
            Format::Vtt => Some(subtitles::Syntax::Vtt),
            Format::Sbv => Some(subtitles::Syntax::Sbv),
            _ => None,
        }
    }
}

/// A part of a document (a cue, a JSON field) that did not end with a line ending keeps it that
/// way: the whitespace rule's final newline belongs to files, not to parts.
pub fn keep_unterminated(original: &str, outcome: &mut Outcome) {
    if original.ends_with('\n') || !outcome.cleaned.ends_with('\n') {
        return;
    }
    outcome.cleaned.pop();
    if outcome.cleaned.ends_with('\r') {
        outcome.cleaned.pop();
    }
    outcome.changes.retain(|c| {
        !(c.range == (original.len()..original.len())
            && c.before.is_empty()
            && c.after.trim().is_empty())
    });
}
