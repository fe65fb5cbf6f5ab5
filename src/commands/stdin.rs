//! Standard input can be read once: before a command runs, the arguments that would read it
//! are counted, and two of them (`--rules -` with input from stdin, `learn - -`) are refused
//! with both named, instead of one of them silently reading nothing.

use crate::cli::{Command, RuleArgs, RulesCommand};
use crate::error::Error;
use std::path::{Path, PathBuf};

/// Fails, naming them, if more than one argument of `command` reads standard input.
pub(crate) fn one_reader(command: &Command) -> Result<(), Error> {
    let readers = readers(command);
    match readers.as_slice() {
        [first, second, ..] => Err(Error::Usage {
            path: PathBuf::from("<stdin>"),
            message: format!(
                "{first} and {second} both read standard input, which can only be read once"
            ),
            hint: Some("save all but one of them to a file and name the file instead".into()),
        }),
        _ => Ok(()),
    }
}

/// Every argument of `command` that reads standard input, as the user would name it.
fn readers(command: &Command) -> Vec<String> {
    let mut found = Vec::new();
    let is_stdin = |path: &Path| path.as_os_str() == "-";
    let mut paths = |what: &str, paths: &[PathBuf]| {
        if paths.is_empty() {
            found.push(format!("`{what}` with no PATHS"));
        }
        let dashes = paths.iter().filter(|p| is_stdin(p)).count();
        found.extend(std::iter::repeat_n(
            format!("the input `-` of `{what}`"),
            dashes,
        ));
    };
    let rules: Option<&RuleArgs> = match command {
        Command::Clean(a) => {
            paths("clean", &a.paths);
            Some(&a.rules)
        }
        Command::Diff(a) => {
            paths("diff", &a.paths);
            Some(&a.rules)
        }
        Command::Check(a) => {
            paths("check", &a.paths);
            Some(&a.rules)
        }
        Command::Suggest(a) => {
            paths("suggest", &a.paths);
            Some(&a.rules)
        }
        Command::Review(a) => {
            if a.answers.is_none() {
                found.push("`review`'s answers (without --answers)".into());
            }
            Some(&a.rules)
        }
        Command::Rules(RulesCommand::Lint(a)) => {
            let dashes = a.files.iter().filter(|p| is_stdin(p)).count();
            found.extend(std::iter::repeat_n("`rules lint -`".to_string(), dashes));
            Some(&a.rules)
        }
        Command::Rules(RulesCommand::List(a)) => Some(&a.rules),
        Command::Rules(RulesCommand::Explain(a)) => Some(&a.rules),
        Command::Rules(RulesCommand::Test(a)) => Some(&a.rules),
        Command::Learn(_)
        | Command::Import(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Schema => None,
    };
    match command {
        Command::Learn(a) => {
            for (name, path) in [("ORIGINAL", &a.original), ("CORRECTED", &a.corrected)] {
                if is_stdin(path) {
                    found.push(format!("`learn`'s {name} `-`"));
                }
            }
        }
        Command::Import(a) if is_stdin(&a.file) => found.push("`import`'s FILE `-`".into()),
        Command::Suggest(a) if is_stdin(&a.lexicon) => found.push("`--lexicon -`".into()),
        _ => {}
    }
    if let Some(rules) = rules {
        let dashes = rules.rule_files.iter().filter(|p| is_stdin(p)).count();
        found.extend(std::iter::repeat_n("`--rules -`".to_string(), dashes));
        if rules.config.as_deref().is_some_and(is_stdin) {
            found.push("`--config -`".into());
        }
    }
    found
}
