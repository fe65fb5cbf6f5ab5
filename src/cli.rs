//! The command line: subcommands and flags (clap derive). No logic lives here.

use crate::encoding::TextEncoding;
use crate::formats::Format;
use crate::source::ReadOptions;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  transclean diff corpus/                  review what the built-in rules would change
  transclean clean --write corpus/         clean the files in place (atomically)
  transclean clean < scraped.txt > clean.txt
  transclean diff --explain corpus/        one line per change: line:col, rule, before → after
  transclean diff --format html -o review.html corpus/   a report to review in a browser
  transclean review corpus/new.txt         accept or reject each change; rejections are remembered
  transclean check corpus/                 exit 1 if any file would change (for CI)
  transclean clean --write -j 4 archive/   four threads; long runs show progress on a terminal
  transclean --rules my-names.toml diff x.txt   add a project rule file
  transclean --disable oliver-stone diff x.txt  switch one rule off
  transclean rules list                    the rules in force and where they come from

Exit codes: 0 ok, 1 changes found (check, or diff --exit-code), 2 error.
Config: the nearest transclean.toml at or above each input is layered over the built-in rules.";

const REVIEW_HELP: &str = "\
Keys: y accept, n reject, a accept all remaining of this rule, r reject all remaining of this
rule, e edit the replacement, q write what was accepted and stop, ? help.

Accepted changes are written to each file atomically when its review ends. A rejection is
recorded as an [[exception]] in the project's transclean.toml (created in the current folder if
there is none), so later runs do not propose it again.

Examples:
  transclean review corpus/new.txt
  transclean review --answers yynq doc.txt     answers from a script; running out means q
  printf 'y\\nn\\nq\\n' | transclean review doc.txt";

/// Clean and normalise scraped transcripts with explainable, reviewable rules.
#[derive(Debug, Parser)]
#[command(name = "transclean", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub rules: RuleArgs,

    /// When to colour output: auto (a terminal, and NO_COLOR unset), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print only errors and warnings, no summaries and no progress bar.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Clean at most N files at once [default: one per CPU].
    #[arg(short = 'j', long, global = true, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,

    #[command(subcommand)]
    pub command: Command,
}

/// Which rules are in force, layered over the built-in ones.
#[derive(Debug, Clone, Default, Args)]
pub struct RuleArgs {
    /// A config file layered over the project's transclean.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Do not look for a transclean.toml above the inputs.
    #[arg(long, global = true)]
    pub no_config: bool,

    /// A rule file layered over the configs (repeatable; later files win).
    #[arg(long = "rules", global = true, value_name = "FILE")]
    pub rule_files: Vec<PathBuf>,

    /// Switch a rule off by id (repeatable).
    #[arg(long, global = true, value_name = "ID")]
    pub disable: Vec<String>,

    /// Start from no built-in rules (only the rules of configs and --rules files).
    #[arg(long, global = true)]
    pub no_builtin: bool,

    /// Apply the changes of unsafe rules too (they can change what was said, so by default
    /// they are only shown as suggestions by `diff`, `review` and the reports).
    #[arg(long, global = true)]
    pub unsafe_fixes: bool,
}

/// How inputs are read.
#[derive(Debug, Clone, Args)]
pub struct FormatArgs {
    /// Input format. `auto` reads .srt/.vtt/.sbv files (or text that starts like one) as
    /// subtitles, .jsonl/.ndjson files as JSON Lines and .html/.htm files (or a page that opens
    /// with `<!DOCTYPE html` or `<html`) as HTML; everything else as plain text. (`clean`
    /// also takes it as `--format`; for `diff` and `check`, `--format` is the report format.)
    #[arg(long = "input-format", value_enum, default_value_t = Format::Auto)]
    pub input_format: Format,

    /// The field of each JSON Lines record to clean.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub field: String,

    /// Pass bad JSON Lines records through unchanged (each reported, all counted) instead of
    /// stopping at the first.
    #[arg(long)]
    pub skip_bad: bool,

    /// Clean subtitle cues in place, keeping numbers and timings, instead of writing a transcript.
    #[arg(long)]
    pub keep_format: bool,

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

const WALKING: &str = "Walking folders";

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
    pub fn options(&self) -> crate::document::FormatOptions {
        crate::document::FormatOptions {
            format: self.input_format,
            field: self.field.clone(),
            skip_bad: self.skip_bad,
            keep_format: self.keep_format,
        }
    }

    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            encoding: self.encoding,
            lossy: self.lossy,
        }
    }
}

