//! `transclean diff`: unified, word or explained diffs, or a whole-run report.

use crate::cli::{DiffArgs, ReportFormat};
use crate::error::Error;
use crate::pipeline::job::{Job, Mode};
use crate::pipeline::run::process_all;
use crate::pipeline::status::ExitStatus;
use crate::report::Output;

pub(crate) fn diff(diff: &DiffArgs, color: bool, out: &mut Output) -> Result<ExitStatus, Error> {
    let output = diff.output.output.as_deref();
    if diff.output_format != ReportFormat::Text {
        if diff.word || diff.explain {
            out.error(
                "--word and --explain shape the text diff; they do not go with --output-format",
            );
            return Ok(ExitStatus::Error);
        }
        let (errors, changed) = crate::commands::whole_run::whole_run_report(
            &diff.rules,
            &diff.paths,
            "diff",
            diff.output_format,
            output,
            &diff.input,
            out,
        )?;
        return Ok(ExitStatus::of_run(errors, changed, diff.exit_code));
    }
    let mode = Mode::Diff {
        color,
        explain: diff.explain,
        word: diff.word,
    };
    let input = crate::commands::file_shaped(&diff.input);
    let job = Job {
        verbose: diff.verbosity.verbose,
        ..Job::build(mode, input, &diff.input, diff.rules.no_config)?
    };
    let (t, write_failed) = crate::commands::to_output_file(output, out, |out| {
        process_all(&diff.rules, &diff.paths, &job, out, &mut Vec::new())
    });
    Ok(ExitStatus::of_run(
        t.errors + usize::from(write_failed),
        t.changed,
        diff.exit_code,
    ))
}
