//! The options several subcommands share, reached the same way whichever subcommand runs: how
//! much to print, colour, threads and the rules in force.

use super::{ColorChoice, Command, RuleArgs, RulesCommand};
use std::num::NonZeroUsize;

/// The shared options of one subcommand; `None` where the subcommand does not take them.
pub struct Shared<'a> {
    pub quiet: Option<&'a mut bool>,
    pub color: Option<&'a mut Option<ColorChoice>>,
    pub jobs: Option<&'a mut Option<NonZeroUsize>>,
    pub rules: Option<&'a mut RuleArgs>,
}

impl Command {
    /// The subcommand's shared options, to read or to fill in from the old spellings.
    pub fn shared(&mut self) -> Shared<'_> {
        match self {
            Command::Clean(a) => Shared {
                quiet: Some(&mut a.verbosity.quiet),
                color: None,
                jobs: Some(&mut a.jobs.jobs),
                rules: Some(&mut a.rules),
            },
            Command::Diff(a) => Shared {
                quiet: Some(&mut a.verbosity.quiet),
                color: Some(&mut a.color.color),
                jobs: Some(&mut a.jobs.jobs),
                rules: Some(&mut a.rules),
            },
            Command::Check(a) => Shared {
                quiet: Some(&mut a.verbosity.quiet),
                color: None,
                jobs: Some(&mut a.jobs.jobs),
                rules: Some(&mut a.rules),
            },
            Command::Review(a) => Shared {
                quiet: Some(&mut a.quiet.quiet),
                color: Some(&mut a.color.color),
                jobs: None,
                rules: Some(&mut a.rules),
            },
            Command::Rules(command) => command.shared(),
            Command::Suggest(a) => Shared {
                quiet: Some(&mut a.quiet.quiet),
                color: None,
                jobs: None,
                rules: Some(&mut a.rules),
            },
            Command::Learn(a) => Shared::quiet_only(&mut a.quiet.quiet),
            Command::Import(a) => Shared::quiet_only(&mut a.quiet.quiet),
            Command::Completions(_) | Command::Man(_) | Command::Schema => Shared::none(),
        }
    }

    /// The subcommand's name, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Clean(_) => "clean",
            Command::Diff(_) => "diff",
            Command::Check(_) => "check",
            Command::Review(_) => "review",
            Command::Rules(_) => "rules",
            Command::Suggest(_) => "suggest",
            Command::Learn(_) => "learn",
            Command::Import(_) => "import",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
            Command::Schema => "schema",
        }
    }
}

impl RulesCommand {
    fn shared(&mut self) -> Shared<'_> {
        let (quiet, rules, jobs) = match self {
            RulesCommand::List(a) => (&mut a.quiet.quiet, &mut a.rules, None),
            RulesCommand::Explain(a) => (&mut a.quiet.quiet, &mut a.rules, None),
            RulesCommand::Test(a) => (&mut a.quiet.quiet, &mut a.rules, Some(&mut a.jobs.jobs)),
            RulesCommand::Lint(a) => (&mut a.quiet.quiet, &mut a.rules, None),
        };
        Shared {
            quiet: Some(quiet),
            color: None,
            jobs,
            rules: Some(rules),
        }
    }
}

impl<'a> Shared<'a> {
    /// A subcommand that takes only `-q`.
    pub fn quiet_only(quiet: &'a mut bool) -> Shared<'a> {
        Shared {
            quiet: Some(quiet),
            ..Shared::none()
        }
    }

    /// A subcommand that takes none of the shared options.
    pub fn none() -> Shared<'a> {
        Shared {
            quiet: None,
            color: None,
            jobs: None,
            rules: None,
        }
    }
}
