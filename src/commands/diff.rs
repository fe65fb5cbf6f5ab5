//! `transclean diff`: unified, word or explained diffs, or a whole-run report.

use crate::app::{EXIT_CHANGES, EXIT_ERROR, EXIT_OK};
use crate::cli::{DiffArgs, ReportFormat, RuleArgs};
use crate::pipeline::job::{Job, Mode, Totals};
use crate::pipeline::run::process_all;
use crate::report::Output;

pub(crate) fn diff(args: &RuleArgs, diff: &DiffArgs, color: bool, out: &mut Output) -> u8 {
    if diff.format != ReportFormat::Text {
        if diff.word || diff.explain {
            out.error("--word and --explain shape the text diff; they do not go with --format");
            return EXIT_ERROR;
        }
        let (errors, changed) = crate::commands::whole_run::whole_run_report(
            args,
            &diff.paths,
            "diff",
            diff.format,
            &diff.output,
            &diff.input,
            out,
        );
        return if errors > 0 {
            EXIT_ERROR
        } else if diff.exit_code && changed > 0 {
            EXIT_CHANGES
        } else {
            EXIT_OK
        };
    }
    let walk = match diff.input.walk.filter(!args.no_config) {
        Ok(walk) => walk,
        Err(e) => {
            out.error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let job = Job {
        mode: Mode::Diff {
            color,
            explain: diff.explain,
            word: diff.word,
        },
        input: crate::commands::file_shaped(&diff.input),
        read: diff.input.read_options(),
        roster: false,
        walk,
    };
    let (t, write_failed) = crate::commands::to_output_file(diff.output.as_deref(), out, |out| {
        process_all(args, &diff.paths, &job, out, &mut Vec::new())
    });
    let t = Totals {
        errors: t.errors + usize::from(write_failed),
        ..t
    };
    if t.errors > 0 {
        EXIT_ERROR
    } else if diff.exit_code && t.changed > 0 {
        EXIT_CHANGES
    } else {
        EXIT_OK
    }
}
