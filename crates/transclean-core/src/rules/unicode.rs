//! `unicode`: NFC, odd spaces to plain spaces, invisible and control characters removed.
//!
//! Runs first so that every later pattern can assume one kind of space and one spelling of each
//! accented letter. Each fix is its own edit, so the review shows "U+00A0 → space at 12:7"
//! rather than a whole rewritten line.

use super::{
    Compiled, KindRule, KindSpec, Reach, RuleError, Safety, Span, Stage, choice, entities, flag,
    mojibake,
};
use crate::raw::RawRule;
use crate::text::{StageText, minimal_edit};
use std::ops::Range;
use std::sync::Arc;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

pub static SPEC: KindSpec = KindSpec {
    name: "unicode",
    stage: Stage::Unicode,
    safety: Safety::Safe,
    summary: "Normalise Unicode: NFC, odd spaces, invisible and control characters",
    docs: "\
What it does: brings text to NFC (or NFKC with `form = \"nfkc\"`); turns non-breaking and other
odd spaces (U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000) into plain spaces; removes zero-width
spaces, word joiners, soft hyphens and byte-order marks; removes control characters other than
tab, line feed and carriage return, except that a vertical tab, form feed or U+0085 (which
separate words) becomes a space. Zero-width joiners and non-joiners are kept: they change how
emoji and several scripts are written. `quotes = \"ascii\"` and `dashes = \"ascii\"` also turn
curly quotes into straight ones and dashes into hyphens; both are kept by default.

Why: scraped pages are full of U+00A0 between words, which breaks every later pattern that
expects a space, and of invisible characters that make equal words compare unequal.

Example:
    [[rule]]
    id = \"unicode\"
    kind = \"unicode\"
    examples = [{ input = \"to\\u00a0advance\", output = \"to advance\" }]",
    options: &[
        ("form", "nfc (default) | nfkc | none"),
        ("spaces", "odd spaces to plain spaces (default true)"),
        (
            "invisible",
            "remove zero-width characters, soft hyphens and BOMs (default true)",
        ),
        (
            "controls",
            "remove control characters other than tab and line ends (default true)",
        ),
        (
            "entities",
            "decode HTML character references such as &#39; and &amp; (default true)",
        ),
        (
            "mojibake",
            "repair UTF-8 text decoded in a legacy encoding, such as doesnâ€™t (default false; on in the built-in defaults)",
        ),
        ("quotes", "keep (default) | ascii"),
        ("dashes", "keep (default) | ascii"),
    ],
    compile,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Nfc,
    Nfkc,
    None,
}

#[derive(Debug)]
struct UnicodeRule {
    form: Form,
    spaces: bool,
    invisible: bool,
    controls: bool,
    ascii_quotes: bool,
    ascii_dashes: bool,
    entities: bool,
    mojibake: bool,
}

fn compile(raw: &RawRule, _span: Span) -> Result<Compiled, RuleError> {
    let form = match choice(raw.form.as_ref(), "form", &["nfc", "nfkc", "none"], "nfc")? {
        "nfkc" => Form::Nfkc,
        "none" => Form::None,
        _ => Form::Nfc,
    };
    Ok(Compiled::Scanner(Arc::new(UnicodeRule {
        form,
        spaces: flag(&raw.spaces, true),
        invisible: flag(&raw.invisible, true),
        controls: flag(&raw.controls, true),
        ascii_quotes: choice(raw.quotes.as_ref(), "quotes", &["keep", "ascii"], "keep")? == "ascii",
        ascii_dashes: choice(raw.dashes.as_ref(), "dashes", &["keep", "ascii"], "keep")? == "ascii",
        entities: flag(&raw.entities, true),
        mojibake: flag(&raw.mojibake, false),
    })))
}

impl UnicodeRule {
    /// What a single character becomes, or `None` to keep it.
    fn map_char(&self, c: char) -> Option<&'static str> {
        match c {
            '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
                if self.spaces =>
            {
                Some(" ")
            }
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' if self.invisible => Some(""),
            '\t' | '\n' | '\r' => None,
            // A vertical tab, form feed or U+0085 separates words: removed, it would join them.
            c if self.controls && c.is_control() && c.is_whitespace() => Some(" "),
            c if self.controls && c.is_control() => Some(""),
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' if self.ascii_quotes => {
                Some("'")
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' if self.ascii_quotes => {
                Some("\"")
            }
            '\u{2010}'..='\u{2015}' | '\u{2212}' if self.ascii_dashes => Some("-"),
            _ => None,
        }
    }

    /// `text` with every character mapped as the rule maps it.
    fn map_str(&self, text: &str) -> String {
        text.chars()
            .map(|c| {
                self.map_char(c)
                    .map_or_else(|| c.to_string(), str::to_string)
            })
            .collect()
    }

    fn needs_normalising(&self, line: &str) -> bool {
        match self.form {
            Form::None => false,
            Form::Nfc => {
                is_nfc_quick(sparse_chars(line)) != IsNormalized::Yes && line.nfc().ne(line.chars())
            }
            Form::Nfkc => {
                is_nfkc_quick(sparse_chars(line)) != IsNormalized::Yes
                    && line.nfkc().ne(line.chars())
            }
        }
    }

    fn normalise(&self, line: &str) -> String {
        let normal: String = match self.form {
            Form::Nfkc => line.nfkc().collect(),
            _ => line.nfc().collect(),
        };
        normal
            .chars()
            .map(|c| {
                self.map_char(c)
                    .map_or_else(|| c.to_string(), str::to_string)
            })
            .collect()
    }
}

