//! One function per subcommand: config → rule set → inputs → engine → output.
//!
//! Files are cleaned in parallel; output is printed in input order. An input that fails is
//! reported and skipped, the others still run, and the exit code says an error happened.

use crate::cli::{
    CheckArgs, CleanArgs, Cli, ColorChoice, Command, DiffArgs, ReportFormat, ReviewArgs, RuleArgs,
    RulesCommand,
};
use crate::config::{self, LoadOptions, RuleSet, discover};
use crate::diff::{html, json, run::FileResult, unified, word};
use crate::document::{self, Cleaned, FormatOptions, Shape};
use crate::engine::{Engine, Outcome, Summary};
use crate::error::{Error, did_you_mean};
use crate::formats::{Format, jsonl};
use crate::in_place;
use crate::inputs::{self, Input};
use crate::out_plan;
use crate::output_file::{self, Destination};
use crate::progress::Progress;
use crate::report::{self, Output};
use crate::rules;
use crate::sink;
use crate::source::{self, Content, Decoded, ReadOptions};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::Arc;

pub const EXIT_OK: u8 = 0;
pub const EXIT_CHANGES: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let mut out = Output::stdout(cli.quiet);
    if let Some(threads) = cli.jobs {
        // Only fails if a pool was already built, which `run` is the first to do.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.get())
            .build_global();
    }
    let color = use_color(
        cli.color,
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR"),
    );
    let code = match &cli.command {
        Command::Clean(args) => clean(&cli.rules, args, &mut out),
        Command::Diff(args) => diff(&cli.rules, args, color, &mut out),
        Command::Check(args) => check(&cli.rules, args, &mut out),
        Command::Review(args) => review(&cli.rules, args, color, &mut out),
        Command::Rules(command) => rules_command(&cli.rules, command, &mut out),
        Command::Import(args) => import(args, &mut out),
        Command::Suggest(args) => suggest(args, &mut out),
        Command::Learn(args) => learn(args, &mut out),
    };
    // A reader that went away (`| head`) is not an error: stop quietly. Output lost to a full
    // disk is.
    if out.failed() {
        EXIT_ERROR
    } else if out.closed() {
        EXIT_OK
    } else {
        code
    }
}

/// Colour on a terminal unless NO_COLOR is set (and not empty); `always` and `never` override.
pub fn use_color(choice: ColorChoice, is_terminal: bool, no_color: Option<OsString>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && no_color.is_none_or(|v| v.is_empty()),
    }
}

fn load_options(args: &RuleArgs, project: Option<PathBuf>) -> LoadOptions {
    LoadOptions {
        builtin: !args.no_builtin,
        project,
        config: args.config.clone(),
        rules: args.rule_files.clone(),
        disable: args.disable.clone(),
        unsafe_fixes: args.unsafe_fixes,
    }
}

/// The project config an input picks up, unless `--no-config`.
fn project_for(args: &RuleArgs, start: &std::path::Path) -> Option<PathBuf> {
    if args.no_config {
        None
    } else {
        discover::project_config(start)
    }
}

/// What to do with each cleaned document.
enum Mode {
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
struct Job {
    mode: Mode,
    input: FormatOptions,
    read: ReadOptions,
    roster: bool,
}

/// What happened to one input.
struct FileReport {
    label: String,
    /// How many changes were made (or would be).
    changes: usize,
    /// How many changes unsafe rules propose that were not applied.
    suggested: usize,
    changed: bool,
    /// Text for stdout (cleaned text, a diff, a summary line).
    stdout: String,
    /// Text for stderr that is not a problem (a roster).
    notes: String,
    warning: Option<String>,
    error: Option<Error>,
    /// The text as read: kept until the roster is built, and for HTML reports.
    original: Option<String>,
    /// For whole-run reports: the outcome, the engine that cleaned it, and why it was skipped.
    outcome: Option<Outcome>,
    engine: Option<Arc<Engine>>,
    skipped: Option<&'static str>,
}

impl FileReport {
    fn new(label: String) -> Self {
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
        }
    }

    fn failed(label: String, error: Error) -> Self {
        FileReport {
            error: Some(error),
            ..FileReport::new(label)
        }
    }
}

