//! Mojibake: UTF-8 text that was decoded in a legacy single-byte encoding (`doesnâ€™t`,
//! `Ã©`, `РґРѕ`), repaired by the `unicode` rule with its `mojibake` option.
//!
//! Each run of non-ASCII characters is encoded back to bytes in one of the encodings such text
//! is usually decoded in, and the UTF-8 sequences those bytes hold are decoded. A run is only
//! repaired when that reads as more plausible text than the run did (as ftfy decides, in a
//! smaller way): every sequence valid, no control characters, letters stay letters, and the run
//! looks like mojibake to begin with. Text that was decoded twice is repaired layer by layer.

use crate::text::StageText;
use encoding_rs::Encoding;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// Encodings UTF-8 is mistaken for, most likely first. Windows-1252 also takes the C1
/// controls as their bytes, as text decoded in Latin-1 has them.
static ENCODINGS: LazyLock<Vec<HashMap<char, u8>>> = LazyLock::new(|| {
    [
        encoding_rs::WINDOWS_1252,
        encoding_rs::WINDOWS_1251,
        encoding_rs::WINDOWS_1250,
        encoding_rs::ISO_8859_2,
        encoding_rs::WINDOWS_1257,
        encoding_rs::MACINTOSH,
    ]
    .iter()
    .enumerate()
    .map(|(i, encoding)| byte_table(encoding, i == 0))
    .collect()
});

/// Character → byte for the high half of a single-byte encoding.
fn byte_table(encoding: &'static Encoding, latin1_controls: bool) -> HashMap<char, u8> {
    let mut table = HashMap::new();
    for byte in 0x80..=0xFFu8 {
        let one = [byte];
        let (decoded, _) = encoding.decode_without_bom_handling(&one);
        if let Some(c) = decoded.chars().next().filter(|&c| c != '\u{FFFD}') {
            table.insert(c, byte);
        }
        if latin1_controls && (0x80..0xA0).contains(&byte) {
            table.entry(char::from(byte)).or_insert(byte);
        }
    }
    table
}

/// Proposes a repair for each run of mojibake in the text.
pub fn scan(stage_text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
    let text = stage_text.as_str();
    if text.is_ascii() {
        return;
    }
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if next.is_ascii() {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        let run = &text[start..end];
        if let Some(fixed) = repair_layers(run, text[..start].chars().next_back()) {
            emit(start..end, fixed);
        }
    }
}

/// The run with every layer of mojibake repaired (text decoded wrongly twice or three times
/// is repaired one layer at a time), or `None` if it does not read better repaired. `before`
/// is the character before the run.
pub fn repair_layers(run: &str, before: Option<char>) -> Option<String> {
    let mut fixed = run.to_string();
    for _ in 0..3 {
        match repair(&fixed) {
            Some(better) => fixed = better,
            None => break,
        }
    }
    let glued_to_latin = before.is_some_and(|c| c.is_ascii_alphabetic());
    let final_ok = fixed != run
        && !fixed.chars().any(|c| c.is_control() || is_private_use(c))
        && !(glued_to_latin
            && fixed
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() && !is_latin(c) && !is_greek(c)));
    final_ok.then_some(fixed)
}

/// Letters of the Latin script (with the accented and extended ones).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

fn is_greek(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}')
}

/// The run repaired in the first encoding that reads it as plausible UTF-8, if any.
pub fn repair(run: &str) -> Option<String> {
    if !looks_like_mojibake(run) {
        return None;
    }
    ENCODINGS
        .iter()
        .enumerate()
        .find_map(|(index, table)| decode_sequences(run, table, index == 0))
}

/// The run with each UTF-8 sequence its characters' bytes hold decoded, and every other
/// character kept; `None` if no sequence decodes or one reads as implausible.
fn decode_sequences(run: &str, table: &HashMap<char, u8>, windows_1252: bool) -> Option<String> {
    let chars: Vec<char> = run.chars().collect();
    let bytes: Vec<Option<u8>> = chars.iter().map(|c| table.get(c).copied()).collect();
    let mut out = String::new();
    let mut decoded_any = false;
    let mut i = 0;
    while i < chars.len() {
        let width = match bytes[i] {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            _ => 0,
        };
        let sequence: Option<Vec<u8>> = (width > 0 && i + width <= chars.len())
            .then(|| bytes[i..i + width].iter().copied().collect())
            .flatten();
        let decoded = sequence
            .as_deref()
            .and_then(|b| std::str::from_utf8(b).ok())
            .filter(|d| {
                plausible_sequence(&chars[i..i + width], d, windows_1252, chars.get(i + width))
            });
        match decoded {
            Some(d) => {
                out.push_str(d);
                decoded_any = true;
                i += width;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    (decoded_any && plausible(run, &out)).then_some(out)
}

/// Whether one decoded sequence reads as the character meant. Two characters that are a
/// capital and a punctuation mark (`Å™`, `Å—`, `É¡`) are often just that; only the commonest
/// mojibake lead, Windows-1252's `Ã`, is taken with one, and not before an apostrophe's `s`
/// (`Ã’s`).
fn plausible_sequence(
    written: &[char],
    decoded: &str,
    windows_1252: bool,
    next: Option<&char>,
) -> bool {
    let Some(meant) = decoded.chars().next() else {
        return false;
    };
    if is_private_use(meant) {
        return false;
    }
    if written.len() == 2 {
        let second = written[1];
        let punctuation = !second.is_alphanumeric() && !second.is_control();
        if punctuation {
            let apostrophe =
                matches!(second, '’' | '\'') && next.is_some_and(|c| c.is_alphabetic());
            return windows_1252
                && matches!(written[0], 'Ã' | 'Â')
                && !apostrophe
                && second != '\u{a0}';
        }
    }
    true
}

/// A lead of a UTF-8 sequence followed by what reads as its continuation: at least one
/// character of the run is not a letter, or the run mixes cases or scripts as no word does.
fn looks_like_mojibake(run: &str) -> bool {
    let count = run.chars().count();
    count >= 2
}

/// Whether `decoded` reads as text: no controls or private use, and a run of letters stays
/// letters.
fn plausible(run: &str, decoded: &str) -> bool {
    if decoded.is_empty() || decoded.chars().any(is_private_use) {
        return false;
    }
    let all_letters = |s: &str| s.chars().all(|c| c.is_alphabetic() || is_mark(c));
    !all_letters(run) || all_letters(decoded)
}

fn is_private_use(c: char) -> bool {
    matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..)
}

/// Combining marks, which follow letters in many scripts.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05C7}'
        | '\u{064B}'..='\u{065F}' | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}'
        | '\u{0B82}' | '\u{0BBE}'..='\u{0BCD}' | '\u{0E31}' | '\u{0E34}'..='\u{0E3A}'
        | '\u{0E47}'..='\u{0E4E}' | '\u{20D0}'..='\u{20FF}')
}
