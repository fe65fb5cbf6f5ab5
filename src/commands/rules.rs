//! `transclean rules`: list, explain, test and lint the rules in force.

use crate::app::{EXIT_CHANGES, EXIT_ERROR, EXIT_OK};
use crate::cli::{RuleArgs, RulesCommand};
use crate::config::{self, RuleSet};
use crate::error::{Error, did_you_mean};
use crate::pipeline::engines::{load_options, project_for};
use crate::pipeline::job::{Job, Mode};
use crate::pipeline::run::process_all;
use crate::pipeline::status::ExitStatus;
use crate::report::{self, Output};
use crate::rules;
use std::path::PathBuf;

pub(crate) fn rules_command(command: &RulesCommand, out: &mut Output) -> Result<ExitStatus, Error> {
    let args = rule_args(command);
    if let RulesCommand::Lint(lint) = command
        && !lint.files.is_empty()
    {
        return Ok(ExitStatus::from_code(lint_report(
            crate::lint::lint_files(&lint.files),
            out,
        )));
    }
    let paths = match command {
        RulesCommand::List(list) => list.paths.clone(),
        RulesCommand::Test(test) => match (test.paths.is_empty(), &test.corpus) {
            (true, Some(corpus)) => vec![corpus.clone()],
            _ => test.paths.clone(),
        },
        RulesCommand::Explain(_) | RulesCommand::Lint(_) => Vec::new(),
    };
    // Each path is its own rule set; a path that does not load is reported and the others run.
    let mut status = ExitStatus::Success;
    for options in rule_sets(args, &paths) {
        let set = match options.and_then(|options| config::load(&options)) {
            Ok(set) => set,
            Err(e) => {
                out.error(&e.to_string());
                status = status.merge(ExitStatus::Error);
                continue;
            }
        };
        status = status.merge(ExitStatus::from_code(on_rule_set(command, &set, out)));
    }
    Ok(status)
}

/// The rules in force for a `rules` subcommand.
fn rule_args(command: &RulesCommand) -> &RuleArgs {
    match command {
        RulesCommand::List(a) => &a.rules,
        RulesCommand::Explain(a) => &a.rules,
        RulesCommand::Test(a) => &a.rules,
        RulesCommand::Lint(a) => &a.rules,
    }
}

/// What `rules list` and `rules test` load for each path: a rule file on its own, a project
/// config as it is in force, or the config in force in a folder (the current one if none).
fn rule_sets(args: &RuleArgs, paths: &[PathBuf]) -> Vec<Result<crate::config::LoadOptions, Error>> {
    if paths.is_empty() {
        return vec![Ok(load_options(
            args,
            project_for(args, std::path::Path::new(".")),
        ))];
    }
    paths
        .iter()
        .map(|path| match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Ok(load_options(args, project_for(args, path))),
            Ok(_)
                if path
                    .file_name()
                    .is_some_and(|n| n == crate::config::discover::PROJECT_FILE) =>
            {
                Ok(load_options(args, Some(path.clone())))
            }
            Ok(_) => Ok(crate::config::LoadOptions {
                builtin: false,
                project: None,
                config: None,
                rules: vec![path.clone()],
                disable: args.disable.clone(),
                unsafe_fixes: args.unsafe_fixes,
            }),
            Err(source) => Err(Error::Read {
                path: path.clone(),
                source: crate::inputs::explain_missing(path, source),
            }),
        })
        .collect()
}

/// Runs one `rules` subcommand on one rule set.
fn on_rule_set(command: &RulesCommand, set: &RuleSet, out: &mut Output) -> u8 {
    match command {
        RulesCommand::List(list) => {
            let text = match list.output_format {
                crate::cli::ListFormat::Text => report::rules_table(set),
                crate::cli::ListFormat::Json => report::rules_json(set),
            };
            let output = list.output.output.as_deref();
            let ((), write_failed) =
                crate::commands::to_output_file(output, out, |out| out.print(&text));
            if write_failed { EXIT_ERROR } else { EXIT_OK }
        }
        RulesCommand::Explain(explain_args) => {
            explain(set, &explain_args.id, explain_args.kind, out)
        }
        RulesCommand::Lint(_) => lint_report(crate::lint::lint_set(set), out),
        RulesCommand::Test(test) => {
            let examples = rules_test(set, out);
            let hits = match &test.corpus {
                Some(corpus) => corpus_hits(
                    &test.rules,
                    corpus,
                    test.baseline.as_deref(),
                    test.bless,
                    test.tolerance,
                    out,
                ),
                None => EXIT_OK,
            };
            examples.max(hits)
        }
    }
}

