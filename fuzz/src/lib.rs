//! The checks the fuzz targets run, one function per target, so that the main crate's tests can
//! replay seed inputs through exactly the code the fuzzers exercise (`tests/fuzz_seeds.rs`
//! includes this file) without cargo-fuzz or a nightly compiler.
//!
//! Each check takes raw bytes and panics only when transclean breaks a promise: a panic inside
//! the library, or an invariant of "never lose text" that does not hold.

use std::path::Path;
use std::sync::OnceLock;
use transclean::document::{self, FormatOptions, Shape};
use transclean::formats::{Format, jsonl, subtitles};
use transclean::{Engine, Outcome, config, replay, source, transcript};

/// The built-in rules, compiled once per process: compiling them per input would dominate.
fn builtin() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().expect("the built-in rules load"))
}

/// Text that exercises most rule kinds, cleaned with each fuzzed rule file.
const SAMPLE: &str = "Vladimir Putin: (00:41)\nThe situation in Dombas, in  Russia.\u{a0}\n\n\n[inaudible 00:16:09] the the end\nREAD MORE: link\n";

/// Where every change of `outcome` sits, and that replaying the changes gives the cleaned text
/// and undoing them gives back `original`: a report always accounts for every byte.
fn check_outcome(original: &str, outcome: &Outcome) {
    for change in &outcome.changes {
        let range = change.range.clone();
        assert!(
            range.start <= range.end && range.end <= original.len(),
            "change outside the original: {change:?}"
        );
        assert!(
            original.is_char_boundary(range.start) && original.is_char_boundary(range.end),
            "change splits a character: {change:?}"
        );
        let line = original[..range.start].matches('\n').count() + 1;
        assert_eq!(change.line, line, "wrong line for {change:?}");
    }
    assert_eq!(
        outcome.changes.is_empty(),
        outcome.cleaned == original,
        "the text changed without a recorded change, or a change left it as it was"
    );
    let forward = replay::forward(original, &outcome.changes).expect("changes replay forward");
    assert_eq!(forward, outcome.cleaned, "replaying the changes");
    let backward =
        replay::backward(&outcome.cleaned, &outcome.changes).expect("changes replay backward");
    assert_eq!(backward, original, "undoing the changes");
}

/// Target `rule_file`: bytes as a rule file, parsed and compiled on their own. A bad file must be
/// an error, never a panic; a good one must give an engine whose changes replay.
pub fn rule_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `extend` reads files; a fuzzed path must not make the run depend on this machine's files.
    if text.contains("extend") {
        return;
    }
    let Ok(set) = config::load_text("fuzz.toml", text) else {
        return;
    };
    let engine = Engine::new(&set);
    // Rules see text they were written for in their own file: patterns, examples, ids.
    for sample in [SAMPLE, text] {
        let outcome = engine.clean(sample);
        check_outcome(sample, &outcome);
    }
    transclean::examples::check(&set);
    transclean::lint::lint_set(&set);
}

/// Target `engine`: arbitrary text cleaned with the built-in rules. Changes must account for
/// the whole difference, and cleaning must settle: cleaning the cleaned text changes nothing.
pub fn engine(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let engine = builtin();
    let once = engine.clean(text);
    check_outcome(text, &once);
    let twice = engine.clean(&once.cleaned);
    assert_eq!(twice.cleaned, once.cleaned, "cleaning is not idempotent");
    assert!(
        twice.changes.is_empty(),
        "a second run made changes: {:?}",
        twice.changes
    );
}

