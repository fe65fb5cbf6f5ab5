//! Writing cleaned files: always through a temporary file in the same folder, synced and renamed,
//! so an input is either its old self or fully cleaned, never half-written.
//!
//! A process killed between creating its temporary file and renaming it leaves that file
//! behind. Temporary files carry the writer's process id (`.transclean-PID-XXXXXX.tmp`), and the
//! first write into a folder removes those whose process is gone, so the next run tidies up.

use crate::error::{Error, Result};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// How the temporary files of [`write_atomic`] are named: `.transclean-PID-XXXXXX.tmp`.
pub const TEMP_PREFIX: &str = ".transclean-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// Where a temporary file's process cannot be checked, how old it must be to count as stale.
#[cfg(not(target_os = "linux"))]
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// A file being written in place: everything goes to a temporary file in the same folder, and
/// only [`AtomicWriter::commit`] (after an fsync) renames it over the target. Dropped without a
/// commit, the temporary file is removed and the target is untouched.
pub struct AtomicWriter {
    temp: tempfile::NamedTempFile,
    path: std::path::PathBuf,
    /// The name used in messages, when not `path` (a symlink given for its target).
    name: Option<PathBuf>,
    /// Checked just before the rename: the file must still be the one that was read.
    seen: Option<crate::in_place::Seen>,
}

impl AtomicWriter {
    /// Starts writing `path`, keeping its permissions if it exists.
    pub fn create(path: &Path) -> Result<AtomicWriter> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        sweep_once(dir);
        let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
        let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(TEMP_SUFFIX);
        // A temporary file is private (0600); a new file gets what any new file would (0666
        // less the umask), an existing one keeps its own permissions (set below).
        #[cfg(unix)]
        if permissions.is_none() {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder
            .tempfile_in(dir)
            .map_err(|source| write_error(path, source))?;
        if let Some(permissions) = permissions {
            temp.as_file()
                .set_permissions(permissions)
                .map_err(|source| write_error(path, source))?;
        }
        Ok(AtomicWriter {
            temp,
            path: path.to_path_buf(),
            name: None,
            seen: None,
        })
    }

    /// Names the file `name` in messages (the symlink given, when writing its target).
    pub fn named(mut self, name: &Path) -> AtomicWriter {
        self.name = Some(name.to_path_buf());
        self
    }

    /// Makes [`AtomicWriter::commit`] fail, leaving the target alone, if it is no longer the
    /// file `seen` was taken of.
    pub fn checked_against(mut self, seen: crate::in_place::Seen) -> AtomicWriter {
        self.seen = Some(seen);
        self
    }

    /// Gives the temporary file (so the file it becomes) this owner and group.
    #[cfg(unix)]
    pub fn set_owner(&self, uid: u32, gid: u32) -> std::io::Result<()> {
        std::os::unix::fs::fchown(self.temp.as_file(), Some(uid), Some(gid))
    }

    /// Syncs the temporary file and renames it over the target.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let name = self.name.unwrap_or_else(|| path.clone());
        self.temp
            .as_file()
            .sync_all()
            .map_err(|source| write_error(&name, source))?;
        if let Some(seen) = &self.seen {
            seen.still_there(&name)?;
        }
        self.temp
            .persist(&path)
            .map_err(|e| write_error(&name, e.error))?;
        // The rename is durable once the folder is synced; failing that is not worth an error.
        #[cfg(unix)]
        if let Some(folder) = path.parent().map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".")
            } else {
                d
            }
        }) && let Ok(folder) = std::fs::File::open(folder)
        {
            let _ = folder.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicWriter {
    // Through the file itself: `NamedTempFile` adds its random name to errors, and a message
    // should name the file being written, not a temporary one.
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.temp.as_file_mut().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.temp.as_file_mut().flush()
    }
}

pub(crate) fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source: without_temp_path(source),
    }
}

/// `tempfile` ends its errors with ` at path "…/.transclean-123-abc.tmp"`; the message names
/// the file being written instead, and a random name would only confuse.
fn without_temp_path(error: std::io::Error) -> std::io::Error {
    if error.raw_os_error().is_some() {
        return error;
    }
    let message = error.to_string();
    match message.rfind(" at path \"") {
        Some(cut) if message[cut..].contains(TEMP_PREFIX) => {
            std::io::Error::new(error.kind(), &message[..cut])
        }
        _ => error,
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

/// Removes the stale temporary files of `dir`, once per folder and process.
fn sweep_once(dir: &Path) {
    static SWEPT: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    let key = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let first = SWEPT
        .get_or_init(Default::default)
        .lock()
        .map(|mut swept| swept.insert(key))
        .unwrap_or(false);
    if first {
        sweep_stale_temp_files(dir);
    }
}

/// Removes temporary files left in `dir` by transclean processes that are gone; returns how
/// many. Files of live processes (a run going on beside this one) are left alone.
pub fn sweep_stale_temp_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = name
            .strip_prefix(TEMP_PREFIX)
            .filter(|rest| rest.ends_with(TEMP_SUFFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id()
            && is_stale(pid, &entry)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(target_os = "linux")]
fn is_stale(pid: u32, _entry: &std::fs::DirEntry) -> bool {
    !Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn is_stale(_pid: u32, entry: &std::fs::DirEntry) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER)
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

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_permissions_of_any_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.txt");
        std::fs::write(&plain, "x").unwrap();
        let written = dir.path().join("written.txt");
        write_atomic(&written, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&written), mode(&plain));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temporary_files_are_swept_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this id (above the kernel's pid_max).
        let stale = dir
            .path()
            .join(format!("{TEMP_PREFIX}4194999-abc123{TEMP_SUFFIX}"));
        let live = dir
            .path()
            .join(format!("{TEMP_PREFIX}1-abc123{TEMP_SUFFIX}"));
        let mine = dir.path().join(format!(
            "{TEMP_PREFIX}{}-abc123{TEMP_SUFFIX}",
            std::process::id()
        ));
        let other = dir.path().join(".transclean-notes.tmp");
        for path in [&stale, &live, &mine, &other] {
            std::fs::write(path, "x").unwrap();
        }
        assert_eq!(sweep_stale_temp_files(dir.path()), 1);
        assert!(!stale.exists());
        assert!(live.exists() && mine.exists() && other.exists());
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