/// Cleans every input with the engine of its project config; reports in input order.
/// With `Mode::Collect`, the reports are also kept in `kept` for a whole-run report.
fn process_all(
    args: &RuleArgs,
    paths: &[PathBuf],
    job: &Job,
    out: &mut Output,
    kept: &mut Vec<FileReport>,
) -> Totals {
    let mut inputs = inputs::collect(paths);
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
    let collect = matches!(job.mode, Mode::Collect { .. });
    // One engine per distinct project config, compiled once before the parallel part.
    let mut engines: HashMap<Option<PathBuf>, Option<Arc<Engine>>> = HashMap::new();
    let jobs: Vec<(Result<Input, Error>, Option<PathBuf>)> = inputs
        .into_iter()
        .map(|input| {
            let project = input
                .as_ref()
                .ok()
                .and_then(|i| project_for(args, &i.config_start()));
            (input, project)
        })
        .collect();
    for (_, project) in &jobs {
        engines.entry(project.clone()).or_insert_with(|| {
            match config::load(&load_options(args, project.clone())) {
                Ok(set) => Some(Arc::new(Engine::new(&set))),
                Err(e) => {
                    out.error(&e.to_string());
                    None
                }
            }
        });
    }
    let run_one = |input: Result<Input, Error>, project: Option<PathBuf>| -> FileReport {
        let input = match input {
            Ok(input) => input,
            Err(e) => return FileReport::failed(String::new(), e),
        };
        let label = input.label();
        let Some(engine) = &engines[&project] else {
            return FileReport::failed(
                label.clone(),
                Error::NotCleaned {
                    path: PathBuf::from(&label),
                    reason: "its rules could not be loaded (see the error above)".into(),
                },
            );
        };
        let target = input.path().and_then(|p| targets.get(p));
        let mut report = process_one(&input, engine, job, target.map(PathBuf::as_path));
        if job.roster
            && let Some(text) = &report.original
        {
            report.notes = report::roster(&report.label, &engine.roster(text));
        }
        if !matches!(job.mode, Mode::Collect { keep_text: true }) {
            report.original = None;
        }
        report.engine = Some(Arc::clone(engine));
        report
    };
    let mut totals = Totals::default();
    if jobs
        .iter()
        .any(|(input, _)| input.as_ref().is_ok_and(|i| is_jsonl(i, &job.input)))
    {
        // JSON Lines stream to their output as they are cleaned, so inputs go one at a time
        // (each file is cleaned in parallel batches instead).
        for (input, project) in jobs {
            let report = match (&input, &engines[&project]) {
                (Ok(i), Some(engine)) if is_jsonl(i, &job.input) => jsonl_one(i, engine, job, out),
                _ => run_one(input, project),
            };
            emit(&report, out, &mut totals);
            if collect {
                kept.push(report);
            }
        }
    } else {
        let progress = Progress::new(
            !out.is_quiet(),
            jobs.iter()
                .map(|(input, _)| input.as_ref().ok().and_then(Input::path)),
        );
        // Inputs are cleaned in parallel a batch at a time and reported in input order as each
        // batch ends, so a run over a million files holds one batch of results, not all.
        let mut jobs = jobs.into_iter().enumerate().peekable();
        while jobs.peek().is_some() {
            let batch: Vec<_> = jobs.by_ref().take(PARALLEL_BATCH).collect();
            let reports: Vec<FileReport> = batch
                .into_par_iter()
                .map(|(index, (input, project))| {
                    let report = run_one(input, project);
                    progress.file_done(index);
                    report
                })
                .collect();
            progress.suspend(|| {
                for report in reports {
                    emit(&report, out, &mut totals);
                    if collect {
                        kept.push(report);
                    }
                }
            });
        }
        progress.finish();
    }
    totals
}

/// How many inputs are cleaned in parallel before their results are printed: enough to keep
/// every thread busy past the unevenness of file sizes, few enough to hold in memory.
const PARALLEL_BATCH: usize = 512;

/// Whether an input is read as JSON Lines: by `--format jsonl` or its extension.
fn is_jsonl(input: &Input, options: &FormatOptions) -> bool {
    match (options.format, input) {
        (Format::Jsonl, _) => true,
        (Format::Auto, Input::File { path, .. }) => {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("jsonl" | "ndjson")
            )
        }
        _ => false,
    }
}

