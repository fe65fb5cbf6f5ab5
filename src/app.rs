//! One function per subcommand: config → rule set → inputs → engine → output.
//!
//! Files are cleaned in parallel; output is printed in input order. An input that fails is
//! reported and skipped, the others still run, and the exit code says an error happened.

use crate::cli::{
    CheckArgs, CleanArgs, Cli, ColorChoice, Command, DiffArgs, RuleArgs, RulesCommand,
};
use crate::config::{self, LoadOptions, RuleSet, discover};
use crate::diff::unified;
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
        Command::Rules(command) => rules_command(&cli.rules, command, &mut out),
        Command::Import(args) => import(args, &mut out),
        Command::Suggest(args) => suggest(args, &mut out),
        Command::Learn(args) => learn(args, &mut out),
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
    Write,
    OutDir(PathBuf),
    Diff { color: bool },
    Check { verbose: bool },
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
    let inputs = inputs::collect(paths);
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
                Some(engine) => process_one(&input, engine, mode),
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
            return report;
        }
        Err(e) => return FileReport::failed(label, e),
    };
    let outcome = engine.clean(&text);
    let changed = outcome.cleaned != text;
    let mut report = FileReport::new(label.clone());
    report.changed = changed;
    match (mode, input) {
        (Mode::Print, _) | (Mode::Write | Mode::OutDir(_), Input::Stdin) => {
            report.stdout = outcome.cleaned.clone()
        }
        (Mode::Write, Input::File { path, .. }) => {
            if changed {
                report.error = sink::write_atomic(path, outcome.cleaned.as_bytes()).err();
            }
        }
        (Mode::OutDir(dir), Input::File { relative, .. }) => {
            report.error = sink::write_new(&dir.join(relative), outcome.cleaned.as_bytes()).err();
        }
        (Mode::Diff { color }, _) => {
            report.stdout = unified::render(&diff_label(input), &text, &outcome, *color)
        }
        (Mode::Check { verbose }, _) => {
            if changed || *verbose {
                report.stdout = report::check_line(&label, &outcome, changed);
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
        (None, true) => Mode::Write,
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
    let reports = process_all(args, &diff.paths, &Mode::Diff { color }, out);
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
        let result = input.and_then(|input| Ok((input.label(), read_input(&input)?)));
        match result {
            Ok((label, Decoded::Text(text))) => documents.push((label, text)),
            Ok((_, Decoded::Binary)) => {}
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
    match &args.output {
        Some(path) => {
            if let Err(e) = sink::write_new(path, text.as_bytes()) {
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
        match &args.output {
            Some(path) => sink::write_new(path, text.as_bytes())?,
            None => out.print(&text),
        }
        Ok(imported)
    });
    match result {
        Ok(imported) => {
            out.summary(&format!("{}: {}", args.file.display(), imported.summary()));
            EXIT_OK
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
