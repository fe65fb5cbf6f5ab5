//! `timestamps`: times removed from speaker labels, bracketed tags and time markers in the text.
//!
//! Labels are found by the transcript parser, so every style it knows loses its time the same
//! way. A bracket around words with a time marks an uncertain transcription (`[Oshekoff
//! 00:01:33]`): the words and the brackets are kept, only the time goes. Known tags
//! (`[Inaudible 00:32:55]`) keep the tag, in lower case.

use super::{Compiled, KindRule, KindSpec, RuleError, Safety, Span, Stage, flag};
use crate::raw::RawRule;
use crate::text::{StageText, is_word_char, minimal_edit};
use crate::transcript::{self, Label, LabelStyle, SpeakerSettings, TAGS, TIME};
use regex::Regex;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

pub static SPEC: KindSpec = KindSpec {
    name: "timestamps",
    stage: Stage::Timestamps,
    safety: Safety::Safe,
    summary: "Remove times from speaker labels, bracketed tags and time markers",
    docs: "\
What it does: with `labels` (default), the time of a speaker label goes, in every style the
transcript parser knows: `Vladimir Putin: (00:41)` -> `Vladimir Putin:`, `Name (00:02:10):` ->
`Name:`, `Name: 00:01:35` -> `Name:`, `**Name:** \\[04:10\\]` -> `**Name:**`. Styles that are only
labels because of their time get a colon instead: Otter's `Name  0:34` -> `Name:`,
`**Name** [00:00:00]` -> `**Name:**`. With `tags` (default), a time inside a bracketed tag goes
and the tag stays (`[inaudible 00:16:09]` -> `[inaudible]`; `[Oshekoff 00:01:33]` ->
`[Oshekoff]`: the brackets mark an uncertain word and stay); known tags such as `[Inaudible]`
are written in lower case; and a time marker alone in brackets (`[00:01:33]`, `\\[04:10\\]`)
goes with the space after it. A clock time in prose (`at 10:42`) is never touched.

Why: the times point into a recording the reader of a transcript corpus does not have, and
they break up the text for search and for every later rule.

Example:
    [[rule]]
    id = \"timestamps\"
    kind = \"timestamps\"
    examples = [
      { input = \"Reporter: (01:05)\\nGood evening.\", output = \"Reporter:\\nGood evening.\" },
      { input = \"it's at 10:42 today\", output = \"it's at 10:42 today\" },
    ]",
    options: &[
        ("labels", "remove times from speaker labels (default true)"),
        (
            "tags",
            "remove times inside bracketed tags and time markers (default true)",
        ),
    ],
    compile,
};

/// `[words 00:16:09]`; group 1 is the words, group 2 the space and time that go.
static TAG_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\[([^\[\]\n]*[^\s\[\]\\])([ \t]+{TIME})\\?\]")).expect("valid pattern")
});

/// A bracketed tag without a time, to write known tags in lower case.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]\n\\]{1,40})\\?\]").expect("valid pattern"));

/// A time alone in brackets, markdown-escaped or not, with the spaces after it. Combining marks
/// there go with it: left behind, they would combine with the letter before the marker.
static TIME_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"\\?\[{TIME}\\?\][ \t\p{{M}}]*")).expect("valid pattern")
});

/// [`TAG_TIME`], [`TAG`] and [`TIME_MARKER`] anchored, each tried where a bracket opens (see
/// [`brackets`]).
static TAG_TIME_AT: LazyLock<Regex> = LazyLock::new(|| anchored(&TAG_TIME));
static TAG_AT: LazyLock<Regex> = LazyLock::new(|| anchored(&TAG));
static TIME_MARKER_AT: LazyLock<Regex> = LazyLock::new(|| anchored(&TIME_MARKER));

fn anchored(pattern: &Regex) -> Regex {
    Regex::new(&format!("^(?:{})", pattern.as_str())).expect("valid pattern")
}

/// A time with seconds at the start of a line, with the spaces after it: how some services
/// mark every paragraph (`0:00:25.6 I'm Jason Staten.`). A clock time has no seconds.
static LEAD_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?[ \t]+").expect("valid pattern")
});

