//! The one format decision per input: which adapter turns it into units to clean.
//!
//! JSON Lines are told by the flag or the name alone (they are streamed, so the decision is made
//! before reading); everything else by the flag, the name and its first lines. A compressed
//! input is decided by the name inside its compression (`a.jsonl.gz` is JSON Lines).

use crate::document::FormatOptions;
use crate::formats::{Format, subtitles};
use crate::inputs::Input;
use crate::pipeline::compress::{self, Compression};

/// How one input is cleaned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adapter {
    /// Plain text, cleaned as it is.
    Plain,
    /// Subtitles: cue by cue in place (`keep_format`), else turned into a transcript.
    Subtitles {
        syntax: subtitles::Syntax,
        keep_format: bool,
    },
    /// JSON Lines, streamed record by record, one field cleaned.
    Jsonl,
    /// An HTML page, cleaned as its text (the output is text, not HTML).
    Html,
}

/// The name an input's format is told by: a file's name inside its compression.
pub fn format_name(input: &Input) -> String {
    match input {
        Input::Stdin => String::new(),
        Input::File { path, .. } => compress::inner_name(path),
    }
}

/// The compression of an input, by its name.
pub fn compression(input: &Input) -> Option<Compression> {
    input.path().and_then(Compression::of)
}

/// Whether an input is streamed as JSON Lines: by `--format jsonl` or its name (any case).
pub fn is_jsonl(input: &Input, options: &FormatOptions) -> bool {
    options.format.resolve(&format_name(input), "") == Format::Jsonl
}

/// The adapter of an input that is not JSON Lines, from its name and text.
pub fn choose(name: &str, text: &str, options: &FormatOptions) -> Adapter {
    let format = options.format.resolve(name, text);
    match format.subtitle_syntax() {
        Some(syntax) => Adapter::Subtitles {
            syntax,
            keep_format: options.keep_format,
        },
        None if format == Format::Jsonl => Adapter::Jsonl,
        None if format == Format::Html => Adapter::Html,
        None => Adapter::Plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_extension_decides_in_any_case_and_under_compression() {
        let options = FormatOptions::default();
        for name in [
            "D.JSONL",
            "d.jsonl",
            "d.NDJSON",
            "d.jsonl.gz",
            "d.JSONL.ZST",
        ] {
            assert!(is_jsonl(&Input::file(Path::new(name)), &options), "{name}");
        }
        assert!(!is_jsonl(&Input::file(Path::new("d.txt.gz")), &options));
        assert_eq!(
            choose("a.SRT", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", &options),
            Adapter::Subtitles {
                syntax: subtitles::Syntax::Srt,
                keep_format: false
            }
        );
    }
}
