//! SRT, WebVTT and SBV subtitles: cues parsed, then either turned into a transcript (paragraphs
//! joined at pauses and speaker changes) or kept as subtitles with only their text cleaned.
//!
//! Parsing is lenient where real files are (hour-less times, `,` or `.` before milliseconds, cues
//! not separated by blank lines as youtube-dl writes them) and strict where a file cannot be
//! understood: text outside any cue, a cue that ends before it starts, no cues at all.

use crate::transcript::TAGS;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Which subtitle syntax a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Srt,
    Vtt,
    Sbv,
}

/// One cue: its timing and its text lines, with where the text is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    /// The cue's text lines as written (tags and all).
    pub lines: Vec<String>,
    /// Byte range of the text lines in the file (empty at the end of the timing line when the
    /// cue has no text).
    pub text_range: Range<usize>,
}

/// Why a subtitle file cannot be read, with the 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubtitleError {
    pub line: usize,
    pub message: String,
}

const TIME: &str = r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?";

static ARROW_TIMING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^\s*{TIME}\s*-->\s*{TIME}(?:\s+.*)?\s*$")).expect("valid pattern")
});

static SBV_TIMING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\s*{TIME},{TIME}\s*$")).expect("valid pattern"));

/// The time at capture group `first` in milliseconds; `None` when it does not fit a `u64` (an
/// absurd hour count), so the line is not taken for a timing rather than read as a wrong time.
fn millis(caps: &regex::Captures, first: usize) -> Option<u64> {
    let num = |i: usize| {
        caps.get(i)
            .map_or(Some(0), |m| m.as_str().parse::<u64>().ok())
    };
    let fraction = caps.get(first + 3).map_or(0, |m| {
        let digits = m.as_str();
        digits.parse::<u64>().unwrap_or(0) * 10u64.pow(3 - digits.len() as u32)
    });
    let minutes = num(first)?.checked_mul(60)?.checked_add(num(first + 1)?)?;
    let seconds = minutes.checked_mul(60)?.checked_add(num(first + 2)?)?;
    seconds.checked_mul(1000)?.checked_add(fraction)
}

/// The start and end of a cue timing line.
fn timing(line: &str, syntax: Syntax) -> Option<(u64, u64)> {
    let line = line.trim_start_matches('\u{feff}');
    let caps = match syntax {
        Syntax::Sbv => SBV_TIMING.captures(line)?,
        _ => ARROW_TIMING.captures(line)?,
    };
    Some((millis(&caps, 1)?, millis(&caps, 5)?))
}

/// Whether `text` reads back as the text of one cue: no blank line (it would end the cue early
/// and leave the rest outside any cue) and no timing line (it would start another cue). Text
/// cleaned in place must stay so, or the file would change shape or stop parsing.
pub fn is_cue_text(text: &str, syntax: Syntax) -> bool {
    text.split('\n').all(|line| {
        let line = line.trim_end_matches('\r');
        let blank = line.trim().trim_start_matches('\u{feff}').is_empty();
        !blank && timing(line, syntax).is_none()
    })
}

/// Tells the syntax from the file name or, failing that, the first lines.
pub fn detect(name: &str, text: &str) -> Option<Syntax> {
    let lower = name.to_lowercase();
    let head = text.trim_start_matches('\u{feff}');
    if lower.ends_with(".vtt") || head.starts_with("WEBVTT") {
        Some(Syntax::Vtt)
    } else if lower.ends_with(".srt") {
        Some(Syntax::Srt)
    } else if lower.ends_with(".sbv") {
        Some(Syntax::Sbv)
    } else {
        let mut lines = head.lines().filter(|l| !l.trim().is_empty());
        let first = lines.next()?;
        let second = lines.next().unwrap_or("");
        let numbered = first.trim().chars().all(|c| c.is_ascii_digit());
        // The arrow first: the timing pattern compiles only for a text that may be subtitles.
        let timing = |line: &str| line.contains("-->") && ARROW_TIMING.is_match(line);
        (timing(first) || (numbered && timing(second))).then_some(Syntax::Srt)
    }
}

