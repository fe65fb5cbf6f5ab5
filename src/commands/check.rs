//! `transclean check`: one line per file that would change; exit 1 if any would.

use crate::cli::{CheckArgs, ReportFormat};
use crate::error::Error;
use crate::pipeline::job::{Job, Mode};
use crate::pipeline::run::process_all;
use crate::pipeline::status::ExitStatus;
use crate::report::{self, Output};

pub(crate) fn check(check: &CheckArgs, out: &mut Output) -> Result<ExitStatus, Error> {
    let output = check.output.output.as_deref();
    if check.output_format != ReportFormat::Text {
        let (errors, changed) = crate::commands::whole_run::whole_run_report(
            &check.rules,
            &check.paths,
            "check",
            check.output_format,
            output,
            &check.input,
            out,
        )?;
        return Ok(ExitStatus::of_run(errors, changed, true));
    }
    let mode = Mode::Check {
        verbose: check.verbosity.verbose,
    };
    let input = crate::commands::file_shaped(&check.input);
    let job = Job::build(mode, input, &check.input, check.rules.no_config)?;
    let (t, write_failed) = crate::commands::to_output_file(output, out, |out| {
        let t = process_all(&check.rules, &check.paths, &job, out, &mut Vec::new());
        out.print_summary(&report::totals(
            t.counts(),
            "would change",
            "could not be checked",
        ));
        t
    });
    Ok(ExitStatus::of_run(
        t.errors + usize::from(write_failed),
        t.changed,
        true,
    ))
}
