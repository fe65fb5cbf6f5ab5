//! One rule file or config read into the set being built: its settings, its file entry, the files
//! it extends, its rules (each resolved against the kind registry) and its `disable` list.

use super::{
    Builder, ResolvedRule, RuleFileInfo, Source as RuleSource, fast, language, table_text,
};
use super::{Example, toml_error};
use crate::error::{Error, Location, Result, did_you_mean};
use crate::raw::{RawFile, RawMeta, RawRule};
use crate::rules::{self, KindSpec, RuleError, Safety, Stage, Within};
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// Where a rule is located: a byte range of the file to its line and column.
type Locate<'a> = &'a dyn Fn(Range<usize>) -> Location;

/// The file whose rules are being added: its text (for each rule's definition), its name as
/// shown, and its index in the set's files.
pub(super) struct Source<'a> {
    pub text: &'a str,
    pub display: &'a str,
    pub file: usize,
}

/// Parses a rule file: by the fast reader when it keeps to its subset (it gives the same
/// result), else by the TOML parser, which also reports every error.
pub(super) fn parse(text: &str, locate: Locate) -> Result<RawFile> {
    match fast::parse(text) {
        Some(raw) => Ok(raw),
        None => toml::from_str(text).map_err(|e| toml_error(&e, locate)),
    }
}

/// A rule's error, located at its span or else at `fallback`.
fn located(e: RuleError, fallback: Range<usize>, locate: Locate) -> Error {
    Error::Config {
        location: locate(e.span.unwrap_or(fallback)),
        message: e.message,
        hint: e.hint,
    }
}

