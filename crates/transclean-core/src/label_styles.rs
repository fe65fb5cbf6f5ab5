//! Speaker-label styles of records and exports that the common `Name:` patterns miss: Rev's
//! continuation markers, hearing records' `Chairman NAME.`, parliamentary `Mr. Name (Seat,
//! Party):` and broadcast `NAME, ROLE:` labels.
//!
//! Each style is recognised here, before the general label pattern of the transcript parser, so
//! that the parser's acceptance rules can weigh the evidence each style carries on its own.

use crate::label_patterns::{self, NAME_CHARS, TimePattern};
use regex::Regex;
use std::sync::LazyLock;

/// A label style found by this module, with where its name is in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledLabel {
    /// The name as the label writes it (for a seat label, with its seat).
    pub name: String,
    pub style: Special,
    /// Bytes of the line the label takes, from its first character, with the spaces after it.
    pub len: usize,
}

/// The styles this module knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// `(00:01:54):` alone on a line: the speaker of the turn before goes on (Rev).
    Continuation,
    /// `Chairman HAMILTON.`, `Mr. NIELDS.`: a title and a surname in capitals, then a full
    /// stop (U.S. congressional hearing records).
    Hearing,
    /// `Mr. Pierre Poilievre (Carleton, CPC):` (parliamentary records).
    Seat,
    /// `0:00:11.2 **Jason Staten** Hello`: a time, then a bold name (orbit.fm's transcripts).
    TimedBold,
}

/// `(00:01:54):` with nothing after it.
static CONTINUATION: TimePattern =
    TimePattern::new(|time| format!(r"^\(\s*{time}\s*\)[\x20\t]*:?[\x20\t]*$"));

/// Titles that open a hearing label.
const HEARING_TITLES: &str = r"Chairman|Chairwoman|Chairperson|Chair|Vice\x20Chairman|Senator|Representative|Mr\.|Mrs\.|Ms\.|Miss|Dr\.|Judge|General|Admiral|Colonel|Secretary|Ambassador";

/// The first words of [`HEARING_TITLES`] and `The`, to rule most lines out before the pattern.
const TITLE_WORDS: &[&str] = &[
    "Chair",
    "Vice ",
    "Senator ",
    "Representative ",
    "Mr. ",
    "Mrs. ",
    "Ms. ",
    "Miss ",
    "Dr. ",
    "Judge ",
    "General ",
    "Admiral ",
    "Colonel ",
    "Secretary ",
    "Ambassador ",
    "The ",
];

/// `Chairman HAMILTON.` / `The CHAIRMAN.` / `Mr. GARCIA of Illinois.` at the start of a line.
static HEARING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<name>The\x20(?:CHAIRMAN|CHAIRWOMAN|CHAIR|PRESIDENT|SPEAKER|CLERK|WITNESS|COURT)|(?:{HEARING_TITLES})\x20(?:[A-Z]\.\x20)?[A-Z][A-Z'’\-]+(?:\x20[A-Z][A-Z'’\-]+)?(?:\x20of\x20[A-Z][a-z]+(?:\x20[A-Z][a-z]+)?)?)\.(?:[\x20\t]+|$)"
    ))
    .expect("valid pattern")
});

/// `Name (Constituency, Party):`, the seat in parentheses with a comma in it. The name is
/// checked by [`label_patterns::is_capitalised_name`], the seat's parts by
/// [`label_patterns::fits_sixty`]: each part ends where a character it cannot hold starts.
static SEAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<name>(?P<person>{NAME_CHARS})[\x20\t]*\((?P<place>[^()\n:,]+),(?P<party>[^()\n:]+)\))[\x20\t]*:[\x20\t]*",
    ))
    .expect("valid pattern")
});

/// `0:00:11.2 **Jason Staten**` at the start of a line.
static TIMED_BOLD: TimePattern = TimePattern::new(|time| {
    format!(r"^{time}[\x20\t]+\*\*(?P<name>{NAME_CHARS})\*\*:?(?:[\x20\t]+|$)")
});

