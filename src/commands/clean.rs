//! `transclean clean`: print, write in place, or write to an out folder.

use crate::app::{EXIT_ERROR, EXIT_OK};
use crate::cli::{CleanArgs, RuleArgs};
use crate::pipeline::job::{Job, Mode};
use crate::pipeline::run::process_all;
use crate::report::{self, Output};

pub(crate) fn clean(args: &RuleArgs, clean: &CleanArgs, out: &mut Output) -> u8 {
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
    let walk = match clean.input.walk.filter(!args.no_config) {
        Ok(walk) => walk,
        Err(e) => {
            out.error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let job = Job {
        mode,
        input,
        read: clean.input.read_options(),
        roster: clean.roster,
        walk,
    };
    let t = process_all(args, &clean.paths, &job, out, &mut Vec::new());
    if !printing {
        out.summary(&report::totals(
            t.files, t.changed, t.changes, t.errors, "changed", "failed",
        ));
    }
    if t.errors > 0 { EXIT_ERROR } else { EXIT_OK }
}
