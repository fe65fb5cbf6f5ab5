//! Inputs the fuzz targets (or their checks) failed on, with the behaviour each must have now.
//! The raw inputs are also in `fixtures/fuzz/TARGET/`, replayed by `tests/fuzz_seeds.rs`.

use std::path::Path;
use transclean::Engine;
use transclean::document::{self, FormatOptions, Shape};
use transclean::formats::Format;
use transclean::formats::subtitles::{self, Syntax};

fn keep_format(text: &str) -> document::Cleaned {
    let options = FormatOptions {
        format: Format::Srt,
        keep_format: true,
        ..FormatOptions::default()
    };
    let engine = Engine::builtin().unwrap();
    document::clean(text.to_string(), Path::new("x.srt"), &engine, &options).unwrap()
}

/// An hour count that overflows milliseconds panicked (debug) or wrapped to a wrong time
/// (release); such a line is not a timing, so the file is an error, not a cue at a bogus time.
#[test]
fn an_overflowing_hour_is_not_a_timing() {
    let text = "1\n99999999999999999:00:00,000 --> 99999999999999999:00:01,000\nHi\n";
    let error = subtitles::parse(text, Syntax::Srt).unwrap_err();
    assert_eq!(error.line, 1);
    assert!(error.message.contains("text outside any cue"), "{error:?}");
    // Too many digits for a u64 was read as hour 0.
    let digits = "1\n99999999999999999999999:00:00,000 --> 99999999999999999999999:00:01,000\nHi\n";
    assert!(subtitles::parse(digits, Syntax::Srt).is_err());
    // Long but real hour counts still read.
    let long = "1\n100:00:00,000 --> 100:00:01,500\nHi\n";
    let cues = subtitles::parse(long, Syntax::Srt).unwrap();
    assert_eq!(
        (cues[0].start_ms, cues[0].end_ms),
        (360_000_000, 360_001_500)
    );
}

/// `--keep-format` removed a zero-width space that was alone on a cue line, leaving a blank line
/// that ended the cue: the rest of its text was then outside any cue and the written file no
/// longer parsed. Such a cue keeps its text; the other cues are still cleaned.
#[test]
fn keep_format_never_splits_a_cue_with_a_blank_line() {
    let text = "1\n00:00:01,000 --> 00:00:02,000\nHi\n\u{200b}\nthere\n\n2\n00:00:03,000 --> 00:00:04,000\nthe the end\n";
    let cleaned = keep_format(text);
    assert_eq!(cleaned.shape, Shape::Subtitles);
    assert_eq!(
        cleaned.outcome.cleaned,
        "1\n00:00:01,000 --> 00:00:02,000\nHi\n\u{200b}\nthere\n\n2\n00:00:03,000 --> 00:00:04,000\nthe end\n"
    );
    assert_eq!(cleaned.outcome.changes.len(), 1);
    assert_eq!(
        subtitles::parse(&cleaned.outcome.cleaned, Syntax::Srt)
            .unwrap()
            .len(),
        2
    );
}

/// The same for a cue line that cleaning would turn into a timing line: it would start a cue.
#[test]
fn keep_format_never_makes_a_timing_line_inside_a_cue() {
    let text = "1\n00:00:01,000 --> 00:00:02,000\nHi\n00:00:05,000 -\u{200b}-> 00:00:06,000\n";
    // Cleaned on its own, that line does become a timing.
    let line = Engine::builtin()
        .unwrap()
        .clean("00:00:05,000 -\u{200b}-> 00:00:06,000");
    assert_eq!(line.cleaned, "00:00:05,000 --> 00:00:06,000\n");
    let cleaned = keep_format(text);
    assert_eq!(cleaned.outcome.cleaned, text);
    assert!(cleaned.outcome.changes.is_empty());
}

/// Found by the `engine` fuzz target: a label alone on its line took a code fence (`~~~`) below it
/// as its speech and pulled it onto the label's line. The fence no longer opened a block, which
/// changed what else was verbatim, so a second cleaning changed more. Speech never starts inside
/// a fence or front matter; the label stays on its own and the fences where they were.
#[test]
fn a_label_does_not_take_a_code_fence_as_its_speech() {
    let text =
        std::fs::read_to_string("fixtures/fuzz/engine/idempotence-speakers-fence.txt").unwrap();
    assert_eq!(
        text,
        "c:1:35\n~~~\nSjors Provost:\nAaron van Wirdum:Yes, which is ending now.\nSjors Provost:\n~~~\nSjors Provostu:1:35\n~~~\nAaron van Wirdum:Yes, which is ending now."
    );
    let engine = Engine::builtin().unwrap();
    let once = engine.clean(&text);
    assert_eq!(
        once.cleaned,
        "C:\n~~~\nSjors Provost:\nAaron van Wirdum:Yes, which is ending now.\nSjors Provost:\n~~~\n\nSjors Provostu:\n~~~\nAaron van Wirdum:Yes, which is ending now.\n"
    );
    let twice = engine.clean(&once.cleaned);
    assert_eq!(twice.cleaned, once.cleaned);
    assert!(twice.changes.is_empty(), "{:?}", twice.changes);
}

/// Found by the `engine` fuzz target: each line a `within-first` drop rule removed pulled the
/// next matching line into its window, one pipeline run at a time, and the cascade outlasted
/// `MAX_PIPELINE_RUNS`, so a second cleaning dropped one more line. Dropped lines no longer
/// count towards the window.
#[test]
fn a_within_first_drop_cascade_settles_in_one_cleaning() {
    let text = "\nS\n\nSputnik\n\nJuly 6, 2018. P\nListen Live\nJuly 6, 2018. m\nJuly 1, 2018. S";
    let engine = Engine::builtin().unwrap();
    let once = engine.clean(text);
    let twice = engine.clean(&once.cleaned);
    assert_eq!(twice.cleaned, once.cleaned);
    assert!(twice.changes.is_empty());
}
