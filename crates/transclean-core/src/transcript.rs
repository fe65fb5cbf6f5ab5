//! Transcripts as turns: finds speaker labels in every common style, decides conservatively which
//! are really speakers, normalises names, and builds the document's roster.
//!
//! The model is positional: a [`Turn`] points into the text, so the `speakers` rule can turn it
//! into small edits (and every change keeps its provenance), and text that is not part of a
//! recognised turn passes through byte for byte.

use crate::label_styles::{self, Special};
use crate::text::StageText;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex};

/// A time as transcription services write it: `0:34`, `00:41`, `1:02:03`, `00:00:04.160`.
pub const TIME: &str = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?";

/// A speaker name candidate: starts with a letter, at most 60 characters, no colon or brackets.
const NAME: &str = r"[\p{L}][^:*\[\]()\n\t]{0,59}?";

/// A label at the start of a line, in any of the styles transcription services use. Which
/// alternative matched tells the style; `after` holds a time written after the label.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let time = TIME;
    let name = NAME;
    Regex::new(&format!(
        r"(?x)^
        (?P<prefix> >>[\x20\t]* )?
        (?:
            \*\*(?P<bold>{name})[\x20\t]*(?:\((?P<bold_time>{time})\))?[\x20\t]*(?P<bold_end>:\*\*|\*\*:|\*\*)
          | \[(?P<bracket>{name})\]
          | (?P<otter>{name})[\x20\t]{{2,}}(?P<otter_time>{time})[\x20\t]*$
          | (?P<plain>{name})[\x20\t]*(?:\((?P<plain_time>{time})\))?[\x20\t]*:
        )
        (?P<after>[\x20\t]*(?:\((?P<t1>{time})\)|\\?\[(?P<t2>{time})\\?\]|(?P<t3>{time})(?:[\x20\t]|$))?[\x20\t]*)"
    ))
    .expect("valid label pattern")
});

/// How a label was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
/// same text (speakers, timestamps, dedupe, and the speech/prose check of `in` rules).
#[derive(Debug, Default)]
pub struct TurnCache(Mutex<Vec<(SpeakerSettings, Arc<Vec<Turn>>)>>);

impl TurnCache {
    /// Forgets every parse: to be called whenever the text changes.
    pub fn clear(&mut self) {
        self.0.get_mut().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// [`parse_stage_text`], from the stage text's [`TurnCache`] when it has one.
pub fn turns_of(stage_text: &StageText, settings: &SpeakerSettings) -> Arc<Vec<Turn>> {
    let Some(cache) = stage_text.turn_cache() else {
        return Arc::new(parse_stage_text(stage_text, settings));
    };
    let mut entries = cache.0.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, turns)) = entries.iter().find(|(s, _)| s == settings) {
        return Arc::clone(turns);
    }
    let turns = Arc::new(parse_stage_text(stage_text, settings));
    entries.push((settings.clone(), Arc::clone(&turns)));
    turns
}

