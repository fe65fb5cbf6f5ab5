//! Which lines carry speaker labels: candidates by style, and the evidence that keeps them.

use super::name_facts::{NameFacts, name_facts};
use super::*;
use crate::label_styles::{self, Special};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::collections::HashSet;
use std::ops::Range;

/// A label candidate on one line, before deciding whether it really is a speaker.
pub(super) fn candidate(text: &str, content: Range<usize>, line: usize) -> Option<Label> {
    let line_text = &text[content.clone()];
    let indent = line_text.len() - line_text.trim_start_matches([' ', '\t']).len();
    let unindented = &line_text[indent..];
    let has_colon = memchr::memchr(b':', unindented.as_bytes()).is_some();
    if let Some(styled) = label_styles::find(unindented, has_colon) {
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
    if !has_colon && !unindented.starts_with('[') {
        return None;
    }
    let read = match plain_label(unindented) {
        Some(read) => read?,
        None => pattern_label(unindented)?,
    };
    let (name, style) = (read.name, read.style);
    // A name the pattern could only match without its bounds: no other reading of the line
    // is a label either (see `label_patterns`).
    if !label_patterns::is_name(name) {
        return None;
    }
    // `**Name**` without a colon is only a label with a time after it: otherwise it is emphasis.
    if read.bold_without_colon && !read.after_time && !read.own_time {
        return None;
    }
    let name = name.trim().to_string();
    if style == LabelStyle::Bracket && TAGS.contains(&name.to_lowercase().as_str()) {
        return None;
    }
    let end = content.start + indent + read.end;
    Some(Label {
        range: content.start + indent..end,
        name,
        style,
        timed: read.own_time || read.after_time,
        alone: end >= content.end,
        line,
    })
}

/// What [`LABEL`] reads in a line (without its indentation), as far as a candidate needs it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct LabelRead<'a> {
    /// The name as matched, untrimmed.
    pub name: &'a str,
    pub style: LabelStyle,
    /// A time inside the label: `Name (00:41):`, `**Name (00:41):**`, Otter's.
    pub own_time: bool,
    /// A time after the label: `Name: (00:41)`.
    pub after_time: bool,
    /// `**Name**`, closed without a colon.
    pub bold_without_colon: bool,
    /// Where the match ends, in bytes.
    pub end: usize,
}

/// The line as [`LABEL`] reads it, its groups resolved by the regex crate (a backtracker,
/// which costs some fifty times a DFA's search on a label line).
pub(super) fn pattern_label(line: &str) -> Option<LabelRead<'_>> {
    let caps = LABEL.for_text(line).captures(line)?;
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
    let bold_end = caps.name("bold_end").map_or("", |m| m.as_str());
    Some(LabelRead {
        name: name.as_str(),
        style,
        own_time,
        after_time: caps
            .name("t1")
            .or(caps.name("t2"))
            .or(caps.name("t3"))
            .is_some(),
        bold_without_colon: style == LabelStyle::Bold
            && bold_end.ends_with("**")
            && !bold_end.starts_with(':'),
        end: caps.get(0).expect("whole match").end(),
    })
}

