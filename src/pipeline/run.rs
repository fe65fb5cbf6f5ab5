//! Cleans every input with the engine of its project config, in parallel batches, and
//! reports in input order.

use crate::cli::RuleArgs;
use crate::error::Error;
use crate::inputs::{self, Input};
use crate::out_plan;
use crate::pipeline::adapter;
use crate::pipeline::engines::{EngineCache, EngineKey};
use crate::pipeline::job::{FileReport, Job, Mode, Totals, emit};
use crate::pipeline::{document_input, jsonl_input};
use crate::progress::Progress;
use crate::report::{self, Output};
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// Cleans every input with the engine of its project config; reports in input order.
/// With `Mode::Collect`, the reports are also kept in `kept` for a whole-run report.
pub(crate) fn process_all(
    args: &RuleArgs,
    paths: &[PathBuf],
    job: &Job,
    out: &mut Output,
    kept: &mut Vec<FileReport>,
) -> Totals {
    let inputs = collect_inputs(paths, job);
    let headers = several_to_stdout(&inputs, job);
    // `--out DIR`: every output is planned before anything is written.
    let targets = match &job.mode {
        Mode::OutDir(dir) => match out_plan::plan(dir, paths, &inputs, &job.input) {
            Ok(targets) => targets,
            Err(problems) => {
                for problem in &problems {
                    out.error(&problem.to_string());
                }
                return Totals {
                    errors: problems.len(),
                    ..Totals::default()
                };
            }
        },
        _ => out_plan::Targets::new(),
    };
    // One engine per distinct project config, compiled once before the parallel part.
    let mut engines = EngineCache::new(args);
    let jobs: Vec<Pending> = inputs
        .into_iter()
        .map(|input| {
            let key = (input.as_ref().ok())
                .map(|i| engines.key_for(i))
                .unwrap_or_default();
            (input, key)
        })
        .collect();
    for (_, key) in &jobs {
        if let Err(e) = engines.load(key) {
            out.error(&e.to_string());
        }
    }
    let run = Run {
        job,
        engines,
        targets,
    };
    let mut sink = Reported {
        totals: Totals::default(),
        kept,
        collect: matches!(job.mode, Mode::Collect { .. }),
        verbose: job.verbose,
        headers,
        printed: 0,
    };
    let streams = jobs.iter().any(|(input, _)| {
        input
            .as_ref()
            .is_ok_and(|i| adapter::is_jsonl(i, &job.input))
    });
    // One input is cleaned on this thread: the pool's threads would only be started (two
    // thread spawns and their stacks, a seventh of the wall time of `check` on one small
    // file: issue 15, W4) to wait. A large file still spreads its own work over the pool
    // (`parallel::spread`).
    if streams || jobs.len() == 1 {
        run.one_at_a_time(jobs, out, &mut sink);
    } else {
        run.in_parallel(jobs, out, &mut sink);
    }
    // The compiled rules are left for the process's exit to free: a command runs this once or
    // twice and then ends, and freeing them was 3% of `check` on one small file (issue 15, W4).
    std::mem::forget(run);
    sink.totals
}

/// The inputs of a run: paths expanded through the walk's filter, earlier backups left out.
fn collect_inputs(paths: &[PathBuf], job: &Job) -> Vec<Result<Input, Error>> {
    let mut inputs = inputs::collect_filtered(paths, &job.walk);
    if let Mode::Write {
        backup: Some(suffix),
    } = &job.mode
    {
        // Backups of an earlier run are not inputs: cleaning them would lose the originals.
        inputs.retain(|input| match input {
            Ok(Input::File {
                path, walked: true, ..
            }) => !path
                .as_os_str()
                .to_string_lossy()
                .ends_with(suffix.as_str()),
            _ => true,
        });
    }
    inputs
}

/// Whether `clean` prints several documents to stdout: then each gets a header naming it, as
/// `head` and `tail` do with several files, so that their texts do not run together. JSON Lines
/// get none: their records can follow each other.
fn several_to_stdout(inputs: &[Result<Input, Error>], job: &Job) -> bool {
    let documents: Vec<&Input> = inputs.iter().filter_map(|i| i.as_ref().ok()).collect();
    let all_jsonl = documents.iter().all(|i| adapter::is_jsonl(i, &job.input));
    matches!(job.mode, Mode::Print) && documents.len() > 1 && !all_jsonl
}

/// Where finished reports go: printed, counted, and kept for a whole-run report.
struct Reported<'a> {
    totals: Totals,
    kept: &'a mut Vec<FileReport>,
    collect: bool,
    /// `-v`: a line per file on stderr.
    verbose: bool,
    /// Several documents printed: a `==> NAME <==` line before each.
    headers: bool,
    /// How many headers were printed.
    printed: usize,
}

