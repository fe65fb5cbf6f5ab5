//! The argument groups subcommands share (clap `#[command(flatten)]`): each subcommand takes
//! only the groups whose options do something there, so its `--help` lists nothing idle.

use crate::encoding::TextEncoding;
use crate::formats::Format;
use crate::source::ReadOptions;
use clap::{Args, ValueEnum};
use std::num::NonZeroUsize;
use std::path::PathBuf;

const RULES: &str = "Rules";
const WALKING: &str = "Walking folders";

/// Which rules are in force, layered over the built-in ones.
#[derive(Debug, Clone, Default, Args)]
pub struct RuleArgs {
    /// A config file layered over the project's transclean.toml.
    #[arg(long, value_name = "FILE", help_heading = RULES)]
    pub config: Option<PathBuf>,

    /// Do not look for a transclean.toml above the inputs.
    #[arg(long, help_heading = RULES)]
    pub no_config: bool,

    /// A rule file layered over the configs (repeatable; later files win; `-` reads stdin).
    #[arg(long = "rules", value_name = "FILE", help_heading = RULES)]
    pub rule_files: Vec<PathBuf>,

    /// Switch a rule off by id (repeatable).
    #[arg(long, value_name = "ID", help_heading = RULES)]
    pub disable: Vec<String>,

    /// Start from no built-in rules (only the rules of configs and --rules files).
    #[arg(long, help_heading = RULES)]
    pub no_builtin: bool,

    /// Apply the changes of unsafe rules too (they can change what was said, so by default
    /// they are only shown as suggestions by `diff`, `review` and the reports).
    #[arg(long, help_heading = RULES)]
    pub unsafe_fixes: bool,
}

impl RuleArgs {
    /// Layers `later` over `self`, as if its flags came after: files and ids add up, a config
    /// given later wins, switches stay on once given.
    pub fn merge(&mut self, later: RuleArgs) {
        self.config = later.config.or(self.config.take());
        self.no_config |= later.no_config;
        self.rule_files.extend(later.rule_files);
        self.disable.extend(later.disable);
        self.no_builtin |= later.no_builtin;
        self.unsafe_fixes |= later.unsafe_fixes;
    }

    /// The spelling of the first option given, for messages (`None` if none was).
    pub fn first_given(&self) -> Option<&'static str> {
        [
            (self.config.is_some(), "--config"),
            (self.no_config, "--no-config"),
            (!self.rule_files.is_empty(), "--rules"),
            (!self.disable.is_empty(), "--disable"),
            (self.no_builtin, "--no-builtin"),
            (self.unsafe_fixes, "--unsafe-fixes"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }
}

/// `-q` alone, for commands with no per-file lines to add with `-v`.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Quiet {
    /// Print only errors and warnings: no summaries, no progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `-q` and `-v`, for commands that go file by file.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Verbosity {
    /// Print only errors and warnings: no summaries, no progress bar.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print a line for each file, changed or not (on stderr, except for `check`, whose
    /// lines are its output).
    #[arg(short, long)]
    pub verbose: bool,
}

/// How many files are cleaned at once.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Jobs {
    /// Clean at most N files at once [default: one per CPU].
    #[arg(short = 'j', long, value_name = "N", value_parser = jobs)]
    pub jobs: Option<NonZeroUsize>,
}

/// `-j N` as a number of threads: 0 is not one.
pub fn jobs(value: &str) -> Result<NonZeroUsize, String> {
    const ALLOWED: &str = "-j must be 1 or more; omit it to use all cores";
    match value.parse::<usize>() {
        Ok(n) => NonZeroUsize::new(n).ok_or_else(|| ALLOWED.to_string()),
        Err(_) => Err(format!("`{value}` is not a number: {ALLOWED}")),
    }
}