/// [`parse`] on a stage's text, reusing the line table the stage's other rules share.
pub fn parse_stage_text(stage_text: &StageText, settings: &SpeakerSettings) -> Vec<Turn> {
    let (text, lines, verbatim) = (
        stage_text.as_str(),
        stage_text.lines(),
        stage_text.verbatim(),
    );
    let candidates: Vec<Label> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !verbatim[*i])
        .filter_map(|(i, line)| candidate(text, line.content.clone(), i))
        .collect();
    let candidate_lines: Vec<usize> = candidates.iter().map(|c| c.line).collect();
    let accepted = accept(text, candidates, settings);

    // Each turn runs from its label to the line before the next line that looks like a label,
    // taken or not: a rejected one (a name said once, without a time) still ends the speech, so
    // that whether it counts can never join two turns around it. A label alone on its line takes
    // the next non-blank line(s) as its speech.
    let mut turns = Vec::new();
    for label in &accepted {
        // Candidates are in line order.
        let next_label_line = candidate_lines
            .get(candidate_lines.partition_point(|&line| line <= label.line))
            .copied()
            .unwrap_or(lines.len());
        let first_speech = if label.alone {
            // Speech that starts in a code fence or front matter is not this label's: joining
            // a fence line to the label would move the fence and change what else is verbatim.
            (label.line + 1..next_label_line)
                .find(|&i| !lines[i].is_blank(text))
                .filter(|&i| !verbatim[i])
        } else {
            Some(label.line)
        };
        let Some(first) = first_speech else {
            turns.push(Turn {
                text: label.range.end..label.range.end,
                label: Some(label.clone()),
            });
            continue;
        };
        let start = if label.alone {
            lines[first].content.start
        } else {
            label.range.end
        };
        let last = (first..next_label_line)
            .rev()
            .find(|&i| !lines[i].is_blank(text))
            .unwrap_or(first);
        turns.push(Turn {
            label: Some(label.clone()),
            text: start..lines[last].content.end.max(start),
        });
    }
    // Unlabelled dash turns (`- text`), as interview transcripts without names write them.
    // The labelled turns so far are in order and do not overlap, so one cursor walks them.
    let labelled = turns.len();
    let mut next_turn = 0;
    for (i, line) in lines.iter().enumerate() {
        let content = &text[line.content.clone()];
        if verbatim[i]
            || !(content.starts_with("- ")
                || content.starts_with("– ")
                || content.starts_with("— "))
        {
            continue;
        }
        while next_turn < labelled && turns[next_turn].text.end <= line.content.start {
            next_turn += 1;
        }
        let inside_turn = turns[next_turn..labelled]
            .iter()
            .take_while(|t| t.text.start <= line.content.start)
            .any(|t| t.text.contains(&line.content.start));
        if !inside_turn {
            turns.push(Turn {
                label: None,
                text: line.content.clone(),
            });
        }
    }
    turns.sort_by_key(|t| t.label.as_ref().map_or(t.text.start, |l| l.range.start));
    turns
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

/// A label candidate on one line, before deciding whether it really is a speaker.
fn candidate(text: &str, content: Range<usize>, line: usize) -> Option<Label> {
    let line_text = &text[content.clone()];
    let indent = line_text.len() - line_text.trim_start_matches([' ', '\t']).len();
    if let Some(styled) = label_styles::find(&line_text[indent..]) {
        let end = content.start + indent + styled.len;
        return Some(Label {
            range: content.start + indent..end,
            name: styled.name,
            style: match styled.style {
                Special::Continuation => LabelStyle::Continuation,
                Special::Hearing => LabelStyle::Hearing,
                Special::Seat => LabelStyle::Seat,
                Special::TimedBold => LabelStyle::Bold,
            },
            timed: matches!(styled.style, Special::Continuation | Special::TimedBold),
            alone: end >= content.end,
            line,
        });
    }
    // Every label style has a colon (in the label or its time) or opens with a bracket: most
    // lines of prose are ruled out without running the pattern.
    if !line_text.contains(':') && !line_text[indent..].starts_with('[') {
        return None;
    }
    let caps = LABEL.captures(&line_text[indent..])?;
    let (name, style, own_time) = if let Some(m) = caps.name("bold") {
        (m, LabelStyle::Bold, caps.name("bold_time").is_some())
    } else if let Some(m) = caps.name("bracket") {
        (m, LabelStyle::Bracket, false)
    } else if let Some(m) = caps.name("plain") {
        (m, LabelStyle::Colon, caps.name("plain_time").is_some())
    } else {
        let m = caps.name("otter")?;
        (m, LabelStyle::Otter, true)
    };
    let after_time = caps
        .name("t1")
        .or(caps.name("t2"))
        .or(caps.name("t3"))
        .is_some();
    // `**Name**` without a colon is only a label with a time after it: otherwise it is emphasis.
    if style == LabelStyle::Bold
        && caps["bold_end"].ends_with("**")
        && !caps["bold_end"].starts_with(':')
        && !after_time
        && !own_time
    {
        return None;
    }
    let name = name.as_str().trim().to_string();
    if style == LabelStyle::Bracket && TAGS.contains(&name.to_lowercase().as_str()) {
        return None;
    }
    let end = content.start + indent + caps.get(0).expect("whole match").end();
    Some(Label {
        range: content.start + indent..end,
        name,
        style,
        timed: own_time || after_time,
        alone: end >= content.end,
        line,
    })
}

