//! Where rule files named by path come from: the core reads no files itself, so whoever loads a
//! config passes a [`Loader`] (the command line reads the filesystem; a test or a binding can
//! serve texts from memory).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Reads the rule files a config names: `--rules`/`--config` paths and `extend` entries.
pub trait Loader {
    /// The file's identity, the same for every path that names it (a canonical path on a
    /// filesystem): what `extend` cycles are caught by. An error means the file is not there.
    fn identify(&self, path: &Path) -> io::Result<PathBuf>;

    /// The file's text, or why it was not read (a loader may refuse files that are not
    /// regular, or too large to be rule files, with a hint for the user).
    fn read(&self, path: &Path) -> Result<String, Refusal>;
}

/// Why a rule file was not read, as a message and a hint for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: Option<String>,
}

impl From<io::Error> for Refusal {
    fn from(error: io::Error) -> Refusal {
        Refusal {
            message: format!("cannot read rule file: {error}"),
            hint: None,
        }
    }
}

/// A loader with no files: for loading the built-in rules and texts given directly.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl Loader for NoFiles {
    fn identify(&self, path: &Path) -> io::Result<PathBuf> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("no files can be read here ({})", path.display()),
        ))
    }

    fn read(&self, path: &Path) -> Result<String, Refusal> {
        Ok(self.identify(path).map(|_| String::new())?)
    }
}

/// Rule files held in memory, by path: what a binding passes TOML texts with, and what tests use.
#[derive(Debug, Clone, Default)]
pub struct MemoryLoader {
    files: BTreeMap<PathBuf, String>,
}

impl MemoryLoader {
    /// Adds (or replaces) the file at `path`; `extend` entries are joined to their file's folder,
    /// so `extend = ["b.toml"]` in `rules/a.toml` names `rules/b.toml`.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> &mut Self {
        self.files.insert(normalise(&path.into()), text.into());
        self
    }
}

impl Loader for MemoryLoader {
    fn identify(&self, path: &Path) -> io::Result<PathBuf> {
        let key = normalise(path);
        match self.files.contains_key(&key) {
            true => Ok(key),
            false => Err(io::Error::new(
                io::ErrorKind::NotFound,
                "no such rule file was given",
            )),
        }
    }

    fn read(&self, path: &Path) -> Result<String, Refusal> {
        let key = self.identify(path)?;
        Ok(self.files[&key].clone())
    }
}

/// `path` without `.` parts and with each `..` taking away the part before it, so that two
/// spellings of one file are one key.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_files_are_found_by_any_spelling_of_their_path() {
        let mut files = MemoryLoader::default();
        files.insert("rules/a.toml", "x");
        assert_eq!(files.read(Path::new("./rules/b/../a.toml")).unwrap(), "x");
        let missing = files.read(Path::new("rules/b.toml")).unwrap_err();
        assert_eq!(
            missing.message,
            "cannot read rule file: no such rule file was given"
        );
        assert!(NoFiles.read(Path::new("a.toml")).is_err());
    }
}