/// Target `transcript`: the turn parser. Turns and labels point inside the text, in order,
/// without overlapping, and on character boundaries (the `speakers` rule slices by them).
pub fn transcript(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let settings = transcript::SpeakerSettings::default();
    let turns = transcript::parse(text, &settings);
    let in_text = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    let mut end = 0;
    for turn in &turns {
        assert!(in_text(&turn.text), "turn outside the text: {turn:?}");
        if let Some(label) = &turn.label {
            assert!(in_text(&label.range), "label outside the text: {label:?}");
            assert!(label.range.start >= end, "label overlaps the turn before");
            let line = text[..label.range.start].matches('\n').count();
            assert_eq!(label.line, line, "wrong line for {label:?}");
            transcript::normalise_name(&label.name, &settings);
        }
        assert!(turn.text.start >= end, "turns overlap: {turns:?}");
        end = turn.text.end;
    }
    transcript::roster(text, &settings);
}

/// Target `formats`: bytes read as a file is (UTF-8, UTF-16), then through each subtitle reader
/// and the JSON Lines reader. Cues point inside the file; cleaning cue by cue keeps every cue and
/// timing; every JSON Lines record comes out, changed or as it was.
pub fn formats(data: &[u8]) {
    let path = Path::new("fuzz.txt");
    let Ok(source::Decoded::Text(text)) = source::decode(path, data.to_vec()) else {
        return;
    };
    Format::Auto.resolve("fuzz.txt", &text);
    for syntax in [
        subtitles::Syntax::Srt,
        subtitles::Syntax::Vtt,
        subtitles::Syntax::Sbv,
    ] {
        subtitle_file(&text, syntax);
    }
    jsonl_file(&text);
}

fn subtitle_file(text: &str, syntax: subtitles::Syntax) {
    let Ok(cues) = subtitles::parse(text, syntax) else {
        return;
    };
    let mut end = 0;
    for cue in &cues {
        let range = &cue.text_range;
        assert!(
            cue.start_ms <= cue.end_ms,
            "cue ends before it starts: {cue:?}"
        );
        assert!(
            end <= range.start && range.start <= range.end && range.end <= text.len(),
            "cue text out of place: {cue:?}"
        );
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        end = range.end;
    }
    subtitles::to_transcript(&cues);
    let format = match syntax {
        subtitles::Syntax::Srt => Format::Srt,
        subtitles::Syntax::Vtt => Format::Vtt,
        subtitles::Syntax::Sbv => Format::Sbv,
    };
    for keep_format in [false, true] {
        let options = FormatOptions {
            format,
            keep_format,
            ..FormatOptions::default()
        };
        let cleaned = document::clean(text.to_string(), Path::new("fuzz"), builtin(), &options)
            .expect("a file that parses cleans");
        if cleaned.shape != Shape::Subtitles {
            continue;
        }
        let again = subtitles::parse(&cleaned.outcome.cleaned, syntax)
            .expect("subtitles cleaned in place still parse");
        let timings = |cues: &[subtitles::Cue]| -> Vec<(u64, u64)> {
            cues.iter().map(|c| (c.start_ms, c.end_ms)).collect()
        };
        assert_eq!(
            timings(&again),
            timings(&cues),
            "cleaning in place changed the cues"
        );
    }
}

fn jsonl_file(text: &str) {
    // Records as the reader splits them: at `\n` only, a `\r` kept, no empty record after a
    // final newline.
    let mut lines: Vec<&[u8]> = text.as_bytes().split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut records = 0;
    let result = jsonl::process(text.as_bytes(), builtin(), "text", |record| {
        let input = lines[records];
        records += 1;
        match record {
            jsonl::Record::Unchanged(line) => {
                assert_eq!(
                    line.as_bytes(),
                    input,
                    "a record was not passed through as it was"
                );
            }
            jsonl::Record::Bad(_, bytes) => {
                assert_eq!(
                    bytes, input,
                    "a bad record was not passed through as it was"
                );
            }
            jsonl::Record::Changed {
                line,
                output,
                original,
                outcome,
            } => {
                assert_eq!(line, records, "record numbered wrongly");
                assert_ne!(output.as_bytes(), input);
                check_outcome(&original, &outcome);
            }
        }
        Ok(())
    });
    result.expect("reading from memory cannot fail");
    assert_eq!(records, lines.len(), "records were lost");
}