/// Keeps the candidates that are speakers: a name or role, and evidence that it is a label.
fn accept(text: &str, candidates: Vec<Label>, settings: &SpeakerSettings) -> Vec<Label> {
    if candidates.is_empty() {
        return candidates;
    }
    let mut label_counts: HashMap<String, usize> = HashMap::new();
    for c in &candidates {
        *label_counts.entry(c.name.to_lowercase()).or_default() += 1;
    }
    // A document that writes labels alone on their lines, several times, is a transcript: there
    // every short `name:` line is a label, even a lower-case one written once.
    let alone_labels = candidates
        .iter()
        .filter(|c| c.alone && label_counts[&c.name.to_lowercase()] > 1)
        .count();
    let label_line_transcript = alone_labels >= 3;
    let roster: Vec<String> = settings
        .roster
        .iter()
        .chain(settings.aliases.keys())
        .map(|s| s.to_lowercase())
        .collect();
    let full_name = |c: &Label| c.name.split_whitespace().count() > 1 || is_role(&c.name);
    // Only a label written once needs its name found elsewhere; all of them are looked for in
    // one pass over the text, not one search of the whole text per label.
    let mentioned = mentioned_elsewhere(
        text,
        candidates
            .iter()
            .filter(|c| !c.timed && label_counts[&c.name.to_lowercase()] == 1 && full_name(c)),
    );
    let evidence = StyleEvidence::of(text, &candidates, &label_counts);
    let mut index = 0;
    let accepted: Vec<Label> = candidates
        .into_iter()
        .filter(|c| {
            let position = index;
            index += 1;
            let lower = c.name.to_lowercase();
            if let Some(verdict) = evidence.by_style(c) {
                return verdict;
            }
            if NOT_SPEAKERS.contains(&lower.as_str()) || !plausible_name(&c.name) {
                return false;
            }
            if roster.contains(&lower) || c.timed || evidence.by_document(position, c) {
                return true;
            }
            let lowercase_ok =
                label_line_transcript && c.alone && c.name.split_whitespace().count() <= 3;
            let name_like = looks_like_name(&c.name) || lowercase_ok;
            // A one-word name mentioned in the text may be a topic (`Drivechain: an introduction`);
            // it has to recur as a label. A full name or a role mentioned elsewhere is enough.
            let recurs =
                || label_counts[&lower] > 1 || (full_name(c) && mentioned.contains(&c.range.start));
            name_like && ((label_line_transcript && c.alone) || recurs())
        })
        .collect();
    continue_speakers(accepted)
}

/// What a document's label styles tell about its candidates, beyond each label on its own.
struct StyleEvidence {
    /// Hearing records label every turn `Chairman NAME.`: one such line is a sentence, several
    /// are the record's style.
    hearing_labels: usize,
    /// Recurring labels in capitals: a document of them takes a name in capitals said once.
    shouted_labels: usize,
    /// Broadcast transcripts introduce a speaker once as `JANE DOE, BYLINE:` and then write
    /// the surname alone (`DOE:`): that surname is a label even said once.
    introduced: HashSet<String>,
    /// Per candidate, whether it opens a paragraph.
    opening: Vec<bool>,
    /// Most paragraphs open with a label, one of them recurring: a transcript of `Name: text`
    /// paragraphs (as subtitles become), where a paragraph that opens with a name is a turn
    /// even if that speaker says one thing.
    paragraph_transcript: bool,
}

