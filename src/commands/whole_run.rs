//! JSON and HTML reports of a whole run, to stdout or a file.

use crate::cli::{ReportFormat, RuleArgs};
use crate::diff::{html, json, run::FileResult};
use crate::error::Error;
use crate::output_file::{self, Destination};
use crate::pipeline::job::{FileReport, Job, Mode};
use crate::pipeline::run::process_all;
use crate::report::{self, Output};
use std::path::PathBuf;

/// Cleans every input, then writes one report of the whole run to stdout or `output`.
/// Returns (files with errors, files changed).
pub(crate) fn whole_run_report(
    args: &RuleArgs,
    paths: &[PathBuf],
    command: &str,
    format: ReportFormat,
    output: Option<&std::path::Path>,
    input: &crate::cli::FormatArgs,
    out: &mut Output,
) -> Result<(usize, usize), Error> {
    let mode = Mode::Collect {
        keep_text: format == ReportFormat::Html,
    };
    let job = Job::build(
        mode,
        crate::commands::file_shaped(input),
        input,
        args.no_config,
    )?;
    let mut kept = Vec::new();
    let totals = process_all(args, paths, &job, out, &mut kept);
    let reports = by_record(kept);
    let (errors, changed) = (totals.errors, totals.changed);
    let messages: Vec<Option<String>> = reports
        .iter()
        .map(|r| r.error.as_ref().map(Error::to_string))
        .collect();
    let paths: Vec<String> = reports
        .iter()
        .map(|r| match (&r.error, r.label.as_str()) {
            (Some(Error::Read { path, .. }), "") => path.display().to_string(),
            // A `\` is part of a name on Unix: kept, as JSON escapes it.
            (_, label) => label.strip_prefix("./").unwrap_or(label).to_string(),
        })
        .collect();
    let results: Vec<FileResult> = reports
        .iter()
        .zip(&messages)
        .zip(&paths)
        .map(|((report, message), path)| FileResult {
            path,
            original: report.original.as_deref(),
            outcome: report.outcome.as_ref(),
            engine: report.engine.as_deref(),
            error: message.as_deref(),
            skipped: report.skipped,
            changed: report.changed,
        })
        .collect();
    let text = match format {
        ReportFormat::Text | ReportFormat::Json => json::render(command, &results),
        ReportFormat::Html => html::render(command, &results),
    };
    match output.filter(|p| output_file::destination(p) == Destination::File) {
        Some(path) => {
            output_file::write(path, text.as_bytes())?;
            out.summary(&format!(
                "wrote {}: {}",
                path.display(),
                report::totals(
                    report::RunCounts {
                        files: reports.len(),
                        errors,
                        ..totals.counts()
                    },
                    // Neither command changes a file: it reports what cleaning would do.
                    "would change",
                    if command == "check" {
                        "could not be checked"
                    } else {
                        "failed"
                    }
                )
            ));
        }
        None => out.print(&text),
    }
    Ok((errors, changed))
}

/// The reports of a run with each JSON Lines file replaced by its changed records
/// (`path:line`), each carrying the file's engine.
fn by_record(kept: Vec<FileReport>) -> Vec<FileReport> {
    kept.into_iter()
        .flat_map(|mut report| {
            let engine = report.engine.clone();
            let parts: Vec<FileReport> = std::mem::take(&mut report.parts)
                .into_iter()
                .map(|mut part| {
                    part.engine = engine.clone();
                    part
                })
                .collect();
            if parts.is_empty() {
                vec![report]
            } else {
                parts
            }
        })
        .collect()
}
