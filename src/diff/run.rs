//! What the whole-run reports (JSON and HTML) know about each input of a run.
//!
//! A unified or word diff is printed file by file; these reports are built once all files are
//! cleaned, so the run's results are gathered here first, in input order.

use crate::engine::{Engine, Outcome};

/// One input of a run and what became of it.
#[derive(Clone, Copy)]
pub struct FileResult<'a> {
    /// The path as given or found, `<stdin>` for standard input.
    pub path: &'a str,
    /// The text as read, where the report shows it (HTML).
    pub original: Option<&'a str>,
    pub outcome: Option<&'a Outcome>,
    /// The engine that cleaned it: its rules and their fingerprint.
    pub engine: Option<&'a Engine>,
    /// Why the input could not be cleaned.
    pub error: Option<&'a str>,
    /// Why the input was left alone (a binary file).
    pub skipped: Option<&'a str>,
    /// Whether the cleaned text differs from the text as read.
    pub changed: bool,
}
