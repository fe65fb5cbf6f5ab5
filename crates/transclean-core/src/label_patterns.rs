//! The speaker-label and time patterns in forms that compile fast, with the checks that make
//! them match exactly what the plain forms match.
//!
//! A process that checks one small file (a pre-commit hook) compiles the label patterns on every
//! run, and in their plain Unicode form that was most of its time: a time has four `\d`s, which
//! in a Unicode regex are the decimal digits of every script, and the label pattern holds six
//! times and four names of `[\p{L}][^…]{0,59}?`, each a 60-fold copy of a Unicode class. So:
//! - a [`TimePattern`] is compiled with `[0-9]` for text whose digits are all ASCII (where `\d`
//!   matches the same) and with `\d` only when a text has another digit;
//! - a name is matched by [`NAME_CHARS`] without a length or a first letter, and [`is_name`]
//!   checks both after the match. The characters after a name can never be part of it, so the
//!   name a pattern finds is the one the bounded form would, or one too long for it.

use regex::Regex;
use regex_syntax::hir::{Class, ClassUnicode, HirKind};
use std::sync::{LazyLock, OnceLock};

/// A time as transcription services write it: `0:34`, `00:41`, `1:02:03`, `00:00:04.160`.
pub const TIME: &str = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?";

/// [`TIME`] for text whose digits are all ASCII.
const ASCII_TIME: &str = r"(?:[0-9]{1,2}:)?[0-9]{1,2}:[0-9]{2}(?:[.,][0-9]{1,3})?";

/// The characters of a speaker name: no colon, brackets, asterisks, tabs or line breaks.
/// A name's first character and its length are checked by [`is_name`].
pub const NAME_CHARS: &str = r"[^:*\[\]()\n\t]+?";

/// The longest speaker name, in characters.
const NAME_MAX: usize = 60;

/// A pattern with times in it, compiled on first use, once per kind of digits it needs.
pub struct TimePattern {
    /// The pattern, given the form of [`TIME`] to put in it.
    build: fn(time: &str) -> String,
    ascii: OnceLock<Regex>,
    unicode: OnceLock<Regex>,
}

impl TimePattern {
    pub const fn new(build: fn(time: &str) -> String) -> TimePattern {
        TimePattern {
            build,
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// The pattern compiled for the digits of `text`: it matches in `text` exactly what the
    /// pattern with [`TIME`] matches.
    pub fn for_text(&self, text: &str) -> &Regex {
        self.for_digits(has_other_digits(text))
    }

    /// [`Self::for_text`] given `has_other_digits` of the text or of any text holding it: a
    /// caller searching several parts of one line looks at its digits once.
    pub fn for_digits(&self, other_digits: bool) -> &Regex {
        let (cell, time) = if other_digits {
            (&self.unicode, TIME)
        } else {
            (&self.ascii, ASCII_TIME)
        };
        cell.get_or_init(|| Regex::new(&(self.build)(time)).expect("valid time pattern"))
    }
}

/// Whether `text` has a character outside ASCII that `\d` might match (any numeric one: a
/// superset of the decimal digits, which only costs compiling the Unicode form).
///
/// Only the characters outside ASCII are decoded, found a chunk at a time: most lines are ASCII
/// but for a few curly quotes, and decoding every character of every long line was a fifth of
/// finding the label candidates of a large document (issue 15).
pub fn has_other_digits(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Always at a character boundary: after an ASCII run, or after a decoded character.
    let mut at = 0;
    while let Some(offset) = crate::text::first_non_ascii(&bytes[at..]) {
        let c = text[at + offset..]
            .chars()
            .next()
            .expect("a character starts here");
        if c.is_numeric() {
            return true;
        }
        at += offset + c.len_utf8();
    }
    false
}

/// Whether `name`, matched by [`NAME_CHARS`], is what `[\p{L}][^…]{0,59}?` would match: a
/// letter first, at most 60 characters.
pub fn is_name(name: &str) -> bool {
    starts_with_class(name, &LETTER) && fits_sixty(name)
}

/// Like [`is_name`], with an upper-case letter (`\p{Lu}`) first.
pub fn is_capitalised_name(name: &str) -> bool {
    starts_with_class(name, &UPPERCASE_LETTER) && fits_sixty(name)
}

/// Whether `text` is 1 to 60 characters long, as `[…]{1,60}` requires.
pub fn fits_sixty(text: &str) -> bool {
    // Told from the length in bytes where it can be (a character is 1 to 4 bytes): the text
    // before a colon is asked about for every line, and decoding 61 characters of each long
    // line was a twentieth of a turn parse (issue 15).
    match text.len() {
        0 => false,
        bytes if bytes <= NAME_MAX => true,
        bytes if bytes > 4 * NAME_MAX || text.is_ascii() => false,
        _ => text.chars().nth(NAME_MAX).is_none(),
    }
}

static LETTER: LazyLock<ClassUnicode> = LazyLock::new(|| unicode_class(r"\p{L}"));
static UPPERCASE_LETTER: LazyLock<ClassUnicode> = LazyLock::new(|| unicode_class(r"\p{Lu}"));

/// The ranges of a Unicode class, from regex-syntax's tables (the ones the regexes use).
fn unicode_class(class: &str) -> ClassUnicode {
    let hir = regex_syntax::parse(class).expect("valid class");
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) => class,
        other => unreachable!("{class} is a Unicode class, not {other:?}"),
    }
}

