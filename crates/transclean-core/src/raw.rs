//! Raw TOML types of rule files and project configs: exactly what the file says, nothing resolved.
//!
//! Every field is optional and unknown keys are rejected, so a typo is an error with its line and
//! column rather than a silently ignored option. Values keep their byte spans so that later checks
//! (a bad regex, an option that does not belong to the rule's kind) can point at the right place.

use schemars::JsonSchema;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// A rule file, a project `transclean.toml`, or a `--config` file: they share one format.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFile {
    /// What the file is: its name, description, and when its rules apply.
    pub meta: Option<RawMeta>,
    /// Rule files to load before this file's own rules, relative to this file.
    #[schemars(with = "Option<Vec<String>>")]
    pub extend: Option<Vec<Spanned<String>>>,
    /// Rule ids to switch off (from any earlier layer or this file).
    #[schemars(with = "Option<Vec<String>>")]
    pub disable: Option<Vec<Spanned<String>>>,
    /// `false` starts from no built-in rules at all (only meaningful in a project config).
    pub builtin_rules: Option<bool>,
    /// Speaker names: aliases, the roster and acronyms (merged across layers).
    pub speakers: Option<RawSpeakers>,
    /// The rules, run by stage; a rule with the id of an earlier layer's rule replaces it.
    #[schemars(with = "Option<Vec<RawRule>>")]
    pub rule: Option<Vec<Spanned<RawRule>>>,
    /// `true` applies the changes of unsafe rules too (like `--unsafe-fixes`).
    pub unsafe_fixes: Option<bool>,
    /// The documents' language (`"en"`), instead of detecting it from each document's text.
    #[schemars(with = "Option<String>")]
    pub language: Option<Spanned<String>>,
    /// Changes a reviewer rejected, so they are not proposed again (`transclean review` writes them).
    #[schemars(with = "Option<Vec<RawException>>")]
    pub exception: Option<Vec<Spanned<RawException>>>,
    /// Which files a folder walk takes (read by the CLI's walker, not by the rules).
    pub files: Option<RawFiles>,
}

/// The `[files]` table of a project config: globs a folder walk takes or skips.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Files")]
pub struct RawFiles {
    /// Globs of more files to walk (e.g. `*.log`), besides the types transclean reads.
    pub include: Option<Vec<String>>,
    /// Globs of files to skip (e.g. `drafts/**`).
    pub exclude: Option<Vec<String>>,
}

/// One `[[exception]]` table: a change `transclean review` was told not to make.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Exception")]
pub struct RawException {
    /// The id of the rule whose change was rejected.
    #[schemars(with = "Option<String>")]
    pub rule: Option<Spanned<String>>,
    /// The text the rule would have changed.
    pub text: Option<String>,
    /// The text just before it, so that only that occurrence is protected.
    pub context_before: Option<String>,
    /// The text just after it.
    pub context_after: Option<String>,
    /// The rule is off for this whole file (instead of `text` and its context).
    pub file: Option<String>,
}

/// The `[speakers]` table: names the `speakers` rule uses, merged across layers.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Speakers")]
pub struct RawSpeakers {
    /// Label name → name to render (`"Matthew" = "Matthew Chance"`).
    pub aliases: Option<std::collections::BTreeMap<String, String>>,
    /// Known speakers, whose labels count even when they appear once without a time.
    pub roster: Option<Vec<String>>,
    /// Words kept in capitals when capitalised labels are title-cased.
    pub acronyms: Option<Vec<String>>,
}

/// The `[meta]` table of a rule file.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Meta")]
pub struct RawMeta {
    /// The file's name, as `rules list` shows it.
    pub name: Option<String>,
    /// What the file's rules are for.
    pub description: Option<String>,
    /// A regex: the file's rules run only on documents it matches.
    #[schemars(with = "Option<String>")]
    pub applies_when: Option<Spanned<String>>,
    /// The languages the file's rules are written for (`["en"]`): they run only on documents in
    /// one of them.
    #[schemars(with = "Option<Vec<String>>")]
    pub languages: Option<Spanned<Vec<String>>>,
}

/// One example of a rule: cleaning `input` with the rule alone gives `output`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Example")]
pub struct RawExample {
    /// Text before the rule.
    pub input: String,
    /// The same text after the rule alone.
    pub output: String,
}

