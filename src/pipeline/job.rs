//! What a run does with each input (the sink), and what happened to each input.

use crate::document::FormatOptions;
use crate::engine::{Engine, Outcome, Summary};
use crate::error::Error;
use crate::report::Output;
use crate::source::ReadOptions;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What to do with each cleaned document.
pub(crate) enum Mode {
    Print,
    /// In place, keeping the original under `PATH` + `backup` if given.
    Write {
        backup: Option<String>,
    },
    OutDir(PathBuf),
    Diff {
        color: bool,
        explain: bool,
        word: bool,
    },
    Check {
        verbose: bool,
    },
    /// Keep each outcome (and, with `keep_text`, the text) for a whole-run report.
    Collect {
        keep_text: bool,
    },
}

/// Everything that decides how each input is handled.
pub(crate) struct Job {
    pub(crate) mode: Mode,
    pub(crate) input: FormatOptions,
    pub(crate) read: ReadOptions,
    pub(crate) roster: bool,
    /// `-v` of `clean` and `diff`: a line per file on stderr, changed or not.
    pub(crate) verbose: bool,
    /// Which files a folder walk takes.
    pub(crate) walk: crate::pipeline::walk_filter::Filter,
}

impl Job {
    /// A job a command runs for itself over a corpus (suggest's documents, `rules test
    /// --corpus`): no roster, no `-v`, the default walk (with the project's `[files]` unless
    /// `no_config`).
    pub(crate) fn internal(mode: Mode, input: FormatOptions, no_config: bool) -> Job {
        Job {
            mode,
            input,
            read: ReadOptions::default(),
            roster: false,
            verbose: false,
            walk: crate::cli::WalkArgs::default()
                .filter(!no_config)
                .expect("no globs to get wrong"),
        }
    }

    /// A job from the command's flags; a bad walk glob is an error.
    pub(crate) fn build(
        mode: Mode,
        input: FormatOptions,
        format: &crate::cli::FormatArgs,
        no_config: bool,
    ) -> Result<Job, Error> {
        Ok(Job {
            mode,
            input,
            read: format.read_options(),
            roster: false,
            verbose: false,
            walk: format.walk.filter(!no_config)?,
        })
    }
}

/// What happened to one input.
pub(crate) struct FileReport {
    pub(crate) label: String,
    /// How many changes were made (or would be).
    pub(crate) changes: usize,
    /// How many changes unsafe rules propose that were not applied.
    pub(crate) suggested: usize,
    pub(crate) changed: bool,
    /// Text for stdout (cleaned text, a diff, a summary line).
    pub(crate) stdout: String,
    /// Text for stderr that is not a problem (a roster).
    pub(crate) notes: String,
    pub(crate) warning: Option<String>,
    pub(crate) error: Option<Error>,
    /// The text as read: kept until the roster is built, and for HTML reports.
    pub(crate) original: Option<String>,
    /// For whole-run reports: the outcome, the engine that cleaned it, and why it was skipped.
    pub(crate) outcome: Option<Outcome>,
    pub(crate) engine: Option<Arc<Engine>>,
    pub(crate) skipped: Option<&'static str>,
    /// Changes by rule, for corpus hit counts.
    pub(crate) by_rule: BTreeMap<String, usize>,
    /// For a whole-run report of JSON Lines: one report per changed record (`path:line`).
    pub(crate) parts: Vec<FileReport>,
}

impl FileReport {
    pub(crate) fn new(label: String) -> Self {
        FileReport {
            label,
            changes: 0,
            suggested: 0,
            changed: false,
            stdout: String::new(),
            notes: String::new(),
            warning: None,
            error: None,
            original: None,
            outcome: None,
            engine: None,
            skipped: None,
            by_rule: BTreeMap::new(),
            parts: Vec::new(),
        }
    }

    pub(crate) fn failed(label: String, error: Error) -> Self {
        FileReport {
            error: Some(error),
            ..FileReport::new(label)
        }
    }
}

/// What cleaning one input kept: every change (for diffs and reports) with the text they refer
/// to, or only their counts (the engine cleaned the text in place and kept no original).
pub(crate) enum Kept {
    Changes { before: String, outcome: Outcome },
    Counts(Summary),
}

impl Kept {
    /// Whether cleaning changed the text.
    pub(crate) fn changed(&self) -> bool {
        match self {
            Kept::Changes { before, outcome } => outcome.cleaned != *before,
            Kept::Counts(summary) => summary.changed,
        }
    }

    pub(crate) fn cleaned(&self) -> &str {
        match self {
            Kept::Changes { outcome, .. } => &outcome.cleaned,
            Kept::Counts(summary) => &summary.cleaned,
        }
    }

    pub(crate) fn take_cleaned(&mut self) -> String {
        match self {
            Kept::Changes { outcome, .. } => std::mem::take(&mut outcome.cleaned),
            Kept::Counts(summary) => std::mem::take(&mut summary.cleaned),
        }
    }

    pub(crate) fn total(&self) -> usize {
        match self {
            Kept::Changes { outcome, .. } => outcome.changes.len(),
            Kept::Counts(summary) => summary.total(),
        }
    }

    /// How many unsafe suggestions were not applied.
    pub(crate) fn suggested(&self) -> usize {
        match self {
            Kept::Changes { outcome, .. } => outcome.suggestions.len(),
            Kept::Counts(summary) => summary.suggested,
        }
    }

    pub(crate) fn counts(&self) -> BTreeMap<&str, usize> {
        match self {
            Kept::Changes { outcome, .. } => outcome.counts_by_rule(),
            Kept::Counts(summary) => summary.counts.iter().map(|(r, n)| (&**r, *n)).collect(),
        }
    }
}

/// Counts over a run.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    pub(crate) files: usize,
    pub(crate) errors: usize,
    pub(crate) changed: usize,
    pub(crate) changes: usize,
    pub(crate) skipped: usize,
    pub(crate) suggested: usize,
    /// Changes by rule over the run.
    pub(crate) by_rule: BTreeMap<String, usize>,
}

impl Totals {
    /// The counts of the run's closing line.
    pub(crate) fn counts(&self) -> crate::report::RunCounts {
        crate::report::RunCounts {
            files: self.files,
            changed: self.changed,
            changes: self.changes,
            errors: self.errors,
            suggested: self.suggested,
        }
    }
}

/// Prints one report and adds it to the totals.
pub(crate) fn emit(report: &FileReport, out: &mut Output, totals: &mut Totals) {
    out.print(&report.stdout);
    out.note(&report.notes);
    if let Some(warning) = &report.warning {
        out.warning(warning);
    }
    if let Some(error) = &report.error {
        totals.errors += 1;
        // Typed, not read off the text: an error that names its place is printed as it is.
        if report.label.is_empty() || error.names_its_place() {
            out.error(&error.to_string())
        } else {
            out.error(&format!("{}: {error}", report.label))
        }
    }
    totals.files += 1;
    totals.skipped += usize::from(report.skipped.is_some());
    for (rule, n) in &report.by_rule {
        *totals.by_rule.entry(rule.clone()).or_default() += n;
    }
    // A file that failed was not changed: counting it would say it was written or checked.
    totals.changed += usize::from(report.changed && report.error.is_none());
    if report.error.is_none() {
        totals.changes += report.changes;
        totals.suggested += report.suggested;
    }
}
