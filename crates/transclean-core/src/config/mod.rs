//! Rule files and configs: parsing, layering and compiling them into a [`RuleSet`].
//!
//! Layers, lowest first: built-in rules, the project `transclean.toml` found by walking up from an
//! input, `--config FILE`, each `--rules FILE`, then `--disable` flags. A later rule with the id of
//! an earlier one replaces it in place; `disable` switches ids off; `extend` pulls in more files.
//! Every pattern is compiled here, so a bad one is reported at its line before any text is touched.

// Public only for the command line's test that it reads what `transclean import` writes.
#[doc(hidden)]
pub mod fast;
pub mod language;
mod loader;
mod rule_file;

use crate::builtin;
use crate::error::{Error, Location, Result, did_you_mean};
use crate::exceptions::{Exception, FileException};
use crate::hash::FxHashMap;
use crate::raw::{FILE_KEYS, RULE_KEYS, RawException};
use crate::rules::LazyRegex;
use crate::rules::{Compiled, KindSpec, Safety, Stage, Within};
use crate::text::LineIndex;
use crate::transcript::SpeakerSettings;
pub use loader::{Loader, MemoryLoader, NoFiles, Refusal};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where a rule is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file as shown to users: a path, or `builtin:rules/NAME.toml`.
    pub file: String,
    pub line: usize,
}

/// Where a rule is defined, for provenance in reports.
impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// An example of a rule's effect, from its `examples` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub input: String,
    pub output: String,
}

/// A rule after layering: compiled, with where it came from and whether it is in force.
#[derive(Debug, Clone)]
pub struct ResolvedRule {
    pub id: String,
    pub kind: &'static KindSpec,
    pub stage: Stage,
    /// Whether its changes are applied or only proposed.
    pub safety: Safety,
    /// Which text it changes: speech, prose or any.
    pub within: Within,
    pub description: Option<String>,
    pub examples: Vec<Example>,
    pub source: Source,
    /// The rule's table as written in its file, for `rules explain`.
    pub definition: String,
    pub enabled: bool,
    /// Index into [`RuleSet::files`] of the file that defines it.
    pub file: usize,
    pub compiled: Compiled,
}

/// A loaded rule file's `[meta]`.
#[derive(Debug, Clone)]
pub struct RuleFileInfo {
    pub name: Option<String>,
    pub description: Option<String>,
    pub path: String,
    pub builtin: bool,
    /// Compiled when a document holds the literals it needs: most files of site boilerplate
    /// never apply, and compiling their patterns was a part of every start-up (issue 15, W4).
    pub applies_when: Option<LazyRegex>,
    /// `[meta] languages`: the file's rules run only on documents in one of these (empty: any).
    pub languages: Vec<String>,
}

/// The rules in force for some inputs, in the order they were layered.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<ResolvedRule>,
    pub files: Vec<RuleFileInfo>,
    /// The `[speakers]` tables of all layers, merged (later layers win per alias).
    pub speakers: SpeakerSettings,
    /// Rejected changes not to propose again, from every layer.
    pub exceptions: Vec<Exception>,
    /// Rules switched off for whole files (applied by the caller, which knows the paths).
    pub file_exceptions: Vec<FileException>,
    /// Apply unsafe rules' changes too (`--unsafe-fixes`, or `unsafe-fixes = true` in a config).
    pub unsafe_fixes: bool,
    /// The documents' language from a config (`language = "en"`); detected per document if unset.
    pub language: Option<String>,
}

impl RuleSet {
    /// A set holding only the rule at `index`, enabled and without its file's `applies-when`:
    /// what a rule's examples are tested against.
    pub fn only(&self, index: usize) -> RuleSet {
        let mut rule = self.rules[index].clone();
        let mut file = self.files[rule.file].clone();
        file.applies_when = None;
        file.languages.clear();
        rule.file = 0;
        rule.enabled = true;
        RuleSet {
            rules: vec![rule],
            files: vec![file],
            speakers: self.speakers.clone(),
            exceptions: Vec::new(),
            file_exceptions: Vec::new(),
            // A rule's examples show what the rule does, safe or not.
            unsafe_fixes: true,
            language: None,
        }
    }

    pub fn find(&self, id: &str) -> Option<&ResolvedRule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The set for a document that is all speech, such as a subtitle file, labelled or not:
    /// every cue is something someone said. Rules for prose are off (a typo fix that is safe in
    /// an article can change what was said), and rules for speech apply to all its text, not
    /// only to the turns that speaker labels open.
    pub fn for_speech(&self) -> RuleSet {
        let mut set = self.clone();
        for rule in &mut set.rules {
            match rule.within {
                Within::Prose => rule.enabled = false,
                Within::Speech => rule.within = Within::Any,
                Within::Any => {}
            }
        }
        set
    }
}

