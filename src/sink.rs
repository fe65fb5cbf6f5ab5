//! Writing cleaned files: always through a temporary file in the same folder, synced and renamed,
//! so an input is either its old self or fully cleaned, never half-written.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// A file being written in place: everything goes to a temporary file in the same folder, and
/// only [`AtomicWriter::commit`] (after an fsync) renames it over the target. Dropped without a
/// commit, the temporary file is removed and the target is untouched.
pub struct AtomicWriter {
    temp: tempfile::NamedTempFile,
    path: std::path::PathBuf,
}

impl AtomicWriter {
    /// Starts writing `path`, keeping its permissions if it exists.
    pub fn create(path: &Path) -> Result<AtomicWriter> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".transclean-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|source| write_error(path, source))?;
        if let Ok(metadata) = std::fs::metadata(path) {
            temp.as_file()
                .set_permissions(metadata.permissions())
                .map_err(|source| write_error(path, source))?;
        }
        Ok(AtomicWriter {
            temp,
            path: path.to_path_buf(),
        })
    }

    /// Syncs the temporary file and renames it over the target.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        self.temp
            .as_file()
            .sync_all()
            .map_err(|source| write_error(&path, source))?;
        self.temp
            .persist(&path)
            .map_err(|e| write_error(&path, e.error))?;
        Ok(())
    }
}

impl Write for AtomicWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.temp.flush()
    }
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Replaces `path` with `contents` atomically, keeping its permissions.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let mut writer = AtomicWriter::create(path)?;
    writer
        .write_all(contents)
        .map_err(|source| write_error(path, source))?;
    writer.commit()
}

/// Writes `contents` to `path`, creating its folders (for `--out DIR`).
pub fn write_new(path: &Path, contents: &[u8]) -> Result<()> {
    create_parent(path)?;
    write_atomic(path, contents)
}

/// Creates the folders above `path` (for `--out DIR`).
pub fn create_parent(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| write_error(path, source))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn replaces_contents_keeps_permissions_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_uncommitted_writer_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "old").unwrap();
        let mut writer = AtomicWriter::create(&path).unwrap();
        writer.write_all(b"half").unwrap();
        drop(writer);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn write_new_creates_folders() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/c.txt");
        write_new(&path, b"x").unwrap();
        assert_eq!(std::fs::read_to_string(path).unwrap(), "x");
    }
}
