//! Reading inputs: bytes to text (UTF-8, UTF-8 with BOM, UTF-16 with BOM, or the encoding named
//! by `--encoding`), binary files told apart.
//!
//! Decoding never guesses silently: text that is not valid in the encoding it is read in is an
//! error naming the file, the line and the byte offset, so nothing is cleaned on a misread basis.
//! `--lossy` is the one way past that, and it says what it replaced.

use crate::encoding::TextEncoding;
use crate::error::{Error, Result};
use encoding_rs::DecoderResult;
use std::path::Path;

/// What an input turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Text(String),
    /// Holds NUL bytes and no UTF-16 byte-order mark: not text, skipped with a warning.
    Binary,
}

/// How inputs are read: `--encoding` and `--lossy`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The encoding of files without a byte-order mark (default UTF-8).
    pub encoding: Option<TextEncoding>,
    /// Replace invalid sequences with U+FFFD (and say so) instead of refusing the file.
    pub lossy: bool,
}

/// A decoded input, with what is needed to write it back as it came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub encoding: TextEncoding,
    /// What `--lossy` replaced, if anything: the text no longer holds the file's bytes.
    pub replaced: Option<Replaced>,
}

/// Invalid sequences replaced with U+FFFD under `--lossy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub count: usize,
    pub first_offset: usize,
    pub first_line: usize,
}

impl Replaced {
    /// The warning for `path`: `bad.txt:3: 2 invalid UTF-8 sequences replaced with U+FFFD ...`.
    pub fn warning(&self, path: &Path, encoding: TextEncoding) -> String {
        format!(
            "{}:{}: {} invalid {} {} replaced with U+FFFD (the first at byte offset {})",
            path.display(),
            self.first_line,
            self.count,
            encoding.name(),
            if self.count == 1 {
                "sequence"
            } else {
                "sequences"
            },
            self.first_offset,
        )
    }
}

/// What an input turned out to be, read with [`ReadOptions`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Text(Text),
    /// Holds NUL bytes: not text. `utf16_like` when the NULs fall in every other byte, as in
    /// UTF-16 without a byte-order mark.
    Binary {
        utf16_like: bool,
    },
}

/// How far into a file to look for NUL bytes when telling text from binary.
const BINARY_SNIFF_LEN: usize = 8192;

/// Decodes the bytes of `path` as UTF-8 or by its BOM (the path is only used in messages).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<Decoded> {
    Ok(match decode_with(path, bytes, &ReadOptions::default())? {
        Content::Text(text) => Decoded::Text(text.text),
        Content::Binary { .. } => Decoded::Binary,
    })
}

/// Decodes the bytes of `path`: a byte-order mark decides, else `options.encoding` (UTF-8).
pub fn decode_with(path: &Path, bytes: Vec<u8>, options: &ReadOptions) -> Result<Content> {
    // A byte-order mark says what the file is, whatever `--encoding` says.
    let (encoding, bom_len) = match encoding_rs::Encoding::for_bom(&bytes) {
        Some((encoding, len)) => (TextEncoding::from_encoding(encoding, true), len),
        None => (options.encoding.unwrap_or(TextEncoding::Utf8), 0),
    };
    if let Some(binary) = sniff_binary(&bytes, options) {
        return Ok(binary);
    }
    if encoding.is_utf8() {
        // The common case takes the bytes as they are, without a copy (files can be large).
        // A UTF-8 BOM stays in the text: removing it is a change the `unicode` rule reports.
        return match String::from_utf8(bytes) {
            Ok(text) => Ok(Content::Text(Text {
                text,
                encoding,
                replaced: None,
            })),
            Err(e) => decode_checked(path, &e.into_bytes(), 0, encoding, options),
        };
    }
    decode_checked(path, &bytes, bom_len, encoding, options)
}

/// Whether the start of a file (its first [`BINARY_SNIFF_LEN`] bytes are enough) says binary:
/// NUL bytes in a file that is not UTF-16.
fn sniff_binary(bytes: &[u8], options: &ReadOptions) -> Option<Content> {
    let encoding = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, _)) => TextEncoding::from_encoding(encoding, true),
        None => options.encoding.unwrap_or(TextEncoding::Utf8),
    };
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    (!matches!(encoding, TextEncoding::Utf16 { .. }) && head.contains(&0)).then(|| {
        Content::Binary {
            utf16_like: looks_like_utf16(head),
        }
    })
}

