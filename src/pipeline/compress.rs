//! Compressed inputs: a `.gz` or `.zst` file is read through its decoder and, written back in
//! place, compressed the same way again, so a corpus kept compressed stays compressed.

use crate::error::Error;
use std::io::{Read, Write};
use std::path::Path;

/// How a file is compressed, told by its last extension (any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
}

impl Compression {
    /// The compression of `path`, if its name ends in `.gz` or `.zst`.
    pub fn of(path: &Path) -> Option<Compression> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "gz" => Some(Compression::Gzip),
            "zst" | "zstd" => Some(Compression::Zstd),
            _ => None,
        }
    }

    /// A reader of the decompressed bytes of `reader`.
    pub fn decoder<'a>(self, reader: impl Read + 'a) -> std::io::Result<Box<dyn Read + 'a>> {
        Ok(match self {
            // Multi-member gzip (concatenated `.gz` files) reads as one stream, as `zcat` does.
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(reader)),
            Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(reader)?),
        })
    }

    /// A writer that compresses into `writer`; `finish` must be called to end the stream.
    pub fn encoder<'a, W: Write + 'a>(self, writer: W) -> std::io::Result<Encoder<'a, W>> {
        Ok(match self {
            Compression::Gzip => Encoder::Gzip(flate2::write::GzEncoder::new(
                writer,
                flate2::Compression::default(),
            )),
            Compression::Zstd => Encoder::Zstd(zstd::stream::write::Encoder::new(writer, 0)?),
        })
    }

    /// `bytes` compressed whole.
    pub fn compress(self, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut encoder = self.encoder(Vec::new())?;
        encoder.write_all(bytes)?;
        encoder.finish()
    }
}

/// A compressing writer of either kind.
pub enum Encoder<'a, W: Write> {
    Gzip(flate2::write::GzEncoder<W>),
    Zstd(zstd::stream::write::Encoder<'a, W>),
}

impl<W: Write> Encoder<'_, W> {
    /// Ends the compressed stream and returns the inner writer.
    pub fn finish(self) -> std::io::Result<W> {
        match self {
            Encoder::Gzip(e) => e.finish(),
            Encoder::Zstd(e) => e.finish(),
        }
    }
}

impl<W: Write> Write for Encoder<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Encoder::Gzip(e) => e.write(buf),
            Encoder::Zstd(e) => e.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Encoder::Gzip(e) => e.flush(),
            Encoder::Zstd(e) => e.flush(),
        }
    }
}

/// The name of `path` without its compression extension (`a.jsonl.gz` → `a.jsonl`), which
/// tells the format of what is inside.
pub fn inner_name(path: &Path) -> String {
    let name = path.to_string_lossy();
    match Compression::of(path) {
        Some(_) => name
            .rsplit_once('.')
            .map_or_else(|| name.to_string(), |(stem, _)| stem.to_string()),
        None => name.into_owned(),
    }
}

/// Reads the whole decompressed content of a compressed file.
pub fn read_all(path: &Path, compression: Compression) -> Result<Vec<u8>, Error> {
    let read_error = |source: std::io::Error| Error::Read {
        path: path.to_path_buf(),
        source: std::io::Error::new(source.kind(), format!("cannot decompress it ({source})")),
    };
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut bytes = Vec::new();
    compression
        .decoder(std::io::BufReader::new(file))
        .and_then(|mut reader| reader.read_to_end(&mut bytes))
        .map_err(read_error)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_kinds_round_trip() {
        for kind in [Compression::Gzip, Compression::Zstd] {
            let packed = kind.compress(b"in Dombas\n").unwrap();
            let mut out = Vec::new();
            kind.decoder(&packed[..])
                .unwrap()
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, b"in Dombas\n");
        }
    }

    #[test]
    fn the_inner_name_tells_the_format() {
        assert_eq!(inner_name(Path::new("d/a.JSONL.GZ")), "d/a.JSONL");
        assert_eq!(inner_name(Path::new("a.txt.zst")), "a.txt");
        assert_eq!(inner_name(Path::new("a.txt")), "a.txt");
        assert_eq!(Compression::of(Path::new("a.txt")), None);
    }
}