/// Runs every example; prints failures with a word diff.
pub(crate) fn rules_test(set: &RuleSet, out: &mut Output) -> u8 {
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
pub(crate) fn corpus_hits(
    args: &RuleArgs,
    corpus: &std::path::Path,
    baseline: Option<&std::path::Path>,
    bless: bool,
    tolerance: f64,
    out: &mut Output,
) -> u8 {
    use crate::hits;
    let baseline = baseline.map_or_else(|| hits::default_baseline(corpus), PathBuf::from);
    let now = match corpus_counts(args, corpus, out) {
        Some(now) => now,
        None => return EXIT_ERROR,
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

pub(crate) fn lint_report(findings: Vec<crate::lint::Finding>, out: &mut Output) -> u8 {
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

/// `rules explain`: the rule of that id, else the kind of that name (the kind first with
/// `--kind`); a name that is both says how to get the other.
pub(crate) fn explain(set: &RuleSet, id: &str, kind_first: bool, out: &mut Output) -> u8 {
    let rule = set.find(id);
    let kind = rules::kind(id);
    match (rule, kind) {
        (Some(rule), _) if !kind_first => {
            out.print(&report::explain_rule(set, rule));
            if kind.is_some() {
                out.note(&format!(
                    "note: `{id}` is also a rule kind: `transclean rules explain --kind {id}` shows its documentation\n"
                ));
            }
            EXIT_OK
        }
        (rule, Some(kind)) => {
            out.print(&report::explain_kind(kind));
            if rule.is_some() {
                out.note(&format!(
                    "note: `{id}` is also a rule: `transclean rules explain {id}` shows it\n"
                ));
            }
            EXIT_OK
        }
        _ => {
            out.error(&unknown_name(set, id, kind_first));
            EXIT_ERROR
        }
    }
}

/// Why `rules explain NAME` found nothing, with the nearest name.
fn unknown_name(set: &RuleSet, id: &str, kind_only: bool) -> String {
    let kinds = rules::KINDS.iter().map(|k| k.name);
    if kind_only {
        let all: Vec<&str> = kinds.clone().collect();
        let near = did_you_mean(id, kinds).map_or_else(String::new, |near| format!("{near} "));
        return format!(
            "unknown rule kind `{id}`\n  hint: {near}the kinds are {}",
            all.join(", ")
        );
    }
    let names = set.rules.iter().map(|r| r.id.as_str()).chain(kinds);
    Error::UnknownRule {
        id: id.into(),
        hint: did_you_mean(id, names)
            .or_else(|| Some("`transclean rules list` shows the rule ids".into())),
    }
    .to_string()
}

/// Per-rule hits over a corpus, counted as `check` counts them (same inputs, adapters and
/// per-folder configs); `None` if an input could not be checked (reported).
fn corpus_counts(
    args: &RuleArgs,
    corpus: &std::path::Path,
    out: &mut Output,
) -> Option<crate::hits::Hits> {
    let job = Job::internal(
        Mode::Check { verbose: false },
        crate::commands::file_shaped_default(),
        args.no_config,
    );
    // The check lines are not shown: only the counts are kept.
    let (mut quiet, _) = Output::capture(true);
    let t = process_all(
        args,
        &[corpus.to_path_buf()],
        &job,
        &mut quiet,
        &mut Vec::new(),
    );
    if t.errors > 0 {
        out.error(&format!(
            "{}: {} could not be checked; hit counts need every file",
            corpus.display(),
            report::count(t.errors, "file")
        ));
        return None;
    }
    Some(crate::hits::Hits {
        files: t.files - t.skipped,
        rules: t.by_rule,
    })
}
