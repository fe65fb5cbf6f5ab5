//! `transclean check`: one line per file that would change; exit 1 if any would.

use crate::app::{EXIT_CHANGES, EXIT_ERROR, EXIT_OK};
use crate::cli::{CheckArgs, ReportFormat, RuleArgs};
use crate::pipeline::job::{Job, Mode, Totals};
use crate::pipeline::run::process_all;
use crate::report::{self, Output};

pub(crate) fn check(args: &RuleArgs, check: &CheckArgs, out: &mut Output) -> u8 {
    if check.format != ReportFormat::Text {
        let (errors, changed) = crate::commands::whole_run::whole_run_report(
            args,
            &check.paths,
            "check",
            check.format,
            &check.output,
            &check.input,
            out,
        );
        return if errors > 0 {
            EXIT_ERROR
        } else if changed > 0 {
            EXIT_CHANGES
        } else {
            EXIT_OK
        };
    }
    let walk = match check.input.walk.filter(!args.no_config) {
        Ok(walk) => walk,
        Err(e) => {
            out.error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let job = Job {
        mode: Mode::Check {
            verbose: check.verbose,
        },
        input: crate::commands::file_shaped(&check.input),
        read: check.input.read_options(),
        roster: false,
        walk,
    };
    let (t, write_failed) = crate::commands::to_output_file(check.output.as_deref(), out, |out| {
        let t = process_all(args, &check.paths, &job, out, &mut Vec::new());
        out.print_summary(&report::totals(
            t.files,
            t.changed,
            t.changes,
            t.errors,
            "would change",
            "could not be checked",
        ));
        t
    });
    let t = Totals {
        errors: t.errors + usize::from(write_failed),
        ..t
    };
    let (errors, changed) = (t.errors, t.changed);
    if errors > 0 {
        EXIT_ERROR
    } else if changed > 0 {
        EXIT_CHANGES
    } else {
        EXIT_OK
    }
}
