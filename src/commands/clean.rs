//! `transclean clean`: print, write in place, or write to an out folder.

use crate::cli::{CleanArgs, RuleArgs};
use crate::error::Error;
use crate::pipeline::job::{Job, Mode};
use crate::pipeline::run::process_all;
use crate::pipeline::status::ExitStatus;
use crate::report::{self, Output};

pub(crate) fn clean(
    args: &RuleArgs,
    clean: &CleanArgs,
    out: &mut Output,
) -> Result<ExitStatus, Error> {
    let mode = match (&clean.out, clean.write) {
        (Some(dir), _) => Mode::OutDir(dir.clone()),
        (None, true) => Mode::Write {
            backup: clean.backup.clone(),
        },
        (None, false) => Mode::Print,
    };
    let printing = matches!(mode, Mode::Print);
    let mut input = clean.input.options();
    if let Some(format) = clean.clean_format {
        input.format = format;
    }
    let job = Job {
        roster: clean.roster,
        ..Job::build(mode, input, &clean.input, args.no_config)?
    };
    let t = process_all(args, &clean.paths, &job, out, &mut Vec::new());
    if !printing {
        out.summary(&report::totals(t.counts(), "changed", "failed"));
    }
    Ok(ExitStatus::of_run(t.errors, t.changed, false))
}