impl Reported<'_> {
    /// The `==> NAME <==` line to print before a document's text, if headers are on.
    fn header(&mut self, label: &str) -> String {
        if !self.headers {
            return String::new();
        }
        let gap = if self.printed > 0 { "\n" } else { "" };
        self.printed += 1;
        format!("{gap}==> {label} <==\n")
    }

    fn add(&mut self, mut report: FileReport, out: &mut Output) {
        if report.error.is_none() && report.skipped.is_none() && !report.stdout.is_empty() {
            report.stdout.insert_str(0, &self.header(&report.label));
        }
        emit(&report, out, &mut self.totals);
        if self.verbose && report.error.is_none() && report.skipped.is_none() {
            let by_rule = report.by_rule.iter().map(|(r, n)| (r.as_str(), *n));
            out.note(&report::check_line(
                &report.label,
                report.changes,
                by_rule.collect(),
                report.changed,
                report.suggested,
            ));
        }
        if self.collect {
            self.kept.push(report);
        }
    }
}

/// What every input of a run shares: the job, the engines and the planned `--out` targets.
struct Run<'a> {
    job: &'a Job,
    engines: EngineCache<'a>,
    targets: out_plan::Targets,
}

type Pending = (Result<Input, Error>, EngineKey);

impl Run<'_> {
    /// JSON Lines stream to their output as they are cleaned, so inputs go one at a time (each
    /// file is cleaned in parallel batches instead); so does a single input.
    fn one_at_a_time(&self, jobs: Vec<Pending>, out: &mut Output, sink: &mut Reported) {
        for (input, key) in jobs {
            let report = match (&input, self.engines.get(&key)) {
                (Ok(i), Some(engine))
                    if adapter::is_jsonl(i, &self.job.input) && !self.stdin_refused(i) =>
                {
                    // Streamed straight to stdout: its header goes first.
                    let header = sink.header(&i.label());
                    out.print(&header);
                    let mut report = jsonl_input::jsonl_one(i, engine, self.job, out);
                    report.engine = Some(Arc::clone(engine));
                    report
                }
                _ => self.one(input, &key),
            };
            sink.add(report, out);
        }
    }

    /// Inputs are cleaned in parallel a batch at a time and reported in input order as each
    /// batch ends, so a run over a million files holds one batch of results, not all.
    fn in_parallel(&self, jobs: Vec<Pending>, out: &mut Output, sink: &mut Reported) {
        let progress = Progress::new(
            !out.is_quiet(),
            jobs.iter()
                .map(|(input, _)| input.as_ref().ok().and_then(Input::path)),
        );
        let mut jobs = jobs.into_iter().enumerate().peekable();
        while jobs.peek().is_some() {
            let batch: Vec<_> = jobs.by_ref().take(PARALLEL_BATCH).collect();
            let reports: Vec<FileReport> = batch
                .into_par_iter()
                .map(|(index, (input, key))| {
                    let report = self.one(input, &key);
                    progress.file_done(index);
                    report
                })
                .collect();
            progress.suspend(|| {
                for report in reports {
                    sink.add(report, out);
                }
            });
        }
        progress.finish();
    }

    /// Standard input has nowhere to be written back to.
    fn stdin_refused(&self, input: &Input) -> bool {
        *input == Input::Stdin && matches!(self.job.mode, Mode::Write { .. } | Mode::OutDir(_))
    }

    /// Cleans one document input (not streamed) with its engine.
    fn one(&self, input: Result<Input, Error>, key: &EngineKey) -> FileReport {
        let input = match input {
            Ok(input) => input,
            Err(e) => return FileReport::failed(String::new(), e),
        };
        let label = input.label();
        if self.stdin_refused(&input) {
            return FileReport::failed(label, stdin_not_writable(&self.job.mode));
        }
        let Some(engines) = self.engines.engines(key) else {
            return FileReport::failed(
                label.clone(),
                Error::NotCleaned {
                    path: PathBuf::from(&label),
                    reason: "its rules could not be loaded (see the error above)".into(),
                },
            );
        };
        let target = input.path().and_then(|p| self.targets.get(p));
        let mut report =
            document_input::process_one(&input, engines, self.job, target.map(PathBuf::as_path));
        let engine = &engines.text;
        if self.job.roster
            && let Some(text) = &report.original
        {
            report.notes = report::roster(&report.label, &engine.roster(text));
        }
        if !matches!(self.job.mode, Mode::Collect { keep_text: true }) {
            report.original = None;
        }
        report.engine = Some(Arc::clone(engine));
        report
    }
}

/// How many inputs are cleaned in parallel before their results are printed: enough to keep
/// every thread busy past the unevenness of file sizes, few enough to hold in memory.
pub(crate) const PARALLEL_BATCH: usize = 512;

/// Why standard input cannot go to `--write` or `--out DIR`: it has no file to write back to or
/// name to write under, and printing instead would look like success.
fn stdin_not_writable(mode: &Mode) -> Error {
    let flag = match mode {
        Mode::Write { .. } => "--write",
        _ => "--out DIR",
    };
    Error::Usage {
        path: PathBuf::from("<stdin>"),
        message: format!(
            "{flag} needs files: standard input has no file to write to, so nothing was cleaned"
        ),
        hint: Some(
            "clean stdin to stdout without it: `transclean clean < in.txt > out.txt`".into(),
        ),
    }
}
