//! Runs a parsed command line: picks the subcommand (src/commands/), which runs the pipeline
//! (src/pipeline/): inputs → adapter → engine → sink.
//!
//! Files are cleaned in parallel; output is printed in input order. An input that fails is
//! reported and skipped, the others still run, and the exit code says an error happened.

use crate::cli::{Cli, ColorChoice, Command};
use crate::commands::{check, clean, diff, generate, import, learn, review, rules, suggest};
use crate::pipeline::status::ExitStatus;
use crate::report::Output;
use std::ffi::OsString;
use std::io::IsTerminal;

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
    let code = |code: u8| Ok(ExitStatus::from_code(code));
    let result = match &cli.command {
        Command::Clean(args) => clean::clean(&cli.rules, args, &mut out),
        Command::Diff(args) => diff::diff(&cli.rules, args, color, &mut out),
        Command::Check(args) => check::check(&cli.rules, args, &mut out),
        Command::Review(args) => code(review::review(&cli.rules, args, color, &mut out)),
        Command::Rules(command) => rules::rules_command(&cli.rules, command, &mut out),
        Command::Import(args) => code(import::import(args, &mut out)),
        Command::Suggest(args) => code(suggest::suggest(args, &mut out)),
        Command::Learn(args) => code(learn::learn(args, &mut out)),
        Command::Completions(args) => code(generate::completions(args, &mut out)),
        Command::Man(args) => code(generate::man(args, &mut out)),
        Command::Schema => code(generate::schema(&mut out)),
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
