//! Transcripts as turns: finds speaker labels in every common style, decides conservatively which
//! are really speakers, normalises names, and builds the document's roster.
//!
//! The model is positional: a [`Turn`] points into the text, so the `speakers` rule can turn it
//! into small edits (and every change keeps its provenance), and text that is not part of a
//! recognised turn passes through byte for byte.

mod labels;
mod line_facts;
mod mentions;
mod name_facts;
mod names;
mod roster;

pub use labels::mergeable;
pub use names::{label_name, normalise_name, shouted_label_words};
pub use roster::{Roster, roster};

use crate::label_patterns::{self, NAME_CHARS, TimePattern};
use crate::text::{Line, StageText};
use labels::{accept, continue_speakers};
use line_facts::{LineFacts, LineMemo};
use mentions::MentionIndex;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

pub use crate::label_patterns::TIME;

/// A label at the start of a line, in any of the styles transcription services use. Which
/// alternative matched tells the style; `after` holds a time written after the label. Names
/// are [`NAME_CHARS`]: [`label_patterns::is_name`] checks the one that matched.
static LABEL: TimePattern = TimePattern::new(|time| {
    let name = NAME_CHARS;
    let plain_rest = plain_rest(time);
    let after = after_label(time);
    format!(
        r"(?x)^
        (?P<prefix> >>[\x20\t]* )?
        (?:
            \*\*(?P<bold>{name})[\x20\t]*(?:\((?P<bold_time>{time})\))?[\x20\t]*(?P<bold_end>:\*\*|\*\*:|\*\*)
          | \[(?P<bracket>{name})\]
          | (?P<otter>{name})[\x20\t]{{2,}}(?P<otter_time>{time})[\x20\t]*$
          | (?P<plain>{name}){plain_rest}
        )
        (?P<after>{after})"
    )
});

/// What follows the name of a `Name:` label, to its colon: [`LABEL`]'s `plain` alternative
/// after the name. It holds the group `plain_time`.
fn plain_rest(time: &str) -> String {
    format!(r"[\x20\t]*(?:\((?P<plain_time>{time})\))?[\x20\t]*:")
}

/// [`LABEL`]'s `after` group: a time written after a label, and the spaces around it. It holds
/// the groups `t1`, `t2` and `t3`.
fn after_label(time: &str) -> String {
    format!(
        r"[\x20\t]*(?:\((?P<t1>{time})\)|\\?\[(?P<t2>{time})\\?\]|(?P<t3>{time})(?:[\x20\t]|$))?[\x20\t]*"
    )
}

/// [`plain_rest`] alone, anchored: where a `Name:` label's colon ends, found by a DFA without
/// the cost of resolving [`LABEL`]'s groups (see `labels::plain_label`).
static PLAIN_REST: TimePattern = TimePattern::new(|time| format!("^(?:{})", plain_rest(time)));

/// [`after_label`] alone, anchored.
static AFTER_LABEL: TimePattern = TimePattern::new(|time| format!("^(?:{})", after_label(time)));

/// How a label was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelStyle {
    /// `Name:` (also `Name (00:41):`, `>> NAME:`).
    Colon,
    /// `**Name:**` or `**Name** [00:00:00]`.
    Bold,
    /// `[Name]` at the start of a caption.
    Bracket,
    /// Otter.ai: `Name  0:34` alone on a line.
    Otter,
    /// Rev's `(00:01:54):` alone on a line: the speaker before goes on.
    Continuation,
    /// `Chairman HAMILTON.` in hearing records.
    Hearing,
    /// `Mr. Name (Constituency, Party):` in parliamentary records (the seat is in the name).
    Seat,
}

/// A speaker label found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label as written, from its first character to where the speech starts on its line
    /// (or the end of the line's content when the label is alone on its line).
    pub range: Range<usize>,
    /// The name as written, trimmed.
    pub name: String,
    pub style: LabelStyle,
    /// Written with a time (`Name: (00:41)`, `Name  0:34`, ...).
    pub timed: bool,
    /// Nothing follows the label on its line: the speech starts on a later line.
    pub alone: bool,
    /// Index of the label's line.
    pub line: usize,
}

/// One turn: who speaks (if a label says so) and where the speech is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub label: Option<Label>,
    /// The speech, from its first character to the end of its last line's content.
    pub text: Range<usize>,
}

/// What the `[speakers]` table of the rule files configures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerSettings {
    /// Label name → the name to render (`"Matthew" = "Matthew Chance"`).
    pub aliases: BTreeMap<String, String>,
    /// Known speakers: their labels count even without a time and without recurring.
    pub roster: Vec<String>,
    /// Words kept in capitals when a capitalised label is title-cased (`RT`, `CNN`).
    pub acronyms: Vec<String>,
}

