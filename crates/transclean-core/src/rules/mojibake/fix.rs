//! The repair of one piece of text, step by step as ftfy's `fix_encoding` does it: while the
//! text looks like mojibake, encode it in the first single-byte encoding that can hold it all
//! and decode the bytes as UTF-8 (with no-break spaces turned spaces and lost bytes put back);
//! failing that, repair the UTF-8 sequences embedded in otherwise good text, then C1 controls.

use super::badness::is_bad;
use super::codecs::{CHARMAPS, charmap, decode_utf8_variants};
use regex::Regex;
use regex::bytes::Regex as BytesRegex;
use std::sync::LazyLock;

/// More steps than any real text needs (each removes a layer); a bound, not a tuning.
const MAX_STEPS: usize = 16;

/// The text with every layer of mojibake repaired, or itself if it does not look like mojibake.
pub fn fix_encoding(text: &str) -> String {
    let mut text = text.to_string();
    for _ in 0..MAX_STEPS {
        match fix_one_step(&text) {
            Some(better) if better != text => text = better,
            _ => break,
        }
    }
    text
}

/// One layer repaired, or `None` if the text stays as it is.
fn fix_one_step(text: &str) -> Option<String> {
    if text.is_ascii() || !is_bad(text) {
        return None;
    }
    for charmap in CHARMAPS.iter() {
        let Some(mut bytes) = charmap.encode(text) else {
            continue;
        };
        // MacRoman has no byte A0 to restore.
        if charmap.name != "macroman" && ALTERED_UTF8.is_match(&bytes) {
            bytes = restore_byte_a0(&bytes);
        }
        if charmap.sloppy {
            bytes = LOSSY_UTF8
                .replace_all(&bytes, "\u{FFFD}".as_bytes())
                .into_owned();
        }
        if let Some(fixed) = decode_utf8_variants(&bytes) {
            return Some(fixed);
        }
    }
    if let Some(fixed) = decode_inconsistent_utf8(text).filter(|fixed| fixed != text) {
        return Some(fixed);
    }
    // Latin-1 meant as Windows-1252 (its C1 controls are Windows-1252's punctuation), or
    // C1 controls among other text: read them as browsers do.
    text.chars().any(is_c1).then(|| fix_c1_controls(text))
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// Each C1 control read as the Windows-1252 character of its byte, as browsers read them.
fn fix_c1_controls(text: &str) -> String {
    let cp1252 = charmap("sloppy-windows-1252");
    text.chars()
        .map(|c| if is_c1(c) { cp1252.char_of(c as u8) } else { c })
        .collect()
}

/// UTF-8 sequences whose byte A0 (a no-break space once decoded) became a space.
static ALTERED_UTF8: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(
        r"(?-u)[\xc2\xc3\xc5\xce\xd0\xd9] |[\xe2\xe3] [\x80-\x84\x86-\x9f\xa1-\xbf]|[\xe0-\xe3][\x80-\x84\x86-\x9f\xa1-\xbf] |\xf0 [\x80-\xbf][\x80-\xbf]|\xf0[\x80-\xbf] [\x80-\xbf]|\xf0[\x80-\xbf][\x80-\xbf] ",
    )
    .expect("the altered UTF-8 pattern compiles")
});

/// UTF-8 sequences with a byte lost: 1A is what a sloppy encoding makes of `�`, and `?` what
/// many encoders write for a character they cannot encode.
static LOSSY_UTF8: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(
        r"(?-u)[\xc2-\xdf]\x1a|[\xc2-\xc3]\?|\xed[\xa0-\xaf][\x1a?]\xed[\xb0-\xbf][\x1a?\x80-\xbf]|\xed[\xa0-\xaf][\x1a?\x80-\xbf]\xed[\xb0-\xbf][\x1a?]|[\xe0-\xef][\x1a?][\x1a\x80-\xbf]|[\xe0-\xef][\x1a\x80-\xbf][\x1a?]|[\xf0-\xf4][\x1a?][\x1a\x80-\xbf][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a?][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a\x80-\xbf][\x1a?]|\x1a",
    )
    .expect("the lossy UTF-8 pattern compiles")
});

