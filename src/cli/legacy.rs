//! The spellings of the release before: options given before the subcommand's name
//! (`transclean --rules x.toml diff ...`), when they were global. They are hidden from `--help`,
//! still work for one release, and are moved into the subcommand's own options; one that does
//! nothing for that subcommand is ignored with a warning, as it was ignored before.

use super::{ColorChoice, Command, RuleArgs};
use clap::Args;
use std::num::NonZeroUsize;
use std::path::PathBuf;

/// The old global options, as given before the subcommand.
#[derive(Debug, Clone, Default, Args)]
pub struct BeforeCommand {
    #[arg(long, value_name = "FILE", hide = true)]
    pub config: Option<PathBuf>,
    #[arg(long, hide = true)]
    pub no_config: bool,
    #[arg(long = "rules", value_name = "FILE", hide = true)]
    pub rule_files: Vec<PathBuf>,
    #[arg(long, value_name = "ID", hide = true)]
    pub disable: Vec<String>,
    #[arg(long, hide = true)]
    pub no_builtin: bool,
    #[arg(long, hide = true)]
    pub unsafe_fixes: bool,
    #[arg(long, value_enum, hide = true)]
    pub color: Option<ColorChoice>,
    #[arg(short, long, hide = true)]
    pub quiet: bool,
    #[arg(short = 'j', long, value_name = "N", hide = true, value_parser = super::jobs)]
    pub jobs: Option<NonZeroUsize>,
}

impl BeforeCommand {
    /// Moves the options given before the subcommand into it, as if given first after it;
    /// returns a warning for each that does nothing there.
    pub fn apply_to(self, command: &mut Command) -> Vec<String> {
        let name = command.name();
        let ignored = |flag: &str| format!("{flag} does nothing for `transclean {name}`: ignored");
        let mut warnings = Vec::new();
        let shared = command.shared();
        match shared.quiet {
            Some(quiet) => *quiet |= self.quiet,
            None if self.quiet => warnings.push(ignored("-q")),
            None => {}
        }
        let rules = RuleArgs {
            config: self.config,
            no_config: self.no_config,
            rule_files: self.rule_files,
            disable: self.disable,
            no_builtin: self.no_builtin,
            unsafe_fixes: self.unsafe_fixes,
        };
        match shared.rules {
            Some(given_after) => {
                let mut merged = rules;
                merged.merge(std::mem::take(given_after));
                *given_after = merged;
            }
            None => warnings.extend(rules.first_given().map(ignored)),
        }
        match (shared.color, self.color) {
            (Some(color), Some(before)) => *color = color.or(Some(before)),
            (None, Some(_)) => warnings.push(ignored("--color")),
            _ => {}
        }
        match (shared.jobs, self.jobs) {
            (Some(jobs), Some(before)) => *jobs = jobs.or(Some(before)),
            (None, Some(_)) => warnings.push(ignored("-j")),
            _ => {}
        }
        warnings
    }
}