fn starts_with_class(text: &str, class: &ClassUnicode) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let ranges = class.ranges();
    let at = ranges.partition_point(|range| range.end() < first);
    ranges.get(at).is_some_and(|range| range.start() <= first)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Told from the length where it can be, a text fits sixty characters as counting
        /// them says.
        #[test]
        fn sixty_characters_are_told_as_by_counting(
            text in "[a é€😀]{0,70}|[a]{55,65}|[😀]{55,65}|[é]{55,65}"
        ) {
            let by_counting = (1..=NAME_MAX).contains(&text.chars().count());
            proptest::prop_assert_eq!(fits_sixty(&text), by_counting);
        }
    }

    #[test]
    fn time_patterns_match_as_the_unicode_form_does() {
        static ALONE: TimePattern = TimePattern::new(|time| format!("^{time}$"));
        let unicode = Regex::new(&format!("^{TIME}$")).unwrap();
        for text in [
            "00:41",
            "1:02:03.5",
            "٠٠:٤١",
            "0:3",
            "12:34:56:78",
            "00:41 ½",
            "é 0:34",
        ] {
            assert_eq!(
                ALONE.for_text(text).is_match(text),
                unicode.is_match(text),
                "{text}"
            );
        }
        assert!(ALONE.for_text("٠٠:٤١").is_match("٠٠:٤١"));
    }

    /// The definition `has_other_digits` is a faster form of.
    fn by_characters(text: &str) -> bool {
        text.chars().any(|c| !c.is_ascii() && c.is_numeric())
    }

    #[test]
    fn other_digits_are_found_as_by_characters_for_every_character() {
        let padding = "a".repeat(30);
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            // Alone, and straddling the first chunk's end after a curly quote.
            for text in [
                c.to_string(),
                format!("{padding}{c}"),
                format!("’{padding}{c}x"),
            ] {
                assert_eq!(has_other_digits(&text), by_characters(&text), "{c:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn other_digits_are_found_as_by_characters(
            text in "[a1 :’é½٤\u{2460}\u{10107}]{0,80}"
        ) {
            proptest::prop_assert_eq!(has_other_digits(&text), by_characters(&text));
        }
    }

    #[test]
    fn names_are_checked_as_the_bounded_pattern_does() {
        let bounded = Regex::new(r"^[\p{L}][^:*\[\]()\n\t]{0,59}$").unwrap();
        let sixty = "a".repeat(60);
        let sixty_one = "é".repeat(61);
        for name in [
            "Vladimir Putin",
            "élan",
            "1st speaker",
            " Jo",
            "",
            &sixty,
            &sixty_one,
        ] {
            assert_eq!(is_name(name), bounded.is_match(name), "{name:?}");
        }
        assert!(is_capitalised_name("Mr. Pierre Poilievre"));
        assert!(!is_capitalised_name("mr. Smith"));
        assert!(fits_sixty("Carleton") && !fits_sixty("") && !fits_sixty(&sixty_one));
    }
}