/// Parses the cues of a subtitle file.
pub fn parse(text: &str, syntax: Syntax) -> Result<Vec<Cue>, SubtitleError> {
    let mut cues: Vec<Cue> = Vec::new();
    let offsets = line_ranges(text);
    let lines: Vec<&str> = offsets.iter().map(|r| &text[r.clone()]).collect();
    let mut index = header_end(&lines, syntax)?;
    let mut current: Option<Cue> = None;
    let mut pending_id: Option<usize> = None;
    while index < lines.len() {
        let line = lines[index];
        let trimmed = line.trim().trim_start_matches('\u{feff}');
        if let Some((start_ms, end_ms)) = timing(line, syntax) {
            if end_ms < start_ms {
                return Err(SubtitleError {
                    line: index + 1,
                    message: "the cue ends before it starts".into(),
                });
            }
            cues.extend(current.take());
            pending_id = None;
            let at = offsets[index].end;
            current = Some(Cue {
                start_ms,
                end_ms,
                lines: Vec::new(),
                text_range: at..at,
            });
        } else if trimmed.is_empty() && !line.is_empty() && current_is_empty(&current) {
            // Spaces right after a timing line are the cue's, not the blank line that ends it:
            // yt-dlp writes a line of one space above each automatic caption's words.
        } else if trimmed.is_empty() {
            cues.extend(current.take());
            if let Some(id_line) = pending_id.take() {
                return Err(orphan(id_line, lines[id_line]));
            }
        } else if let Some(cue) = current.as_mut() {
            if cue.lines.is_empty() {
                cue.text_range = offsets[index].clone();
            }
            cue.text_range.end = offsets[index].end;
            cue.lines.push(line.to_string());
        } else if syntax == Syntax::Vtt && is_block_start(trimmed) {
            while index < lines.len() && !lines[index].trim().is_empty() {
                index += 1;
            }
            continue;
        } else if let Some(id_line) = pending_id {
            return Err(orphan(id_line, lines[id_line]));
        } else {
            // A cue number (SRT) or identifier (WebVTT) comes right before its timing line.
            pending_id = Some(index);
        }
        index += 1;
    }
    cues.extend(current.take());
    if let Some(id_line) = pending_id {
        return Err(orphan(id_line, lines[id_line]));
    }
    if cues.is_empty() {
        return Err(SubtitleError {
            line: 1,
            message: "no subtitle cues found".into(),
        });
    }
    Ok(cues)
}

/// Each line's byte range, without its line break.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut offsets = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offsets.push(offset..offset + line.trim_end_matches(['\n', '\r']).len());
        offset += line.len();
    }
    offsets
}

/// Where the cues may begin: after a WebVTT file's header (which runs to the first blank line
/// and must start with `WEBVTT`); at the start for the other syntaxes.
fn header_end(lines: &[&str], syntax: Syntax) -> Result<usize, SubtitleError> {
    if syntax != Syntax::Vtt {
        return Ok(0);
    }
    let first = lines
        .first()
        .map_or("", |l| l.trim_start_matches('\u{feff}'));
    if !first.starts_with("WEBVTT") {
        return Err(SubtitleError {
            line: 1,
            message: "a WebVTT file must start with `WEBVTT`".into(),
        });
    }
    Ok(lines
        .iter()
        .position(|l| l.trim().is_empty())
        .unwrap_or(lines.len()))
}

/// A cue open and still without text.
fn current_is_empty(current: &Option<Cue>) -> bool {
    current.as_ref().is_some_and(|cue| cue.lines.is_empty())
}

/// A WebVTT `NOTE`, `STYLE` or `REGION` block, which runs to the next blank line.
fn is_block_start(trimmed: &str) -> bool {
    ["NOTE", "STYLE", "REGION"]
        .iter()
        .any(|k| trimmed == *k || trimmed.starts_with(&format!("{k} ")))
}

fn orphan(index: usize, line: &str) -> SubtitleError {
    SubtitleError {
        line: index + 1,
        message: format!("text outside any cue: {:?}", line.trim()),
    }
}

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<[^>\n]*>|\{\\[^}\n]*\}").expect("valid pattern"));
static VOICE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<v(?:\.[\w.-]+)?\s+([^>]+)>").expect("valid pattern"));
static BRACKET_SPEAKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[([^\]\n]{1,40})\]\s*").expect("valid pattern"));