/// Streams one JSON Lines input: records are cleaned in batches and written, diffed or counted
/// as they come, so memory stays flat. A bad record stops the file (nothing is written back)
/// unless `--skip-bad` passes it through.
fn jsonl_one(input: &Input, engine: &Engine, job: &Job, out: &mut Output) -> FileReport {
    let label = input.label();
    let mut report = FileReport::new(label.clone());
    let path = PathBuf::from(&label);
    // JSON is UTF-8 by definition; reading it otherwise would be a guess the user did not ask
    // for, and ignoring the flag would hide that it does nothing.
    if let Some(encoding) = job.read.encoding.filter(|e| !e.is_utf8()) {
        return FileReport::failed(
            label,
            Error::Usage {
                path,
                message: format!(
                    "JSON Lines are UTF-8; --encoding {} does not apply",
                    encoding.name()
                ),
                hint: Some(format!(
                    "convert the file first: `iconv -f {} -t UTF-8`",
                    encoding.name()
                )),
            },
        );
    }
    let reader: Box<dyn std::io::BufRead> = match input {
        Input::Stdin => Box::new(std::io::BufReader::new(std::io::stdin())),
        Input::File { path, .. } => match std::fs::File::open(path) {
            Ok(file) => Box::new(std::io::BufReader::with_capacity(1 << 20, file)),
            Err(source) => {
                return FileReport::failed(
                    label,
                    Error::Read {
                        path: path.clone(),
                        source,
                    },
                );
            }
        },
    };
    let mut target = match (&job.mode, input) {
        (Mode::Write { .. }, Input::File { path, .. }) => Some((
            in_place::Seen::before_reading(path).and_then(|seen| in_place::writer(path, &seen)),
            true,
        )),
        (Mode::OutDir(dir), Input::File { relative, .. }) => {
            let target = dir.join(relative);
            Some((
                sink::create_parent(&target).and_then(|_| sink::AtomicWriter::create(&target)),
                false,
            ))
        }
        _ => None,
    };
    if let Some((Err(_), _)) = &target {
        let Some((Err(e), _)) = target.take() else {
            unreachable!()
        };
        return FileReport::failed(label, e);
    }
    let (mut records, mut changed, mut bad) = (0usize, 0usize, 0usize);
    let mut fatal: Option<Error> = None;
    let mut buffer = Vec::new();
    let result = jsonl::process(reader, engine, &job.input.field, |record| {
        records += 1;
        if let jsonl::Record::Bad(problem, _) = &record {
            let error = Error::BadRecord {
                path: path.clone(),
                line: problem.line,
                message: problem.message.clone(),
                hint: (!job.input.skip_bad)
                    .then(|| "--skip-bad passes bad records through unchanged".into()),
            };
            if !job.input.skip_bad {
                fatal = Some(error);
                return Err(std::io::Error::other("bad record"));
            }
            bad += 1;
            out.warning(&format!("{error}; passed through unchanged"));
        }
        if let jsonl::Record::Changed {
            line,
            original,
            outcome,
            ..
        } = &record
        {
            changed += 1;
            report.changes += outcome.changes.len();
            match &job.mode {
                Mode::Diff { color, .. } => out.print(&unified::render(
                    format!("{label}:{line}"),
                    original,
                    outcome,
                    *color,
                )),
                Mode::Check { .. } => {}
                _ => {}
            }
        }
        match (&job.mode, target.as_mut()) {
            (_, Some((Ok(writer), _))) => jsonl::write_record(writer, &record),
            (Mode::Print | Mode::Write { .. } | Mode::OutDir(_), None) => {
                buffer.clear();
                jsonl::write_record(&mut buffer, &record)?;
                out.print_bytes(&buffer);
                Ok(())
            }
            _ => Ok(()),
        }
    });
    report.changed = changed > 0;
    if let Some(error) = fatal {
        report.error = Some(error);
        return report;
    }
    if let Err(source) = result {
        report.error = Some(Error::Read { path, source });
        return report;
    }
    if let Some((Ok(writer), in_place)) = target {
        // In place, an unchanged file is left alone (its timestamps too).
        if changed > 0 || !in_place {
            report.error = writer.commit().err();
        }
    }
    if let Mode::Check { verbose } = job.mode
        && (changed > 0 || verbose)
    {
        report.stdout = format!(
            "{label}: {changed} of {} would change ({}){}\n",
            report::count(records, "record"),
            report::count(report.changes, "change"),
            if bad > 0 {
                format!("; {bad} bad passed through")
            } else {
                String::new()
            }
        );
    }
    report
}

fn read_input(input: &Input, options: &ReadOptions) -> Result<Content, Error> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|source| Error::Read {
                    path: PathBuf::from("<stdin>"),
                    source,
                })?;
            source::decode_with(std::path::Path::new("<stdin>"), bytes, options)
        }
        Input::File { path, .. } => source::read_with(path, options),
    }
}

