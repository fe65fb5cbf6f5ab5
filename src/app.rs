//! Runs a parsed command line: picks the subcommand (src/commands/), which runs the pipeline
//! (src/pipeline/): inputs → adapter → engine → sink.
//!
//! Files are cleaned in parallel; output is printed in input order. An input that fails is
//! reported and skipped, the others still run, and the exit code says an error happened.

use crate::cli::{Cli, ColorChoice, Command};
use crate::commands::{check, clean, diff, generate, import, learn, review, rules, suggest};
use crate::error::Error;
use crate::pipeline::status::ExitStatus;
use crate::report::Output;
use std::ffi::OsString;
use std::io::IsTerminal;

pub const EXIT_OK: u8 = 0;
pub const EXIT_CHANGES: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let Cli {
        before_command,
        mut command,
    } = cli;
    let warnings = before_command.apply_to(&mut command);
    let shared = command.shared();
    let mut out = Output::stdout(shared.quiet.is_some_and(|q| *q));
    for warning in &warnings {
        out.warning(warning);
    }
    if let Some(threads) = shared.jobs.and_then(|jobs| *jobs) {
        // Only fails if a pool was already built, which `run` is the first to do.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.get())
            .build_global();
    }
    let color = use_color(
        shared.color.and_then(|c| *c).unwrap_or(ColorChoice::Auto),
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR"),
    );
    let result = match crate::commands::stdin::one_reader(&command) {
        Ok(()) => dispatch(&command, color, &mut out),
        Err(e) => Err(e),
    };
    // The one place a command's error is printed: per-file errors were reported as they came.
    let status = result.unwrap_or_else(|e| {
        out.error(&e.to_string());
        ExitStatus::Error
    });
    // A reader that went away (`| head`) is not an error: stop quietly. Output lost to a full
    // disk is.
    if out.failed() {
        EXIT_ERROR
    } else if out.closed() {
        EXIT_OK
    } else {
        status.code()
    }
}

/// Runs the subcommand.
fn dispatch(command: &Command, color: bool, out: &mut Output) -> Result<ExitStatus, Error> {
    let code = |code: u8| Ok(ExitStatus::from_code(code));
    match command {
        Command::Clean(args) => clean::clean(args, out),
        Command::Diff(args) => diff::diff(args, color, out),
        Command::Check(args) => check::check(args, out),
        Command::Review(args) => code(review::review(&args.rules, args, color, out)),
        Command::Rules(command) => rules::rules_command(command, out),
        Command::Import(args) => code(import::import(args, out)),
        Command::Suggest(args) => code(suggest::suggest(&args.rules, args, out)),
        Command::Learn(args) => code(learn::learn(args, out)),
        Command::Completions(args) => code(generate::completions(args, out)),
        Command::Man(args) => code(generate::man(args, out)),
        Command::Schema => code(generate::schema(out)),
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