impl KindRule for UnicodeRule {
    /// Every edit is inside one line and looks at no other (entities, mojibake and
    /// normalisation work line by line).
    fn reach(&self) -> Reach {
        Reach::Block
    }

    fn scan(&self, stage_text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
        // Overlapping edits are settled by the engine, which runs the stage again.
        if self.entities {
            entities::scan(stage_text, &|decoded| self.map_str(decoded), emit);
        }
        if self.mojibake {
            mojibake::scan(stage_text, emit);
        }
        let text = stage_text.as_str();
        let bytes = text.as_bytes();
        let mut from = 0;
        // Most lines of most texts are plain ASCII without control characters, and most of the
        // rest are ASCII but for a quotation mark or a dash: the search skips from one
        // character that may change to the next, past whole lines, and a line is looked at only
        // around one (a line feed is never mapped, so the search runs across line ends).
        loop {
            let mut at = next_mappable(bytes, from);
            if at == bytes.len() {
                break;
            }
            let line_start =
                memchr::memrchr(b'\n', &bytes[from..at]).map_or(from, |i| from + i + 1);
            let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
            let line = &text[line_start..line_end];
            if self.needs_normalising(line) {
                // Rare: one edit for the differing middle of the line, normalised and mapped.
                if let Some((range, to)) = minimal_edit(line_start, line, &self.normalise(line)) {
                    emit(range, to);
                }
            } else {
                while let Some(c) = text[at..line_end].chars().next() {
                    if let Some(to) = self.map_char(c) {
                        emit(at..at + c.len_utf8(), to.to_string());
                    }
                    at = next_mappable(&bytes[..line_end], at + c.len_utf8());
                }
            }
            from = line_end;
        }
    }
}

/// Where the first byte from `from` on starts a character [`UnicodeRule::map_char`] may map, or
/// `bytes.len()`. It maps no printable ASCII character, tab or line end (whatever the options),
/// so only non-ASCII bytes and the other ASCII controls need a look; as `from` is a character
/// boundary, a non-ASCII byte found first is a character's first byte. Eight bytes are tested
/// at once, with the bit tricks for "a byte has its high bit set", "a byte is less than 0x20"
/// and "a byte is 0x7f", which are exact about whether there is one; only a word with one (or
/// with a tab or line end) is looked at byte by byte.
fn next_mappable(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mappable = |b: u8| b >= 0x7f || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
    let mut at = match next_mappable_in_blocks(bytes, from) {
        Ok(found) => return found,
        Err(rest) => rest,
    };
    while let Some(word) = bytes.get(at..at + 8) {
        let w = u64::from_ne_bytes(word.try_into().expect("eight bytes"));
        let del = w ^ (ONES * 0x7f);
        let flagged =
            (w | (w.wrapping_sub(ONES * 0x20) & !w) | (del.wrapping_sub(ONES) & !del)) & HIGH;
        if flagged != 0
            && let Some(i) = word.iter().position(|&b| mappable(b))
        {
            return at + i;
        }
        at += 8;
    }
    bytes[at.min(bytes.len())..]
        .iter()
        .position(|&b| mappable(b))
        .map_or(bytes.len(), |i| at + i)
}

