//! Raw TOML types of rule files and project configs: exactly what the file says, nothing resolved.
//!
//! Every field is optional and unknown keys are rejected, so a typo is an error with its line and
//! column rather than a silently ignored option. Values keep their byte spans so that later checks
//! (a bad regex, an option that does not belong to the rule's kind) can point at the right place.

use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// A rule file, a project `transclean.toml`, or a `--config` file: they share one format.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFile {
    pub meta: Option<RawMeta>,
    /// Rule files to load before this file's own rules, relative to this file.
    pub extend: Option<Vec<Spanned<String>>>,
    /// Rule ids to switch off (from any earlier layer or this file).
    pub disable: Option<Vec<Spanned<String>>>,
    /// `false` starts from no built-in rules at all (only meaningful in a project config).
    pub builtin_rules: Option<bool>,
    pub speakers: Option<RawSpeakers>,
    pub rule: Option<Vec<Spanned<RawRule>>>,
    /// `true` applies the changes of unsafe rules too (like `--unsafe-fixes`).
    pub unsafe_fixes: Option<bool>,
    /// The documents' language (`"en"`), instead of detecting it from each document's text.
    pub language: Option<Spanned<String>>,
    /// Changes a reviewer rejected, so they are not proposed again (see `crate::exceptions`).
    pub exception: Option<Vec<Spanned<RawException>>>,
    /// Which files a folder walk takes (read by the CLI's walker, not by the rules).
    pub files: Option<RawFiles>,
}

/// The `[files]` table of a project config: globs a folder walk takes or skips.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFiles {
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
}

/// One `[[exception]]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawException {
    pub rule: Option<Spanned<String>>,
    pub text: Option<String>,
    pub context_before: Option<String>,
    pub context_after: Option<String>,
}

/// The `[speakers]` table: names the `speakers` rule uses, merged across layers.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSpeakers {
    /// Label name → name to render (`"Matthew" = "Matthew Chance"`).
    pub aliases: Option<std::collections::BTreeMap<String, String>>,
    /// Known speakers, whose labels count even when they appear once without a time.
    pub roster: Option<Vec<String>>,
    /// Words kept in capitals when capitalised labels are title-cased.
    pub acronyms: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawMeta {
    pub name: Option<String>,
    pub description: Option<String>,
    /// A regex: the file's rules run only on documents it matches.
    pub applies_when: Option<Spanned<String>>,
    /// The languages the file's rules are written for (`["en"]`): they run only on documents in
    /// one of them.
    pub languages: Option<Spanned<Vec<String>>>,
}

/// One example of a rule: cleaning `input` with the rule alone gives `output`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub input: String,
    pub output: String,
}

/// A list given as one string or as an array of strings (`find = "x"` or `find = ["x", "y"]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// One `[[rule]]` table. Common keys first, then the options of every kind; which options a kind
/// accepts is declared in its registry entry and checked when the rule is compiled.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRule {
    pub id: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub description: Option<String>,
    pub stage: Option<Spanned<String>>,
    pub enabled: Option<bool>,
    pub when: Option<Spanned<String>>,
    pub unless: Option<Spanned<String>>,
    pub examples: Option<Vec<RawExample>>,
    /// `"safe"` (applied) or `"unsafe"` (only proposed, unless unsafe fixes are asked for).
    pub safety: Option<Spanned<String>>,
    /// Which text the rule changes: `"speech"` (speaker turns), `"prose"` (the rest) or `"any"`.
    #[serde(rename = "in")]
    pub within: Option<Spanned<String>>,

    // replace
    pub find: Option<Spanned<OneOrMany>>,
    pub replace: Option<Spanned<String>>,
    pub case: Option<Spanned<String>>,
    pub word_bounded: Option<Spanned<bool>>,
    pub word_joiners: Option<Spanned<String>>,

    // regex and drop
    pub pattern: Option<Spanned<String>>,

    // drop
    pub scope: Option<Spanned<String>>,
    pub within_first: Option<Spanned<usize>>,
    pub within_last: Option<Spanned<usize>>,

    // repeated-word
    pub allow: Option<Spanned<Vec<String>>>,
    pub only: Option<Spanned<Vec<String>>>,

    // unicode
    pub form: Option<Spanned<String>>,
    pub spaces: Option<Spanned<bool>>,
    pub invisible: Option<Spanned<bool>>,
    pub controls: Option<Spanned<bool>>,
    pub quotes: Option<Spanned<String>>,
    pub dashes: Option<Spanned<String>>,
    pub entities: Option<Spanned<bool>>,
    pub mojibake: Option<Spanned<bool>>,

    // whitespace
    pub trailing: Option<Spanned<bool>>,
    pub indent: Option<Spanned<bool>>,
    pub runs: Option<Spanned<bool>>,
    pub max_blank_lines: Option<Spanned<usize>>,
    pub final_newline: Option<Spanned<bool>>,

    // dedupe
    pub min_words: Option<Spanned<usize>>,
    pub teasers: Option<Spanned<bool>>,

    // timestamps
    pub labels: Option<Spanned<bool>>,
    pub tags: Option<Spanned<bool>>,

    // speakers
    pub merge: Option<Spanned<bool>>,
    pub label: Option<Spanned<String>>,
    pub separate: Option<Spanned<bool>>,
}

/// Every key a `[[rule]]` table may hold, for "did you mean" on an unknown key.
pub const RULE_KEYS: &[&str] = &[
    "id",
    "kind",
    "description",
    "stage",
    "enabled",
    "when",
    "unless",
    "examples",
    "safety",
    "in",
    "find",
    "replace",
    "case",
    "word-bounded",
    "word-joiners",
    "pattern",
    "scope",
    "within-first",
    "within-last",
    "allow",
    "only",
    "form",
    "spaces",
    "invisible",
    "controls",
    "quotes",
    "dashes",
    "entities",
    "mojibake",
    "trailing",
    "indent",
    "runs",
    "max-blank-lines",
    "final-newline",
    "min-words",
    "teasers",
    "labels",
    "tags",
    "merge",
    "label",
    "separate",
];

/// Keys of the top level and of `[meta]`, for "did you mean".
pub const FILE_KEYS: &[&str] = &[
    "meta",
    "extend",
    "disable",
    "builtin-rules",
    "speakers",
    "aliases",
    "roster",
    "acronyms",
    "rule",
    "name",
    "description",
    "applies-when",
    "languages",
    "unsafe-fixes",
    "language",
    "exception",
    "text",
    "context-before",
    "context-after",
];

impl RawRule {
    /// The kind-specific options this rule sets, with their spans (common keys excluded).
    pub fn options_set(&self) -> Vec<(&'static str, Range<usize>)> {
        let mut out = Vec::new();
        macro_rules! check {
            ($($field:ident => $key:literal),* $(,)?) => {
                $(if let Some(v) = &self.$field { out.push(($key, v.span())); })*
            };
        }
        check!(
            find => "find", replace => "replace", case => "case", word_bounded => "word-bounded",
            word_joiners => "word-joiners",
            pattern => "pattern", scope => "scope", within_first => "within-first",
            within_last => "within-last", allow => "allow", form => "form", spaces => "spaces",
            invisible => "invisible", controls => "controls", quotes => "quotes", dashes => "dashes",
            entities => "entities", mojibake => "mojibake",
            trailing => "trailing", indent => "indent", runs => "runs",
            max_blank_lines => "max-blank-lines", final_newline => "final-newline",
            min_words => "min-words", teasers => "teasers", labels => "labels", tags => "tags",
            merge => "merge", label => "label", separate => "separate",
        );
        out
    }
}