/// Cleans one input; `target` is where `--out DIR` planned to write it.
fn process_one(
    input: &Input,
    engine: &Engine,
    job: &Job,
    target: Option<&std::path::Path>,
) -> FileReport {
    let label = input.label();
    // Taken before reading, so that an edit made while the file is cleaned is noticed.
    let seen = match (&job.mode, input) {
        (Mode::Write { .. }, Input::File { path, .. }) => {
            Some(in_place::Seen::before_reading(path))
        }
        _ => None,
    };
    let source::Text {
        text,
        encoding,
        replaced,
    } = match read_input(input, &job.read) {
        Ok(Content::Text(text)) => text,
        Ok(Content::Binary { .. }) if *input == Input::Stdin => {
            // Nothing to print: `clean < a > b` would silently empty `b`.
            return FileReport::failed(
                label,
                Error::Input {
                    file: "<stdin>".into(),
                    message: "binary data (NUL bytes), not text: nothing was cleaned or printed"
                        .into(),
                    hint: Some("if it is UTF-16 without a byte-order mark, read it with `--encoding utf-16le` (or utf-16be)".into()),
                },
            );
        }
        Ok(Content::Binary { utf16_like }) => {
            // Binary files met while walking a folder are expected (images, archives): skip quietly.
            let walked = matches!(input, Input::File { walked: true, .. });
            let mut report = FileReport::new(label.clone());
            report.warning = (!walked).then(|| {
                let hint = if utf16_like {
                    "\n  hint: if it is UTF-16 without a byte-order mark, read it with `--encoding utf-16le` (or utf-16be)"
                } else {
                    ""
                };
                format!("{label}: skipped: binary file{hint}")
            });
            report.skipped = Some("binary file");
            return report;
        }
        Err(e) => return FileReport::failed(label, e),
    };
    let name = match input {
        Input::Stdin => PathBuf::from("<stdin>"),
        Input::File { path, .. } => path.clone(),
    };
    let lossy_warning = replaced.as_ref().map(|r| r.warning(&name, encoding));
    // Printing, writing or checking plain text shows no change itself: counting them is enough,
    // and on a large file the changes would take more memory than its text.
    let only_counts = !job.roster
        && matches!(
            job.mode,
            Mode::Print | Mode::Write { .. } | Mode::OutDir(_) | Mode::Check { .. }
        )
        && document::is_plain_text(&text, &name, &job.input);
    let (text, mut kept, shape) = if only_counts {
        let summary = engine.clean_counting(&text);
        if let Some(runaway) = summary.runaway.clone() {
            return FileReport::failed(
                label,
                Error::Runaway {
                    path: name,
                    runaway,
                },
            );
        }
        (text, Kept::Counts(summary), Shape::Text)
    } else {
        match document::clean(text, &name, engine, &job.input) {
            Ok(Cleaned {
                before,
                outcome,
                shape,
            }) => (before, Kept::Changes(outcome), shape),
            Err(e) => return FileReport::failed(label, e),
        }
    };
    let changed = kept.cleaned() != text;
    let mut report = FileReport::new(label.clone());
    report.changed = changed;
    report.changes = kept.total();
    report.suggested = kept.suggested();
    report.warning = lossy_warning;
    match (&job.mode, input) {
        (Mode::Print, _) | (Mode::Write { .. } | Mode::OutDir(_), Input::Stdin) => {
            // Moved, not copied: on a large file every copy is another file's worth of memory.
            report.stdout = kept.take_cleaned()
        }
        (Mode::Write { .. }, Input::File { path, .. }) if shape == Shape::Transcript => {
            report.error = Some(Error::Usage {
                path: path.clone(),
                message: "not written: a transcript written over a subtitle file would lose its cues and timings".into(),
                hint: Some("clean the cues in place with --keep-format, or write transcripts with --out DIR".into()),
            });
        }
        (Mode::Write { .. }, Input::File { path, .. }) if shape == Shape::Html => {
            report.error = Some(Error::Usage {
                path: path.clone(),
                message:
                    "not written: the text of an HTML page written over it would lose its markup"
                        .into(),
                hint: Some("write the cleaned text with --out DIR, or print it".into()),
            });
        }
        (Mode::Write { backup: None }, Input::File { path, .. })
            if changed && replaced.is_some() =>
        {
            report.error = Some(Error::Usage {
                path: path.clone(),
                message: "not written: --lossy replaced invalid bytes with U+FFFD, so writing it back would lose them".into(),
                hint: Some("keep the original with --backup .orig, write elsewhere with --out DIR, or read it with the right --encoding".into()),
            });
        }
        (Mode::Write { backup }, Input::File { path, .. }) => {
            if changed {
                // Written back in the encoding it was read in: a UTF-16 or windows-1252 file stays one.
                report.error = seen
                    .expect("taken for every file written in place")
                    .and_then(|seen| {
                        let cleaned = encode_back(path, kept.cleaned(), encoding)?;
                        in_place::write_back(path, &seen, &cleaned, backup.as_deref())
                    })
                    .err();
            }
        }
        (Mode::OutDir(dir), Input::File { path, relative, .. }) => {
            let actual = out_plan::target(
                dir,
                relative,
                matches!(shape, Shape::Transcript | Shape::Html),
            );
            report.error = match target {
                Some(planned) if planned == actual => {
                    sink::write_new(planned, kept.cleaned().as_bytes()).err()
                }
                _ => Some(Error::Usage {
                    path: path.clone(),
                    message: format!(
                        "not written: its first lines did not show its format, so {} was not planned for it",
                        actual.display()
                    ),
                    hint: Some("name its format with --format".into()),
                }),
            };
        }
        (
            Mode::Diff {
                color,
                explain,
                word,
            },
            _,
        ) => {
            let path = diff_label(input);
            let Kept::Changes(outcome) = &kept else {
                unreachable!("a diff keeps every change")
            };
            report.stdout = if *word {
                word::render(&path, &text, outcome, *color, *explain)
            } else {
                unified::render_explained(&path, &text, outcome, *color, *explain)
            };
            report
                .stdout
                .push_str(&crate::diff::explain::suggestion_lines(
                    &path.to_string_lossy(),
                    &outcome.suggestions,
                    &crate::diff::Palette::new(*color),
                ));
        }
        (Mode::Check { verbose }, _) => {
            if changed || *verbose {
                report.stdout = report::check_line(
                    &label,
                    kept.total(),
                    kept.counts(),
                    changed,
                    kept.suggested(),
                );
            }
        }
        (Mode::Collect { .. }, _) => {}
    }
    if let (Mode::Collect { .. }, Kept::Changes(outcome)) = (&job.mode, kept) {
        report.outcome = Some(outcome);
    }
    // Kept only for what needs the original after cleaning: a roster or a whole-run report.
    if job.roster || matches!(job.mode, Mode::Collect { keep_text: true }) {
        report.original = Some(text);
    }
    report
}

/// What cleaning one input kept: every change (for diffs and reports), or only their counts.
enum Kept {
    Changes(Outcome),
    Counts(Summary),
}

impl Kept {
    fn cleaned(&self) -> &str {
        match self {
            Kept::Changes(outcome) => &outcome.cleaned,
            Kept::Counts(summary) => &summary.cleaned,
        }
    }

    fn take_cleaned(&mut self) -> String {
        match self {
            Kept::Changes(outcome) => std::mem::take(&mut outcome.cleaned),
            Kept::Counts(summary) => std::mem::take(&mut summary.cleaned),
        }
    }