impl Default for SpeakerSettings {
    fn default() -> Self {
        SpeakerSettings {
            aliases: BTreeMap::new(),
            roster: Vec::new(),
            acronyms: DEFAULT_ACRONYMS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

const DEFAULT_ACRONYMS: &[&str] = &[
    "RT", "MC", "CNN", "BBC", "NBC", "ABC", "CBS", "NPR", "PBS", "NTV", "TASS", "AP", "AFP", "UN",
    "EU", "US", "UK", "USA", "NATO", "CEO", "DJ", "TV", "FBI", "CIA", "MSNBC", "II", "III", "IV",
];

/// Words that end a line with a colon but never name a speaker.
const NOT_SPEAKERS: &[&str] = &[
    "read more",
    "note",
    "notes",
    "editor's note",
    "editor’s note",
    "update",
    "updated",
    "photo",
    "photos",
    "image",
    "source",
    "sources",
    "related",
    "watch",
    "listen",
    "caption",
    "correction",
    "disclaimer",
    "warning",
    "breaking",
    "exclusive",
    "advertisement",
    "subscribe",
    "share",
    "posted",
    "published",
    "tags",
    "transcript",
    "summary",
    "date",
    "time",
    "location",
    "title",
    "speakers",
    "topics",
    "keywords",
    "see also",
    "also read",
    "more",
    "video",
    "audio",
    "credit",
    "credits",
    "copyright",
    "contents",
    "agenda",
    "introduction",
    "conclusion",
    "example",
    "quote",
    "re",
    "fwd",
    "from",
    "to",
    "cc",
    "subject",
    "break",
    "intermission",
    "recess",
    "intro",
    "outro",
    "interlude",
    "sponsor",
    "ad break",
    "commercial break",
    "end",
    "http",
    "https",
    "www",
];

/// Speaker roles that count as names.
const ROLES: &[&str] = &[
    "q",
    "a",
    "reporter",
    "speaker",
    "host",
    "co-host",
    "guest",
    "interviewer",
    "interviewee",
    "moderator",
    "audience",
    "audience member",
    "narrator",
    "announcer",
    "caller",
    "participant",
    "panelist",
    "voice",
    "unknown",
    "unidentified",
    "male",
    "female",
    "man",
    "woman",
    "president",
    "journalist",
    "question",
    "answer",
    "translator",
    "interpreter",
    "chairman",
    "chair",
];

/// Small words that may stay lower-case inside a name (`Aaron van Wirdum`).
const CONNECTORS: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin", "al",
    "el", "y", "of", "the", "ten", "ter", "dos", "das",
];

/// Tags in brackets that are not names (`[inaudible]`, `[crosstalk]`).
pub const TAGS: &[&str] = &[
    "inaudible",
    "crosstalk",
    "foreign language",
    "laughter",
    "laughs",
    "applause",
    "music",
    "silence",
    "unintelligible",
    "indiscernible",
    "overlapping",
    "background noise",
    "noise",
    "cheering",
    "coughs",
    "pause",
    "sighs",
    "silence",
    "static",
    "beep",
    "phone ringing",
];

/// The turns of a document and the text between them, in order.
pub fn parse(text: &str, settings: &SpeakerSettings) -> Vec<Turn> {
    parse_stage_text(&StageText::new(text), settings)
}

/// The turns of a text parsed with some settings, kept while the text stays the same: in the
/// confirming run of the pipeline, and between stages that change nothing, four rules parse the
/// same text (speakers, timestamps, dedupe, and the speech/prose check of `in` rules). Where the
/// labels' names occur, and what the lines tell the parse ([`LineFacts`]), are kept while it
/// changes.
#[derive(Debug, Default)]
pub struct TurnCache(Mutex<Cached>);

#[derive(Debug, Default)]
struct Cached {
    parses: Vec<(SpeakerSettings, Arc<Vec<Turn>>)>,
    mentions: MentionIndex,
    lines: LineMemo,
}

impl TurnCache {
    /// Forgets every parse, and moves the names' occurrences and the line facts through
    /// `edits` (sorted, not overlapping, in the coordinates of the text before them), which
    /// made `text`: to be called whenever the text changes.
    pub fn edited(&mut self, text: &str, edits: &[crate::rules::Edit]) {
        let cached = self.0.get_mut().unwrap_or_else(|e| e.into_inner());
        cached.parses.clear();
        cached.mentions.edited(text, edits);
        cached.lines.edited(text, edits);
    }

    /// From now on keeps the line facts between parses, moved through the edits: for the
    /// pipeline runs after the first, which change a document in few places.
    pub fn keep_line_facts(&mut self) {
        let cached = self.0.get_mut().unwrap_or_else(|e| e.into_inner());
        cached.lines.want();
    }
}

/// [`parse_stage_text`], from the stage text's [`TurnCache`] when it has one.
pub fn turns_of(stage_text: &StageText, settings: &SpeakerSettings) -> Arc<Vec<Turn>> {
    let Some(cache) = stage_text.turn_cache() else {
        return Arc::new(parse_stage_text(stage_text, settings));
    };
    let mut cached = cache.0.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, turns)) = cached.parses.iter().find(|(s, _)| s == settings) {
        return Arc::clone(turns);
    }
    let turns = Arc::new(parse_with(stage_text, settings, Some(&mut cached)));
    cached.parses.push((settings.clone(), Arc::clone(&turns)));
    turns
}