/// NUL bytes in only the odd or only the even places, and many of them.
fn looks_like_utf16(head: &[u8]) -> bool {
    let at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (at(0), at(1));
    (even == 0) != (odd == 0) && (even + odd) * 4 >= head.len()
}

/// Decodes `bytes[start..]`, stopping at the first invalid sequence unless `--lossy`.
fn decode_checked(
    path: &Path,
    bytes: &[u8],
    start: usize,
    encoding: TextEncoding,
    options: &ReadOptions,
) -> Result<Content> {
    let mut decoder = encoding.encoding().new_decoder_without_bom_handling();
    let input = &bytes[start..];
    let mut text = String::with_capacity(
        decoder
            .max_utf8_buffer_length(input.len())
            .unwrap_or(input.len()),
    );
    let (mut pos, mut replaced) = (0, None::<Replaced>);
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&input[pos..], &mut text, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(input.len() - pos + 16),
            DecoderResult::Malformed(bad, after) => {
                // Offsets count from the start of the file, BOM included, as a hex editor shows.
                let end = start + pos - usize::from(after);
                let offset = end - usize::from(bad);
                let line = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
                if !options.lossy {
                    return Err(invalid(path, bytes, offset..end, line, encoding, options));
                }
                text.reserve(3);
                text.push(char::REPLACEMENT_CHARACTER);
                match &mut replaced {
                    Some(r) => r.count += 1,
                    None => {
                        replaced = Some(Replaced {
                            count: 1,
                            first_offset: offset,
                            first_line: line,
                        })
                    }
                }
            }
        }
    }
    Ok(Content::Text(Text {
        text,
        encoding,
        replaced,
    }))
}

fn invalid(
    path: &Path,
    bytes: &[u8],
    bad: std::ops::Range<usize>,
    line: usize,
    encoding: TextEncoding,
    options: &ReadOptions,
) -> Error {
    let shown: Vec<String> = bytes[bad.clone()]
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect();
    let what = match encoding {
        TextEncoding::Utf16 { .. } if bad.end == bytes.len() && bad.len() == 1 => {
            "odd number of bytes".to_string()
        }
        TextEncoding::Utf16 { .. } => "unpaired surrogate".to_string(),
        _ if shown.len() == 1 => format!("byte {}", shown[0]),
        _ => format!("bytes {}", shown.join(" ")),
    };
    const LOSSY: &str = "`--lossy` replaces invalid bytes with U+FFFD";
    let hint = match (options.encoding, bytes[bad.start]) {
        (None, byte) if encoding.is_utf8() => {
            // Scraped text that is not UTF-8 is most often Windows-1252: say what it would read.
            let single = [byte];
            let (as_1252, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&single);
            let example = as_1252
                .chars()
                .next()
                .filter(|c| !c.is_control())
                .map(|c| format!(" (there 0x{byte:02X} is `{c}`)"))
                .unwrap_or_default();
            format!(
                "if the file is Windows-1252{example}, read it with `--encoding windows-1252`; {LOSSY}"
            )
        }
        _ => format!("check the file's encoding and name it with `--encoding ENC`; {LOSSY}"),
    };
    Error::Decode {
        path: path.to_path_buf(),
        line,
        offset: bad.start,
        message: format!("not valid {} ({what})", encoding.name()),
        hint: Some(hint),
    }
}

/// Reads and decodes a file as UTF-8 or by its BOM; `-` is standard input.
pub fn read_path(path: &Path) -> Result<Decoded> {
    if crate::stdin::is_stdin(path) {
        let label = Path::new(crate::stdin::LABEL);
        let bytes = crate::stdin::bytes().map_err(|source| Error::Read {
            path: label.to_path_buf(),
            source,
        })?;
        return decode(label, bytes.to_vec());
    }
    decode(path, read_bytes(path)?)
}

