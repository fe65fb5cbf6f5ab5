//! `transclean suggest`: rules proposed from a lexicon of names, for what the rules in force
//! leave.
//!
//! The documents are cleaned first, through the same pipeline and engines as `check` (so
//! timestamps, speaker labels and the corrections already in force are gone), and the proposals
//! are made on the cleaned text. The rule file they make is then linted layered over the rules
//! in force, as `transclean --rules FILE rules lint` would: a proposal with a finding (a phrase
//! a rule in force already corrects, an example another rule changes first) is held back and
//! listed in a comment, so the file lints clean.

use crate::app::{EXIT_ERROR, EXIT_OK};
use crate::cli::{RuleArgs, SuggestArgs};
use crate::error::Error;
use crate::pipeline::engines::{load_options, project_for};
use crate::pipeline::job::{Job, Mode};
use crate::report::{self, Output};
use crate::suggest::{self, Document, Held, Options, Suggestion};
use std::path::{Path, PathBuf};

/// Every input, cleaned by the rules in force for it (as `clean` would print it); the ones
/// that cannot be read are reported, binary files skipped. Returns the documents and the number
/// of inputs that failed.
pub(crate) fn cleaned_documents(
    args: &RuleArgs,
    paths: &[PathBuf],
    out: &mut Output,
) -> (Vec<Document>, usize) {
    let job = Job::internal(
        Mode::Collect { keep_text: true },
        crate::document::FormatOptions::default(),
        args.no_config,
    );
    let mut kept = Vec::new();
    let totals = crate::pipeline::run::process_all(args, paths, &job, out, &mut kept);
    let documents = kept
        .into_iter()
        .filter(|report| report.error.is_none())
        .filter_map(|report| {
            let text = match report.outcome {
                Some(outcome) => outcome.cleaned,
                None => report.original?,
            };
            Some(Document {
                label: report.label,
                text,
            })
        })
        .collect();
    (documents, totals.errors)
}

pub(crate) fn suggest(args: &RuleArgs, suggest_args: &SuggestArgs, out: &mut Output) -> u8 {
    let lexicon = match read_lexicon(&suggest_args.lexicon) {
        Ok(lexicon) => lexicon,
        Err(message) => {
            out.error(&message);
            return EXIT_ERROR;
        }
    };
    let (documents, errors) = cleaned_documents(args, &suggest_args.paths, out);
    let options = Options {
        top: suggest_args.top,
        min_score: suggest_args.min_score,
    };
    let lexicon_name = suggest_args.lexicon.display().to_string();
    let found = suggest::suggest(&lexicon, &documents, options);
    let (kept, held) = match settle(args, found, &lexicon_name) {
        Ok(settled) => settled,
        Err(e) => {
            out.error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let text = suggest::to_toml(&kept, &held, &lexicon_name);
    let output = suggest_args.output.output.as_deref();
    let ((), write_failed) = crate::commands::to_output_file(output, out, |out| out.print(&text));
    let mut summary = format!(
        "{} from {} ({} in the lexicon)",
        report::count(kept.len(), "suggestion"),
        report::count(documents.len(), "file"),
        report::count(lexicon.len(), "term")
    );
    if !held.is_empty() {
        summary.push_str(&format!(
            "; {} held back (the rules in force already make or clash with them)",
            held.len()
        ));
    }
    out.summary(&summary);
    if errors > 0 || write_failed {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

/// The lexicon's terms, from its file or (`-`) standard input, or what is wrong with it.
fn read_lexicon(path: &Path) -> Result<Vec<String>, String> {
    let text = read_lexicon_text(path)
        .map_err(|e| format!("{}: cannot read the lexicon: {e}", path.display()))?;
    let lexicon = suggest::read_lexicon(&text);
    if lexicon.is_empty() {
        return Err(format!(
            "{}: the lexicon has no terms\n  hint: write one name or term per line",
            path.display()
        ));
    }
    Ok(lexicon)
}

/// The lexicon's text, from its file or (`-`) standard input.
fn read_lexicon_text(path: &Path) -> std::io::Result<String> {
    if !crate::stdin::is_stdin(path) {
        return std::fs::read_to_string(path);
    }
    String::from_utf8(crate::stdin::bytes()?.to_vec())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// How many times the proposals are linted again after some were held back: holding one back
/// can only remove findings, so this is a guard, not a limit that is reached.
const MAX_LINT_ROUNDS: usize = 8;

/// Splits the proposals into those whose rule file lints clean over the rules in force (as
/// `transclean --rules FILE rules lint` loads them) and those held back, with the finding.
fn settle(
    args: &RuleArgs,
    mut kept: Vec<Suggestion>,
    lexicon: &str,
) -> Result<(Vec<Suggestion>, Vec<Held>), Error> {
    let mut held = Vec::new();
    for _ in 0..MAX_LINT_ROUNDS {
        let flagged = lint_findings(args, &kept, lexicon)?;
        if flagged.is_empty() {
            return Ok((kept, held));
        }
        let mut index = 0;
        kept.retain(|suggestion| {
            let finding = flagged.iter().find(|(at, _)| *at == index);
            index += 1;
            match finding {
                Some((_, message)) => {
                    held.push(Held {
                        suggestion: suggestion.clone(),
                        reason: message.clone(),
                    });
                    false
                }
                None => true,
            }
        });
    }
    // Still findings after every round: hold everything back rather than print a file that
    // does not lint clean.
    held.extend(kept.drain(..).map(|suggestion| Held {
        suggestion,
        reason: "its rule file did not lint clean".into(),
    }));
    Ok((kept, held))
}

/// The lint findings on the rule file of `suggestions` layered over the rules in force, as
/// (index of the suggestion, message).
fn lint_findings(
    args: &RuleArgs,
    suggestions: &[Suggestion],
    lexicon: &str,
) -> Result<Vec<(usize, String)>, Error> {
    if suggestions.is_empty() {
        return Ok(Vec::new());
    }
    let file = tempfile::Builder::new()
        .prefix("suggested-")
        .suffix(".toml")
        .tempfile()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    std::fs::write(file.path(), suggest::to_toml(suggestions, &[], lexicon)).map_err(|source| {
        Error::Write {
            path: file.path().to_path_buf(),
            source,
        }
    })?;
    let mut options = load_options(args, project_for(args, Path::new(".")));
    options.rules.push(file.path().to_path_buf());
    let set = crate::config::load(&options)?;
    let name = file.path().display().to_string();
    // The proposals' rules, in the order they were written.
    let lines: Vec<usize> = (set.rules.iter())
        .filter(|r| r.source.file == name)
        .map(|r| r.source.line)
        .collect();
    let findings = crate::lint::lint_set(&set);
    Ok(findings
        .into_iter()
        .filter(|f| f.file == name)
        .filter_map(|f| {
            let at = lines.iter().position(|&line| line == f.line)?;
            Some((at, format!("{}: {}", f.code.name(), f.message)))
        })
        .collect())
}
