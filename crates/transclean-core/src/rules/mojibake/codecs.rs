//! The byte encodings mojibake is undone through: the single-byte encodings UTF-8 is
//! mistaken for (each as a table of 256 characters, "sloppy" ones passing undefined bytes
//! through as the Latin-1 character of the same number, as browsers do), and the UTF-8
//! decoder that also reads CESU-8 (surrogate pairs encoded one by one) and Java's `C0 80` null.

use encoding_rs::Encoding;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A single-byte encoding: what each byte decodes to, and back.
pub struct Charmap {
    pub name: &'static str,
    /// Undefined bytes decode as the Latin-1 character of the same number, and the
    /// replacement character `�` encodes as byte 1A (SUB), so that lost bytes can be found.
    pub sloppy: bool,
    decode: [char; 256],
    encode: HashMap<char, u8>,
}

/// Code page 437 (the IBM PC), bytes 80–FF; encoding_rs does not have it.
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐\
    └┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";

enum Source {
    Latin1,
    Cp437,
    Whatwg(&'static Encoding),
}

impl Charmap {
    fn new(name: &'static str, source: Source, sloppy: bool) -> Charmap {
        let mut decode = ['\0'; 256];
        let high: Vec<char> = CP437_HIGH.chars().collect();
        for (byte, slot) in decode.iter_mut().enumerate() {
            let latin1 = char::from(byte as u8);
            *slot = match (&source, byte) {
                (_, 0..=0x7F) | (Source::Latin1, _) => latin1,
                (Source::Cp437, _) => high[byte - 0x80],
                (Source::Whatwg(encoding), _) => {
                    let one = [byte as u8];
                    let (text, _) = encoding.decode_without_bom_handling(&one);
                    text.chars()
                        .next()
                        .filter(|&c| c != '\u{FFFD}')
                        .unwrap_or(latin1)
                }
            };
        }
        if sloppy {
            decode[0x1A] = '\u{FFFD}';
        }
        let encode = decode
            .iter()
            .enumerate()
            .map(|(byte, &c)| (c, byte as u8))
            .collect();
        Charmap {
            name,
            sloppy,
            decode,
            encode,
        }
    }

    /// The text's bytes in this encoding, if every character has one.
    pub fn encode(&self, text: &str) -> Option<Vec<u8>> {
        text.chars().map(|c| self.encode.get(&c).copied()).collect()
    }

    /// The character a byte stands for.
    pub fn char_of(&self, byte: u8) -> char {
        self.decode[usize::from(byte)]
    }
}

/// The single-byte encodings tried, in ftfy's order: the likeliest first.
pub static CHARMAPS: LazyLock<Vec<Charmap>> = LazyLock::new(|| {
    use encoding_rs::*;
    vec![
        Charmap::new("latin-1", Source::Latin1, false),
        Charmap::new("sloppy-windows-1252", Source::Whatwg(WINDOWS_1252), true),
        Charmap::new("sloppy-windows-1251", Source::Whatwg(WINDOWS_1251), true),
        Charmap::new("sloppy-windows-1250", Source::Whatwg(WINDOWS_1250), true),
        Charmap::new("sloppy-windows-1253", Source::Whatwg(WINDOWS_1253), true),
        Charmap::new("sloppy-windows-1254", Source::Whatwg(WINDOWS_1254), true),
        Charmap::new("sloppy-windows-1257", Source::Whatwg(WINDOWS_1257), true),
        Charmap::new("iso-8859-2", Source::Whatwg(ISO_8859_2), false),
        Charmap::new("macroman", Source::Whatwg(MACINTOSH), false),
        Charmap::new("cp437", Source::Cp437, false),
    ]
});

/// The charmap of the given name (one of [`CHARMAPS`]).
pub fn charmap(name: &str) -> &'static Charmap {
    CHARMAPS
        .iter()
        .find(|charmap| charmap.name == name)
        .expect("a known charmap")
}

/// UTF-8 bytes decoded strictly, except that a CESU-8 surrogate pair (`ED A0-AF xx ED B0-BF
/// xx`) decodes as the character it encodes and `C0 80` as U+0000. `None` if any other byte
/// sequence is invalid.
pub fn decode_utf8_variants(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest.starts_with(&[0xC0, 0x80]) {
            out.push('\0');
            at += 2;
            continue;
        }
        if let Some(c) = cesu8_pair(rest) {
            out.push(c);
            at += 6;
            continue;
        }
        // Plain UTF-8 up to the next byte that may start a variant: C0 and ED are never
        // continuation bytes, so the cut never splits a character.
        let cut = rest[1..]
            .iter()
            .position(|&b| b == 0xC0 || b == 0xED)
            .map_or(rest.len(), |p| p + 1);
        out.push_str(std::str::from_utf8(&rest[..cut]).ok()?);
        at += cut;
    }
    Some(out)
}

/// The character a six-byte CESU-8 surrogate pair at the start of `bytes` encodes.
fn cesu8_pair(bytes: &[u8]) -> Option<char> {
    let &[
        0xED,
        high @ 0xA0..=0xAF,
        high_low @ 0x80..=0xBF,
        0xED,
        low @ 0xB0..=0xBF,
        low_low @ 0x80..=0xBF,
        ..,
    ] = bytes
    else {
        return None;
    };
    let high = 0xD000 | (u32::from(high & 0x3F) << 6) | u32::from(high_low & 0x3F);
    let low = 0xD000 | (u32::from(low & 0x3F) << 6) | u32::from(low_low & 0x3F);
    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cesu8_and_java_null_decode() {
        // U+1F600 as CESU-8: D83D DE00.
        let bytes = [b'a', 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, 0xC0, 0x80];
        assert_eq!(decode_utf8_variants(&bytes).unwrap(), "a\u{1F600}\0");
        assert_eq!(decode_utf8_variants(&[0xED, 0xA0, 0xBD]), None);
        assert_eq!(
            decode_utf8_variants("Hangul 한".as_bytes()).unwrap(),
            "Hangul 한"
        );
    }

    #[test]
    fn sloppy_charmaps_pass_undefined_bytes_through() {
        let cp1252 = charmap("sloppy-windows-1252");
        assert_eq!(cp1252.char_of(0x81), '\u{81}');
        assert_eq!(cp1252.char_of(0x80), '€');
        assert_eq!(cp1252.encode("\u{FFFD}"), Some(vec![0x1A]));
        assert_eq!(charmap("cp437").char_of(0xFF), '\u{a0}');
    }
}
