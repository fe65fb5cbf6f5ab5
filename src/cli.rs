//! The command line: subcommands and flags (clap derive). No logic lives here.
//!
//! One vocabulary across subcommands: `--input-format` says what the inputs are,
//! `--output-format` what a report is, `-o/--output FILE` where a report or rule file goes and
//! `--out DIR` where cleaned files go. Options shared by several subcommands are small groups
//! (`args`) flattened into each subcommand that uses them, so each `--help` lists only what
//! does something there.

mod args;
pub mod legacy;
mod shared;

pub use args::*;
pub use shared::Shared;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  transclean diff corpus/                  review what the built-in rules would change
  transclean clean --write corpus/         clean the files in place (atomically)
  transclean clean < scraped.txt > clean.txt
  transclean diff --explain corpus/        one line per change: line:col, rule, before → after
  transclean diff --output-format html -o review.html corpus/   a report to review in a browser
  transclean review corpus/000_9a95ba5ceb66f70d.txt   accept or reject each change
  transclean check corpus/                 exit 1 if any file would change (for CI)
  transclean clean --write -j 4 archive/   four threads; long runs show progress on a terminal
  transclean diff --rules my-names.toml x.txt   add a project rule file
  transclean diff --disable oliver-stone x.txt  switch one rule off
  transclean rules list                    the rules in force and where they come from

Exit codes: 0 ok, 1 changes found (check, or --exit-code), 2 error.
Config: the nearest transclean.toml at or above each input is layered over the built-in rules.";

const REVIEW_HELP: &str = "\
Keys: y accept, n reject, a accept all remaining of this rule, r reject all remaining of this
rule, e edit the replacement, q write what was accepted and stop, ? help.

Accepted changes are written to each file atomically when its review ends. A rejection is
recorded as an [[exception]] in the project's transclean.toml (created in the current folder if
there is none), so later runs do not propose it again.

Examples:
  transclean review corpus/000_9a95ba5ceb66f70d.txt
  transclean review --answers yynq doc.txt     answers from a script; running out means q
  printf 'y\\nn\\nq\\n' | transclean review doc.txt";

/// Clean and normalise scraped transcripts with explainable, reviewable rules.
#[derive(Debug, Parser)]
#[command(name = "transclean", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    /// The options every subcommand took before its name, hidden: still accepted for one
    /// release, and applied to the subcommand (see [`legacy`]).
    #[command(flatten)]
    pub before_command: legacy::BeforeCommand,

    #[command(subcommand)]
    pub command: Command,
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
  transclean suggest --lexicon names.txt corpus/ -o suggested.toml
  transclean diff --rules suggested.toml corpus/      review what the kept rules change";

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The correct names and terms, one per line (`#` starts a comment); `-` reads stdin.
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

    #[command(flatten)]
    pub output: OutputFile,

    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub quiet: Quiet,
}

const LEARN_HELP: &str = "\
The two files are compared word by word. Each small substitution (up to 3 words for up to 3
words) becomes a `replace` rule with its sentence as the example; the same substitution made
in several places is one rule. A phrase corrected in one place but left alone in another, or
corrected two ways, is written commented out with the reason; long rewrites are listed at the
top of the file, not turned into rules.