/// Words after `à` that are Portuguese contractions (`àquele`), where `Ã` and a space is not
/// `à` followed by a no-break space.
const NOT_A_GRAVE_WORD: [&[u8]; 5] = [b" ", b"quele", b"quela", b"quilo", b"s "];

/// The bytes with A0 put back where a space stands for it inside a UTF-8 sequence. `Ã` and a
/// space before a word is `à` and a space (`voilÃ le` is `voilà le`).
fn restore_byte_a0(bytes: &[u8]) -> Vec<u8> {
    let mut grave = Vec::with_capacity(bytes.len() + 4);
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let after = &rest[rest.len().min(2)..];
        if rest.starts_with(b"\xc3 ") && !NOT_A_GRAVE_WORD.iter().any(|w| after.starts_with(w)) {
            grave.extend_from_slice(b"\xc3\xa0 ");
            at += 2;
        } else {
            grave.push(rest[0]);
            at += 1;
        }
    }
    ALTERED_UTF8
        .replace_all(&grave, |found: &regex::bytes::Captures| {
            found[0]
                .iter()
                .map(|&b| if b == b' ' { 0xA0 } else { b })
                .collect::<Vec<u8>>()
        })
        .into_owned()
}

/// What characters of the Latin-like encodings UTF-8 bytes of a range decode to.
fn clue_class(bytes: std::ops::RangeInclusive<u8>) -> String {
    let names = [
        "latin-1",
        "sloppy-windows-1250",
        "sloppy-windows-1251",
        "sloppy-windows-1252",
        "sloppy-windows-1253",
        "sloppy-windows-1254",
        "sloppy-windows-1257",
    ];
    let mut chars: Vec<char> = names
        .iter()
        .flat_map(|name| bytes.clone().map(move |b| charmap(name).char_of(b)))
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars
        .iter()
        .map(|c| regex::escape(&c.to_string()))
        .collect()
}

/// Runs that read as UTF-8 decoded in a single-byte encoding: a lead and its continuations
/// (a space may stand for a no-break space), one or more in a row.
static UTF8_DETECTOR: LazyLock<Regex> = LazyLock::new(|| {
    let continuation = clue_class(0x80..=0xBF) + " ";
    let pattern = format!(
        "(?:[{two}][{c}]|[{three}][{c}]{{2}}|[{four}][{c}]{{3}})+",
        two = clue_class(0xC2..=0xDF),
        three = clue_class(0xE0..=0xEF),
        four = clue_class(0xF0..=0xF0),
        c = continuation,
    );
    Regex::new(&pattern).expect("the UTF-8 detector compiles")
});

/// Whether a character is a continuation that does not stand for itself beside mojibake
/// (spaces, dashes, quotation marks, bullets and ellipses may).
fn is_strict_continuation(c: char) -> bool {
    static STRICT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!("^[{}]$", clue_class(0x80..=0xBF))).unwrap());
    !matches!(
        c,
        '–' | '—' | '―' | '‘' | '’' | '‚' | '“' | '”' | '„' | '•' | '…'
    ) && STRICT.is_match(c.encode_utf8(&mut [0; 4]))
}

/// The text with each embedded run of mojibake repaired on its own, or `None` if it has none.
/// A run right after a strict continuation is part of a larger garble and is left alone.
fn decode_inconsistent_utf8(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    let mut from = 0;
    let total = text.chars().count();
    while let Some(found) = UTF8_DETECTOR.find_at(text, from) {
        let before = text[..found.start()].chars().next_back();
        if before.is_some_and(is_strict_continuation) {
            from = found.start()
                + text[found.start()..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
            continue;
        }
        let run = found.as_str();
        out.push_str(&text[copied..found.start()]);
        if run.chars().count() < total && is_bad(run) {
            out.push_str(&fix_encoding(run));
        } else {
            out.push_str(run);
        }
        copied = found.end();
        from = found.end();
    }
    (copied > 0).then(|| out + &text[copied..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_and_spaces_are_repaired() {
        assert_eq!(fix_encoding("sÃ³"), "só");
        assert_eq!(fix_encoding("voilÃ  le travail"), "voilà le travail");
        assert_eq!(fix_encoding("doesnâ€™t"), "doesn’t");
        assert_eq!(fix_encoding("Café, “fine”"), "Café, “fine”");
    }
}
