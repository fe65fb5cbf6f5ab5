//! `transclean clean`: print, write in place, or write to an out folder.

use crate::cli::CleanArgs;
use crate::error::Error;
use crate::pipeline::job::{Job, Mode};
use crate::pipeline::run::process_all;
use crate::pipeline::status::ExitStatus;
use crate::report::{self, Output};

pub(crate) fn clean(clean: &CleanArgs, out: &mut Output) -> Result<ExitStatus, Error> {
    let mode = match (&clean.out, clean.write) {
        (Some(dir), _) => Mode::OutDir(dir.clone()),
        (None, true) => Mode::Write {
            backup: clean.backup.clone(),
        },
        (None, false) => Mode::Print,
    };
    let printing = matches!(mode, Mode::Print);
    let mut input = clean.input.options();
    input.keep_format = clean.keep_format;
    if let Some(format) = clean.old_format {
        input.format = format;
    }
    let job = Job {
        roster: clean.roster,
        verbose: clean.verbosity.verbose,
        ..Job::build(mode, input, &clean.input, clean.rules.no_config)?
    };
    let t = process_all(&clean.rules, &clean.paths, &job, out, &mut Vec::new());
    if !printing {
        out.summary(&report::totals(t.counts(), "changed", "failed"));
    }
    Ok(ExitStatus::of_run(t.errors, t.changed, clean.exit_code))
}
