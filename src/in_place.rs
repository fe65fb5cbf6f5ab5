//! Writing a cleaned file back where it was read (`clean --write`, `review`): the checks that
//! make replacing it safe, on top of [`sink`]'s atomic rename.
//!
//! - A symlink is followed: its target is cleaned and replaced (atomically, in its own folder),
//!   and the link stays a link.
//! - A read-only file is refused, even for root, who could rename over it.
//! - A file with several hard links is refused: a rename would give this name a new file and
//!   leave the other names with the old text, silently splitting what was one file.
//! - Owner, group and mode are kept.
//! - The file must still be the one that was read (same inode, size and modification time)
//!   when the cleaned text is renamed over it: an edit made meanwhile is not lost.

use crate::error::{Error, Result};
use crate::sink::{self, AtomicWriter};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a file was when it was read, to tell whether it changed before it is replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The file itself, symlinks followed.
    target: PathBuf,
    stamp: Stamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            inode: (metadata.dev(), metadata.ino()),
        }
    }
}

impl Seen {
    /// Looks at `path` before it is read; fails, without touching it, if it may not be
    /// replaced (read-only, several hard links, not a regular file).
    pub fn before_reading(path: &Path) -> Result<Seen> {
        let read_error = |source| Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let target = std::fs::canonicalize(path).map_err(read_error)?;
        let metadata = std::fs::metadata(&target).map_err(read_error)?;
        let refuse = |message: String, hint: &str| Error::Usage {
            path: path.to_path_buf(),
            message: format!("not written: {message}"),
            hint: Some(hint.into()),
        };
        if !metadata.is_file() {
            return Err(refuse(
                "not a regular file, so it cannot be replaced in place".into(),
                "write the cleaned text elsewhere with --out DIR, or to stdout without --write",
            ));
        }
        if metadata.permissions().readonly() {
            return Err(refuse(
                "the file is read-only".into(),
                "make it writable (`chmod u+w`) if it should be cleaned, or write elsewhere with --out DIR",
            ));
        }
        // Opened for writing (not truncated, not changed) only to ask whether this user may:
        // replacing a file one may not write, because its folder allows it, is not allowed.
        if let Err(source) = std::fs::OpenOptions::new().write(true).open(&target)
            && source.kind() == std::io::ErrorKind::PermissionDenied
        {
            return Err(refuse(
                format!("you may not write the file ({source})"),
                "check its owner, permissions and attributes (`ls -l`, `lsattr`); the file was left as it was",
            ));
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if metadata.nlink() > 1 {
                return Err(refuse(
                    format!(
                        "it has {} hard links, and replacing it would leave the other names with the old text",
                        metadata.nlink()
                    ),
                    "write elsewhere with --out DIR, or break the link first (`cp FILE tmp && mv tmp FILE`)",
                ));
            }
        }
        Ok(Seen {
            target,
            stamp: Stamp::of(&metadata),
        })
    }

    /// The file that is replaced: the path read, symlinks followed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Fails if the file is no longer the one that was read.
    pub fn still_there(&self, path: &Path) -> Result<()> {
        let now = std::fs::metadata(&self.target).ok().map(|m| Stamp::of(&m));
        if now.as_ref() == Some(&self.stamp) {
            return Ok(());
        }
        Err(Error::Usage {
            path: path.to_path_buf(),
            message: "not written: the file changed (or was replaced) while it was being cleaned"
                .into(),
            hint: Some("the file was left as it is now; run again to clean the new version".into()),
        })
    }
}

/// Replaces the file `seen` was taken of with `contents`, keeping its owner, group and mode,
/// and, with `backup`, its old bytes under `PATH` + `backup` first. `path` is the name given
/// (a symlink stays one), used in messages and for the backup's name.
pub fn write_back(path: &Path, seen: &Seen, contents: &[u8], backup: Option<&str>) -> Result<()> {
    seen.still_there(path)?;
    if let Some(suffix) = backup {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let original = std::fs::read(seen.target()).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let backup = PathBuf::from(name);
        sink::write_atomic(&backup, &original)?;
        if let Ok(metadata) = std::fs::metadata(seen.target()) {
            let _ = std::fs::set_permissions(&backup, metadata.permissions());
        }
    }
    let mut writer = writer(path, seen)?;
    writer
        .write_all(contents)
        .map_err(|source| sink::write_error(path, source))?;
    writer.commit()
}

/// A writer for the file `seen` was taken of: its temporary file already has the file's owner
/// and group, and its commit checks the file is still the one read.
pub fn writer(path: &Path, seen: &Seen) -> Result<AtomicWriter> {
    let writer = AtomicWriter::create(seen.target())
        .map_err(|e| match e {
            Error::Write { source, .. } => Error::Write {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        })?
        .named(path)
        .checked_against(seen.clone());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let metadata = std::fs::metadata(seen.target()).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        writer
            .set_owner(metadata.uid(), metadata.gid())
            .map_err(|source| Error::Usage {
                path: path.to_path_buf(),
                message: format!("not written: cannot keep its owner and group ({source})"),
                hint: Some(
                    "clean it as its owner (or as root); the file was left as it was".into(),
                ),
            })?;
    }
    Ok(writer)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    #[test]
    fn an_edit_made_while_cleaning_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "old").unwrap();
        let seen = Seen::before_reading(&path).unwrap();
        std::fs::write(&path, "edited by hand").unwrap();
        let error = write_back(&path, &seen, b"cleaned", None).unwrap_err();
        assert!(error.to_string().contains("changed"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by hand");
        // Replaced by another file of the same size: another inode.
        let seen = Seen::before_reading(&path).unwrap();
        let other = dir.path().join("other");
        std::fs::write(&other, "edited by HAND").unwrap();
        std::fs::rename(&other, &path).unwrap();
        assert!(write_back(&path, &seen, b"cleaned", None).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by HAND");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_unchanged_file_is_replaced_and_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let seen = Seen::before_reading(&path).unwrap();
        write_back(&path, &seen, b"cleaned", None).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "cleaned");
        assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o640);
    }

    #[test]
    fn read_only_files_and_hard_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let error = Seen::before_reading(&path).unwrap_err().to_string();
        assert!(error.contains("read-only"), "{error}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::hard_link(&path, dir.path().join("link.txt")).unwrap();
        let error = Seen::before_reading(&path).unwrap_err().to_string();
        assert!(error.contains("2 hard links"), "{error}");
    }
}