    fn total(&self) -> usize {
        match self {
            Kept::Changes(outcome) => outcome.changes.len(),
            Kept::Counts(summary) => summary.total(),
        }
    }

    /// How many unsafe suggestions were not applied.
    fn suggested(&self) -> usize {
        match self {
            Kept::Changes(outcome) => outcome.suggestions.len(),
            Kept::Counts(summary) => summary.suggested,
        }
    }

    fn counts(&self) -> BTreeMap<&str, usize> {
        match self {
            Kept::Changes(outcome) => outcome.counts_by_rule(),
            Kept::Counts(summary) => summary.counts.iter().map(|(r, n)| (&**r, *n)).collect(),
        }
    }
}

/// `text` in the encoding its file was read in, or why it cannot be written back in it.
fn encode_back<'a>(
    path: &std::path::Path,
    text: &'a str,
    encoding: crate::encoding::TextEncoding,
) -> Result<std::borrow::Cow<'a, [u8]>, Error> {
    if encoding.is_utf8() {
        return Ok(std::borrow::Cow::Borrowed(text.as_bytes()));
    }
    encoding.encode(text).map(std::borrow::Cow::Owned).map_err(|u| Error::Encode {
        path: path.to_path_buf(),
        line: memchr::memchr_iter(b'\n', &text.as_bytes()[..u.offset]).count() + 1,
        message: format!(
            "the cleaned text has `{}` (U+{:04X}), which {} cannot hold",
            u.character,
            u32::from(u.character),
            encoding.name()
        ),
        hint: Some(format!(
            "write UTF-8 copies with --out DIR, or convert the file first: `iconv -f {} -t UTF-8`",
            encoding.name()
        )),
    })
}

/// The path shown in diff headers: relative paths as given, every byte of the name kept (the
/// headers quote what needs it, as git does).
fn diff_label(input: &Input) -> PathBuf {
    match input {
        Input::Stdin => "<stdin>".into(),
        Input::File { path, .. } => path.strip_prefix("./").unwrap_or(path).to_path_buf(),
    }
}

/// Counts over a run.
#[derive(Debug, Default)]
struct Totals {
    files: usize,
    errors: usize,
    changed: usize,
    changes: usize,
    suggested: usize,
}

impl Totals {
    fn counts(&self) -> report::RunCounts {
        report::RunCounts {
            files: self.files,
            changed: self.changed,
            changes: self.changes,
            errors: self.errors,
            suggested: self.suggested,
        }
    }
}

/// Prints one report and adds it to the totals.
fn emit(report: &FileReport, out: &mut Output, totals: &mut Totals) {
    out.print(&report.stdout);
    out.note(&report.notes);
    if let Some(warning) = &report.warning {
        out.warning(warning);
    }
    if let Some(error) = &report.error {
        totals.errors += 1;
        let text = error.to_string();
        match &report.label {
            label if !label.is_empty() && !text.starts_with(label.as_str()) => {
                out.error(&format!("{label}: {text}"))
            }
            _ => out.error(&text),
        }
    }
    totals.files += 1;
    totals.changed += usize::from(report.changed);
    totals.changes += report.changes;
    totals.suggested += report.suggested;
}

fn clean(args: &RuleArgs, clean: &CleanArgs, out: &mut Output) -> u8 {
    let mode = match (&clean.out, clean.write) {
        (Some(dir), _) => Mode::OutDir(dir.clone()),
        (None, true) => Mode::Write {
            backup: clean.backup.clone(),
        },
        (None, false) => Mode::Print,
    };
    let printing = matches!(mode, Mode::Print);
    let mut input = clean.input.options();
    if let Some(format) = clean.clean_format {
        input.format = format;
    }
    let job = Job {
        mode,
        input,
        read: clean.input.read_options(),
        roster: clean.roster,
    };
    let t = process_all(args, &clean.paths, &job, out, &mut Vec::new());
    if !printing {
        out.summary(&report::totals(t.counts(), "changed", "failed"));
    }
    if t.errors > 0 { EXIT_ERROR } else { EXIT_OK }
}

fn diff(args: &RuleArgs, diff: &DiffArgs, color: bool, out: &mut Output) -> u8 {
    if diff.format != ReportFormat::Text {
        if diff.word || diff.explain {
            out.error("--word and --explain shape the text diff; they do not go with --format");
            return EXIT_ERROR;
        }
        let (errors, changed) = whole_run_report(
            args,
            &diff.paths,
            "diff",
            diff.format,
            &diff.output,
            &diff.input,
            out,
        );
        return if errors > 0 {
            EXIT_ERROR
        } else if diff.exit_code && changed > 0 {
            EXIT_CHANGES
        } else {
            EXIT_OK
        };
    }
    let job = Job {
        mode: Mode::Diff {
            color,
            explain: diff.explain,
            word: diff.word,
        },
        input: diff.input.options(),
        read: diff.input.read_options(),
        roster: false,
    };
    let t = process_all(args, &diff.paths, &job, out, &mut Vec::new());
    if t.errors > 0 {
        EXIT_ERROR
    } else if diff.exit_code && t.changed > 0 {
        EXIT_CHANGES
    } else {
        EXIT_OK
    }
}