/// A cue's text without markup: tags and `{\an8}` codes removed, entities decoded.
fn plain(line: &str) -> String {
    TAG.replace_all(line, "")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "")
        .replace("&rlm;", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line of speech of a cue, with its speaker if the cue names one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Speech {
    speaker: Option<String>,
    text: String,
    /// A dialogue line (`- text`): always a paragraph of its own.
    dash: bool,
}

fn speech_of(cue: &Cue) -> Vec<Speech> {
    let mut out = Vec::new();
    for line in &cue.lines {
        let trimmed = line.trim();
        let mut speaker = VOICE.captures(trimmed).map(|c| c[1].trim().to_string());
        let mut text = plain(trimmed);
        let bracketed = BRACKET_SPEAKER
            .captures(&text)
            .filter(|caps| !TAGS.contains(&caps[1].to_lowercase().as_str()))
            .map(|caps| {
                (
                    caps[1].trim().to_string(),
                    caps.get(0).expect("whole match").end(),
                )
            });
        if let Some((name, end)) = bracketed {
            speaker = Some(name);
            text = text[end..].to_string();
        }
        if !text.is_empty() {
            let dash = text.starts_with("- ");
            out.push(Speech {
                speaker,
                text,
                dash,
            });
        }
    }
    out
}

/// A pause this long between cues starts a new paragraph.
pub const PARAGRAPH_PAUSE_MS: u64 = 2000;

/// A paragraph of this many bytes ends at the next sentence end.
pub const PARAGRAPH_SOFT_BYTES: usize = 600;

/// A paragraph of this many bytes ends at the next cue, sentence end or not: unpunctuated
/// auto-captions would otherwise become one paragraph of the whole recording.
pub const PARAGRAPH_HARD_BYTES: usize = 1000;

/// One paragraph of the transcript being built.
struct Paragraph {
    speaker: Option<String>,
    text: String,
    /// Written with its speaker's label: the first paragraph of a turn.
    labelled: bool,
}

/// Whether a paragraph has grown long enough to end before `next`.
fn long_enough(paragraph: &Paragraph, next: &str) -> bool {
    let len = paragraph.text.len();
    let sentence_end = paragraph
        .text
        .trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '?', '!', '…']);
    (len >= PARAGRAPH_SOFT_BYTES && sentence_end) || len + 1 + next.len() > PARAGRAPH_HARD_BYTES
}