/// [`pattern_label`] for a line only [`LABEL`]'s `Name:` alternative can match, without the
/// backtracker: `None` for another line, `Some(None)` where the pattern reads no label (or
/// a name that is none). Most label lines of a transcript are of this kind.
///
/// Why this reads what the pattern reads: the bold and bracket alternatives need `**` or `[`
/// first, `>>` is left to the pattern, and an Otter label ends (but for spaces and tabs) with
/// its time's last digit. The `Name:` alternative's lazy name cannot run past the first
/// character names exclude, and before it the rest of the alternative (spaces and tabs, then
/// `(` or `:`) can start only after the name's last character that is not a space: so the
/// name is the text before that character with its trailing spaces left off, and whether the
/// alternative matches, with where, is [`PLAIN_REST`]'s search there. The `after` group can
/// always match, so it is [`AFTER_LABEL`]'s search after the colon. A group with a time in it
/// took part exactly when its match holds `(` (`plain_time`) or a colon (`after`).
pub(super) fn plain_label(line: &str) -> Option<Option<LabelRead<'_>>> {
    if line.starts_with(['*', '[']) || line.starts_with(">>") {
        return None;
    }
    match line.trim_end_matches([' ', '\t']).as_bytes().last() {
        Some(last) if last.is_ascii() && !last.is_ascii_digit() => {}
        _ => return None,
    }
    // The characters `NAME_CHARS` excludes are ASCII: no byte of another character is one.
    let stop = line
        .bytes()
        .position(|b| matches!(b, b':' | b'*' | b'[' | b']' | b'(' | b')' | b'\n' | b'\t'))
        .unwrap_or(line.len());
    let name = line[..stop].trim_end_matches(' ');
    // Whatever the rest of the line, a name that is none makes no label.
    if !label_patterns::is_name(name) {
        return Some(None);
    }
    // Either form of a pattern matches in a part of the line what the other would.
    let other_digits = label_patterns::has_other_digits(line);
    let rest = &line[name.len()..];
    let Some(colon) = PLAIN_REST.for_digits(other_digits).find(rest) else {
        return Some(None);
    };
    let after_start = name.len() + colon.end();
    let after_text = &line[after_start..];
    let after = AFTER_LABEL
        .for_digits(other_digits)
        .find(after_text)
        .map_or(0, |m| m.end());
    Some(Some(LabelRead {
        name,
        style: LabelStyle::Colon,
        own_time: colon.as_str().contains('('),
        after_time: after_text[..after].contains(':'),
        bold_without_colon: false,
        end: after_start + after,
    }))
}

/// Per candidate, whether it is a speaker's label: a name or role, and evidence that it is a
/// label. (Told, not kept: the caller moves or copies the labels, and may keep them all.)
pub(super) fn accept(
    text: &str,
    facts: &LineFacts,
    settings: &SpeakerSettings,
    mentions: Option<&mut MentionIndex>,
) -> Vec<bool> {
    let candidates = &facts.candidates[..];
    if candidates.is_empty() {
        return Vec::new();
    }
    // What each distinct name tells, and how many candidates have it (in any case).
    let (names, name_of) = name_facts(candidates);
    let name = |position: usize| &names[name_of[position]];
    // A document that writes labels alone on their lines, several times, is a transcript: there
    // every short `name:` line is a label, even a lower-case one written once.
    let alone_labels = (candidates.iter().enumerate())
        .filter(|&(position, c)| c.alone && name(position).count > 1)
        .count();
    let label_line_transcript = alone_labels >= 3;
    let roster: Vec<String> = settings
        .roster
        .iter()
        .chain(settings.aliases.keys())
        .map(|s| s.to_lowercase())
        .collect();
    let in_roster: Vec<bool> = names.iter().map(|n| roster.contains(&n.lower)).collect();
    let evidence = StyleEvidence::of(facts, &names, &name_of);
    // Every verdict that needs no search of the text first: the names to look for are then
    // only those of labels whose verdict rests on it, most often none.
    let verdicts: Vec<Option<bool>> = candidates
        .iter()
        .enumerate()
        .map(|(position, c)| {
            let facts = name(position);
            if let Some(verdict) = evidence.by_style(c, facts) {
                return Some(verdict);
            }
            if facts.never {
                return Some(false);
            }
            if in_roster[name_of[position]] || c.timed || evidence.by_document(position, c, facts) {
                return Some(true);
            }
            let lowercase_ok = label_line_transcript && c.alone && facts.words <= 3;
            if !(facts.looks_like_name || lowercase_ok) {
                return Some(false);
            }
            // Said once, a line alone is a label only where a turn can start: a line of a
            // paragraph that runs on (`... testified before our` / `committee the following:`,
            // hard-wrapped text) continues a sentence.
            let count = facts.count;
            let alone_turn =
                label_line_transcript && c.alone && (count > 1 || starts_turn(text, c.range.start));
            if alone_turn || count > 1 {
                return Some(true);
            }
            // A one-word name mentioned in the text may be a topic (`Drivechain: an introduction`);
            // it has to recur as a label. A full name or a role mentioned elsewhere is enough
            // (`None`: the verdict waits for the search).
            if facts.full_name { None } else { Some(false) }
        })
        .collect();
    let mentioned = mentioned_elsewhere(
        text,
        candidates
            .iter()
            .zip(&verdicts)
            .filter(|(_, verdict)| verdict.is_none())
            .map(|(c, _)| c),
        mentions,
    );
    (candidates.iter().zip(verdicts))
        .map(|(c, verdict)| verdict.unwrap_or_else(|| mentioned.contains(&c.range.start)))
        .collect()
}