fn check(args: &RuleArgs, check: &CheckArgs, out: &mut Output) -> u8 {
    if check.format != ReportFormat::Text {
        let (errors, changed) = whole_run_report(
            args,
            &check.paths,
            "check",
            check.format,
            &check.output,
            &check.input,
            out,
        );
        return if errors > 0 {
            EXIT_ERROR
        } else if changed > 0 {
            EXIT_CHANGES
        } else {
            EXIT_OK
        };
    }
    let job = Job {
        mode: Mode::Check {
            verbose: check.verbose,
        },
        input: check.input.options(),
        read: check.input.read_options(),
        roster: false,
    };
    let t = process_all(args, &check.paths, &job, out, &mut Vec::new());
    out.print_summary(&report::totals(
        t.counts(),
        "would change",
        "could not be checked",
    ));
    let (errors, changed) = (t.errors, t.changed);
    if errors > 0 {
        EXIT_ERROR
    } else if changed > 0 {
        EXIT_CHANGES
    } else {
        EXIT_OK
    }
}

/// Cleans every input, then writes one report of the whole run to stdout or `output`.
/// Returns (files with errors, files changed).
fn whole_run_report(
    args: &RuleArgs,
    paths: &[PathBuf],
    command: &str,
    format: ReportFormat,
    output: &Option<PathBuf>,
    input: &crate::cli::FormatArgs,
    out: &mut Output,
) -> (usize, usize) {
    let job = Job {
        mode: Mode::Collect {
            keep_text: format == ReportFormat::Html,
        },
        input: input.options(),
        read: input.read_options(),
        roster: false,
    };
    let mut reports = Vec::new();
    let totals = process_all(args, paths, &job, out, &mut reports);
    let (mut errors, changed) = (totals.errors, totals.changed);
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
    match output
        .as_deref()
        .filter(|p| output_file::destination(p) == Destination::File)
    {
        Some(path) => match output_file::write(path, text.as_bytes()) {
            Ok(()) => out.summary(&format!(
                "wrote {}: {}",
                path.display(),
                report::totals(
                    report::RunCounts {
                        files: reports.len(),
                        errors,
                        ..totals.counts()
                    },
                    "changed",
                    "failed"
                )
            )),
            Err(e) => {
                out.error(&e.to_string());
                errors += 1;
            }
        },
        None => out.print(&text),
    }
    (errors, changed)
}

fn review(args: &RuleArgs, review: &ReviewArgs, color: bool, out: &mut Output) -> u8 {
    use crate::review::{self, Answers, ReaderAnswers, Reviewer, ScriptedAnswers};
    let mut answers: Box<dyn Answers> = match &review.answers {
        Some(keys) => Box::new(ScriptedAnswers::new(keys)),
        None => Box::new(ReaderAnswers::new(
            std::io::stdin().lock(),
            std::io::stdin().is_terminal(),
        )),
    };
    let mut engines: HashMap<Option<PathBuf>, Option<Engine>> = HashMap::new();
    let (mut errors, mut written, mut reviewed, mut recorded) = (0, 0, 0, 0);
    let mut messages: Vec<String> = Vec::new();
    let mut reviewer = Reviewer::new(answers.as_mut(), out, color);
    for input in inputs::collect(&review.paths) {
        if reviewer.quit() {
            break;
        }
        let path = match input {
            Ok(Input::File { path, .. }) => path,
            Ok(Input::Stdin) => {
                messages.push("review needs files: it writes what you accept back to them".into());
                errors += 1;
                continue;
            }
            Err(e) => {
                messages.push(e.to_string());
                errors += 1;
                continue;
            }
        };
        let project = project_for(args, &Input::file(&path).config_start());
        let engine = engines.entry(project.clone()).or_insert_with(|| {
            match config::load(&load_options(args, project)) {
                Ok(set) => Some(Engine::new(&set)),
                Err(e) => {
                    messages.push(e.to_string());
                    errors += 1;
                    None
                }
            }
        });
        let Some(engine) = engine.as_mut() else {
            continue;
        };
        let seen = in_place::Seen::before_reading(&path);
        let (text, encoding) = match source::read_with(&path, &ReadOptions::default()) {
            Ok(Content::Text(text)) => (text.text, text.encoding),
            Ok(Content::Binary { .. }) => continue,
            Err(e) => {
                messages.push(e.to_string());
                errors += 1;
                continue;
            }
        };
        reviewed += 1;
        let label = path.display().to_string();
        let result = reviewer.review(&label, &text, engine);
        let mut line = format!("{label}: {}", review::summary(&result));
        // Rejections are recorded before the file is written, so a review cut short never
        // loses one: at worst an accepted change is proposed again.
        if !result.exceptions.is_empty() {
            let target = review::exceptions_file(&path);
            match review::record_exceptions(&target, &result.exceptions) {
                Ok(()) => {
                    recorded += result.exceptions.len();
                    line.push_str(&format!(
                        "; {} recorded in {}",
                        report::count(result.exceptions.len(), "rejection"),
                        target.display()
                    ));
                }
                Err(e) => {
                    messages.push(e.to_string());
                    errors += 1;
                }
            }
        }
        if result.text != text {
            let write = seen.and_then(|seen| {
                let bytes = encode_back(&path, &result.text, encoding)?;
                in_place::write_back(&path, &seen, &bytes, None)
            });
            match write {
                Ok(()) => {
                    written += 1;
                    line.push_str("; written");
                }
                Err(e) => {
                    messages.push(e.to_string());
                    errors += 1;
                }
            }
        }
        reviewer.note(&line);
    }
    drop(reviewer);
    for message in messages {
        out.error(&message);
    }
    out.summary(&review::totals(written, reviewed, recorded));
    if errors > 0 { EXIT_ERROR } else { EXIT_OK }
}