/// How `diff` and `check` report a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For people: a diff (`diff`) or one line per file (`check`).
    Text,
    /// Every change with its rule and place, per-file and per-run counts
    /// (schema: docs/report.schema.json).
    Json,
    /// A self-contained page to review in a browser: changes coloured by rule, a chart per
    /// rule, filters, keyboard navigation (use with -o review.html).
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean files (or stdin) and print the cleaned text, or write it back with --write / --out.
    #[command(
        after_help = "With no PATHS, reads stdin and writes stdout. Directories are walked \
        recursively, honouring .gitignore."
    )]
    Clean(CleanArgs),
    /// Show what cleaning would change as a unified diff that `git apply` accepts; each hunk
    /// names its rules after the second `@@`.
    Diff(DiffArgs),
    /// Exit 1 if any file would change; print one line per file that would.
    Check(CheckArgs),
    /// Accept or reject each change, in context; rejections are remembered in transclean.toml.
    #[command(after_help = REVIEW_HELP)]
    Review(ReviewArgs),
    /// Inspect and test the rules in force.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Find likely mis-transcriptions of known names and terms; print them as rules to review.
    #[command(after_help = SUGGEST_HELP)]
    Suggest(SuggestArgs),
    /// Derive candidate rules from a document and a hand-corrected copy of it.
    #[command(after_help = LEARN_HELP)]
    Learn(LearnArgs),
    /// Convert a public correction dictionary into a rule file to review.
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    #[command(after_help = crate::commands::generate::COMPLETIONS_HELP)]
    Completions(crate::commands::generate::CompletionsArgs),
    /// Print the man page (roff), or write one page per subcommand with --out DIR.
    #[command(after_help = crate::commands::generate::MAN_HELP)]
    Man(crate::commands::generate::ManArgs),
    /// Print the JSON Schema of transclean.toml and rule files, for editors (taplo, Even Better
    /// TOML) to complete and check them.
    Schema,
}

const SUGGEST_HELP: &str = "\
Each word and short phrase of the documents is compared with each term of the lexicon by
spelling (Jaro-Winkler, Damerau-Levenshtein) and by sound (Double Metaphone), and a longer
word by the part of it that matches best (\"Itatas\" holds \"TASS\"). Words written like
names (capitalised in mid-sentence) weigh more than common words. The output is a rule file:
each proposal as a comment with its score, count and a line of context, then a `replace`
rule whose example is that context.

Examples:
  transclean suggest --lexicon names.txt corpus/ > suggested.toml
  transclean --rules suggested.toml diff corpus/      review what the kept rules change";

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The correct names and terms, one per line (`#` starts a comment).
    #[arg(long, value_name = "FILE")]
    pub lexicon: PathBuf,

    /// Files or directories; `-` or nothing for stdin.
    pub paths: Vec<PathBuf>,

    /// How many proposals to print at most.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub top: usize,

    /// The lowest score (0 to 1) worth proposing.
    #[arg(long, value_name = "SCORE", default_value_t = 0.75)]
    pub min_score: f64,
}

const LEARN_HELP: &str = "\
The two files are compared word by word. Each small substitution (up to 3 words for up to 3
words) becomes a `replace` rule with its sentence as the example; the same substitution made
in several places is one rule. A phrase corrected in one place but left alone in another, or
corrected two ways, is written commented out with the reason; long rewrites are listed at the
top of the file, not turned into rules.

Examples:
  transclean learn scraped.txt scraped.corrected.txt -o rules/learned.toml
  transclean --rules rules/learned.toml rules test";

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// The document as it was.
    pub original: PathBuf,

    /// The same document, corrected by hand.
    pub corrected: PathBuf,

    /// Write the rule file here instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

const IMPORT_HELP: &str = "\
Entries the original tool would apply on its own become rules; entries it only suggests
(several candidates, a reason) are written commented out; entries that cannot be expressed
as a rule are listed at the top of the file with the reason.

Examples:
  transclean import codespell dictionary.txt -o rules/codespell.toml
  transclean import typos words.csv -o rules/typos.toml
  transclean import subtitle-edit eng_OCRFixReplaceList.xml -o rules/ocr.toml
  transclean import languagetool replace.txt > rules/lt.toml
  transclean --rules rules/codespell.toml diff corpus/   review what it would change";

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The dictionary's format.
    #[arg(value_enum)]
    pub format: ImportFormat,

    /// The dictionary file.
    pub file: PathBuf,

    /// Write the rule file here instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// codespell `wrong->right` lines (dictionary*.txt)
    Codespell,
    /// typos `typo,correction` CSV (words.csv)
    Typos,
    /// Subtitle Edit OCR fix list (*_OCRFixReplaceList.xml)
    SubtitleEdit,
    /// LanguageTool `wrong=right<TAB>message` lines (replace.txt)
    Languagetool,
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Files or directories; `-` or nothing for stdin.
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub input: FormatArgs,

    /// Input format, as --input-format (txt, srt, vtt, sbv, jsonl, html; default: detect).
    #[arg(long = "format", value_enum, conflicts_with = "input_format")]
    pub clean_format: Option<Format>,

    /// Write cleaned files back in place (through a temporary file and a rename).
    #[arg(short, long, conflicts_with = "out")]
    pub write: bool,

    /// Write cleaned files under DIR, each under the path of its argument as given (`a/x.txt` to
    /// DIR/a/x.txt, `corpus` to DIR/corpus/...). Refused, with nothing written, if DIR is an
    /// input folder or inside one, or if two inputs would be written to one file.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Also print each document's speakers with turn counts, and labels that look like variants
    /// of one another (on stderr).
    #[arg(long)]
    pub roster: bool,
    /// With --write, keep each changed file's original as PATH + SUFFIX (e.g. `.orig`). Files
    /// ending in SUFFIX found in folders are left alone; other commands see them like any file,
    /// so pick a suffix your .gitignore ignores.
    #[arg(long, value_name = "SUFFIX", requires = "write", value_parser = backup_suffix)]
    pub backup: Option<String>,
}