/// A list given as one string or as an array of strings (`find = "x"` or `find = ["x", "y"]`).
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// Told apart by the value's type. Serde's untagged enums first copy the value into a buffer to
/// try each variant on it: a fifth of reading an imported dictionary's 60,000 `find` strings.
/// Their error was also vaguer ("did not match any variant").
impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor;

        impl<'de> serde::de::Visitor<'de> for OneOrManyVisitor {
            type Value = OneOrMany;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or an array of strings")
            }

            fn visit_str<E: serde::de::Error>(self, one: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(one.to_string()))
            }

            fn visit_string<E: serde::de::Error>(self, one: String) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(one))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                many: A,
            ) -> Result<OneOrMany, A::Error> {
                let deserializer = serde::de::value::SeqAccessDeserializer::new(many);
                Vec::deserialize(deserializer).map(OneOrMany::Many)
            }
        }

        deserializer.deserialize_any(OneOrManyVisitor)
    }
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
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Rule")]
pub struct RawRule {
    /// The rule's id: unique within its file, no spaces; named by `--disable`, `disable` and
    /// each change it makes.
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// What the rule does; `transclean rules explain KIND` documents a kind and its options.
    #[schemars(with = "Option<String>")]
    pub kind: Option<Spanned<String>>,
    /// What the rule is for, shown by `rules list` and `rules explain`.
    pub description: Option<String>,
    /// When the rule runs (default: its kind's stage).
    #[schemars(with = "Option<String>")]
    pub stage: Option<Spanned<String>>,
    /// `false` switches the rule off (as `--disable ID` does).
    pub enabled: Option<bool>,
    /// A regex the paragraph around a match must match for the rule to change it.
    #[schemars(with = "Option<String>")]
    pub when: Option<Spanned<String>>,
    /// A regex the paragraph around a match must not match for the rule to change it.
    #[schemars(with = "Option<String>")]
    pub unless: Option<Spanned<String>>,
    /// Inputs and the outputs the rule alone makes of them, run by `transclean rules test`.
    pub examples: Option<Vec<RawExample>>,
    /// `"safe"` (applied) or `"unsafe"` (only proposed, unless unsafe fixes are asked for).
    #[schemars(with = "Option<String>")]
    pub safety: Option<Spanned<String>>,
    /// Which text the rule changes: `"speech"` (speaker turns), `"prose"` (the rest) or `"any"`.
    #[serde(rename = "in")]
    #[schemars(with = "Option<String>")]
    pub within: Option<Spanned<String>>,

    // replace
    #[schemars(with = "Option<OneOrMany>")]
    pub find: Option<Spanned<OneOrMany>>,
    #[schemars(with = "Option<String>")]
    pub replace: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub case: Option<Spanned<String>>,
    #[schemars(with = "Option<bool>")]
    pub word_bounded: Option<Spanned<bool>>,
    #[schemars(with = "Option<String>")]
    pub word_joiners: Option<Spanned<String>>,

    // regex and drop
    #[schemars(with = "Option<String>")]
    pub pattern: Option<Spanned<String>>,

    // drop
    #[schemars(with = "Option<String>")]
    pub scope: Option<Spanned<String>>,
    #[schemars(with = "Option<usize>")]
    pub within_first: Option<Spanned<usize>>,
    #[schemars(with = "Option<usize>")]
    pub within_last: Option<Spanned<usize>>,

    // repeated-word
    #[schemars(with = "Option<Vec<String>>")]
    pub allow: Option<Spanned<Vec<String>>>,
    #[schemars(with = "Option<Vec<String>>")]
    pub only: Option<Spanned<Vec<String>>>,

    // unicode
    #[schemars(with = "Option<String>")]
    pub form: Option<Spanned<String>>,
    #[schemars(with = "Option<bool>")]
    pub spaces: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub invisible: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub controls: Option<Spanned<bool>>,
    #[schemars(with = "Option<String>")]
    pub quotes: Option<Spanned<String>>,
    #[schemars(with = "Option<String>")]
    pub dashes: Option<Spanned<String>>,
    #[schemars(with = "Option<bool>")]
    pub entities: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub mojibake: Option<Spanned<bool>>,

    // whitespace
    #[schemars(with = "Option<bool>")]
    pub trailing: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub indent: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub runs: Option<Spanned<bool>>,
    #[schemars(with = "Option<usize>")]
    pub max_blank_lines: Option<Spanned<usize>>,
    #[schemars(with = "Option<bool>")]
    pub final_newline: Option<Spanned<bool>>,

    // dedupe
    #[schemars(with = "Option<usize>")]
    pub min_words: Option<Spanned<usize>>,
    #[schemars(with = "Option<bool>")]
    pub teasers: Option<Spanned<bool>>,

    // timestamps
    #[schemars(with = "Option<bool>")]
    pub labels: Option<Spanned<bool>>,
    #[schemars(with = "Option<bool>")]
    pub tags: Option<Spanned<bool>>,

    // speakers
    #[schemars(with = "Option<bool>")]
    pub merge: Option<Spanned<bool>>,
    #[schemars(with = "Option<String>")]
    pub label: Option<Spanned<String>>,
    #[schemars(with = "Option<bool>")]
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
            within_last => "within-last", allow => "allow", only => "only", form => "form", spaces => "spaces",
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