/// Lines that open with a time before the times are taken as the document's paragraph marks.
const LEAD_TIME_LINES: usize = 3;

#[derive(Debug)]
struct Timestamps {
    labels: bool,
    tags: bool,
}

fn compile(raw: &RawRule, _span: Span) -> Result<Compiled, RuleError> {
    Ok(Compiled::Scanner(Arc::new(Timestamps {
        labels: flag(&raw.labels, true),
        tags: flag(&raw.tags, true),
    })))
}

/// A timed label as it reads without its time.
fn untimed(label: &Label, written: &str) -> String {
    let prefix = if written.starts_with(">>") { ">> " } else { "" };
    let head = match label.style {
        LabelStyle::Bold => format!("{prefix}**{}:**", label.name),
        LabelStyle::Bracket => format!("{prefix}[{}]", label.name),
        LabelStyle::Colon | LabelStyle::Otter | LabelStyle::Seat => {
            format!("{prefix}{}:", label.name)
        }
        // The speakers rule renders these; their time is their whole label.
        LabelStyle::Continuation | LabelStyle::Hearing => return written.to_string(),
    };
    if label.alone { head } else { head + " " }
}

fn is_known_tag(words: &str) -> bool {
    TAGS.contains(&words.to_lowercase().as_str())
}

impl KindRule for Timestamps {
    fn scan(&self, stage_text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
        let text = stage_text.as_str();
        if !text.contains(':') && !text.contains('[') {
            return;
        }
        let mut label_ranges = Vec::new();
        if self.labels {
            for turn in transcript::turns_of(stage_text, &SpeakerSettings::default()).iter() {
                let Some(label) = turn.label.as_ref().filter(|l| l.timed) else {
                    continue;
                };
                let written = &text[label.range.clone()];
                if let Some((range, to)) =
                    minimal_edit(label.range.start, written, &untimed(label, written))
                {
                    emit(range, to);
                }
                label_ranges.push(label.range.clone());
            }
        }
        if !self.tags {
            return;
        }
        // The turns are in order and do not overlap, so neither do their labels: the one that
        // could hold `at` is found by bisection (a look at every label per tag and time made a
        // document with many timed labels quadratic, issue 15).
        let in_label = |at: usize| {
            let after = label_ranges.partition_point(|r| r.start <= at);
            after > 0 && label_ranges[after - 1].contains(&at)
        };
        // Tags and time markers are in brackets: without one, their patterns are not compiled
        // (most of the start-up of a run on one small file was compiling patterns).
        let mut markers = Vec::new();
        if text.contains('[') {
            let found = brackets(text);
            tags_of(text, &found, &in_label, emit);
            markers = found.markers;
        }
        // A time with a fraction of a second is never a clock time; one without is taken as a
        // timestamp only where several lines open with one.
        // Line by line, and only on lines that open with a digit: one scan of the whole text
        // with a line-anchored pattern would cost more than every other check here.
        let lines = stage_text.lines();
        let lead_times: Vec<Range<usize>> = (stage_text.digit_led_lines().iter())
            .map(|index| &lines[index])
            .filter_map(|line| {
                let m = LEAD_TIME.find(&text[line.content()])?;
                Some(line.content().start + m.start()..line.content().start + m.end())
            })
            .collect();
        let enough = lead_times.len() >= LEAD_TIME_LINES;
        for m in lead_times
            .iter()
            .filter(|m| !in_label(m.end.saturating_sub(1)))
        {
            // A subtitle timing line (`00:00:05,000 --> …`) pasted into text is no paragraph mark.
            if text[m.end..].starts_with('-') {
                continue;
            }
            if enough || text[m.clone()].contains(['.', ',']) {
                emit(m.clone(), String::new());
            }
        }
        for m in markers {
            if !in_label(m.start) {
                // Between two words it is all that separates them: a space stays in its place.
                let glued = text[..m.start]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char)
                    && text[m.end..].chars().next().is_some_and(is_word_char);
                emit(m, if glued { " " } else { "" }.to_string());
            }
        }
    }
}