/// [`next_mappable`] on whole blocks of 16 bytes where the processor can test 16 at once:
/// `Ok` with the place found, or `Err` with where the bytes left start.
#[cfg(target_arch = "x86_64")]
fn next_mappable_in_blocks(bytes: &[u8], from: usize) -> Result<usize, usize> {
    // SAFETY: SSE2 is part of every x86_64 processor.
    unsafe { next_mappable_sse2(bytes, from) }
}

#[cfg(not(target_arch = "x86_64"))]
fn next_mappable_in_blocks(_bytes: &[u8], from: usize) -> Result<usize, usize> {
    Err(from)
}

/// [`next_mappable`] 16 bytes at a time, on whole blocks of 16: `Ok` with the place found, or
/// `Err` with where the bytes left (fewer than 16) start. A signed comparison with 0x20 is
/// true for the ASCII controls and every byte of 0x80 or more; tab, line feed and carriage
/// return are taken out, and 0x7f is added. The 8-byte tests were a third of the unicode stage
/// on a large document (issue 15).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn next_mappable_sse2(bytes: &[u8], from: usize) -> Result<usize, usize> {
    use std::arch::x86_64::*;
    let mut at = from;
    while let Some(block) = bytes.get(at..at + 16) {
        // SAFETY: `block` is 16 readable bytes, and the load has no alignment requirement.
        let v = unsafe { _mm_loadu_si128(block.as_ptr().cast::<__m128i>()) };
        let is = |byte: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8));
        let below_space = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
        let kept = _mm_or_si128(_mm_or_si128(is(b'\t'), is(b'\n')), is(b'\r'));
        let mappable = _mm_or_si128(_mm_andnot_si128(kept, below_space), is(0x7f));
        let mask = _mm_movemask_epi8(mappable);
        if mask != 0 {
            return Ok(at + mask.trailing_zeros() as usize);
        }
        at += 16;
    }
    Err(at)
}