/// What a document's label styles tell about its candidates, beyond each label on its own.
pub(super) struct StyleEvidence<'a> {
    /// Hearing records label every turn `Chairman NAME.`: one such line is a sentence, several
    /// are the record's style.
    hearing_labels: usize,
    /// Recurring labels in capitals: a document of them takes a name in capitals said once.
    shouted_labels: usize,
    /// Broadcast transcripts introduce a speaker once as `JANE DOE, BYLINE:` and then write
    /// the surname alone (`DOE:`): that surname is a label even said once.
    introduced: HashSet<String>,
    /// Per candidate, whether it opens a paragraph.
    opening: &'a [bool],
    /// Most paragraphs open with a label, one of them recurring: a transcript of `Name: text`
    /// paragraphs (as subtitles become), where a paragraph that opens with a name is a turn
    /// even if that speaker says one thing.
    paragraph_transcript: bool,
}

impl<'a> StyleEvidence<'a> {
    fn of(facts: &'a LineFacts, names: &[NameFacts], name_of: &[usize]) -> Self {
        let (candidates, opening) = (&facts.candidates, &facts.opening[..]);
        let opening_count = opening.iter().filter(|&&o| o).count();
        let name = |position: usize| &names[name_of[position]];
        let recurring_opening = (0..candidates.len())
            .any(|p| opening[p] && name(p).count > 1 && name(p).looks_like_name);
        StyleEvidence {
            hearing_labels: candidates
                .iter()
                .filter(|c| c.style == LabelStyle::Hearing)
                .count(),
            shouted_labels: (0..candidates.len())
                .filter(|&p| name(p).shouted && name(p).count > 1)
                .count(),
            // Every name is some candidate's.
            introduced: (names.iter())
                .filter_map(|n| n.introduces.clone())
                .collect(),
            paragraph_transcript: opening_count >= 3
                && recurring_opening
                && opening_count * 2 >= facts.paragraphs,
            opening,
        }
    }

    /// The verdict a label's own style gives, before any other evidence.
    fn by_style(&self, c: &Label, name: &NameFacts) -> Option<bool> {
        match c.style {
            LabelStyle::Continuation => Some(true),
            LabelStyle::Hearing => Some(self.hearing_labels >= 2),
            LabelStyle::Seat => Some(looks_like_name(seat_person(&c.name))),
            _ if name.with_role => Some(looks_like_name(
                c.name.split(',').next().unwrap_or_default(),
            )),
            _ => None,
        }
    }

    /// Whether the document's style makes candidate `index`, said once, a label.
    fn by_document(&self, index: usize, c: &Label, name: &NameFacts) -> bool {
        let colon = c.style == LabelStyle::Colon;
        let paragraph_turn = self.paragraph_transcript
            && self.opening[index]
            && colon
            && name.words <= 4
            && name.looks_like_name;
        let shouted_turn = (self.shouted_labels >= 3 || self.introduced.contains(&name.lower))
            && name.shouted
            && colon;
        paragraph_turn || shouted_turn
    }
}

/// A continuation marker speaks for the speaker of the label before it; one with no label
/// before it names nobody and is no label.
pub(super) fn continue_speakers(labels: Vec<Label>) -> Vec<Label> {
    let mut continued: Vec<Label> = Vec::with_capacity(labels.len());
    // Where the last label with a name of its own is in `continued`: its name is copied only
    // for a continuation marker, not kept aside for every label.
    let mut speaker: Option<usize> = None;
    for mut label in labels {
        if label.style == LabelStyle::Continuation {
            let Some(at) = speaker else {
                continue;
            };
            label.name = continued[at].name.clone();
        } else {
            speaker = Some(continued.len());
        }
        continued.push(label);
    }
    continued
}

/// Whether a turn can start on the line holding `at`: it opens a paragraph, or the line before
/// it ends a sentence, an aside or a quotation.
pub(super) fn starts_turn(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = text[..line_start.saturating_sub(1)].rsplit('\n').next();
    match before.map(str::trim_end) {
        None | Some("") => true,
        Some(line) => line.ends_with(['.', '?', '!', '…', '"', '”', '\'', '’', ')', ']', '-', '—']),
    }
}