impl Builder<'_> {
    /// The file's settings for the whole set: `builtin-rules`, `[speakers]`, `unsafe-fixes`,
    /// `language`.
    pub(super) fn apply_settings(&mut self, raw: &mut RawFile, locate: Locate) -> Result<()> {
        if raw.builtin_rules == Some(false) {
            self.set.rules.retain(|r| !self.set.files[r.file].builtin);
            self.reindex();
        }
        if let Some(speakers) = raw.speakers.take() {
            let merged = &mut self.set.speakers;
            merged.aliases.extend(speakers.aliases.unwrap_or_default());
            merged.roster.extend(speakers.roster.unwrap_or_default());
            merged
                .acronyms
                .extend(speakers.acronyms.unwrap_or_default());
        }
        if raw.unsafe_fixes == Some(true) {
            self.set.unsafe_fixes = true;
        }
        if let Some(language) = &raw.language {
            let code = language::code(language.get_ref()).ok_or_else(|| Error::Config {
                location: locate(language.span()),
                message: format!("unknown language `{}`", language.get_ref()),
                hint: Some(language::HINT.into()),
            })?;
            self.set.language = Some(code.to_string());
        }
        Ok(())
    }

    /// Adds the file's entry (name, `languages`, `applies-when`) and returns its index.
    pub(super) fn register_file(
        &mut self,
        meta: RawMeta,
        display: &str,
        builtin: bool,
        locate: Locate,
    ) -> Result<usize> {
        let span = meta.languages.as_ref().map_or(0..0, |l| l.span());
        let languages = (meta.languages.iter().flat_map(|l| l.get_ref()))
            .map(|name| {
                language::code(name)
                    .map(str::to_string)
                    .ok_or_else(|| Error::Config {
                        location: locate(span.clone()),
                        message: format!("unknown language `{name}` in `languages`"),
                        hint: Some(language::HINT.into()),
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        let applies_when = meta
            .applies_when
            .as_ref()
            .map(|p| rules::LazyRegex::new(p, "applies-when"))
            .transpose()
            .map_err(|e| located(e, 0..0, locate))?;
        self.set.files.push(RuleFileInfo {
            name: meta.name,
            description: meta.description,
            path: display.to_string(),
            builtin,
            applies_when,
            languages,
        });
        Ok(self.set.files.len() - 1)
    }

    /// Reads the files the file `extend`s, relative to its folder.
    pub(super) fn add_extends(
        &mut self,
        extends: &[Spanned<String>],
        dir: Option<&Path>,
        locate: Locate,
    ) -> Result<()> {
        for extend in extends {
            let base = dir.unwrap_or_else(|| Path::new("."));
            self.add_path(&base.join(extend.get_ref()))
                .map_err(|e| match e {
                    Error::ConfigFile { message, hint, .. } if !message.contains("cycle") => {
                        Error::Config {
                            location: locate(extend.span()),
                            message: format!("cannot extend `{}`: {message}", extend.get_ref()),
                            hint,
                        }
                    }
                    other => other,
                })?;
        }
        Ok(())
    }

    /// Resolves and adds the file's rules; an id twice in one file is an error.
    pub(super) fn add_rules(
        &mut self,
        raw_rules: Vec<Spanned<RawRule>>,
        source: &Source,
        locate: Locate,
    ) -> Result<()> {
        self.set.rules.reserve(raw_rules.len());
        for spanned in raw_rules {
            let span = spanned.span();
            let rule = spanned.into_inner();
            let mut resolved = resolve_rule(&rule, span.clone(), source, locate)
                .map_err(|e| located(e, span.clone(), locate))?;
            resolved.definition = table_text(source.text, span.start);
            // A rule of this same file with this id: a mistake, not a deliberate override.
            let earlier = self.position(&resolved.id).map(|at| &self.set.rules[at]);
            if let Some(first) = earlier.filter(|r| r.file == source.file) {
                let id_span = rule.id.as_ref().map_or(span, |id| id.span());
                return Err(Error::Config {
                    location: locate(id_span),
                    message: format!("duplicate rule id `{}`", resolved.id),
                    hint: Some(format!(
                        "the first is at line {}; ids must be unique within a file",
                        first.source.line
                    )),
                });
            }
            self.put(resolved);
        }
        Ok(())
    }

    /// Switches off the rules the file's `disable` names; an unknown id is an error.
    pub(super) fn add_disables(&mut self, ids: &[Spanned<String>], locate: Locate) -> Result<()> {
        for id in ids {
            let Some(at) = self.position(id.get_ref()) else {
                return Err(Error::Config {
                    location: locate(id.span()),
                    message: format!("`disable` names unknown rule id `{}`", id.get_ref()),
                    hint: did_you_mean(id.get_ref(), self.set.rules.iter().map(|r| r.id.as_str()))
                        .or_else(|| Some("`transclean rules list` shows the rule ids".into())),
                });
            };
            self.set.rules[at].enabled = false;
        }
        Ok(())
    }
}

/// One `[[rule]]` table checked against its kind's options and compiled.
fn resolve_rule(
    rule: &RawRule,
    span: Range<usize>,
    source: &Source,
    locate: Locate,
) -> Result<ResolvedRule, RuleError> {
    let id = rule
        .id
        .as_ref()
        .ok_or_else(|| RuleError::at(span.clone(), "a rule needs an `id`"))?;
    if id.get_ref().is_empty() || id.get_ref().chars().any(char::is_whitespace) {
        return Err(RuleError::at(
            id.span(),
            "a rule id must be non-empty and have no spaces",
        ));
    }
    let kind = rule_kind(rule, id.get_ref(), &span)?;
    check_options(rule, kind)?;
    let stage = match &rule.stage {
        None => kind.stage,
        Some(name) => Stage::from_name(name.get_ref()).ok_or_else(|| {
            RuleError::at(name.span(), format!("unknown stage `{}`", name.get_ref())).with_hint(
                did_you_mean(name.get_ref(), Stage::ALL.iter().map(|s| s.name())),
            )
        })?,
    };
    let compiled = (kind.compile)(rule, span.clone())?;
    Ok(ResolvedRule {
        id: id.get_ref().clone(),
        kind,
        stage,
        safety: Safety::of(rule, kind.safety)?,
        within: Within::of(rule)?,
        description: rule.description.clone(),
        examples: (rule.examples.iter().flatten())
            .map(|e| Example {
                input: e.input.clone(),
                output: e.output.clone(),
            })
            .collect(),
        source: RuleSource {
            file: source.display.to_string(),
            line: locate(span).line,
        },
        definition: String::new(),
        enabled: rule.enabled.unwrap_or(true),
        file: source.file,
        compiled,
    })
}

/// The kind a rule names, from the registry.
fn rule_kind(
    rule: &RawRule,
    id: &str,
    span: &Range<usize>,
) -> Result<&'static KindSpec, RuleError> {
    let kind_name = (rule.kind.as_ref())
        .ok_or_else(|| RuleError::at(span.clone(), format!("rule `{id}` needs a `kind`")))?;
    rules::kind(kind_name.get_ref()).ok_or_else(|| {
        let names = || rules::KINDS.iter().map(|k| k.name);
        RuleError::at(
            kind_name.span(),
            format!("unknown rule kind `{}`", kind_name.get_ref()),
        )
        .with_hint(did_you_mean(kind_name.get_ref(), names()).or_else(|| {
            Some(format!(
                "the kinds are: {}",
                names().collect::<Vec<_>>().join(", ")
            ))
        }))
    })
}

/// Refuses an option the rule's kind does not take.
fn check_options(rule: &RawRule, kind: &KindSpec) -> Result<(), RuleError> {
    for (key, key_span) in rule.options_set() {
        if !kind.options.iter().any(|(k, _)| *k == key) {
            let accepted: Vec<&str> = kind.options.iter().map(|(k, _)| *k).collect();
            return Err(RuleError::at(
                key_span,
                format!("`{key}` is not an option of kind `{}`", kind.name),
            )
            .with_hint(Some(format!(
                "`{}` takes: {}",
                kind.name,
                accepted.join(", ")
            ))));
        }
    }
    Ok(())
}
