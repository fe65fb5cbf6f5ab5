//! Inputs the fuzz targets (or their checks) failed on, with the behaviour each must have now.
//! The raw inputs are also in `fixtures/fuzz/TARGET/`, replayed by `tests/fuzz_seeds.rs`.

use transclean::formats::subtitles::{self, Syntax};

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
