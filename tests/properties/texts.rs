//! Generators of the texts the properties run on: realistic scraped transcripts, a soup of the
//! pieces the built-in rules react to, and arbitrary Unicode, so that each property is tried
//! both where the rules fire often and where nothing was written with them in mind.

use proptest::prelude::*;
use proptest::sample::{Index, select};

/// Speech words, including the ones that put `russia-us.toml` in force and the ones its guards
/// look for, so that its corrections get their chance to fire.
const VOCABULARY: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "we",
    "said",
    "president",
    "situation",
    "in",
    "that",
    "is",
    "it",
    "have",
    "will",
    "people",
    "question",
    "thank",
    "you",
    "very",
    "much",
    "good",
    "evening",
    "Russia",
    "Russian",
    "Putin",
    "Kremlin",
    "Moscow",
    "Ukraine",
    "talks",
    "summit",
    "strategic",
    "stability",
    "nuclear",
    "arms",
    "control",
    "cybersecurity",
    "dialogue",
    "treaty",
    "had",
    "really",
    "Sputnik",
    "rev.com",
    "Donbas",
    "don't",
    "O'Brien",
    "café",
    "Zürich",
    "Дмитрий",
    "Песков",
    "東京",
    "2019",
    "10",
    "1",
    "01:51",
    "10:42",
];

/// Known mis-transcriptions and typing errors from `rules/*.toml`, as they occur in speech.
const MISHEARD: &[&str] = &[
    "Dombas",
    "DOMBAS",
    "dombas",
    "Neustadt Treaty",
    "Neustadt\nTreaty",
    "new start treaty",
    "star treaty",
    "Unites States",
    "oanly",
    "Oanly",
    "Oliver stone",
    "Finish team",
    "Yanokovich",
    "Russian confederation",
    "ADM Treaty",
    "ascension to NATO",
    "Alexie Navalny",
    "original conflicts",
    "Radio Freedom Europe",
];

/// Bracketed tags and time markers as transcription services leave them in the speech.
const TAGS: &[&str] = &[
    "[inaudible 00:16:09]",
    "[Inaudible 00:32:55]",
    "[crosstalk 00:01:02]",
    "[Oshekoff 00:01:33]",
    "[00:01:33]",
    "\\[04:10\\]",
    "[inaudible]",
    "[laughter]",
];

/// Site furniture, each line alone in its paragraph as scraped pages have it.
const BOILERPLATE: &[&str] = &[
    "Get short URL",
    "READ MORE: Putin says the talks went well",
    "Listen Live",
    "© Sputnik / Sergey Guneev",
    "01:51 GMT +320 September 2019",
    "September 20, 2019. The president at the summit",
    "Comment via Facebook",
    "Community standards",
    "Published at www.rev.com",
    "Sep 21, 2021",
    "Read the transcript of the call here.",
    "Executive Intelligence Review",
    "Subscribe to EIR",
    "Downloaded From www.AllSubs.org",
    "Note: this transcript was edited",
];

const NAMES: &[&str] = &[
    "Vladimir Putin",
    "Reporter",
    "Matthew Chance",
    "Matthew",
    "Dmitry Peskov",
    "John McDonald",
    "Henry Zhu",
    "Q",
    "A",
    "Speaker 1",
];

/// Characters that scraping leaves between words or inside them.
const ODD: &[&str] = &[
    "\u{a0}", "\u{200b}", "\u{feff}", "\u{ad}", "\u{2060}", "\u{200d}", "\u{202f}", "\u{3000}",
    "\u{1680}", "\u{2009}", "\u{85}", "\u{2028}", "\u{2029}", "\u{7f}", "\u{0}", "\u{1b}",
    "\u{301}", "e\u{301}", "\r", "\t", "\u{b}", "\u{c}",
];

/// One token of speech.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        10 => select(VOCABULARY).prop_map(str::to_string),
        4 => "[a-zA-Z]{1,10}",
        1 => "\\p{L}{1,6}",
        2 => select(MISHEARD).prop_map(str::to_string),
        // Doubled words, some of which speech doubles on purpose and the rule keeps.
        2 => select(VOCABULARY).prop_map(|w| format!("{w} {w}")),
        1 => select(&["had had", "very very", "that that", "the the the", "Of of"][..])
            .prop_map(str::to_string),
        1 => select(TAGS).prop_map(str::to_string),
        2 => ("[a-z]{1,8}", select(&[",", ".", "?", "!", ";", "…", "—", ":", "\""][..]))
            .prop_map(|(w, p)| format!("{w}{p}")),
        1 => "[a-z]{1,8}".prop_map(|w| format!("“{w}”")),
    ]
}

/// What separates two tokens: mostly a space, sometimes what scraping leaves instead.
fn gap() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        20 => Just(" "),
        1 => Just("\u{a0}"),
        1 => Just("  "),
        1 => Just("\n"),
        1 => Just(" \t"),
        1 => Just("\u{200b} "),
    ]
}

