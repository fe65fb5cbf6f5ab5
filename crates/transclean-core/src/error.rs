//! The library's error type: every error says where it happened and, where it can, what to do.

use std::fmt;
use std::path::PathBuf;

/// A position in a file, 1-based, for messages of the form `file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule file or config that cannot be used: bad TOML, unknown key, bad regex, unknown id.
    #[error("{location}: {message}{}", hint_suffix(.hint))]
    Config {
        location: Location,
        message: String,
        hint: Option<String>,
    },

    /// A config problem that belongs to a file as a whole (missing file, `extend` cycle).
    #[error("{file}: {message}{}", hint_suffix(.hint))]
    ConfigFile {
        file: String,
        message: String,
        hint: Option<String>,
    },

    /// A `--disable` flag or similar naming a rule that does not exist.
    #[error("unknown rule id `{id}`{}", hint_suffix(.hint))]
    UnknownRule { id: String, hint: Option<String> },

    /// An input that could not be read.
    #[error("{}: {source}{}", .path.display(), hint_suffix(&read_hint(.source)))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// An input that is not valid text in an encoding transclean reads.
    #[error("{}:{line}: {message} (byte offset {offset}){}", .path.display(), hint_suffix(.hint))]
    Decode {
        path: PathBuf,
        line: usize,
        offset: usize,
        message: String,
        hint: Option<String>,
    },

    /// A subtitle file that cannot be understood.
    #[error("{}:{line}: {message}{}", .path.display(), hint_suffix(.hint))]
    Subtitle {
        path: PathBuf,
        line: usize,
        message: String,
        hint: Option<String>,
    },

    /// A JSON Lines record that cannot be cleaned.
    #[error("{}:{line}: {message}{}", .path.display(), hint_suffix(.hint))]
    BadRecord {
        path: PathBuf,
        line: usize,
        message: String,
        hint: Option<String>,
    },

    /// A combination of options that cannot work for this input.
    #[error("{}: {message}{}", .path.display(), hint_suffix(.hint))]
    Usage {
        path: PathBuf,
        message: String,
        hint: Option<String>,
    },

    /// An input left alone because something it depends on failed (reported on its own).
    #[error("{}: not cleaned: {reason}", .path.display())]
    NotCleaned { path: PathBuf, reason: String },

    /// An input the rules would not let settle (its text kept growing or changing); left as it was.
    #[error("{}: not cleaned: {runaway}{}", .path.display(), hint_suffix(&Some(crate::runaway::HINT.into())))]
    Runaway {
        path: PathBuf,
        runaway: crate::runaway::Runaway,
    },

    /// A dictionary or document an authoring tool (`import`, `suggest`, `learn`) cannot use.
    #[error("{file}: {message}{}", hint_suffix(.hint))]
    Input {
        file: String,
        message: String,
        hint: Option<String>,
    },

    /// An output that could not be written; the input is left as it was.
    #[error("{}: cannot write: {source}{}", .path.display(), hint_suffix(&write_hint(.source)))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Cleaned text that the file's own encoding cannot hold: written back, it would lose a
    /// character, so the file is left as it was.
    #[error("{}:{line}: not written: {message}{}", .path.display(), hint_suffix(.hint))]
    Encode {
        path: PathBuf,
        line: usize,
        message: String,
        hint: Option<String>,
    },
}

/// What to do about an input that cannot be read, by what went wrong.
fn read_hint(error: &std::io::Error) -> Option<String> {
    use std::io::ErrorKind::*;
    // ELOOP: `ErrorKind::FilesystemLoop` is not stable yet.
    const ELOOP: i32 = 40;
    Some(
        match error.kind() {
            NotFound => "check the path",
            PermissionDenied => "check the file's permissions (`ls -l`)",
            _ if cfg!(target_os = "linux") && error.raw_os_error() == Some(ELOOP) => {
                "a symbolic link leads back to itself; point it at a file or remove it"
            }
            _ => return None,
        }
        .into(),
    )
}

/// What to do about an output that cannot be written; the file it replaces is untouched.
fn write_hint(error: &std::io::Error) -> Option<String> {
    use std::io::ErrorKind::*;
    Some(
        match error.kind() {
            StorageFull | QuotaExceeded => {
                "free some space and run again; the file was left as it was"
            }
            PermissionDenied | ReadOnlyFilesystem => {
                "check that the file and its folder are writable; the file was left as it was"
            }
            _ => "the file was left as it was",
        }
        .into(),
    )
}

fn hint_suffix(hint: &Option<String>) -> String {
    match hint {
        Some(hint) => format!("\n  hint: {hint}"),
        None => String::new(),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether the message opens with the place it is about (a file, a rule file's line): every
    /// kind does but an unknown rule id, which callers prefix with the input it concerns.
    pub fn names_its_place(&self) -> bool {
        !matches!(self, Error::UnknownRule { .. })
    }
}

/// The closest candidate to `unknown`, if any is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(unknown, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("fnd", ["find", "replace", "kind"]),
            Some("did you mean `find`?".into())
        );
        assert_eq!(did_you_mean("zzzz", ["find", "replace"]), None);
    }

    #[test]
    fn config_errors_show_location_and_hint() {
        let err = Error::Config {
            location: Location {
                file: "r.toml".into(),
                line: 3,
                column: 1,
            },
            message: "unknown key `fnd`".into(),
            hint: Some("did you mean `find`?".into()),
        };
        assert_eq!(
            err.to_string(),
            "r.toml:3:1: unknown key `fnd`\n  hint: did you mean `find`?"
        );
    }
}
