//! One module per subcommand: each builds its job, runs the pipeline and says how it went.

pub mod check;
pub mod clean;
pub mod diff;
pub mod generate;
pub mod import;
pub mod learn;
pub mod review;
pub mod rules;
pub(crate) mod stdin;
pub mod suggest;
pub mod whole_run;

use crate::output_file::{self, Destination};
use crate::report::Output;
use std::path::Path;

/// Runs `run` with its results going to `output` when that names a file (`-o FILE`), written
/// atomically when the run ends; to `out` otherwise. Returns `run`'s result and whether writing
/// the file failed.
pub(crate) fn to_output_file<T>(
    output: Option<&Path>,
    out: &mut Output,
    run: impl FnOnce(&mut Output) -> T,
) -> (T, bool) {
    let Some(path) = output.filter(|p| output_file::destination(p) == Destination::File) else {
        return (run(out), false);
    };
    let (mut file_out, captured) = Output::capture(out.is_quiet());
    let result = run(&mut file_out);
    match output_file::write(path, &captured.take()) {
        Ok(()) => {
            out.summary(&format!("wrote {}", path.display()));
            (result, false)
        }
        Err(e) => {
            out.error(&e.to_string());
            (result, true)
        }
    }
}

/// The input options of a command that shows changes (diff, check, reports): subtitles are
/// cleaned cue by cue in place, so a diff is of the file itself (`git apply` takes it) and
/// `check` counts what `clean --keep-format` would write.
pub(crate) fn file_shaped(input: &crate::cli::FormatArgs) -> crate::document::FormatOptions {
    crate::document::FormatOptions {
        keep_format: true,
        ..input.options()
    }
}

/// `file_shaped` with every input option at its default.
pub(crate) fn file_shaped_default() -> crate::document::FormatOptions {
    crate::document::FormatOptions {
        keep_format: true,
        ..Default::default()
    }
}