fn speech() -> impl Strategy<Value = String> {
    prop::collection::vec((token(), gap()), 1..20).prop_map(|tokens| {
        let mut out = String::new();
        for (i, (token, gap)) in tokens.iter().enumerate() {
            if i > 0 {
                out.push_str(gap);
            }
            out.push_str(token);
        }
        out
    })
}

fn clock(seconds: u32, hours: bool) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// A turn: a speaker label in one of the styles of README's "Transcripts" section, or none.
fn turn() -> impl Strategy<Value = String> {
    (select(NAMES), 0..12u8, 0..20_000u32, speech()).prop_map(|(name, style, at, speech)| {
        let upper = name.to_uppercase();
        match style {
            0 => format!("{name}: ({})\n{speech}", clock(at, false)),
            1 => format!("{name} ({}):\n{speech}", clock(at, true)),
            2 => format!("{name}: {}\n{speech}", clock(at, true)),
            3 => format!("{name}  {}:{:02}\n{speech}", at / 60 % 60, at % 60),
            4 => format!("{name}: {speech}"),
            5 => format!("{upper}: {speech}"),
            6 => format!(">> {upper}: {speech}"),
            7 => format!("**{name}:** {speech}"),
            8 => format!("**{name}** [{}] {speech}", clock(at, true)),
            9 => format!("[{name}] {speech}"),
            _ => speech,
        }
    })
}

fn paragraph() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => turn(),
        2 => select(BOILERPLATE).prop_map(str::to_string),
        // Indented or with trailing spaces, as copied out of a page.
        1 => turn().prop_map(|t| format!("    {t}  ")),
        1 => turn().prop_map(|t| format!("\t{t}")),
    ]
}

/// What separates two paragraphs.
fn paragraph_break() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        6 => Just("\n\n"),
        3 => Just("\n"),
        1 => Just("\n\n\n\n"),
        1 => Just(" \n \n"),
    ]
}

/// A scraped transcript: turns in several label styles, boilerplate paragraphs, paragraphs the
/// page repeats (a teaser and its full text), line endings LF or CRLF, with or without a final
/// line break.
pub fn transcript() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((paragraph(), paragraph_break()), 1..10),
        prop::collection::vec((any::<Index>(), any::<Index>()), 0..3),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(paragraphs, repeats, crlf, final_break)| {
            let mut parts: Vec<(String, &str)> = paragraphs;
            for (which, to) in repeats {
                let repeated = parts[which.index(parts.len())].clone();
                let at = to.index(parts.len() + 1);
                parts.insert(at, repeated);
            }
            let mut text = String::new();
            for (i, (paragraph, gap)) in parts.iter().enumerate() {
                if i > 0 {
                    text.push_str(gap);
                }
                text.push_str(paragraph);
            }
            if final_break {
                text.push('\n');
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text
        })
}

/// Pieces of scraped transcripts concatenated without any structure: labels in the middle of a
/// line, tags split over lines, everything the built-in rules react to next to everything else.
pub fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Vladimir Putin: (00:41)\n".to_string()),
        Just("Reporter: (1:02:03) ".to_string()),
        Just("Reporter:\n".to_string()),
        Just(">> JOHN McDONALD: ".to_string()),
        Just("**Jerod Santo:** ".to_string()),
        Just("**Adam** [00:00:00] ".to_string()),
        Just("Henry Zhu  0:34  \n".to_string()),
        Just("Q: ".to_string()),
        Just("A: ".to_string()),
        Just("\n- ".to_string()),
        Just("aleksandr:\n".to_string()),
        select(TAGS).prop_map(str::to_string),
        select(MISHEARD).prop_map(|m| format!("{m} ")),
        Just("of of ".to_string()),
        Just("the the the ".to_string()),
        Just("Russia ".to_string()),
        Just("Sputnik\n".to_string()),
        Just("rev.com\n".to_string()),
        select(BOILERPLATE).prop_map(|b| format!("{b}\n")),
        select(ODD).prop_map(str::to_string),
        Just("  ".to_string()),
        Just("\n".to_string()),
        Just("\n\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("    ".to_string()),
        Just("Dialogue is always good and always in demand for everyone here. ".to_string()),
        Just(
            "Dialogue is always good and always in demand for everyone here. More.\n\n".to_string()
        ),
        "[a-zA-Z]{1,8} ",
        "[a-z]{1,6}[.,?:] ",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

/// Any text at all: printable Unicode, or any characters including controls and line breaks,
/// or transcript tokens mixed with odd characters.
pub fn unicode() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,200}",
        "[\\s\\S]{0,200}",
        prop::collection::vec(
            prop_oneof![
                token(),
                select(ODD).prop_map(str::to_string),
                any::<char>().prop_map(String::from),
                Just("\n".to_string()),
                Just(" ".to_string()),
            ],
            0..60
        )
        .prop_map(|pieces| pieces.concat()),
    ]
}

/// Every generator, for properties that must hold of any text.
pub fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![2 => transcript(), 1 => soup(), 1 => unicode()]
}
