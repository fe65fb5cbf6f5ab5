//! What a review leaves behind: the rejections appended to the project's `transclean.toml`, and
//! the lines that sum a file and a run up.

use super::FileReview;
use crate::config::discover::{self, PROJECT_FILE};
use crate::error::{Error, Result};
use crate::exceptions::{Exception, FileException};
use crate::report::count;
use crate::sink;
use std::path::{Path, PathBuf};

/// A rejection to record: one place, or a rule switched off for the whole file (`r`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    Place(Exception),
    File { rule: String },
}

impl Rejection {
    /// The `[[exception]]` table for the config at `config`, about the file `input`.
    fn to_toml(&self, config: &Path, input: &Path, comment: &str) -> String {
        match self {
            Rejection::Place(e) => e.to_toml(comment),
            Rejection::File { rule } => FileException {
                rule: rule.clone(),
                file: relative_to_config(config, input),
                base: None,
                location: crate::error::Location {
                    file: String::new(),
                    line: 0,
                    column: 0,
                },
            }
            .to_toml(comment),
        }
    }
}

/// `input` as a config at `config` names it: relative to the config's folder, `/`-separated
/// (absolute when it is not inside that folder).
fn relative_to_config(config: &Path, input: &Path) -> String {
    use crate::pipeline::engines::comparable;
    let dir = config
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (dir, input) = (comparable(dir), comparable(input));
    match input.strip_prefix(&dir) {
        Ok(relative) => relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => input.display().to_string(),
    }
}

/// `3 accepted, 1 edited, 2 rejected` for a file's closing line.
pub fn summary(review: &FileReview) -> String {
    let mut parts = vec![format!("{} accepted", review.accepted)];
    if review.edited > 0 {
        parts.push(format!("{} edited", review.edited));
    }
    parts.push(format!("{} rejected", review.rejected));
    parts.join(", ")
}

/// The config file that remembers rejections for `input`: the project's `transclean.toml`, or
/// a new one in the current folder when that folder holds the input, else beside the input.
pub fn exceptions_file(input: &Path) -> PathBuf {
    let dir = input
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(existing) = discover::project_config(dir) {
        return existing;
    }
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let cwd = absolute(Path::new("."));
    if absolute(dir).starts_with(&cwd) {
        PathBuf::from(PROJECT_FILE)
    } else {
        dir.join(PROJECT_FILE)
    }
}

/// Appends `exceptions` (made reviewing `input`) to the config at `path` (creating it), keeping what it held, and
/// writes it atomically. The result must still parse, or nothing is written.
pub fn record_exceptions(
    path: &Path,
    input: &Path,
    exceptions: &[(Rejection, String)],
) -> Result<()> {
    let mut text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for (exception, comment) in exceptions {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&exception.to_toml(path, input, comment));
    }
    toml::from_str::<toml::Table>(&text).map_err(|e| Error::ConfigFile {
        file: path.display().to_string(),
        message: format!(
            "recording exceptions would leave invalid TOML: {}",
            e.message()
        ),
        hint: Some("fix the file by hand, then review again".into()),
    })?;
    sink::write_atomic(path, text.as_bytes())
}

/// The closing line of a review: `2 files written of 5 reviewed; 1 exception recorded`.
pub fn totals(files_written: usize, files_reviewed: usize, exceptions: usize) -> String {
    format!(
        "{} written of {files_reviewed} reviewed; {} recorded",
        count(files_written, "file"),
        count(exceptions, "exception")
    )
}