/// The matches of the bracketed patterns in a text, each pattern's in order.
#[derive(Debug, Default, PartialEq)]
struct Brackets {
    /// [`TAG_TIME`]'s: the words and the time's range (with the space before it).
    tag_times: Vec<(Range<usize>, Range<usize>)>,
    /// [`TAG`]'s words.
    tags: Vec<Range<usize>>,
    /// [`TIME_MARKER`]'s.
    markers: Vec<Range<usize>>,
}

/// The bracketed patterns' matches in `text`, from one search for its brackets. Each pattern
/// matches from a bracket to the first closing one after it, holding no other: its matches in
/// a search of the whole text are its matches at each bracket on its own (a time marker's
/// starts at a backslash right before its bracket). Three searches of the whole text, one per
/// pattern, each a pass over memory, were a fifth of each settling run's timestamps stage
/// on a large document, whose brackets are a few thousand tags (issue 15).
fn brackets(text: &str) -> Brackets {
    let mut found = Brackets::default();
    for at in memchr::memchr_iter(b'[', text.as_bytes()) {
        let from = |m: regex::Match| at + m.start()..at + m.end();
        if let Some(caps) = TAG_TIME_AT.captures(&text[at..]) {
            let (words, time) = (caps.get(1).expect("group 1"), caps.get(2).expect("group 2"));
            found.tag_times.push((from(words), from(time)));
        }
        if let Some(caps) = TAG_AT.captures(&text[at..]) {
            found.tags.push(from(caps.get(1).expect("group 1")));
        }
        let start = if text[..at].ends_with('\\') {
            at - 1
        } else {
            at
        };
        if let Some(m) = TIME_MARKER_AT.find(&text[start..]) {
            found.markers.push(start + m.start()..start + m.end());
        }
    }
    found
}