/// The special label at the start of `line` (its indentation already removed), if any.
/// `has_colon` tells whether the line has a colon, which the caller looks for too: only a
/// hearing label can have none (every time has one).
pub fn find(line: &str, has_colon: bool) -> Option<StyledLabel> {
    if line.starts_with('(') {
        return (has_colon && CONTINUATION.for_text(line).is_match(line)).then(|| StyledLabel {
            name: String::new(),
            style: Special::Continuation,
            len: line.len(),
        });
    }
    if has_colon
        && line.starts_with(|c: char| c.is_ascii_digit())
        && let Some(caps) = TIMED_BOLD.for_text(line).captures(line)
        && label_patterns::is_name(&caps["name"])
    {
        return Some(StyledLabel {
            name: caps["name"].trim().to_string(),
            style: Special::TimedBold,
            len: caps.get(0).expect("whole match").end(),
        });
    }
    // Most lines are prose: the patterns run only where their shape can start.
    let hearing_shape = TITLE_WORDS.iter().any(|title| line.starts_with(title));
    if hearing_shape && let Some(caps) = HEARING.captures(line) {
        return Some(StyledLabel {
            name: caps["name"].to_string(),
            style: Special::Hearing,
            len: caps.get(0).expect("whole match").end(),
        });
    }
    if !(has_colon && line.contains('(')) {
        return None;
    }
    let caps = SEAT.captures(line)?;
    let seat_fits = label_patterns::is_capitalised_name(&caps["person"])
        && label_patterns::fits_sixty(&caps["place"])
        && label_patterns::fits_sixty(&caps["party"]);
    if !seat_fits {
        return None;
    }
    Some(StyledLabel {
        name: caps["name"].trim().to_string(),
        style: Special::Seat,
        len: caps.get(0).expect("whole match").end(),
    })
}

/// `Mr. NIELDS`, `Senator INOUYE`: a title and then only words in capitals, as records write
/// a surname by convention (a label in any style).
pub fn is_titled_surname(name: &str) -> bool {
    static TITLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"^(?:{HEARING_TITLES})\x20(?:[A-Z]\.\x20)?[A-Z][A-Z'’\-]+(?:\x20[A-Z][A-Z'’\-]+)?$"
        ))
        .expect("valid pattern")
    });
    // Most labels open with no title: the pattern is not compiled for them (a fifteenth of
    // `check` on one small file, issue 15).
    TITLE_WORDS.iter().any(|title| name.starts_with(title)) && TITLED.is_match(name)
}

/// Roles written after a name and a comma: `JANE DOE, HOST:`, `ARI SHAPIRO, BYLINE:`.
const TRAILING_ROLES: &[&str] = &[
    "host",
    "co-host",
    "byline",
    "guest",
    "moderator",
    "anchor",
    "correspondent",
    "reporter",
    "interviewer",
    "narrator",
    "announcer",
    "panelist",
    "senator",
    "president",
    "chair",
    "chairman",
];

/// `JANE DOE, HOST`: a name, one comma, and a broadcast role after it.
pub fn is_name_with_role(name: &str) -> bool {
    let Some((person, role)) = name.split_once(',') else {
        return false;
    };
    !person.trim().is_empty()
        && !role.contains(',')
        && TRAILING_ROLES.contains(&role.trim().to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(line: &str) -> Option<StyledLabel> {
        super::find(line, line.contains(':'))
    }

    #[test]
    fn finds_each_style() {
        let c = find("(00:01:54):").unwrap();
        assert_eq!((c.style, c.len), (Special::Continuation, 11));
        assert!(find("(00:01:54): and more").is_none());
        let h = find("Chairman HAMILTON. Congressional oversight").unwrap();
        assert_eq!(
            (h.name.as_str(), h.style, h.len),
            ("Chairman HAMILTON", Special::Hearing, 19)
        );
        assert_eq!(find("The CHAIRMAN.").unwrap().name, "The CHAIRMAN");
        assert_eq!(
            find("Mr. GARCIA of Illinois. Yes.").unwrap().name,
            "Mr. GARCIA of Illinois"
        );
        let s = find("Mr. Pierre Poilievre (Carleton, CPC):").unwrap();
        assert_eq!(
            (s.name.as_str(), s.style),
            ("Mr. Pierre Poilievre (Carleton, CPC)", Special::Seat)
        );
    }

    #[test]
    fn prose_is_no_special_label() {
        for line in [
            "Mr. Smith went to Washington.",
            "The END.",
            "Chairman of the board.",
            "The meeting (at noon, sharp) ended.",
            "(laughs)",
            "The USA. It is big.",
        ] {
            assert_eq!(find(line), None, "{line}");
        }
    }

    #[test]
    fn titled_surnames() {
        assert!(is_titled_surname("Mr. NIELDS"));
        assert!(is_titled_surname("Chairman INOUYE"));
        assert!(!is_titled_surname("Vladimir PUTIN"));
        assert!(!is_titled_surname("Mr. Nields"));
    }

    /// The patterns run only on text that opens with one of [`TITLE_WORDS`]: each title of
    /// [`HEARING_TITLES`], with the space after it, must open with one.
    #[test]
    fn title_words_open_every_title() {
        for title in HEARING_TITLES.split('|') {
            let written = format!("{} ", title.replace(r"\x20", " ").replace(r"\.", "."));
            assert!(
                TITLE_WORDS.iter().any(|word| written.starts_with(word)),
                "{written:?}"
            );
        }
    }

    #[test]
    fn names_with_roles() {
        assert!(is_name_with_role("JANE DOE, HOST"));
        assert!(is_name_with_role("Ari Shapiro, byline"));
        assert!(!is_name_with_role("Paris, France"));
        assert!(!is_name_with_role("a, b, host"));
    }
}