Examples:
  transclean learn scraped.txt scraped.corrected.txt -o rules/learned.toml
  transclean rules test --rules rules/learned.toml";

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// The document as it was (`-` reads stdin).
    pub original: PathBuf,

    /// The same document, corrected by hand (`-` reads stdin).
    pub corrected: PathBuf,

    #[command(flatten)]
    pub output: OutputFile,

    #[command(flatten)]
    pub quiet: Quiet,
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
  transclean diff --rules rules/codespell.toml corpus/   review what it would change";

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The dictionary's format.
    #[arg(value_enum)]
    pub format: ImportFormat,

    /// The dictionary file (`-` reads stdin).
    pub file: PathBuf,

    #[command(flatten)]
    pub output: OutputFile,

    #[command(flatten)]
    pub quiet: Quiet,
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
    /// Files or directories; `-` or nothing for stdin. Several documents printed to stdout
    /// each follow a `==> NAME <==` line.
    pub paths: Vec<PathBuf>,

    /// Write cleaned files back in place (through a temporary file and a rename).
    #[arg(short, long, conflicts_with = "out")]
    pub write: bool,

    /// Write cleaned files under DIR, each under the path of its argument as given (`a/x.txt` to
    /// DIR/a/x.txt, `corpus` to DIR/corpus/...). Refused, with nothing written, if DIR is an
    /// input folder or inside one, or if two inputs would be written to one file.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// With --write, keep each changed file's original as PATH + SUFFIX (e.g. `.orig`). Files
    /// ending in SUFFIX found in folders are left alone; other commands see them like any file,
    /// so pick a suffix your .gitignore ignores.
    #[arg(long, value_name = "SUFFIX", requires = "write", value_parser = backup_suffix)]
    pub backup: Option<String>,

    /// Clean subtitle cues in place, keeping numbers and timings, instead of writing a transcript
    /// (`diff` and `check` always show subtitles this way).
    #[arg(long)]
    pub keep_format: bool,

    /// Exit 1 if cleaning changed anything (like `diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,

    /// Also print each document's speakers with turn counts, and labels that look like variants
    /// of one another (on stderr).
    #[arg(long)]
    pub roster: bool,

    /// The old spelling of --input-format, kept for one release.
    #[arg(
        long = "format",
        value_enum,
        conflicts_with = "input_format",
        hide = true
    )]
    pub old_format: Option<crate::formats::Format>,

    #[command(flatten)]
    pub input: FormatArgs,

    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub jobs: Jobs,

    #[command(flatten)]
    pub verbosity: Verbosity,
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

    /// Report format: the diff, or a whole-run report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, alias = "format")]
    pub output_format: ReportFormat,

    #[command(flatten)]
    pub output: OutputFile,

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

    #[command(flatten)]
    pub color: Color,

    #[command(flatten)]
    pub input: FormatArgs,

    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub jobs: Jobs,

    #[command(flatten)]
    pub verbosity: Verbosity,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories; `-` or nothing for stdin.
    pub paths: Vec<PathBuf>,

    /// Report format: one line per file, or a whole-run report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, alias = "format")]
    pub output_format: ReportFormat,

    #[command(flatten)]
    pub output: OutputFile,

    #[command(flatten)]
    pub input: FormatArgs,

    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub jobs: Jobs,

    #[command(flatten)]
    pub verbosity: Verbosity,
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

    #[command(flatten)]
    pub color: Color,

    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub quiet: Quiet,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule in force: id, kind, stage, whether enabled, and where it is defined.
    List(ListArgs),
    /// Show a rule's description, options, examples and source, or a kind's documentation.
    #[command(after_help = EXPLAIN_HELP)]
    Explain(ExplainArgs),
    /// Run every rule's examples; exit 1 if one fails. With --corpus, also compare each rule's
    /// hit count on a corpus with a reviewed baseline.
    #[command(after_help = TEST_HELP)]
    Test(TestArgs),
    /// Find mistakes in rule files: rules that cannot fire, outputs rewritten again, phrases
    /// taken by other rules, conflicts, guards that never hold; exit 1 on findings.
    #[command(after_help = LINT_HELP)]
    Lint(LintArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Rule files to list on their own, or folders whose transclean.toml is in force
    /// (default: the current folder).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// `text` (a table) for people, `json` (one object per rule) for scripts.
    #[arg(long, value_enum, default_value_t = ListFormat::Text, alias = "format")]
    pub output_format: ListFormat,

    #[command(flatten)]
    pub output: OutputFile,

    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub quiet: Quiet,
}

const EXPLAIN_HELP: &str = "\
A name that is both a rule id and a kind (the built-in `unicode` rule is of kind `unicode`)
shows the rule, and says how to get the kind: `--kind`.

Examples:
  transclean rules explain new-start-treaty   a rule: its file, safety, definition, examples
  transclean rules explain --kind replace     a kind: what it does and its options";

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id or a kind name.
    pub id: String,

    /// Explain the kind of that name, even if a rule has the same name.
    #[arg(long)]
    pub kind: bool,

    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub quiet: Quiet,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Rule files to test on their own, or folders whose transclean.toml is in force
    /// (default: the corpus, else the current folder).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Also clean this folder and compare per-rule hit counts with the baseline.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,

    /// The baseline of hit counts (default: CORPUS.hits.json beside the corpus folder).
    #[arg(long, value_name = "FILE", requires = "corpus")]
    pub baseline: Option<PathBuf>,

    /// Write the current hit counts as the baseline instead of comparing.
    #[arg(long, requires = "corpus")]
    pub bless: bool,

    /// Only fail on a count that moved by more than PCT percent of its baseline.
    #[arg(long, value_name = "PCT", default_value_t = 0.0, requires = "corpus")]
    pub tolerance: f64,

    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub jobs: Jobs,

    #[command(flatten)]
    pub quiet: Quiet,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Rule files to lint on their own, `-` for stdin (default: the rules in force, built-ins
    /// included).
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub quiet: Quiet,
}

const TEST_HELP: &str = "\
A failed example shows the input, the expected and the actual output, and a word diff
([-expected-]{+actual+}).

Examples:
  transclean rules test                               every example of the rules in force
  transclean rules test --rules ours.toml             with a project rule file
  transclean rules test --corpus corpus/ --bless      write corpus.hits.json after review
  transclean rules test --corpus corpus/              exit 1 if a rule's hit count moved";

/// How `rules list` prints the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people (`table` is its old name).
    #[value(alias = "table")]
    Text,
    /// One object per rule, for scripts.
    Json,
}

const LINT_HELP: &str = "\
Findings: invalid (the file does not load: bad TOML, unknown key, bad regex), duplicate-id,
no-positive-match, negative-changes, rematch (the output is matched again), shadowed (a phrase
or an example another rule takes first), conflict (two rules rewrite the same text
differently), guard-never (a `when` / `unless` under which the rule cannot fire).

Examples:
  transclean rules lint                       the rules in force, built-ins included
  transclean rules lint rules/our-names.toml  one file on its own
  transclean import typos words.csv | transclean rules lint -   what an import writes";