/// Times removed from bracketed tags (`found` in `text`), and known tags written in lower
/// case.
fn tags_of(
    text: &str,
    found: &Brackets,
    in_label: &dyn Fn(usize) -> bool,
    emit: &mut dyn FnMut(Range<usize>, String),
) {
    for (words, time) in &found.tag_times {
        let words_text = &text[words.clone()];
        if in_label(words.start) {
            continue;
        }
        if is_known_tag(words_text) && words_text != words_text.to_lowercase() {
            emit(words.start..time.end, words_text.to_lowercase());
        } else {
            emit(time.clone(), String::new());
        }
    }
    for words in &found.tags {
        let words_text = &text[words.clone()];
        let lower = words_text.to_lowercase();
        if is_known_tag(words_text) && words_text != lower {
            emit(words.clone(), lower);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        let rule = Timestamps {
            labels: true,
            tags: true,
        };
        crate::rules::apply_scan(&rule, text)
    }

    #[test]
    fn strips_label_times_in_every_style() {
        for (input, output) in [
            ("Vladimir Putin: (00:41)\nText", "Vladimir Putin:\nText"),
            ("Speaker 2: (1:02:03)  \r\nText", "Speaker 2:\r\nText"),
            ("Reporter: (01:05) Good evening.", "Reporter: Good evening."),
            (
                "Sjors Provoost (00:02:10): inline",
                "Sjors Provoost: inline",
            ),
            (
                "Aaron van Wirdum: 00:01:35\n\nLive",
                "Aaron van Wirdum:\n\nLive",
            ),
            ("Henry Zhu  0:34  \nOtter text", "Henry Zhu:\nOtter text"),
            (
                "**Adam Stacoviak** [00:00:00] Hi.",
                "**Adam Stacoviak:** Hi.",
            ),
            (
                "**Adam Stacoviak:** \\[28:23\\] Excellent.",
                "**Adam Stacoviak:** Excellent.",
            ),
        ] {
            assert_eq!(run(input), output, "{input:?}");
        }
    }

    #[test]
    fn strips_tag_times_keeps_words_and_lowers_known_tags() {
        assert_eq!(
            run("react [inaudible 00:16:09] Russian"),
            "react [inaudible] Russian"
        );
        assert_eq!(
            run("Mr. [Oshekoff 00:01:33] talked"),
            "Mr. [Oshekoff] talked"
        );
        assert_eq!(
            run("[Pavel Zuribin 00:16:14] the mic"),
            "[Pavel Zuribin] the mic"
        );
        assert_eq!(
            run("Good day. [Inaudible 00:32:55], Izvestia"),
            "Good day. [inaudible], Izvestia"
        );
        assert_eq!(
            run("[Crosstalk] and [Foreign Language 00:35:39]"),
            "[crosstalk] and [foreign language]"
        );
    }

    #[test]
    fn strips_time_markers_in_text() {
        assert_eq!(run("Intro [00:01:33] then"), "Intro then");
        assert_eq!(run("\\[04:10\\] Excellent."), "Excellent.");
        // A mark on the bracket goes with it rather than onto the "e" before it.
        assert_eq!(run("the[00:01:33]\u{301}"), "the");
        assert_eq!(run("the[00:01:33]end"), "the end");
    }

    #[test]
    fn strips_times_that_open_every_paragraph() {
        let text = "0:00:11.2 Hello.\n\n0:00:25.6 I am Jason.\n\n0:00:26.5 And I am Jen.\n";
        assert_eq!(run(text), "Hello.\n\nI am Jason.\n\nAnd I am Jen.\n");
        // An agenda's clock times have no seconds, and two lines are no document's style.
        for text in [
            "10:42 opening\n11:30 lunch\n12:00 talks\n",
            "0:00:11 a\n0:00:12 b\n",
        ] {
            assert_eq!(run(text), text);
        }
        // A fraction of a second makes one enough.
        assert_eq!(run("0:28:19.7 (laughing)\n"), "(laughing)\n");
        let timings = "00:00:05,000 --> 00:00:06,000\n00:00:07,000 --> 00:00:08,000\n00:00:09,000 -> 00:00:10,000\n";
        assert_eq!(run(timings), timings);
    }

    #[test]
    fn leaves_clock_times_and_prose_alone() {
        for text in [
            "at 10:42 today",
            "Note: (see below)",
            "He said: (and I quote) no",
            "a [note] 00:12:00",
            "The score was 2:1 (10:30) at [half time]",
        ] {
            assert_eq!(run(text), text);
        }
    }

    /// The bracketed patterns' matches as three searches of the whole text find them, one per
    /// pattern, as the stage searched before it searched for the brackets once.
    fn searched_whole(text: &str) -> Brackets {
        Brackets {
            tag_times: (TAG_TIME.captures_iter(text))
                .map(|caps| (caps.get(1).unwrap().range(), caps.get(2).unwrap().range()))
                .collect(),
            tags: (TAG.captures_iter(text))
                .map(|caps| caps.get(1).unwrap().range())
                .collect(),
            markers: TIME_MARKER.find_iter(text).map(|m| m.range()).collect(),
        }
    }

    #[test]
    fn a_marker_starts_at_the_backslash_before_its_bracket() {
        let text = r"so \[00:01:33\] and [Inaudible 00:16:09] [crosstalk]";
        let found = brackets(text);
        assert_eq!(found, searched_whole(text));
        assert_eq!(found.markers, vec![Range { start: 3, end: 16 }]);
        assert_eq!(&text[3..16], r"\[00:01:33\] ");
        let words = |ranges: &[Range<usize>]| -> Vec<&str> {
            ranges.iter().map(|r| &text[r.clone()]).collect()
        };
        let (tag_words, times): (Vec<_>, Vec<_>) = found.tag_times.iter().cloned().unzip();
        assert_eq!(words(&tag_words), ["Inaudible"]);
        assert_eq!(words(&times), [" 00:16:09"]);
        assert_eq!(
            words(&found.tags),
            ["00:01:33", "Inaudible 00:16:09", "crosstalk"]
        );
    }

    proptest::proptest! {
        /// Tried at each bracket, the patterns match where searches of the whole text do:
        /// brackets in brackets, escaped ones, tags across lines, times with and without
        /// fractions, and combining marks after a marker.
        #[test]
        fn brackets_tried_one_by_one_match_as_whole_searches(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "[", "]", "\\", "00:01", "1:02:03.5", " ", "\t", "inaudible", "Inaudible",
                    "\n", "x", "\u{301}", "é", "[00:41]", "\\[04:10\\]",
                ]),
                0..16,
            ),
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(brackets(&text), searched_whole(&text));
        }
    }
}