/// The person of a seat label: `Mr. Pierre Poilievre` of `Mr. Pierre Poilievre (Carleton, CPC)`.
pub(super) fn seat_person(name: &str) -> &str {
    name.split('(').next().unwrap_or(name).trim()
}

/// Written in capitals throughout, with at least two letters: `INSKEEP`, `JANE DOE`.
pub(super) fn is_shouted(name: &str) -> bool {
    name.chars().filter(|c| c.is_uppercase()).count() >= 2 && !name.chars().any(char::is_lowercase)
}

/// Short, no sentence punctuation, not a number: could be a name at all.
pub(super) fn plausible_name(name: &str) -> bool {
    let words = name.split_whitespace().count();
    (1..=6).contains(&words)
        && name.chars().next().is_some_and(char::is_alphabetic)
        && !name.contains(['?', '!', ',', ';', '"', '“', '”', '='])
        && !name
            .split_whitespace()
            .any(|w| w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() > 3)
}

/// A role rather than a person's name: `Reporter`, `Speaker 2`, `Q`.
pub(super) fn is_role(name: &str) -> bool {
    let lower = name.to_lowercase();
    ROLES.iter().any(|role| {
        lower
            .strip_prefix(role)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// Roles that several people share in turn: consecutive turns under them are different people.
pub(super) const SHARED_ROLES: &[&str] = &[
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
pub(super) fn looks_like_name(name: &str) -> bool {
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
pub(super) const LONG_DOCUMENT: usize = 1 << 20;

/// Of `labels`, those whose name (as written) also occurs in `text` outside the label itself,
/// by the start of the label.
pub(super) fn mentioned_elsewhere<'a>(
    text: &str,
    labels: impl Iterator<Item = &'a Label>,
    mentions: Option<&mut MentionIndex>,
) -> HashSet<usize> {
    let labels: Vec<&Label> = labels.collect();
    if labels.is_empty() {
        return HashSet::new();
    }
    // A few names are each looked for on their own, at SIMD speed and stopping at the first
    // occurrence outside the label; many, in one pass of an automaton. Both find the same.
    if labels.len() <= FEW_NAMES && labels.iter().all(|l| !l.name.is_empty()) {
        match mentions {
            Some(index) => mentioned_by_index(text, &labels, index),
            None => mentioned_by_name(text, &labels),
        }
    } else {
        mentioned_by_automaton(text, &labels)
    }
}

/// [`mentioned_elsewhere`], one `memmem` search or two per label (names not empty).
pub(super) fn mentioned_by_name(text: &str, labels: &[&Label]) -> HashSet<usize> {
    let bytes = text.as_bytes();
    labels
        .iter()
        .filter(|label| {
            let name = label.name.as_bytes();
            // An occurrence outside the label starts before it (and may run into it), or at
            // its end or later.
            let before = &bytes[..(label.range.start + name.len() - 1).min(bytes.len())];
            let after = &bytes[label.range.end.min(bytes.len())..];
            memchr::memmem::find(before, name).is_some()
                || memchr::memmem::find(after, name).is_some()
        })
        .map(|label| label.range.start)
        .collect()
}

/// [`mentioned_by_name`], from the occurrences an index keeps of each name while the text
/// changes (names not empty).
pub(super) fn mentioned_by_index(
    text: &str,
    labels: &[&Label],
    index: &mut MentionIndex,
) -> HashSet<usize> {
    index.search_missing(text, labels.iter().map(|label| label.name.as_str()));
    labels
        .iter()
        .filter(|label| {
            // In order: the first occurrence tells whether one starts before the label, the
            // last whether one starts at its end or later.
            let found = index.occurrences(text, &label.name);
            found.first().is_some_and(|&at| at < label.range.start)
                || found.last().is_some_and(|&at| at >= label.range.end)
        })
        .map(|label| label.range.start)
        .collect()
}

/// [`mentioned_elsewhere`] in one overlapping pass of an automaton over all the names.
pub(super) fn mentioned_by_automaton(text: &str, labels: &[&Label]) -> HashSet<usize> {
    let mut found = HashSet::new();
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

/// Up to how many names [`mentioned_elsewhere`] searches one by one. One name's search costs
/// at most one pass of `memmem` (0.4 ms on 10 MB), the automaton's overlapping pass about 20 ms
/// on 10 MB as a DFA and 6 ms on 1 MB as an NFA: below this many names the searches cost less.
const FEW_NAMES: usize = 48;
