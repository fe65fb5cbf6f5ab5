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
use crate::engine::{Engine, Outcome};
use crate::error::{Error, did_you_mean};
use crate::inputs::{self, Input};
use crate::report::{self, Output};
use crate::rules;
use crate::sink;
use crate::source::{self, Decoded};
use rayon::prelude::*;
use std::collections::HashMap;
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
    };
    // A reader that went away (`| head`) is not an error: stop quietly.
    if out.closed() { EXIT_OK } else { code }
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

/// What happened to one input.
struct FileReport {
    label: String,
    outcome: Option<Outcome>,
    changed: bool,
    /// Text for stdout (cleaned text, a diff, a summary line).
    stdout: String,
    warning: Option<String>,
    error: Option<Error>,
    /// For whole-run reports: the text as read (when asked for), the engine that cleaned it,
    /// and why it was skipped.
    original: Option<String>,
    engine: Option<Arc<Engine>>,
    skipped: Option<&'static str>,
}

impl FileReport {
    fn new(label: String) -> Self {
        FileReport {
            label,
            outcome: None,
            changed: false,
            stdout: String::new(),
            warning: None,
            error: None,
            original: None,
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
fn process_all(
    args: &RuleArgs,
    paths: &[PathBuf],
    mode: &Mode,
    out: &mut Output,
) -> Vec<FileReport> {
    let mut inputs = inputs::collect(paths);
    if let Mode::Write {
        backup: Some(suffix),
    } = mode
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
    jobs.into_par_iter()
        .map(|(input, project)| {
            let input = match input {
                Ok(input) => input,
                Err(e) => return FileReport::failed(String::new(), e),
            };
            let label = input.label();
            match &engines[&project] {
                Some(engine) => FileReport {
                    engine: Some(Arc::clone(engine)),
                    ..process_one(&input, engine, mode)
                },
                None => FileReport::failed(
                    label.clone(),
                    Error::NotCleaned {
                        path: PathBuf::from(&label),
                        reason: "its rules could not be loaded (see the error above)".into(),
                    },
                ),
            }
        })
        .collect()
}

fn read_input(input: &Input) -> Result<Decoded, Error> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|source| Error::Read {
                    path: PathBuf::from("<stdin>"),
                    source,
                })?;
            source::decode(std::path::Path::new("<stdin>"), bytes)
        }
        Input::File { path, .. } => source::read_path(path),
    }
}

fn process_one(input: &Input, engine: &Engine, mode: &Mode) -> FileReport {
    let label = input.label();
    let text = match read_input(input) {
        Ok(Decoded::Text(text)) => text,
        Ok(Decoded::Binary) => {
            // Binary files met while walking a folder are expected (images, archives): skip quietly.
            let walked = matches!(input, Input::File { walked: true, .. });
            let mut report = FileReport::new(label.clone());
            report.warning = (!walked).then(|| format!("{label}: skipped: binary file"));
            report.skipped = Some("binary file");
            return report;
        }
        Err(e) => return FileReport::failed(label, e),
    };
    let outcome = engine.clean(&text);
    let changed = outcome.cleaned != text;
    let mut report = FileReport::new(label.clone());
    report.changed = changed;
    match (mode, input) {
        (Mode::Print, _) | (Mode::Write { .. } | Mode::OutDir(_), Input::Stdin) => {
            report.stdout = outcome.cleaned.clone()
        }
        (Mode::Write { backup }, Input::File { path, .. }) => {
            if changed {
                let cleaned = outcome.cleaned.as_bytes();
                report.error = match backup {
                    Some(suffix) => sink::write_with_backup(path, cleaned, suffix).err(),
                    None => sink::write_atomic(path, cleaned).err(),
                };
            }
        }
        (Mode::OutDir(dir), Input::File { relative, .. }) => {
            report.error = sink::write_new(&dir.join(relative), outcome.cleaned.as_bytes()).err();
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
            report.stdout = if *word {
                word::render(&path, &text, &outcome, *color, *explain)
            } else {
                unified::render_explained(&path, &text, &outcome, *color, *explain)
            }
        }
        (Mode::Check { verbose }, _) => {
            if changed || *verbose {
                report.stdout = report::check_line(&label, &outcome, changed);
            }
        }
        (Mode::Collect { keep_text }, _) => {
            if *keep_text {
                report.original = Some(text);
            }
        }
    }
    report.outcome = Some(outcome);
    report
}

/// The path shown in diff headers: relative paths as given, with `/` separators.
fn diff_label(input: &Input) -> String {
    match input {
        Input::Stdin => "<stdin>".into(),
        Input::File { path, .. } => {
            let shown = path.strip_prefix("./").unwrap_or(path);
            shown.to_string_lossy().replace('\\', "/")
        }
    }
}