/// A backup suffix must name a file beside the original, not somewhere else.
fn backup_suffix(suffix: &str) -> Result<String, String> {
    if suffix.is_empty() || suffix.contains(['/', '\\']) {
        Err("the suffix is added to each file name, e.g. `.orig`; it cannot be empty or hold a path separator".into())
    } else {
        Ok(suffix.to_string())
    }
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Files or directories; `-` or nothing for stdin.
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub input: FormatArgs,

    /// Exit 1 if there are changes, like `git diff --exit-code`.
    #[arg(long)]
    pub exit_code: bool,

    /// Under each hunk, one line per change: `line:col rule-id  "before" → "after"` (for
    /// reading: `git apply` rejects the explanation lines).
    #[arg(long)]
    pub explain: bool,

    /// Show changes inside their lines, like `git diff --word-diff`: `[-old-]{+new+}`, or red and
    /// green in colour; long unchanged stretches are cut to some context.
    #[arg(long)]
    pub word: bool,

    /// Report format: the diff, or a whole-run report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories; `-` or nothing for stdin.
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub input: FormatArgs,

    /// Also print a line for each file that is already clean.
    #[arg(short, long)]
    pub verbose: bool,

    /// Report format: one line per file, or a whole-run report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Files or directories to review.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// Answer from KEYS instead of asking (for scripts), e.g. `yynq`; after `e`, the next line
    /// is the replacement. Without it, answers are read from stdin.
    #[arg(long, value_name = "KEYS")]
    pub answers: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule in force: id, kind, stage, whether enabled, and where it is defined.
    List {
        /// Rule files to list on their own, or folders whose transclean.toml is in force
        /// (default: the current folder).
        #[arg(value_name = "PATHS")]
        paths: Vec<PathBuf>,

        /// `table` for people, `json` (one object per rule) for scripts.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show a rule's description, options, examples and source, or a kind's documentation.
    Explain {
        /// A rule id or a kind name.
        id: String,
    },
    /// Run every rule's examples; exit 1 if one fails. With --corpus, also compare each rule's
    /// hit count on a corpus with a reviewed baseline.
    #[command(after_help = TEST_HELP)]
    Test {
        /// Rule files to test on their own, or folders whose transclean.toml is in force
        /// (default: the corpus, else the current folder).
        #[arg(value_name = "PATHS")]
        paths: Vec<PathBuf>,

        /// Also clean this folder and compare per-rule hit counts with the baseline.
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,

        /// The baseline of hit counts (default: CORPUS.hits.json beside the corpus folder).
        #[arg(long, value_name = "FILE", requires = "corpus")]
        baseline: Option<PathBuf>,

        /// Write the current hit counts as the baseline instead of comparing.
        #[arg(long, requires = "corpus")]
        bless: bool,

        /// Only fail on a count that moved by more than PCT percent of its baseline.
        #[arg(long, value_name = "PCT", default_value_t = 0.0, requires = "corpus")]
        tolerance: f64,
    },
    /// Find mistakes in rule files: rules that cannot fire, outputs rewritten again, phrases
    /// taken by other rules, conflicts, guards that never hold; exit 1 on findings.
    #[command(after_help = LINT_HELP)]
    Lint {
        /// Rule files to lint on their own (default: the rules in force, built-ins included).
        #[arg(value_name = "FILES")]
        files: Vec<PathBuf>,
    },
}

const TEST_HELP: &str = "\
A failed example shows the input, the expected and the actual output, and a word diff
([-expected-]{+actual+}).

Examples:
  transclean rules test                               every example of the rules in force
  transclean --rules ours.toml rules test             with a project rule file
  transclean rules test --corpus corpus/ --bless      write corpus.hits.json after review
  transclean rules test --corpus corpus/              exit 1 if a rule's hit count moved";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

const LINT_HELP: &str = "\
Findings: invalid (the file does not load: bad TOML, unknown key, bad regex), duplicate-id,
no-positive-match, negative-changes, rematch (the output is matched again), shadowed (a phrase
or an example another rule takes first), conflict (two rules rewrite the same text
differently), guard-never (a `when` / `unless` under which the rule cannot fire).

Examples:
  transclean rules lint                       the rules in force, built-ins included
  transclean rules lint rules/our-names.toml  one file on its own";