/// The characters of `line` with each run of ASCII characters as its first one, for the
/// normalisation quick checks: these take an ASCII character as a starter allowed in every
/// form that resets what they track, so one stands for a run of them (the result is the same,
/// and a line that is ASCII but for a quotation mark is not decoded character by character).
fn sparse_chars(line: &str) -> impl Iterator<Item = char> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = &line[at..];
        let c = rest.chars().next()?;
        at += if c.is_ascii() {
            crate::text::first_non_ascii(rest.as_bytes()).unwrap_or(rest.len())
        } else {
            c.len_utf8()
        };
        Some(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn the_next_mappable_byte_is_found_as_byte_by_byte() {
        let mappable = |b: u8| b >= 0x7f || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
        for byte in 0..=u8::MAX {
            for at in 0..40 {
                let mut bytes = vec![b'a'; 40];
                bytes[at] = byte;
                for from in [0, 1, 7, 16, 17, 33] {
                    let expected = (from..bytes.len())
                        .find(|&i| mappable(bytes[i]))
                        .unwrap_or(bytes.len());
                    assert_eq!(
                        next_mappable(&bytes, from),
                        expected,
                        "{byte} at {at} from {from}"
                    );
                }
            }
        }
    }

    fn rule() -> UnicodeRule {
        UnicodeRule {
            form: Form::Nfc,
            spaces: true,
            invisible: true,
            controls: true,
            ascii_quotes: false,
            ascii_dashes: false,
            entities: true,
            mojibake: true,
        }
    }

    #[test]
    fn odd_spaces_become_spaces_and_invisibles_go() {
        // With the mojibake repair a C1 control is read as Windows-1252 (`\u{85}` is `…`).
        let no_mojibake = UnicodeRule {
            mojibake: false,
            ..rule()
        };
        assert_eq!(
            crate::rules::apply_scan(&rule(), "to\u{a0}advance\u{200b}!\u{feff}"),
            "to advance!"
        );
        assert_eq!(
            crate::rules::apply_scan(&rule(), "a\u{2009}b\u{3000}c"),
            "a b c"
        );
        // Controls that are whitespace separate words, so they become spaces, not nothing.
        assert_eq!(
            crate::rules::apply_scan(&no_mojibake, "page\u{c}two\u{b}x\u{85}y\u{7}z"),
            "page two x yz"
        );
    }

    #[test]
    fn controls_go_but_tabs_and_line_ends_stay() {
        // With the mojibake repair a C1 control is read as Windows-1252 (`\u{85}` is `…`).
        let no_mojibake = UnicodeRule {
            mojibake: false,
            ..rule()
        };
        assert_eq!(
            crate::rules::apply_scan(&no_mojibake, "a\u{7}b\tc\r\nd\u{85}e"),
            "ab\tc\r\nd e"
        );
    }

    #[test]
    fn composes_to_nfc_and_keeps_joiners() {
        assert_eq!(
            crate::rules::apply_scan(&rule(), "Pe\u{301}rez\u{a0}x"),
            "P\u{e9}rez x"
        );
        assert_eq!(
            crate::rules::apply_scan(&rule(), "\u{1f468}\u{200d}\u{1f469}"),
            "\u{1f468}\u{200d}\u{1f469}"
        );
    }

    #[test]
    fn quotes_and_dashes_are_kept_unless_asked() {
        let text = "\u{201c}Hi\u{201d} \u{2014} it\u{2019}s";
        assert_eq!(crate::rules::apply_scan(&rule(), text), text);
        let ascii = UnicodeRule {
            ascii_quotes: true,
            ascii_dashes: true,
            ..rule()
        };
        assert_eq!(crate::rules::apply_scan(&ascii, text), "\"Hi\" - it's");
    }

    /// The scan as it was before it skipped characters (issue 15): every character of every
    /// line that is not plain ASCII is looked at, and the quick checks see every character.
    fn scan_every_char(rule: &UnicodeRule, text: &str) -> Vec<(Range<usize>, String)> {
        let mut edits = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let needs = match rule.form {
                Form::None => false,
                Form::Nfc => {
                    is_nfc_quick(line.chars()) != IsNormalized::Yes && line.nfc().ne(line.chars())
                }
                Form::Nfkc => {
                    is_nfkc_quick(line.chars()) != IsNormalized::Yes && line.nfkc().ne(line.chars())
                }
            };
            if needs {
                edits.extend(minimal_edit(line_start, line, &rule.normalise(line)));
            } else {
                for (offset, c) in line.char_indices() {
                    if let Some(to) = rule.map_char(c) {
                        let at = line_start + offset;
                        edits.push((at..at + c.len_utf8(), to.to_string()));
                    }
                }
            }
            line_start += line.len();
        }
        edits
    }

    proptest::proptest! {
        /// Skipping the characters that cannot change, and giving the quick checks one
        /// character for a run of ASCII, changes no edit and no quick-check answer.
        #[test]
        fn skipping_characters_changes_no_edit(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    // Runs of printable ASCII put a lone control or DEL in a word of its own.
                    2 => proptest::sample::select(vec![
                        "plain ", "words", " of text ", "x", "1234567", ".",
                    ]).prop_map(str::to_string),
                    2 => proptest::sample::select(vec![
                        "a", " ", "\t", "\n", "\r", "\u{0}", "\u{7}", "\u{b}", "\u{c}",
                        "\u{1f}", "\u{7f}", "\u{85}", "\u{a0}", "\u{ad}", "\u{2009}", "\u{200b}",
                        "\u{200d}", "\u{feff}", "\u{3000}", "’", "“", "—", "\u{2212}", "é",
                        "e\u{301}", "\u{301}", "\u{323}", "\u{1100}", "\u{1161}", "가",
                        "ﬁ", "²", "Å", "\u{212b}", "\u{f900}", "\u{1f468}",
                    ]).prop_map(str::to_string),
                    1 => proptest::char::any().prop_map(|c| c.to_string()),
                ],
                0..40,
            ),
            form in proptest::sample::select(vec![Form::Nfc, Form::Nfkc, Form::None]),
            options in proptest::collection::vec(proptest::bool::ANY, 5),
        ) {
            let text: String = pieces.concat();
            let rule = UnicodeRule {
                form,
                spaces: options[0],
                invisible: options[1],
                controls: options[2],
                ascii_quotes: options[3],
                ascii_dashes: options[4],
                entities: false,
                mojibake: false,
            };
            let mut edits = Vec::new();
            rule.scan(&StageText::new(&text), &mut |range, to| edits.push((range, to)));
            proptest::prop_assert_eq!(&edits, &scan_every_char(&rule, &text), "{:?}", text);
            for line in text.split_inclusive('\n') {
                proptest::prop_assert_eq!(
                    is_nfc_quick(sparse_chars(line)),
                    is_nfc_quick(line.chars())
                );
                proptest::prop_assert_eq!(
                    is_nfkc_quick(sparse_chars(line)),
                    is_nfkc_quick(line.chars())
                );
            }
        }
    }
}
