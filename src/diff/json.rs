//! The JSON report: every change of a run with its rule and place, per-file and per-run counts.
//!
//! The format is documented by `docs/report.schema.json` (JSON Schema) and versioned by
//! [`VERSION`]: a consumer checks `format` and `version`, and a field is only ever added in a new
//! version. Output is stable so that two runs can be compared with a plain diff: files in input
//! order, changes in the order they were made, maps sorted by key, one field per line.

use super::run::FileResult;
use crate::engine::Change;
use crate::fingerprint;
use serde::Serialize;
use std::collections::BTreeMap;

/// The value of `format`, naming this kind of document.
pub const FORMAT: &str = "transclean-report";

/// The version of the schema; raised whenever a field is added, removed or changes meaning.
/// Version 2 added the changes' `safety` and the unsafe `suggestions` that were not applied.
pub const VERSION: u32 = 2;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub format: &'static str,
    pub version: u32,
    pub tool: Tool,
    /// The subcommand that wrote the report: `diff` or `check`.
    pub command: &'a str,
    pub rule_set: RuleSetEntry,
    pub totals: Totals<'a>,
    /// The rules that made at least one change, sorted by id.
    pub rules: Vec<RuleEntry<'a>>,
    pub files: Vec<FileEntry<'a>>,
    pub changes: Vec<ChangeEntry<'a>>,
    /// What unsafe rules propose and was not applied (no `--unsafe-fixes`): `replay_at` is a
    /// position in the cleaned text, `range`, `line` and `column` the place in the original.
    pub suggestions: Vec<ChangeEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Serialize)]
pub struct RuleSetEntry {
    /// A hash of the rules in force; equal fingerprints mean the same rules ran. Inputs under
    /// different project configs get one fingerprint for all their rule sets together.
    pub fingerprint: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Totals<'a> {
    pub files: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub errors: usize,
    pub changes: usize,
    pub by_rule: BTreeMap<&'a str, usize>,
    /// Unsafe suggestions not applied, in all files: the length of `suggestions`.
    pub suggestions: usize,
}

#[derive(Debug, Serialize)]
pub struct RuleEntry<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub stage: &'a str,
    pub source: SourceEntry<'a>,
    pub description: Option<&'a str>,
    pub changes: usize,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceEntry<'a> {
    pub file: &'a str,
    pub line: usize,
}

impl<'a> SourceEntry<'a> {
    /// Splits a change's `file:line`.
    pub fn parse(source: &'a str) -> SourceEntry<'a> {
        match source.rsplit_once(':') {
            Some((file, line)) if line.bytes().all(|b| b.is_ascii_digit()) => SourceEntry {
                file,
                line: line.parse().unwrap_or(0),
            },
            _ => SourceEntry {
                file: source,
                line: 0,
            },
        }
    }
}

#[derive(Debug, Serialize)]
pub struct FileEntry<'a> {
    pub path: &'a str,
    /// `changed`, `unchanged`, `skipped` (binary) or `error`.
    pub status: &'static str,
    pub changes: usize,
    pub by_rule: BTreeMap<&'a str, usize>,
    /// Unsafe suggestions not applied in this file.
    pub suggestions: usize,
    /// The fingerprint of the rules that cleaned this file.
    pub rule_set: Option<&'a str>,
    /// Why the file was skipped or could not be cleaned.
    pub message: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct ChangeEntry<'a> {
    pub file: &'a str,
    pub rule: &'a str,
    pub source: SourceEntry<'a>,
    pub stage: &'a str,
    /// `safe`, or `unsafe` (applied only with unsafe fixes; every suggestion is unsafe).
    pub safety: &'static str,
    pub line: usize,
    pub column: usize,
    pub range: RangeEntry,
    pub replay_at: usize,
    pub before: &'a str,
    pub after: &'a str,
}

#[derive(Debug, Serialize)]
pub struct RangeEntry {
    pub start: usize,
    pub end: usize,
}

/// Builds the report of a run.
pub fn report<'a>(command: &'a str, results: &[FileResult<'a>]) -> Report<'a> {
    let mut totals = Totals {
        files: results.len(),
        ..Totals::default()
    };
    let mut files = Vec::with_capacity(results.len());
    let mut changes = Vec::new();
    let mut suggestions = Vec::new();
    let mut rules: BTreeMap<(&str, SourceEntry), RuleEntry> = BTreeMap::new();
    let mut fingerprints = Vec::new();
    for result in results {
        let fingerprint = result.engine.map(|e| e.fingerprint());
        fingerprints.extend(fingerprint);
        let (status, message) = match (result.error, result.skipped) {
            (Some(error), _) => ("error", Some(error)),
            (None, Some(reason)) => ("skipped", Some(reason)),
            _ if result.changed => ("changed", None),
            _ => ("unchanged", None),
        };
        match status {
            "error" => totals.errors += 1,
            "skipped" => totals.skipped += 1,
            "changed" => totals.changed += 1,
            _ => totals.unchanged += 1,
        }
        let file_changes: &[Change] = result.outcome.map_or(&[], |o| &o.changes);
        let mut by_rule = BTreeMap::new();
        for change in file_changes {
            *by_rule.entry(&*change.rule).or_default() += 1;
            *totals.by_rule.entry(&*change.rule).or_default() += 1;
            let source = SourceEntry::parse(&change.source);
            rules
                .entry((&*change.rule, source))
                .or_insert_with(|| rule_entry(result, change, source))
                .changes += 1;
            changes.push(change_entry(result.path, change));
        }
        let file_suggestions: &[Change] = result.outcome.map_or(&[], |o| &o.suggestions);
        suggestions.extend(
            file_suggestions
                .iter()
                .map(|s| change_entry(result.path, s)),
        );
        totals.suggestions += file_suggestions.len();
        totals.changes += file_changes.len();
        files.push(FileEntry {
            path: result.path,
            status,
            changes: file_changes.len(),
            by_rule,
            suggestions: file_suggestions.len(),
            rule_set: fingerprint,
            message,
        });
    }
    Report {
        format: FORMAT,
        version: VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        command,
        rule_set: RuleSetEntry {
            fingerprint: fingerprint::combine(fingerprints),
        },
        totals,
        rules: rules.into_values().collect(),
        files,
        changes,
        suggestions,
    }
}

fn change_entry<'a>(file: &'a str, change: &'a Change) -> ChangeEntry<'a> {
    ChangeEntry {
        file,
        rule: &change.rule,
        source: SourceEntry::parse(&change.source),
        stage: change.stage.name(),
        safety: change.safety.name(),
        line: change.line,
        column: change.column,
        range: RangeEntry {
            start: change.range.start,
            end: change.range.end,
        },
        replay_at: change.replay_at,
        before: &change.before,
        after: &change.after,
    }
}

fn rule_entry<'a>(
    result: &FileResult<'a>,
    change: &'a Change,
    source: SourceEntry<'a>,
) -> RuleEntry<'a> {
    let info = result
        .engine
        .and_then(|e| e.rules().find(|r| r.id == &*change.rule));
    RuleEntry {
        id: &change.rule,
        kind: info.map_or("", |r| r.kind),
        stage: change.stage.name(),
        source,
        description: info.and_then(|r| r.description),
        changes: 0,
    }
}

/// The report as pretty-printed JSON with a final newline.
pub fn render(command: &str, results: &[FileResult]) -> String {
    let mut text =
        serde_json::to_string_pretty(&report(command, results)).expect("a report serialises");
    text.push('\n');
    text
}