impl StyleEvidence {
    fn of(text: &str, candidates: &[Label], label_counts: &HashMap<String, usize>) -> Self {
        let recurs = |c: &Label| label_counts[&c.name.to_lowercase()] > 1;
        let opening: Vec<bool> = candidates
            .iter()
            .map(|c| opens_paragraph(text, c.range.start))
            .collect();
        let opening_count = opening.iter().filter(|&&o| o).count();
        let recurring_opening = candidates
            .iter()
            .zip(&opening)
            .any(|(c, &o)| o && recurs(c) && looks_like_name(&c.name));
        StyleEvidence {
            hearing_labels: candidates
                .iter()
                .filter(|c| c.style == LabelStyle::Hearing)
                .count(),
            shouted_labels: candidates
                .iter()
                .filter(|c| is_shouted(&c.name) && recurs(c))
                .count(),
            introduced: candidates
                .iter()
                .filter(|c| label_styles::is_name_with_role(&c.name))
                .filter_map(|c| c.name.split(',').next()?.split_whitespace().last())
                .map(str::to_lowercase)
                .collect(),
            paragraph_transcript: opening_count >= 3
                && recurring_opening
                && opening_count * 2 >= paragraph_count(text),
            opening,
        }
    }

    /// The verdict a label's own style gives, before any other evidence.
    fn by_style(&self, c: &Label) -> Option<bool> {
        match c.style {
            LabelStyle::Continuation => Some(true),
            LabelStyle::Hearing => Some(self.hearing_labels >= 2),
            LabelStyle::Seat => Some(looks_like_name(seat_person(&c.name))),
            _ if label_styles::is_name_with_role(&c.name) => Some(looks_like_name(
                c.name.split(',').next().unwrap_or_default(),
            )),
            _ => None,
        }
    }

    /// Whether the document's style makes candidate `index`, said once, a label.
    fn by_document(&self, index: usize, c: &Label) -> bool {
        let colon = c.style == LabelStyle::Colon;
        let paragraph_turn = self.paragraph_transcript
            && self.opening[index]
            && colon
            && c.name.split_whitespace().count() <= 4
            && looks_like_name(&c.name);
        let shouted_turn = (self.shouted_labels >= 3
            || self.introduced.contains(&c.name.to_lowercase()))
            && is_shouted(&c.name)
            && colon;
        paragraph_turn || shouted_turn
    }
}

/// A continuation marker speaks for the speaker of the label before it; one with no label
/// before it names nobody and is no label.
fn continue_speakers(labels: Vec<Label>) -> Vec<Label> {
    let mut speaker: Option<String> = None;
    labels
        .into_iter()
        .filter_map(|mut label| {
            if label.style == LabelStyle::Continuation {
                label.name = speaker.clone()?;
            } else {
                speaker = Some(label.name.clone());
            }
            Some(label)
        })
        .collect()
}

/// Whether the line holding `at` is the first of a paragraph.
fn opens_paragraph(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    line_start == 0
        || text[..line_start - 1]
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().is_empty())
}

/// How many paragraphs (runs of non-blank lines) the text has.
fn paragraph_count(text: &str) -> usize {
    let mut count = 0;
    let mut in_paragraph = false;
    for line in text.lines() {
        let blank = line.trim().is_empty();
        count += usize::from(!blank && !in_paragraph);
        in_paragraph = !blank;
    }
    count
}

/// The person of a seat label: `Mr. Pierre Poilievre` of `Mr. Pierre Poilievre (Carleton, CPC)`.
fn seat_person(name: &str) -> &str {
    name.split('(').next().unwrap_or(name).trim()
}

/// Written in capitals throughout, with at least two letters: `INSKEEP`, `JANE DOE`.
fn is_shouted(name: &str) -> bool {
    name.chars().filter(|c| c.is_uppercase()).count() >= 2 && !name.chars().any(char::is_lowercase)
}

/// Short, no sentence punctuation, not a number: could be a name at all.
fn plausible_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=6).contains(&words)
        && name.chars().next().is_some_and(char::is_alphabetic)
        && !name.contains(['?', '!', ',', ';', '"', '“', '”', '='])
        && !name
            .split_whitespace()
            .any(|w| w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() > 3)
}

