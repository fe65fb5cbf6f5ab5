//! Text encodings by name (`--encoding`): what a file was read as, so that `--write` puts the
//! cleaned text back in the same encoding instead of silently turning a file into UTF-8.
//!
//! Decoding and legacy encodings are `encoding_rs` (the WHATWG Encoding Standard, as browsers
//! read the web pages transcripts are scraped from). UTF-16 is encoded here, since the standard
//! has no UTF-16 encoder.

use encoding_rs::Encoding;

/// An encoding a document is read in and written back in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8; a byte-order mark stays in the text (removing it is a reported change).
    Utf8,
    /// UTF-16; its byte-order mark, if it had one, is not part of the text and is written back.
    Utf16 { big_endian: bool, bom: bool },
    /// Any other encoding of the standard, e.g. windows-1252.
    Legacy(&'static Encoding),
}

/// A character that the target encoding has no bytes for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unencodable {
    pub character: char,
    /// Byte offset of the character in the text being written.
    pub offset: usize,
}

impl TextEncoding {
    /// Parses an `--encoding` label: any WHATWG label (`utf-8`, `utf-16le`, `utf-16be`,
    /// `windows-1252`, `shift_jis`, ...). `latin1` and `iso-8859-1` mean windows-1252, as in
    /// every browser: true ISO-8859-1 would turn curly quotes and dashes into control characters.
    pub fn parse(label: &str) -> Result<TextEncoding, String> {
        let encoding = Encoding::for_label_no_replacement(label.trim().as_bytes()).ok_or_else(|| {
            format!("unknown encoding `{label}`; try utf-8, utf-16le, utf-16be, windows-1252 or latin1 (any WHATWG label)")
        })?;
        Ok(TextEncoding::from_encoding(encoding, false))
    }

    pub(crate) fn from_encoding(encoding: &'static Encoding, bom: bool) -> TextEncoding {
        if encoding == encoding_rs::UTF_8 {
            TextEncoding::Utf8
        } else if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            TextEncoding::Utf16 {
                big_endian: encoding == encoding_rs::UTF_16BE,
                bom,
            }
        } else {
            TextEncoding::Legacy(encoding)
        }
    }

    /// The `encoding_rs` encoding that decodes it.
    pub fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16 {
                big_endian: false, ..
            } => encoding_rs::UTF_16LE,
            TextEncoding::Utf16 {
                big_endian: true, ..
            } => encoding_rs::UTF_16BE,
            TextEncoding::Legacy(encoding) => encoding,
        }
    }

    /// The name used in messages, e.g. `UTF-16LE`, `windows-1252`.
    pub fn name(self) -> &'static str {
        self.encoding().name()
    }

    pub fn is_utf8(self) -> bool {
        self == TextEncoding::Utf8
    }

    /// The bytes of `text` in this encoding; a character it cannot hold is an error, never a
    /// `?` or an HTML character reference written into the file.
    pub fn encode(self, text: &str) -> Result<Vec<u8>, Unencodable> {
        match self {
            TextEncoding::Utf8 => Ok(text.as_bytes().to_vec()),
            TextEncoding::Utf16 { big_endian, bom } => {
                let mut bytes = Vec::with_capacity(2 * text.len() + 2);
                let unit = |u: u16| {
                    if big_endian {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    }
                };
                if bom {
                    bytes.extend(unit(0xFEFF));
                }
                text.encode_utf16().for_each(|u| bytes.extend(unit(u)));
                Ok(bytes)
            }
            TextEncoding::Legacy(encoding) => {
                let mut encoder = encoding.new_encoder();
                let capacity = encoder
                    .max_buffer_length_from_utf8_without_replacement(text.len())
                    .unwrap_or(text.len() * 4);
                let mut bytes = Vec::with_capacity(capacity);
                let (result, read) =
                    encoder.encode_from_utf8_to_vec_without_replacement(text, &mut bytes, true);
                match result {
                    encoding_rs::EncoderResult::InputEmpty => Ok(bytes),
                    encoding_rs::EncoderResult::Unmappable(character) => Err(Unencodable {
                        character,
                        offset: read - character.len_utf8(),
                    }),
                    encoding_rs::EncoderResult::OutputFull => {
                        unreachable!("the buffer was sized for the worst case")
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_encodings_and_latin1_is_windows_1252() {
        assert_eq!(TextEncoding::parse("UTF-8"), Ok(TextEncoding::Utf8));
        assert_eq!(
            TextEncoding::parse("utf-16be"),
            Ok(TextEncoding::Utf16 {
                big_endian: true,
                bom: false
            })
        );
        for label in ["windows-1252", "latin1", "iso-8859-1", "cp1252"] {
            assert_eq!(TextEncoding::parse(label).unwrap().name(), "windows-1252");
        }
        assert!(
            TextEncoding::parse("klingon")
                .unwrap_err()
                .contains("`klingon`")
        );
        // A label for the "replacement" encoding would decode any file to one U+FFFD.
        assert!(TextEncoding::parse("iso-2022-kr").is_err());
    }

    #[test]
    fn encodes_utf16_with_its_bom_and_legacy_encodings_byte_for_byte() {
        let le = TextEncoding::Utf16 {
            big_endian: false,
            bom: true,
        };
        assert_eq!(le.encode("hé").unwrap(), b"\xFF\xFEh\0\xE9\0");
        let cp1252 = TextEncoding::parse("windows-1252").unwrap();
        assert_eq!(cp1252.encode("café “x”").unwrap(), b"caf\xE9 \x93x\x94");
        // Every byte, the five undefined ones too, comes back as it was.
        let all: Vec<u8> = (0..=255).collect();
        let (text, malformed) = cp1252.encoding().decode_without_bom_handling(&all);
        assert!(!malformed);
        assert_eq!(cp1252.encode(&text).unwrap(), all);
    }

    #[test]
    fn a_character_the_encoding_lacks_is_an_error_with_its_place() {
        let cp1252 = TextEncoding::parse("windows-1252").unwrap();
        assert_eq!(
            cp1252.encode("ok → no"),
            Err(Unencodable {
                character: '→',
                offset: 3
            })
        );
    }
}