/// The cues as a transcript: paragraphs joined at pauses, speaker changes (a named speaker, a
/// dash, or `>>` as captions mark a new voice) and, past a length, sentence ends; `Name: text`
/// where a cue names its speaker, rolling duplicate lines of auto-captions collapsed.
pub fn to_transcript(cues: &[Cue]) -> String {
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut previous_lines: Vec<String> = Vec::new();
    let mut previous_end: Option<u64> = None;
    for cue in cues {
        let mut speech = speech_of(cue);
        let pause =
            previous_end.is_some_and(|end| cue.start_ms.saturating_sub(end) >= PARAGRAPH_PAUSE_MS);
        // Auto-captions repeat the last line of the previous cue as their first line, in the
        // cue right after it; the same words after a pause were said (or heard) again.
        while let Some(first) = speech.first().filter(|_| !pause) {
            if previous_lines.last() == Some(&first.text)
                || (speech.len() == 1 && previous_lines.contains(&first.text))
            {
                speech.remove(0);
            } else {
                break;
            }
        }
        for (i, part) in speech.iter().enumerate() {
            let new_speaker = part.speaker.is_some()
                && paragraphs.last().is_none_or(|p| p.speaker != part.speaker);
            let voice_change = part.dash || part.text.starts_with(">>");
            let too_long = paragraphs
                .last()
                .is_some_and(|p| long_enough(p, &part.text));
            let starts_paragraph =
                paragraphs.is_empty() || voice_change || new_speaker || (i == 0 && pause);
            match paragraphs.last_mut() {
                Some(paragraph) if !starts_paragraph && !too_long => {
                    paragraph.text.push(' ');
                    paragraph.text.push_str(&part.text);
                }
                _ => paragraphs.push(Paragraph {
                    speaker: part.speaker.clone(),
                    text: part.text.clone(),
                    labelled: starts_paragraph,
                }),
            }
        }
        if !cue.lines.is_empty() {
            previous_lines = speech_of(cue).into_iter().map(|s| s.text).collect();
        }
        previous_end = Some(cue.end_ms);
    }
    let mut out = String::new();
    for paragraph in paragraphs {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        if let Some(name) = paragraph.speaker.filter(|_| paragraph.labelled) {
            out.push_str(&name);
            out.push_str(": ");
        }
        out.push_str(&paragraph.text);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_words_after_a_pause_are_kept() {
        // Two noises 14 seconds apart are two captions, not a rolling repeat.
        let vtt = "WEBVTT\n\n00:02:33.080 --> 00:02:34.040\n(MAKES NOISE)\n\n00:02:48.420 --> 00:02:49.380\n(MAKES NOISE)\n\n00:02:49.400 --> 00:02:50.000\n(MAKES NOISE)\n";
        let transcript = to_transcript(&parse(vtt, Syntax::Vtt).unwrap());
        assert_eq!(transcript, "(MAKES NOISE)\n\n(MAKES NOISE)\n");
    }

    #[test]
    fn a_line_of_spaces_above_a_cues_words_is_the_cues() {
        // yt-dlp's automatic captions: one space under the timing line, then the words; the
        // next cue repeats them (rolling) and ends with a line of one space.
        let vtt = "WEBVTT\nKind: captions\n\n00:00:00.000 --> 00:00:05.269 align:start position:0%\n \nokay<00:00:01.310><c> welcome</c>\n\n00:00:05.269 --> 00:00:05.279 align:start position:0%\nokay welcome\n \n\n";
        let cues = parse(vtt, Syntax::Vtt).unwrap();
        let texts: Vec<Vec<String>> = cues.iter().map(|c| c.lines.clone()).collect();
        assert_eq!(
            texts,
            [
                vec!["okay<00:00:01.310><c> welcome</c>".to_string()],
                vec!["okay welcome".to_string()]
            ]
        );
        // Spaces after a cue's text still end it, as a blank line does.
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nHello\n  \n2\n00:00:03,000 --> 00:00:04,000\nThere\n";
        assert_eq!(parse(srt, Syntax::Srt).unwrap().len(), 2);
    }

    #[test]
    fn parses_srt_with_and_without_numbers() {
        let text = "1\n00:00:01,500 --> 00:00:04,500\nHello <i>there</i>\nsecond line\n\n00:00:05,000 --> 00:00:06,000\nAgain\n";
        let cues = parse(text, Syntax::Srt).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!((cues[0].start_ms, cues[0].end_ms), (1500, 4500));
        assert_eq!(
            &text[cues[0].text_range.clone()],
            "Hello <i>there</i>\nsecond line"
        );
        assert_eq!(to_transcript(&cues), "Hello there second line Again\n");
    }

    #[test]
    fn parses_webvtt_headers_notes_styles_and_identifiers() {
        let text = "WEBVTT - title\nKind: captions\n\nNOTE a note\nspanning lines\n\nSTYLE\n::cue { color: red }\n\nintro\n00:01.000 --> 00:02.000 align:start\n<v Roger Bingham>We are in New York</v>\n\n00:00:02.500 --> 00:00:03.000\n<v Roger Bingham>on the air</v>\n";
        let cues = parse(text, Syntax::Vtt).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[0].start_ms, 1000);
        assert_eq!(
            to_transcript(&cues),
            "Roger Bingham: We are in New York on the air\n"
        );
    }

    #[test]
    fn collapses_rolling_auto_captions_and_word_timings() {
        let text = "WEBVTT\n\n00:01.000 --> 00:01.500\nyeah\n\n00:01.500 --> 00:03.000\nyeah\n<c.colorCCCCCC>what</c>\n00:03.000 --> 00:04.000\nthis<00:03.100><c> will</c><c> happen</c>\n\n00:04.000 --> 00:04.010\nthis will<c> happen</c>\n";
        let cues = parse(text, Syntax::Vtt).unwrap();
        assert_eq!(cues.len(), 4);
        assert_eq!(to_transcript(&cues), "yeah what this will happen\n");
    }

    #[test]
    fn speakers_pauses_and_dialogue_dashes_make_paragraphs() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\n[Alba] <i>En 1928,</i>\n\n2\n00:00:02,100 --> 00:00:03,000\n<i>las mujeres</i>\n\n3\n00:00:09,000 --> 00:00:10,000\n[MUSIC]\nAfter a pause.\n\n4\n00:00:10,000 --> 00:00:11,000\n- Ta en kopp.\n- Det är inte varmt.\n";
        let cues = parse(text, Syntax::Srt).unwrap();
        assert_eq!(
            to_transcript(&cues),
            "Alba: En 1928, las mujeres\n\n[MUSIC] After a pause.\n\n- Ta en kopp.\n\n- Det är inte varmt.\n"
        );
    }

    #[test]
    fn reads_sbv() {
        let text = "0:00:00.378,0:00:11.378\nCaption text #1\n\n0:00:11.378,0:00:12.305\nCaption text #2\n";
        assert_eq!(
            to_transcript(&parse(text, Syntax::Sbv).unwrap()),
            "Caption text #1 Caption text #2\n"
        );
    }

    #[test]
    fn rejects_what_cannot_be_understood() {
        let backwards = parse("0:00:17.484,0:00:16.543\nText\n", Syntax::Sbv).unwrap_err();
        assert_eq!(
            backwards,
            SubtitleError {
                line: 1,
                message: "the cue ends before it starts".into()
            }
        );
        let orphan = parse("Some prose\nmore prose\n", Syntax::Srt).unwrap_err();
        assert_eq!(orphan.line, 1);
        assert!(
            parse("", Syntax::Srt)
                .unwrap_err()
                .message
                .contains("no subtitle cues")
        );
        assert!(parse("1\n00:00:01 --> 00:00:02\n", Syntax::Vtt).is_err());
    }

    #[test]
    fn detects_syntax_by_name_and_content() {
        assert_eq!(detect("a.vtt", ""), Some(Syntax::Vtt));
        assert_eq!(detect("a.txt", "\u{feff}WEBVTT\n"), Some(Syntax::Vtt));
        assert_eq!(
            detect("a.txt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n"),
            Some(Syntax::Srt)
        );
        assert_eq!(detect("a.txt", "Vladimir Putin: (00:41)\n"), None);
    }
}
