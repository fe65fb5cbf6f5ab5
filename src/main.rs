//! The `transclean` command: parse arguments, run, turn the result into an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = transclean::cli::Cli::parse();
    ExitCode::from(transclean::app::run(cli))
}
