//! Writing a report or generated rule file to `-o FILE`: a regular file is replaced atomically,
//! anything else is written through as it is, and `-` means stdout.
//!
//! Renaming over a path replaces whatever is there: a symlink would become a regular file and
//! its target stay stale, and (as root) `/dev/null` or `/dev/full` would become a plain file.
//! So a symlink's target is the file replaced, and a character device, pipe or socket is
//! opened and written like any other program's output.

use crate::error::{Error, Result};
use crate::sink;
use std::io::Write;
use std::path::Path;

/// Where `-o` sends the output.
#[derive(Debug, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    /// Written (or replaced) by [`write()`].
    File,
}

/// What `-o PATH` means: `-` is stdout.
pub fn destination(path: &Path) -> Destination {
    if path.as_os_str() == "-" {
        Destination::Stdout
    } else {
        Destination::File
    }
}

/// Writes `contents` to `path`: a new or regular file (a symlink's target included) through a
/// temporary file and a rename, anything else (a device, a pipe) opened and written.
pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    let write_error = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => {
            // A symlink's target is replaced in its own folder, and the link stays.
            let target = std::fs::canonicalize(path).map_err(write_error)?;
            sink::write_atomic(&target, contents).map_err(|e| renamed(e, path))
        }
        Ok(metadata) if metadata.is_dir() => Err(write_error(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a folder; name a file",
        ))),
        Ok(_) => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(write_error)?;
            file.write_all(contents)
                .and_then(|()| file.flush())
                .map_err(write_error)
        }
        Err(_) if path.symlink_metadata().is_ok() => Err(write_error(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "a symbolic link to a file that does not exist",
        ))),
        Err(_) => sink::write_new(path, contents),
    }
}

/// An error about a symlink's target, told about the name given.
fn renamed(error: Error, path: &Path) -> Error {
    match error {
        Error::Write { source, .. } => Error::Write {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_stays_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.json");
        std::fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn a_dash_is_stdout_and_a_new_file_is_created() {
        assert_eq!(destination(Path::new("-")), Destination::Stdout);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/report.html");
        write(&path, b"x").unwrap();
        assert_eq!(std::fs::read_to_string(path).unwrap(), "x");
    }
}