/// Prints reports in order; returns (files with errors, files changed, total changes).
fn emit(reports: &[FileReport], out: &mut Output) -> (usize, usize, usize) {
    let (mut errors, mut changed, mut changes) = (0, 0, 0);
    for report in reports {
        out.print(&report.stdout);
        if let Some(warning) = &report.warning {
            out.warning(warning);
        }
        if let Some(error) = &report.error {
            errors += 1;
            let text = error.to_string();
            match &report.label {
                label if !label.is_empty() && !text.starts_with(label.as_str()) => {
                    out.error(&format!("{label}: {text}"))
                }
                _ => out.error(&text),
            }
        }
        if report.changed {
            changed += 1;
        }
        changes += report.outcome.as_ref().map_or(0, |o| o.changes.len());
    }
    (errors, changed, changes)
}

fn clean(args: &RuleArgs, clean: &CleanArgs, out: &mut Output) -> u8 {
    let mode = match (&clean.out, clean.write) {
        (Some(dir), _) => Mode::OutDir(dir.clone()),
        (None, true) => Mode::Write {
            backup: clean.backup.clone(),
        },
        (None, false) => Mode::Print,
    };
    let reports = process_all(args, &clean.paths, &mode, out);
    let (errors, changed, changes) = emit(&reports, out);
    if !matches!(mode, Mode::Print) {
        let total = reports.len();
        out.summary(&report::totals(
            total, changed, changes, errors, "changed", "failed",
        ));
    }
    if errors > 0 { EXIT_ERROR } else { EXIT_OK }
}

fn diff(args: &RuleArgs, diff: &DiffArgs, color: bool, out: &mut Output) -> u8 {
    if diff.format != ReportFormat::Text {
        if diff.word || diff.explain {
            out.error("--word and --explain shape the text diff; they do not go with --format");
            return EXIT_ERROR;
        }
        let (errors, changed) =
            whole_run_report(args, &diff.paths, "diff", diff.format, &diff.output, out);
        return if errors > 0 {
            EXIT_ERROR
        } else if diff.exit_code && changed > 0 {
            EXIT_CHANGES
        } else {
            EXIT_OK
        };
    }
    let mode = Mode::Diff {
        color,
        explain: diff.explain,
        word: diff.word,
    };
    let reports = process_all(args, &diff.paths, &mode, out);
    let (errors, changed, _) = emit(&reports, out);
    if errors > 0 {
        EXIT_ERROR
    } else if diff.exit_code && changed > 0 {
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
    let reports = process_all(
        args,
        &check.paths,
        &Mode::Check {
            verbose: check.verbose,
        },
        out,
    );
    let (errors, changed, changes) = emit(&reports, out);
    let total = reports.len();
    out.print_summary(&report::totals(
        total,
        changed,
        changes,
        errors,
        "would change",
        "could not be checked",
    ));
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
    out: &mut Output,
) -> (usize, usize) {
    let mode = Mode::Collect {
        keep_text: format == ReportFormat::Html,
    };
    let reports = process_all(args, paths, &mode, out);
    let (mut errors, changed, changes) = emit(&reports, out);
    let messages: Vec<Option<String>> = reports
        .iter()
        .map(|r| r.error.as_ref().map(Error::to_string))
        .collect();
    let paths: Vec<String> = reports
        .iter()
        .map(|r| match (&r.error, r.label.as_str()) {
            (Some(Error::Read { path, .. }), "") => path.display().to_string(),
            (_, label) => label.strip_prefix("./").unwrap_or(label).replace('\\', "/"),
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
    match output {
        Some(path) => match sink::write_new(path, text.as_bytes()) {
            Ok(()) => out.summary(&format!(
                "wrote {}: {}",
                path.display(),
                report::totals(reports.len(), changed, changes, errors, "changed", "failed")
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
        let text = match source::read_path(&path) {
            Ok(Decoded::Text(text)) => text,
            Ok(Decoded::Binary) => continue,
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
            match sink::write_atomic(&path, result.text.as_bytes()) {
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
    let dir = match command {
        RulesCommand::List { dir } | RulesCommand::Test { dir } => dir.clone(),
        RulesCommand::Explain { .. } => None,
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
        RulesCommand::List { .. } => {
            out.print(&report::rules_table(&set));
            EXIT_OK
        }
        RulesCommand::Explain { id } => explain(&set, id, out),
        RulesCommand::Test { .. } => {
            let (run, failures) = crate::examples::check(&set);
            for failure in &failures {
                out.print(&report::example_failure(failure));
            }
            out.print_summary(&format!(
                "{run} examples of {} rules: {}",
                set.rules.len(),
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