/// [`parse`] on a stage's text, reusing the line table the stage's other rules share.
pub fn parse_stage_text(stage_text: &StageText, settings: &SpeakerSettings) -> Vec<Turn> {
    parse_with(stage_text, settings, None)
}

fn parse_with(
    stage_text: &StageText,
    settings: &SpeakerSettings,
    cached: Option<&mut Cached>,
) -> Vec<Turn> {
    let (text, lines, verbatim) = (
        stage_text.as_str(),
        stage_text.lines(),
        stage_text.verbatim(),
    );
    let blank = stage_text.blank_lines();
    let (mentions, mut memo) = match cached {
        Some(cached) => (Some(&mut cached.mentions), Some(&mut cached.lines)),
        None => (None, None),
    };
    let keeping = memo.as_mut().is_some_and(|memo| memo.keeps(text));
    let facts = match memo.as_mut().and_then(|memo| memo.take(lines)) {
        Some(kept) => {
            debug_assert_eq!(
                kept,
                LineFacts::read(text, lines, verbatim, true),
                "the line facts kept through the edits"
            );
            kept
        }
        None => LineFacts::read(text, lines, verbatim, keeping),
    };
    let candidate_lines: Vec<usize> = facts.candidates.iter().map(|c| c.line).collect();
    let labels = accept(text, &facts, settings, mentions);
    // The labels are moved out of the candidates, or copied when the facts are kept.
    let (accepted, dash_lines) = match memo.filter(|_| keeping) {
        Some(memo) => {
            let accepted = (facts.candidates.iter().zip(&labels))
                .filter(|&(_, &label)| label)
                .map(|(c, _)| c.clone())
                .collect();
            let dash_lines = facts.dash_lines.clone();
            memo.keep(text, lines, facts);
            (accepted, dash_lines)
        }
        None => (
            (facts.candidates.into_iter().zip(labels))
                .filter(|&(_, label)| label)
                .map(|(c, _)| c)
                .collect(),
            facts.dash_lines,
        ),
    };
    let accepted = continue_speakers(accepted);

    // Each turn runs from its label to the line before the next line that looks like a label,
    // taken or not: a rejected one (a name said once, without a time) still ends the speech, so
    // that whether it counts can never join two turns around it. A label alone on its line takes
    // the next non-blank line(s) as its speech.
    let mut turns = Vec::new();
    // Candidates are in line order, and so are the labels: the next candidate after each is
    // found by walking on from the last one's.
    let mut next_candidate = 0;
    for label in accepted {
        while candidate_lines
            .get(next_candidate)
            .is_some_and(|&line| line <= label.line)
        {
            next_candidate += 1;
        }
        let next_label_line = (candidate_lines.get(next_candidate).copied()).unwrap_or(lines.len());
        let first_speech = if label.alone {
            // Speech that starts in a code fence or front matter is not this label's: joining
            // a fence line to the label would move the fence and change what else is verbatim.
            (label.line + 1..next_label_line)
                .find(|&i| !blank.contains(i))
                .filter(|&i| !verbatim[i])
        } else {
            Some(label.line)
        };
        let Some(first) = first_speech else {
            turns.push(Turn {
                text: label.range.end..label.range.end,
                label: Some(label),
            });
            continue;
        };
        let start = if label.alone {
            lines[first].content().start
        } else {
            label.range.end
        };
        let last = (first..next_label_line)
            .rev()
            .find(|&i| !blank.contains(i))
            .unwrap_or(first);
        turns.push(Turn {
            label: Some(label),
            text: start..lines[last].content().end.max(start),
        });
    }
    add_dash_turns(lines, &dash_lines, &mut turns);
    turns.sort_by_key(|t| t.label.as_ref().map_or(t.text.start, |l| l.range.start));
    turns
}

/// Adds the unlabelled dash turns (`- text`, on `dash_lines`), as interview transcripts
/// without names write them. The labelled `turns` are in order and do not overlap, so one
/// cursor walks them.
fn add_dash_turns(lines: &[Line], dash_lines: &[usize], turns: &mut Vec<Turn>) {
    let labelled = turns.len();
    let mut next_turn = 0;
    for &i in dash_lines {
        let line = &lines[i];
        while next_turn < labelled && turns[next_turn].text.end <= line.content().start {
            next_turn += 1;
        }
        let inside_turn = turns[next_turn..labelled]
            .iter()
            .take_while(|t| t.text.start <= line.content().start)
            .any(|t| t.text.contains(&line.content().start));
        if !inside_turn {
            turns.push(Turn {
                label: None,
                text: line.content(),
            });
        }
    }
}

/// The speech of a document: the text of its turns, sorted and merged. What is not speech
/// (headlines, an article's paragraphs, a document without turns) is prose.
pub fn speech_ranges(stage_text: &StageText, settings: &SpeakerSettings) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = (turns_of(stage_text, settings).iter())
        .map(|turn| turn.text.clone())
        .filter(|r| !r.is_empty())
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

#[cfg(test)]
mod tests;