/// When output is coloured.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct Color {
    /// When to colour output: auto (a terminal, and NO_COLOR unset), always or never
    /// [default: auto].
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What a command writes its report (or rule file) to.
#[derive(Debug, Clone, Default, Args)]
pub struct OutputFile {
    /// Write to FILE (atomically) instead of stdout; `-` is stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// How inputs are read.
#[derive(Debug, Clone, Args)]
pub struct FormatArgs {
    /// Input format. `auto` reads .srt/.vtt/.sbv files (or text that starts like one) as
    /// subtitles, .jsonl/.ndjson files as JSON Lines and .html/.htm files (or a page that opens
    /// with `<!DOCTYPE html` or `<html`) as HTML; everything else as plain text.
    #[arg(long = "input-format", value_enum, default_value_t = Format::Auto)]
    pub input_format: Format,

    /// The field of each JSON Lines record to clean.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub field: String,

    /// Pass bad JSON Lines records through unchanged (each reported, all counted) instead of
    /// stopping at the first.
    #[arg(long)]
    pub skip_bad: bool,

    /// The encoding of inputs without a byte-order mark: utf-8 (default), utf-16le, utf-16be,
    /// windows-1252, latin1 (read as windows-1252, like browsers do) or any WHATWG label. A BOM
    /// always wins. Output is UTF-8, except that --write keeps each file's own encoding.
    #[arg(long, value_name = "ENC", value_parser = TextEncoding::parse)]
    pub encoding: Option<TextEncoding>,

    /// Replace invalid byte sequences with U+FFFD, with a warning naming the file and offset,
    /// instead of refusing the file. With --write, such a file is only written with --backup.
    #[arg(long)]
    pub lossy: bool,

    #[command(flatten)]
    pub walk: WalkArgs,
}

/// Which files a folder walk takes (files named on the command line are always taken).
#[derive(Debug, Clone, Default, Args)]
pub struct WalkArgs {
    /// Walk only files of this type (by extension: txt, md, srt, vtt, sbv, jsonl, html);
    /// repeatable. By default every type transclean reads, and their .gz and .zst.
    #[arg(long = "type", value_name = "TYPE", help_heading = WALKING)]
    pub types: Vec<String>,

    /// Also walk files matching this glob (e.g. `*.log`); repeatable.
    #[arg(long, value_name = "GLOB", help_heading = WALKING)]
    pub include: Vec<String>,

    /// Skip files matching this glob (e.g. `drafts/**`); repeatable. Adds to `[files] exclude`
    /// in transclean.toml.
    #[arg(long, value_name = "GLOB", help_heading = WALKING)]
    pub exclude: Vec<String>,

    /// Apply the excludes to files named on the command line too (for pre-commit hooks, which
    /// pass files one by one).
    #[arg(long, help_heading = WALKING)]
    pub force_exclude: bool,
}

impl WalkArgs {
    /// The walk's filter; `project_files` reads `[files]` of each walked folder's config.
    pub fn filter(
        &self,
        project_files: bool,
    ) -> Result<crate::pipeline::walk_filter::Filter, crate::error::Error> {
        let mut filter = crate::pipeline::walk_filter::Filter::new(
            &self.types,
            &self.include,
            &self.exclude,
            self.force_exclude,
        )?;
        filter.project_files = project_files;
        Ok(filter)
    }
}

impl FormatArgs {
    /// The input options; subtitles become transcripts unless the command keeps their format
    /// (`clean --keep-format`; `diff` and `check` always do).
    pub fn options(&self) -> crate::document::FormatOptions {
        crate::document::FormatOptions {
            format: self.input_format,
            field: self.field.clone(),
            skip_bad: self.skip_bad,
            keep_format: false,
        }
    }

    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding,
            lossy: self.lossy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_flags_given_later_layer_over_earlier_ones() {
        let mut first = RuleArgs {
            rule_files: vec!["a.toml".into()],
            config: Some("one.toml".into()),
            ..Default::default()
        };
        first.merge(RuleArgs {
            rule_files: vec!["b.toml".into()],
            no_builtin: true,
            ..Default::default()
        });
        assert_eq!(first.rule_files, [PathBuf::from("a.toml"), "b.toml".into()]);
        assert_eq!(first.config, Some("one.toml".into()));
        assert!(first.no_builtin);
    }

    #[test]
    fn zero_jobs_says_what_is_allowed() {
        assert_eq!(jobs("3").unwrap().get(), 3);
        assert_eq!(
            jobs("0").unwrap_err(),
            "-j must be 1 or more; omit it to use all cores"
        );
    }
}
