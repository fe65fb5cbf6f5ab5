//! Cleans every input with the engine of its project config, in parallel batches, and
//! reports in input order.

use crate::cli::RuleArgs;
use crate::error::Error;
use crate::inputs::{self, Input};
use crate::out_plan;
use crate::pipeline::adapter;
use crate::pipeline::engines::EngineCache;
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
    let jobs: Vec<(Result<Input, Error>, Option<PathBuf>)> = inputs
        .into_iter()
        .map(|input| {
            let project = input.as_ref().ok().and_then(|i| engines.project_for(i));
            (input, project)
        })
        .collect();
    for (_, project) in &jobs {
        if let Err(e) = engines.load(project) {
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
    };
    let streams = jobs.iter().any(|(input, _)| {
        input
            .as_ref()
            .is_ok_and(|i| adapter::is_jsonl(i, &job.input))
    });
    if streams {
        run.one_at_a_time(jobs, out, &mut sink);
    } else {
        run.in_parallel(jobs, out, &mut sink);
    }
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

/// Where finished reports go: printed, counted, and kept for a whole-run report.
struct Reported<'a> {
    totals: Totals,
    kept: &'a mut Vec<FileReport>,
    collect: bool,
}

impl Reported<'_> {
    fn add(&mut self, report: FileReport, out: &mut Output) {
        emit(&report, out, &mut self.totals);
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

type Pending = (Result<Input, Error>, Option<PathBuf>);

impl Run<'_> {
    /// JSON Lines stream to their output as they are cleaned, so inputs go one at a time (each
    /// file is cleaned in parallel batches instead).
    fn one_at_a_time(&self, jobs: Vec<Pending>, out: &mut Output, sink: &mut Reported) {
        for (input, project) in jobs {
            let report = match (&input, self.engines.get(&project)) {
                (Ok(i), Some(engine))
                    if adapter::is_jsonl(i, &self.job.input) && !self.stdin_refused(i) =>
                {
                    let mut report = jsonl_input::jsonl_one(i, engine, self.job, out);
                    report.engine = Some(Arc::clone(engine));
                    report
                }
                _ => self.one(input, project),
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
                .map(|(index, (input, project))| {
                    let report = self.one(input, project);
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
    fn one(&self, input: Result<Input, Error>, project: Option<PathBuf>) -> FileReport {
        let input = match input {
            Ok(input) => input,
            Err(e) => return FileReport::failed(String::new(), e),
        };
        let label = input.label();
        if self.stdin_refused(&input) {
            return FileReport::failed(label, stdin_not_writable(&self.job.mode));
        }
        let Some(engines) = self.engines.project(&project) else {
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
