//! Reading inputs: bytes to text (UTF-8, UTF-8 with BOM, UTF-16 with BOM), binary files told apart.
//!
//! Decoding never guesses silently: text that is not valid in an encoding we read is an error
//! naming the file, the line and the byte offset, so nothing is cleaned on a misread basis.

use crate::error::{Error, Result};
use std::path::Path;

/// What an input turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Text(String),
    /// Holds NUL bytes and no UTF-16 byte-order mark: not text, skipped with a warning.
    Binary,
}

/// How far into a file to look for NUL bytes when telling text from binary.
const BINARY_SNIFF_LEN: usize = 8192;

/// Decodes the bytes of `path` (the path is only used in messages).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<Decoded> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(path, rest, u16::from_le_bytes).map(Decoded::Text);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(path, rest, u16::from_be_bytes).map(Decoded::Text);
    }
    if bytes[..bytes.len().min(BINARY_SNIFF_LEN)].contains(&0) {
        return Ok(Decoded::Binary);
    }
    // A UTF-8 BOM stays in the text: removing it is a change the `unicode` rule reports.
    String::from_utf8(bytes).map(Decoded::Text).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        Error::Decode {
            path: path.to_path_buf(),
            line: bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1,
            offset,
            message: format!("not valid UTF-8 (byte 0x{:02X})", bytes[offset]),
            hint: Some(
                "convert the file to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE`"
                    .into(),
            ),
        }
    })
}

fn decode_utf16(path: &Path, bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String> {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for (index, c) in char::decode_utf16(units).enumerate() {
        // Offsets count the two BOM bytes, as a hex editor would show them.
        let c = c.map_err(|_| utf16_error(path, &text, 2 + index * 2, "unpaired surrogate"))?;
        text.push(c);
    }
    if bytes.len() % 2 == 1 {
        return Err(utf16_error(
            path,
            &text,
            1 + bytes.len(),
            "odd number of bytes",
        ));
    }
    Ok(text)
}

fn utf16_error(path: &Path, decoded: &str, offset: usize, what: &str) -> Error {
    Error::Decode {
        path: path.to_path_buf(),
        line: decoded.matches('\n').count() + 1,
        offset,
        message: format!("not valid UTF-16 ({what})"),
        hint: Some("convert the file to UTF-8 first, e.g. `iconv -f UTF-16 -t UTF-8 FILE`".into()),
    }
}

/// Reads and decodes a file.
pub fn read_path(path: &Path) -> Result<Decoded> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    decode(path, bytes)
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

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let err = decode(Path::new("bad.txt"), b"ok\nfine\ncaf\xE9\n".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.txt:3: not valid UTF-8 (byte 0xE9) (byte offset 11)\n  hint: convert the file to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8 FILE`"
        );
    }
}