/// What to layer, from the command line and discovery.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Load the built-in rules first (a config can still turn them off).
    pub builtin: bool,
    /// The project `transclean.toml`, if one was found.
    pub project: Option<PathBuf>,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--rules FILE`, in order.
    pub rules: Vec<PathBuf>,
    /// `--disable ID`, in order.
    pub disable: Vec<String>,
    /// `--unsafe-fixes`: apply unsafe rules' changes too.
    pub unsafe_fixes: bool,
}

/// Loads and layers everything `options` names, reading the files it names with `loader`.
pub fn load(options: &LoadOptions, loader: &dyn Loader) -> Result<RuleSet> {
    let mut builder = Builder::new(loader);
    if options.builtin {
        for (name, text) in builtin::FILES {
            builder.add_text(&format!("builtin:{name}"), text, None, true)?;
        }
    }
    for path in options
        .project
        .iter()
        .chain(&options.config)
        .chain(&options.rules)
    {
        builder.add_path(path)?;
    }
    check_exceptions(&builder.set)?;
    builder.set.unsafe_fixes |= options.unsafe_fixes;
    for id in &options.disable {
        match builder.position(id) {
            Some(at) => builder.set.rules[at].enabled = false,
            None => {
                return Err(Error::UnknownRule {
                    id: id.clone(),
                    hint: did_you_mean(id, builder.set.rules.iter().map(|r| r.id.as_str()))
                        .or_else(|| Some("`transclean rules list` shows the rule ids".into())),
                });
            }
        }
    }
    Ok(builder.set)
}

/// Parses and compiles one rule file given as text, on its own (no built-ins): for tests and
/// for tools that check a single file.
pub fn load_text(display: &str, text: &str) -> Result<RuleSet> {
    let mut builder = Builder::new(&NoFiles);
    builder.add_text(display, text, None, false)?;
    Ok(builder.set)
}

struct Builder<'a> {
    /// Reads the files named by path.
    loader: &'a dyn Loader,
    set: RuleSet,
    /// Position of each rule id in `set.rules`: an imported dictionary has tens of thousands of
    /// rules, and looking each new id up by a scan would make loading quadratic.
    positions: FxHashMap<String, usize>,
    /// Files being loaded, outermost first, to catch `extend` cycles.
    stack: Vec<PathBuf>,
}

impl<'a> Builder<'a> {
    fn new(loader: &'a dyn Loader) -> Self {
        Builder {
            loader,
            set: RuleSet::default(),
            positions: FxHashMap::default(),
            stack: Vec::new(),
        }
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    /// Adds a rule, or replaces the earlier rule with its id in place.
    fn put(&mut self, rule: ResolvedRule) {
        match self.positions.get(&rule.id) {
            Some(&at) => self.set.rules[at] = rule,
            None => {
                self.positions.insert(rule.id.clone(), self.set.rules.len());
                self.set.rules.push(rule);
            }
        }
    }

    fn reindex(&mut self) {
        self.positions = (self.set.rules.iter().enumerate())
            .map(|(at, r)| (r.id.clone(), at))
            .collect();
    }

    fn add_path(&mut self, path: &Path) -> Result<()> {
        let display = path.display().to_string();
        let canonical = self.loader.identify(path).map_err(|e| Error::ConfigFile {
            file: display.clone(),
            message: format!("cannot read rule file: {e}"),
            hint: Some("check the path; relative paths in `extend` are relative to the file that names them".into()),
        })?;
        if self.stack.contains(&canonical) {
            let chain: Vec<String> = self.stack.iter().map(|p| p.display().to_string()).collect();
            return Err(Error::ConfigFile {
                file: display,
                message: format!(
                    "`extend` cycle: {} -> {}",
                    chain.join(" -> "),
                    canonical.display()
                ),
                hint: Some("remove one of the `extend` entries".into()),
            });
        }
        let text = self
            .loader
            .read(path)
            .map_err(|refusal| Error::ConfigFile {
                file: display.clone(),
                message: refusal.message,
                hint: refusal.hint,
            })?;
        self.stack.push(canonical);
        let result = self.add_text(&display, &text, path.parent(), false);
        self.stack.pop();
        result
    }

    fn add_text(
        &mut self,
        display: &str,
        text: &str,
        dir: Option<&Path>,
        builtin: bool,
    ) -> Result<()> {
        let lines = LineIndex::new(text);
        let locate = |span: Range<usize>| {
            let (line, column) = lines.line_col(text, span.start);
            Location {
                file: display.to_string(),
                line,
                column,
            }
        };
        let mut raw = rule_file::parse(text, &locate)?;
        self.apply_settings(&mut raw, &locate)?;
        let meta = raw.meta.take().unwrap_or_default();
        let file = self.register_file(meta, display, builtin, &locate)?;
        self.add_extends(raw.extend.as_deref().unwrap_or_default(), dir, &locate)?;
        let source = rule_file::Source {
            text,
            display,
            file,
        };
        self.add_rules(raw.rule.take().unwrap_or_default(), &source, &locate)?;
        for spanned in raw.exception.take().into_iter().flatten() {
            self.add_exception(spanned, dir, &locate)?;
        }
        self.add_disables(raw.disable.as_deref().unwrap_or_default(), &locate)
    }
}

impl Builder<'_> {
    /// One `[[exception]]` table: a place (`text` and its context) or a whole file (`file`).
    fn add_exception(
        &mut self,
        spanned: toml::Spanned<RawException>,
        dir: Option<&Path>,
        locate: &dyn Fn(Range<usize>) -> Location,
    ) -> Result<()> {
        let span = spanned.span();
        let raw = spanned.into_inner();
        let problem = |message: String| Error::Config {
            location: locate(span.clone()),
            message,
            hint: Some(
                "an exception is `rule` with `text` (and `context-before`, `context-after`) for \
                 one place, or `rule` with `file` for a whole file; `transclean review` writes both"
                    .into(),
            ),
        };
        let rule = raw
            .rule
            .ok_or_else(|| problem("an `[[exception]]` needs `rule`".into()))?;
        let location = locate(rule.span());
        let rule = rule.into_inner();
        match (raw.text, raw.file) {
            (Some(_), Some(_)) => Err(problem(
                "an `[[exception]]` has `text` or `file`, not both".into(),
            )),
            (None, None) => Err(problem(
                "an `[[exception]]` needs `text` (one place) or `file` (the whole file)".into(),
            )),
            (None, Some(_)) if raw.context_before.is_some() || raw.context_after.is_some() => {
                Err(problem(
                    "an `[[exception]]` with `file` is for the whole file: it has no context"
                        .into(),
                ))
            }
            (None, Some(file)) => {
                self.set.file_exceptions.push(FileException {
                    rule,
                    file,
                    base: dir.map(Path::to_path_buf),
                    location,
                });
                Ok(())
            }
            (Some(text), None) => {
                self.set.exceptions.push(Exception {
                    rule,
                    text,
                    context_before: raw.context_before.unwrap_or_default(),
                    context_after: raw.context_after.unwrap_or_default(),
                    location,
                });
                Ok(())
            }
        }
    }
}

/// Every exception must name a rule in force, or it would silently protect nothing.
fn check_exceptions(set: &RuleSet) -> Result<()> {
    let places = set.exceptions.iter().map(|e| (&e.rule, &e.location));
    let files = set.file_exceptions.iter().map(|e| (&e.rule, &e.location));
    for (rule, location) in places.chain(files) {
        if set.find(rule).is_none() {
            return Err(Error::Config {
                location: location.clone(),
                message: format!("`[[exception]]` names unknown rule id `{rule}`"),
                hint: did_you_mean(rule, set.rules.iter().map(|r| r.id.as_str()))
                    .or_else(|| Some("remove the exception, or restore the rule".into())),
            });
        }
    }
    Ok(())
}

/// The text of the table whose header starts at `start`: up to the next table header.
fn table_text(text: &str, start: usize) -> String {
    let rest = &text[start..];
    let end = rest
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| rest[i..].trim_start().starts_with('['))
        .unwrap_or(rest.len());
    rest[..end].trim_end().to_string()
}

/// Turns a TOML error into a located one, answering an unknown key with "did you mean".
fn toml_error(error: &toml::de::Error, locate: &dyn Fn(Range<usize>) -> Location) -> Error {
    let location = locate(error.span().unwrap_or(0..0));
    let message = error.message().trim().to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or_default();
        let candidates: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let pool: Vec<&str> = if candidates.is_empty() {
            RULE_KEYS.iter().chain(FILE_KEYS).copied().collect()
        } else {
            candidates.clone()
        };
        return Error::Config {
            location,
            message: format!("unknown key `{unknown}`"),
            hint: did_you_mean(unknown, pool).or_else(|| {
                (!candidates.is_empty())
                    .then(|| format!("the keys here are: {}", candidates.join(", ")))
            }),
        };
    }
    Error::Config {
        location,
        message: format!("invalid TOML: {message}"),
        hint: Some("see https://toml.io for the syntax; `transclean rules explain --kind KIND` shows a kind's options".into()),
    }
}