/// A role rather than a person's name: `Reporter`, `Speaker 2`, `Q`.
fn is_role(name: &str) -> bool {
    let lower = name.to_lowercase();
    ROLES.iter().any(|role| {
        lower
            .strip_prefix(role)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// Roles that several people share in turn: consecutive turns under them are different people.
const SHARED_ROLES: &[&str] = &[
    "unknown speaker",
    "unidentified speaker",
    "q",
    "a",
    "question",
    "answer",
    "audience",
    "audience member",
    "unknown",
    "unidentified",
    "male",
    "female",
    "man",
    "woman",
    "voice",
    "caller",
    "participant",
];

/// Whether consecutive turns under this name may be one person speaking on (and be merged).
pub fn mergeable(name: &str) -> bool {
    !SHARED_ROLES.contains(&name.to_lowercase().as_str())
}

/// Capitalised words (with connectors and numbers), all capitals, or a known role.
fn looks_like_name(name: &str) -> bool {
    if is_role(name) {
        return true;
    }
    name.split_whitespace().all(|word| {
        let first = word.chars().next().unwrap_or(' ');
        first.is_uppercase()
            || word.chars().all(|c| c.is_ascii_digit())
            || CONNECTORS.contains(&word.to_lowercase().as_str())
    })
}

/// Bytes from which a document is long enough to pay for building a faster automaton.
const LONG_DOCUMENT: usize = 1 << 20;

/// Of `labels`, those whose name (as written) also occurs in `text` outside the label itself,
/// by the start of the label.
fn mentioned_elsewhere<'a>(text: &str, labels: impl Iterator<Item = &'a Label>) -> HashSet<usize> {
    let labels: Vec<&Label> = labels.collect();
    let mut found = HashSet::new();
    if labels.is_empty() {
        return found;
    }
    // Built for each document: on a short one the kind that builds fastest; on a long one the
    // kind the crate finds fastest to search, whose build is then paid back.
    let kind = (text.len() < LONG_DOCUMENT).then_some(AhoCorasickKind::NoncontiguousNFA);
    let names = AhoCorasick::builder()
        .kind(kind)
        .build(labels.iter().map(|l| l.name.as_str()))
        .expect("a few names always build an automaton");
    for m in names.find_overlapping_iter(text) {
        let label = labels[m.pattern().as_usize()];
        if !label.range.contains(&m.start()) {
            found.insert(label.range.start);
        }
    }
    found
}

/// The words of a document's labels of several words written in capitals (`JANE DOE, HOST`).
/// A short label in capitals that is one of them (`DOE:`) is that speaker's surname, not an
/// acronym, and is title-cased as the full label is.
pub fn shouted_label_words(turns: &[Turn]) -> HashSet<String> {
    turns
        .iter()
        .filter_map(|turn| turn.label.as_ref())
        .filter(|label| label.name.contains(' ') && !label.name.chars().any(char::is_lowercase))
        .flat_map(|label| {
            label
                .name
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The name a label renders as. A hearing record writes surnames in capitals by convention
/// (`Chairman HAMILTON`), not to shout: those words are normalised one by one. `surnames` are
/// the document's [`shouted_label_words`].
pub fn label_name(label: &Label, settings: &SpeakerSettings, surnames: &HashSet<String>) -> String {
    let trimmed = label.name.trim();
    if surnames.contains(trimmed) && normalise_name(trimmed, settings) == trimmed {
        return title_case_part(trimmed);
    }
    if label.style != LabelStyle::Hearing && !label_styles::is_titled_surname(&label.name) {
        return normalise_name(&label.name, settings);
    }
    label
        .name
        .split(' ')
        .map(|word| {
            if is_shouted(word) {
                normalise_name(word, settings)
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The name a label renders as: alias, then capitals and lower case fixed.
pub fn normalise_name(name: &str, settings: &SpeakerSettings) -> String {
    let collapsed = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(alias) = settings
        .aliases
        .iter()
        .find(|(from, _)| from.eq_ignore_ascii_case(&collapsed))
        .map(|(_, to)| to)
    {
        return alias.clone();
    }
    let letters: Vec<char> = collapsed.chars().filter(|c| c.is_alphabetic()).collect();
    let all_lower = letters.iter().all(|c| c.is_lowercase());
    // Only a label written in capitals throughout is shouted; in `New START Treaty` or
    // `Vladimir PUTIN` the capitals may be meant, and the name is kept as written.
    let shouted = collapsed.split(' ').all(|word| {
        let rest = ["Mc", "Mac"]
            .iter()
            .find_map(|p| word.strip_prefix(p))
            .unwrap_or(word);
        !rest.chars().any(char::is_lowercase)
    }) && letters.iter().filter(|c| c.is_uppercase()).count() >= 2;
    if !shouted && !all_lower {
        return collapsed;
    }
    // A label that is one short word in capitals is initials or an acronym (`JFK:`, `CNN:`),
    // not a shouted name: there is no telling `Jfk` from a mangled name, so keep it.
    if shouted && !collapsed.contains(' ') && is_short_capitals(&collapsed) {
        return collapsed;
    }
    collapsed
        .split(' ')
        .enumerate()
        .map(|(i, word)| fix_word(word, i == 0, all_lower, settings))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `JOHN` → `John`, `McDONALD` → `McDonald`, `O'BRIEN` → `O'Brien`, acronyms kept; in an
/// all-lower-case label, words are capitalised (connectors stay small after the first).
fn fix_word(word: &str, first: bool, all_lower: bool, settings: &SpeakerSettings) -> String {
    if settings.acronyms.iter().any(|a| a == word) || is_initials(word) {
        return word.to_string();
    }
    if all_lower {
        if !first && CONNECTORS.contains(&word) {
            return word.to_string();
        }
        return capitalise(word);
    }
    let upper_count = word.chars().filter(|c| c.is_uppercase()).count();
    let has_lower = word.chars().any(|c| c.is_lowercase());
    for prefix in ["Mc", "Mac", "O'", "O’"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.chars().count() > 1
            && rest.chars().all(|c| !c.is_lowercase())
        {
            return format!("{prefix}{}", title_case_part(rest));
        }
    }
    if upper_count >= 2 && !has_lower {
        return title_case_part(word);
    }
    word.to_string()
}

/// Up to 4 letters, all capitals: `JFK`, `NATO`, `AOC`.
fn is_short_capitals(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (1..=4).contains(&letters) && !word.chars().any(char::is_lowercase)
}

/// Initials or an acronym inside a longer label: `J.F.K.`, `F.`, or up to 4 capitals with no
/// vowel (`JFK`, `NPR`), which no name is. (`JOHN` and `ROE` have vowels and are title-cased.)
fn is_initials(word: &str) -> bool {
    let dotted = word.contains('.')
        && word
            .split_terminator('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase));
    let voweless = is_short_capitals(word)
        && word.chars().count() >= 2
        && word
            .chars()
            .all(|c| c.is_alphabetic() && !"AEIOUY".contains(c));
    dotted || voweless
}

/// `SMITH-JONES` → `Smith-Jones`.
fn title_case_part(word: &str) -> String {
    word.split_inclusive(['-', '\'', '’'])
        .map(|part| capitalise(&part.to_lowercase()))
        .collect()
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The speakers of a document with their turn counts, and labels that look like variants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    /// Normalised name and number of turns, in order of first appearance.
    pub speakers: Vec<(String, usize)>,
    /// Pairs of names that may be the same person: never merged silently, only reported.
    pub variants: Vec<(String, String)>,
}

/// Builds the roster of a document.
pub fn roster(text: &str, settings: &SpeakerSettings) -> Roster {
    let mut speakers: Vec<(String, usize)> = Vec::new();
    let mut previous: Option<String> = None;
    let turns = parse(text, settings);
    let surnames = shouted_label_words(&turns);
    for turn in turns {
        let Some(label) = turn.label else {
            previous = None;
            continue;
        };
        let name = label_name(&label, settings, &surnames);
        // Consecutive labels of one speaker are one turn once merged.
        let continues = previous.as_ref() == Some(&name) && mergeable(&name);
        match speakers.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += usize::from(!continues),
            None => speakers.push((name.clone(), 1)),
        }
        previous = Some(name);
    }
    let mut variants = Vec::new();
    for (i, (a, _)) in speakers.iter().enumerate() {
        for (b, _) in &speakers[i + 1..] {
            if similar_names(a, b) {
                variants.push((a.clone(), b.clone()));
            }
        }
    }
    Roster { speakers, variants }
}

/// `Matthew` / `Matthew Chance` (one is the start of the other), or a spelling variant
/// (`Sjors Provost` / `Sjors Provoost`) by Jaro-Winkler similarity.
fn similar_names(a: &str, b: &str) -> bool {
    let (a_lower, b_lower) = (a.to_lowercase(), b.to_lowercase());
    let starts = |long: &str, short: &str| long.starts_with(&format!("{short} "));
    let numbered = |s: &str| {
        s.split_whitespace()
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    };
    if numbered(a) || numbered(b) {
        // `Speaker 1` / `Speaker 2`, `Reporter` / `Reporter 1` are different people by design.
        return false;
    }
    starts(&a_lower, &b_lower)
        || starts(&b_lower, &a_lower)
        || strsim::jaro_winkler(&a_lower, &b_lower) >= 0.93
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, bool, bool)> {
        parse(text, &SpeakerSettings::default())
            .into_iter()
            .filter_map(|t| t.label)
            .map(|l| (l.name, l.timed, l.alone))
            .collect()
    }

    #[test]
    fn recognises_every_label_style() {
        let text = "\
Vladimir Putin: (00:41)\nSpeech one.\n\
Aaron van Wirdum: 00:01:35\n\nSpeech two.\n\
Sjors Provoost (00:02:10): inline speech.\n\
Henry Zhu  0:34  \nOtter speech.\n\
**Jerod Santo:** Bold speech.\n\
**Adam Stacoviak** [00:00:00] Bold timed speech.\n\
**Adam Stacoviak** \\[04:10\\] Escaped time.\n";
        let got = names(text);
        let expected = [
            ("Vladimir Putin", true, true),
            ("Aaron van Wirdum", true, true),
            ("Sjors Provoost", true, false),
            ("Henry Zhu", true, true),
            ("Adam Stacoviak", true, false),
            ("Adam Stacoviak", true, false),
        ];
        assert_eq!(got.len(), 6, "{got:?}");
        for (g, e) in got.iter().zip(expected) {
            assert_eq!((g.0.as_str(), g.1, g.2), e);
        }
        // `**Jerod Santo:**` is untimed and said once: not enough evidence on its own.
        assert!(!got.iter().any(|g| g.0 == "Jerod Santo"));
    }

    #[test]
    fn untimed_labels_need_to_recur_or_be_known() {
        let text = "Q: First question?\nA: Answer.\nQ: Second?\nA: Yes.\n>> JOHN SMITH: Hello.\n>> JOHN SMITH: Again.\n";
        let got: Vec<String> = names(text).into_iter().map(|g| g.0).collect();
        assert_eq!(got, ["Q", "A", "Q", "A", "JOHN SMITH", "JOHN SMITH"]);
        let settings = SpeakerSettings {
            roster: vec!["Peskov".into()],
            ..SpeakerSettings::default()
        };
        assert_eq!(parse("Peskov: We are ready.\n", &settings).len(), 1);
        assert!(parse("Peskov: We are ready.\n", &SpeakerSettings::default()).is_empty());
    }

    #[test]
    fn a_colon_is_not_a_speaker() {
        for text in [
            "READ MORE: China Defence Minister on Trade\nREAD MORE: Another\n",
            "Note: the figures are provisional.\nNote: again.\n",
            "Putin answered why the measures were taken, saying:\n\n\"Because\"\n",
            "The meeting starts at 10:42 and ends at 11:30.\n10:42: opening\n",
            "## Intro\n\nText.\n",
            "Update: new figures.\nUpdate: more.\nPhoto: Reuters\n",
            "“There is always hope”: Putin on the possibility of improving relations\n",
            "In other areas of cooperation, Putin continued:\n\n\"Well\"\n",
            "[inaudible] thank you\n[inaudible] again\n",
        ] {
            assert!(names(text).is_empty(), "{text:?} gave {:?}", names(text));
        }
    }

    #[test]
    fn label_line_transcripts_accept_a_lower_case_label() {
        let text = "Putin: (00:01)\nA.\nReporter: (00:02)\nB.\nPutin: (00:03)\nC.\nReporter:\nD.\naleksandr:\nE.\n";
        let got: Vec<String> = names(text).into_iter().map(|g| g.0).collect();
        assert_eq!(got, ["Putin", "Reporter", "Putin", "Reporter", "aleksandr"]);
    }

    #[test]
    fn dash_turns_are_turns_without_a_speaker() {
        let text = "Title\n\n- Mr. Putin, a question?\n\n- Well, you know.\n";
        let turns = parse(text, &SpeakerSettings::default());
        assert_eq!(turns.len(), 2);
        assert!(turns.iter().all(|t| t.label.is_none()));
        assert_eq!(&text[turns[1].text.clone()], "- Well, you know.");
    }

    #[test]
    fn turns_span_their_speech() {
        let text = "Putin: (00:01)\nOne.\n\nTwo.\nReporter: (00:02)\nThree.\n";
        let turns = parse(text, &SpeakerSettings::default());
        assert_eq!(&text[turns[0].text.clone()], "One.\n\nTwo.");
        assert_eq!(&text[turns[1].text.clone()], "Three.");
    }

    #[test]
    fn names_are_normalised() {
        let settings = SpeakerSettings {
            aliases: [("Matthew".to_string(), "Matthew Chance".to_string())].into(),
            ..SpeakerSettings::default()
        };
        for (raw, want) in [
            ("JOHN SMITH", "John Smith"),
            ("JOHN McDONALD", "John McDonald"),
            ("McDONALD", "McDonald"),
            ("O'BRIEN", "O'Brien"),
            ("RT", "RT"),
            ("CNN", "CNN"),
            ("aleksandr", "Aleksandr"),
            ("aaron van wirdum", "Aaron van Wirdum"),
            ("Matthew", "Matthew Chance"),
            ("Vladimir  Putin", "Vladimir Putin"),
            ("New START Treaty", "New START Treaty"),
            ("Vladimir PUTIN", "Vladimir PUTIN"),
            ("Speaker 2", "Speaker 2"),
            // Initials and acronyms keep their capitals: one short word, no vowel, or dotted.
            ("JFK", "JFK"),
            ("AOC", "AOC"),
            ("NATO", "NATO"),
            ("JOHN F. KENNEDY", "John F. Kennedy"),
            ("J.F.K.", "J.F.K."),
            ("SEN. JFK", "Sen. JFK"),
            ("JANE ROE", "Jane Roe"),
        ] {
            assert_eq!(normalise_name(raw, &settings), want, "{raw}");
        }
    }

    #[test]
    fn roster_counts_turns_and_flags_variants() {
        let text = "Matthew: (00:01)\nA.\nPutin: (00:02)\nB.\nPutin: (00:02)\nB2.\nMatthew Chance: (00:03)\nC.\nSjors Provost: (00:04)\nD.\nSjors Provoost: (00:05)\nE.\nSpeaker 1: (00:06)\nF.\nSpeaker 2: (00:07)\nG.\n";
        let roster = roster(text, &SpeakerSettings::default());
        assert_eq!(roster.speakers[0], ("Matthew".to_string(), 1));
        assert_eq!(
            roster.speakers[1],
            ("Putin".to_string(), 1),
            "merged turns count once"
        );
        assert_eq!(
            roster.variants,
            [
                ("Matthew".to_string(), "Matthew Chance".to_string()),
                ("Sjors Provost".to_string(), "Sjors Provoost".to_string())
            ]
        );
    }
}