/// Reads and decodes a file with `options`. A binary file is told by its first block, so a
/// large one (a disk image, a sparse file of zeros) is not read whole to be skipped.
pub fn read_with(path: &Path, options: &ReadOptions) -> Result<Content> {
    use std::io::Read;
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(BINARY_SNIFF_LEN as u64)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if let Some(binary) = sniff_binary(&bytes, options) {
        return Ok(binary);
    }
    let size = file.metadata().map_or(0, |m| m.len() as usize);
    bytes.reserve(size.saturating_sub(bytes.len()));
    file.read_to_end(&mut bytes).map_err(read_error)?;
    decode_with(path, bytes, options)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_ok(bytes: &[u8]) -> Decoded {
        decode(Path::new("t.txt"), bytes.to_vec()).unwrap()
    }

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(decode_ok(b"caf\xC3\xA9"), Decoded::Text("café".into()));
        assert_eq!(
            decode_ok(b"\xEF\xBB\xBFhi"),
            Decoded::Text("\u{feff}hi".into())
        );
    }

    #[test]
    fn reads_utf16_by_its_bom() {
        assert_eq!(decode_ok(b"\xFF\xFEh\0i\0"), Decoded::Text("hi".into()));
        assert_eq!(decode_ok(b"\xFE\xFF\0h\0i"), Decoded::Text("hi".into()));
    }

    #[test]
    fn tells_binary_apart() {
        assert_eq!(decode_ok(b"PK\x03\x04\0\0"), Decoded::Binary);
    }

    fn decode_lossy(bytes: &[u8], encoding: Option<&str>) -> Text {
        let options = ReadOptions {
            encoding: encoding.map(|e| TextEncoding::parse(e).unwrap()),
            lossy: true,
        };
        match decode_with(Path::new("t.txt"), bytes.to_vec(), &options).unwrap() {
            Content::Text(text) => text,
            Content::Binary { .. } => panic!("read as binary"),
        }
    }

    #[test]
    fn lossy_replaces_each_invalid_sequence_and_counts_them() {
        let text = decode_lossy(b"a\nb\xE9c\xFF\xFEd", None);
        assert_eq!(text.text, "a\nb\u{FFFD}c\u{FFFD}\u{FFFD}d");
        assert_eq!(
            text.replaced,
            Some(Replaced {
                count: 3,
                first_offset: 3,
                first_line: 2
            })
        );
        let clean = decode_lossy(b"fine", None);
        assert_eq!((clean.text.as_str(), clean.replaced), ("fine", None));
    }

    #[test]
    fn a_named_encoding_is_used_unless_a_bom_says_otherwise() {
        let text = decode_lossy(b"caf\xE9 \x93x\x94", Some("windows-1252"));
        assert_eq!(text.text, "café “x”");
        assert_eq!(text.encoding.name(), "windows-1252");
        let bom = decode_lossy(b"\xFF\xFEh\0i\0", Some("windows-1252"));
        assert_eq!(bom.text, "hi");
        assert_eq!(
            bom.encoding,
            TextEncoding::Utf16 {
                big_endian: false,
                bom: true
            }
        );
        let no_bom = decode_lossy(b"\0h\0i", Some("utf-16be"));
        assert_eq!(no_bom.text, "hi");
    }

    #[test]
    fn broken_utf16_is_an_error_with_its_offset() {
        let err = decode(Path::new("u.txt"), b"\xFF\xFEa\0\n\0\x00\xD8b\0".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "u.txt:2: not valid UTF-16LE (unpaired surrogate) (byte offset 6)\n  hint: check the file's encoding and name it with `--encoding ENC`; `--lossy` replaces invalid bytes with U+FFFD"
        );
        let odd = decode(Path::new("u.txt"), b"\xFF\xFEa\0b".to_vec()).unwrap_err();
        assert!(
            odd.to_string()
                .contains("(odd number of bytes) (byte offset 4)"),
            "{odd}"
        );
    }

    #[test]
    fn nul_bytes_in_every_other_place_look_like_utf16() {
        assert_eq!(
            decode_with(Path::new("t"), b"h\0i\0".to_vec(), &ReadOptions::default()).unwrap(),
            Content::Binary { utf16_like: true }
        );
        assert_eq!(
            decode_with(
                Path::new("t"),
                b"PK\x03\x04\0\0".to_vec(),
                &ReadOptions::default()
            )
            .unwrap(),
            Content::Binary { utf16_like: false }
        );
    }

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let err = decode(Path::new("bad.txt"), b"ok\nfine\ncaf\xE9\n".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.txt:3: not valid UTF-8 (byte 0xE9) (byte offset 11)\n  hint: if the file is Windows-1252 (there 0xE9 is `é`), read it with `--encoding windows-1252`; `--lossy` replaces invalid bytes with U+FFFD"
        );
    }
}