fn rules_command(args: &RuleArgs, command: &RulesCommand, out: &mut Output) -> u8 {
    if let RulesCommand::Lint { files } = command
        && !files.is_empty()
    {
        return lint_report(crate::lint::lint_files(files), out);
    }
    let dir = match command {
        RulesCommand::List { dir, .. } => dir.clone(),
        RulesCommand::Test { dir, corpus, .. } => dir.clone().or_else(|| corpus.clone()),
        RulesCommand::Explain { .. } | RulesCommand::Lint { .. } => None,
    }
    .unwrap_or_else(|| PathBuf::from("."));
    let set = match config::load(&load_options(args, project_for(args, &dir))) {
        Ok(set) => set,
        Err(e) => {
            out.error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    match command {
        RulesCommand::List { format, .. } => {
            match format {
                crate::cli::ListFormat::Table => out.print(&report::rules_table(&set)),
                crate::cli::ListFormat::Json => out.print(&report::rules_json(&set)),
            }
            EXIT_OK
        }
        RulesCommand::Explain { id } => explain(&set, id, out),
        RulesCommand::Lint { .. } => lint_report(crate::lint::lint_set(&set), out),
        RulesCommand::Test {
            corpus,
            baseline,
            bless,
            tolerance,
            ..
        } => {
            let examples = rules_test(&set, out);
            let hits = match corpus {
                Some(corpus) => {
                    corpus_hits(&set, corpus, baseline.as_deref(), *bless, *tolerance, out)
                }
                None => EXIT_OK,
            };
            examples.max(hits)
        }
    }
}

/// Runs every example; prints failures with a word diff.
fn rules_test(set: &RuleSet, out: &mut Output) -> u8 {
    let (run, failures) = crate::examples::check(set);
    for failure in &failures {
        out.print(&report::example_failure(failure));
    }
    out.print_summary(&format!(
        "{} of {}: {}",
        report::count(run, "example"),
        report::count(set.rules.len(), "rule"),
        if failures.is_empty() {
            "all pass".to_string()
        } else {
            format!("{} failed", failures.len())
        }
    ));
    if failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_CHANGES
    }
}

/// Cleans the corpus and compares per-rule hit counts with the baseline (or writes it).
fn corpus_hits(
    set: &RuleSet,
    corpus: &std::path::Path,
    baseline: Option<&std::path::Path>,
    bless: bool,
    tolerance: f64,
    out: &mut Output,
) -> u8 {
    use crate::hits;
    let baseline = baseline.map_or_else(|| hits::default_baseline(corpus), PathBuf::from);
    let engine = Engine::new(set);
    let now = match hits::count(&engine, corpus) {
        Ok(now) => now,
        Err(e) => {
            out.error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    if bless {
        return match hits::write(&baseline, &now) {
            Ok(()) => {
                out.print_summary(&format!(
                    "wrote {}: {} on {}",
                    baseline.display(),
                    report::count(now.rules.values().sum(), "change"),
                    report::count(now.files, "file")
                ));
                EXIT_OK
            }
            Err(e) => {
                out.error(&e.to_string());
                EXIT_ERROR
            }
        };
    }
    let before = match hits::read(&baseline) {
        Ok(before) => before,
        Err(e) => {
            out.error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let deltas = hits::compare(&before, &now, tolerance);
    out.print(&report::hit_deltas(&deltas));
    let flagged = deltas.iter().filter(|d| d.flagged).count();
    out.print_summary(&format!(
        "{} of {} against {}: {}",
        report::count(now.files, "file"),
        corpus.display(),
        baseline.display(),
        if flagged == 0 {
            "hit counts as reviewed".to_string()
        } else {
            format!(
                "{} moved; review them, then `--bless` to accept",
                report::count(flagged, "rule")
            )
        }
    ));
    if flagged == 0 { EXIT_OK } else { EXIT_CHANGES }
}

fn lint_report(findings: Vec<crate::lint::Finding>, out: &mut Output) -> u8 {
    for finding in &findings {
        out.print(&format!("{finding}\n"));
    }
    if findings.is_empty() {
        out.print_summary("no findings");
        EXIT_OK
    } else {
        out.print_summary(&report::count(findings.len(), "finding"));
        EXIT_CHANGES
    }
}

fn explain(set: &RuleSet, id: &str, out: &mut Output) -> u8 {
    if let Some(rule) = set.find(id) {
        out.print(&report::explain_rule(set, rule));
        EXIT_OK
    } else if let Some(kind) = rules::kind(id) {
        out.print(&report::explain_kind(kind));
        EXIT_OK
    } else {
        let names = set
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .chain(rules::KINDS.iter().map(|k| k.name));
        out.error(
            &Error::UnknownRule {
                id: id.into(),
                hint: did_you_mean(id, names)
                    .or_else(|| Some("`transclean rules list` shows the rule ids".into())),
            }
            .to_string(),
        );
        EXIT_ERROR
    }
}

/// Reads every input as text, reporting the ones that cannot be read; binary files are skipped.
fn read_documents(paths: &[PathBuf], out: &mut Output) -> (Vec<(String, String)>, usize) {
    let mut documents = Vec::new();
    let mut errors = 0;
    for input in inputs::collect(paths) {
        let result = input
            .and_then(|input| Ok((input.label(), read_input(&input, &ReadOptions::default())?)));
        match result {
            Ok((label, Content::Text(text))) => documents.push((label, text.text)),
            Ok((_, Content::Binary { .. })) => {}
            Err(e) => {
                errors += 1;
                out.error(&e.to_string());
            }
        }
    }
    (documents, errors)
}

fn suggest(args: &crate::cli::SuggestArgs, out: &mut Output) -> u8 {
    use crate::suggest::{self, Document, Options};
    let lexicon = match std::fs::read_to_string(&args.lexicon) {
        Ok(text) => suggest::read_lexicon(&text),
        Err(e) => {
            out.error(&format!(
                "{}: cannot read the lexicon: {e}",
                args.lexicon.display()
            ));
            return EXIT_ERROR;
        }
    };
    if lexicon.is_empty() {
        out.error(&format!(
            "{}: the lexicon has no terms\n  hint: write one name or term per line",
            args.lexicon.display()
        ));
        return EXIT_ERROR;
    }
    let (documents, errors) = read_documents(&args.paths, out);
    let documents: Vec<Document> = documents
        .into_iter()
        .map(|(label, text)| Document { label, text })
        .collect();
    let options = Options {
        top: args.top,
        min_score: args.min_score,
    };
    let found = suggest::suggest(&lexicon, &documents, options);
    out.print(&suggest::to_toml(
        &found,
        &args.lexicon.display().to_string(),
    ));
    out.summary(&format!(
        "{} from {} ({} in the lexicon)",
        report::count(found.len(), "suggestion"),
        report::count(documents.len(), "file"),
        report::count(lexicon.len(), "term")
    ));
    if errors > 0 { EXIT_ERROR } else { EXIT_OK }
}

fn learn(args: &crate::cli::LearnArgs, out: &mut Output) -> u8 {
    let read = |path: &std::path::Path| match source::read_path(path)? {
        Decoded::Text(text) => Ok(text),
        Decoded::Binary => Err(Error::Input {
            file: path.display().to_string(),
            message: "a binary file, not a document".into(),
            hint: None,
        }),
    };
    let (original, corrected) = match (read(&args.original), read(&args.corrected)) {
        (Ok(original), Ok(corrected)) => (original, corrected),
        (Err(e), _) | (_, Err(e)) => {
            out.error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let learned = crate::learn::learn(&original, &corrected);
    let text = learned.to_toml(
        &args.original.display().to_string(),
        &args.corrected.display().to_string(),
    );
    match args
        .output
        .as_deref()
        .filter(|p| output_file::destination(p) == Destination::File)
    {
        Some(path) => {
            if let Err(e) = output_file::write(path, text.as_bytes()) {
                out.error(&e.to_string());
                return EXIT_ERROR;
            }
        }
        None => out.print(&text),
    }
    out.summary(&learned.summary());
    EXIT_OK
}

fn import(args: &crate::cli::ImportArgs, out: &mut Output) -> u8 {
    use crate::cli::ImportFormat;
    use crate::import::Format;
    let format = match args.format {
        ImportFormat::Codespell => Format::Codespell,
        ImportFormat::Typos => Format::Typos,
        ImportFormat::SubtitleEdit => Format::SubtitleEdit,
        ImportFormat::Languagetool => Format::LanguageTool,
    };
    let result = crate::import::read(format, &args.file).and_then(|imported| {
        let source = args.file.file_name().map_or_else(
            || args.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let text = imported.to_toml(format, &source);
        match args
            .output
            .as_deref()
            .filter(|p| output_file::destination(p) == Destination::File)
        {
            Some(path) => output_file::write(path, text.as_bytes())?,
            None => out.print(&text),
        }
        let name = args
            .output
            .as_ref()
            .map_or(source, |p| p.display().to_string());
        Ok((imported, crate::import::lint(&name, &text)?))
    });
    match result {
        Ok((imported, findings)) => {
            let (lint, error) = crate::import::lint_summary(&findings);
            out.summary(&format!(
                "{}: {}; {lint}",
                args.file.display(),
                imported.summary()
            ));
            if error { EXIT_ERROR } else { EXIT_OK }
        }
        Err(e) => {
            out.error(&e.to_string());
            EXIT_ERROR
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_flag_the_terminal_and_no_color() {
        assert!(use_color(ColorChoice::Auto, true, None));
        assert!(!use_color(ColorChoice::Auto, false, None));
        assert!(!use_color(ColorChoice::Auto, true, Some("1".into())));
        assert!(use_color(ColorChoice::Auto, true, Some("".into())));
        assert!(use_color(ColorChoice::Always, false, Some("1".into())));
        assert!(!use_color(ColorChoice::Never, true, None));
    }
}
