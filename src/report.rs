//! The reporter: every line the CLI prints goes through here, never `println!` elsewhere.
//!
//! Results go to stdout, summaries and diagnostics to stderr, so `transclean clean > out.txt`
//! and `transclean diff | git apply` see only what they asked for. A closed stdout (`| head`) is
//! remembered and ends output quietly instead of panicking.

use crate::config::{ResolvedRule, RuleSet};
use crate::examples::Failure;
use crate::rules::KindSpec;
use crate::transcript::Roster;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

/// Where output goes.
pub struct Output {
    stdout: Box<dyn Write>,
    quiet: bool,
    closed: bool,
    /// Stdout failed for another reason (a full disk): output was lost, which is an error.
    failed: bool,
}

impl Output {
    pub fn stdout(quiet: bool) -> Output {
        Output {
            stdout: Box::new(std::io::stdout().lock()),
            quiet,
            closed: false,
            failed: false,
        }
    }

    /// Results into any writer instead of stdout (tests, a report built in memory).
    pub fn to_writer(writer: Box<dyn Write>, quiet: bool) -> Output {
        Output {
            stdout: writer,
            quiet,
            closed: false,
            failed: false,
        }
    }

    /// Results kept in memory, to be written to a file (`-o FILE`) when the run ends.
    pub fn capture(quiet: bool) -> (Output, Captured) {
        let captured = Captured::default();
        (
            Output::to_writer(Box::new(captured.clone()), quiet),
            captured,
        )
    }

    /// Whether stdout was closed by its reader.
    /// Whether `--quiet` asked for errors and warnings only.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    pub fn closed(&self) -> bool {
        self.closed && !self.failed
    }

    /// Whether writing to stdout failed for another reason than its reader leaving.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// Results: cleaned text, diffs, tables.
    pub fn print(&mut self, text: &str) {
        self.print_bytes(text.as_bytes());
    }

    /// Results that may not be UTF-8 (a bad JSON Lines record passed through as it was).
    pub fn print_bytes(&mut self, text: &[u8]) {
        if self.closed || text.is_empty() {
            return;
        }
        if let Err(e) = self
            .stdout
            .write_all(text)
            .and_then(|_| self.stdout.flush())
        {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                self.closed = true;
            } else {
                eprintln!("error: cannot write to stdout: {e}");
                self.closed = true;
                self.failed = true;
            }
        }
    }

    /// A summary that belongs with the results on stdout (check), unless `--quiet`.
    pub fn print_summary(&mut self, line: &str) {
        if !self.quiet {
            self.print(&format!("{line}\n"));
        }
    }

    /// A summary about work done (clean --write), on stderr, unless `--quiet`.
    pub fn summary(&mut self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// Information beside the results (a roster), on stderr, unless `--quiet`.
    pub fn note(&mut self, text: &str) {
        if !self.quiet && !text.is_empty() {
            eprint!("{text}");
        }
    }

    pub fn warning(&mut self, message: &str) {
        eprintln!("warning: {message}");
    }

    pub fn error(&mut self, message: &str) {
        eprintln!("error: {message}");
    }
}

/// The results an `Output::capture` kept.
#[derive(Clone, Default)]
pub struct Captured(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Captured {
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `check`'s line for one file: `path: 14 changes (unicode 9, whitespace 5)`.
/// Unsafe suggestions not applied are counted after: `; 2 unsafe suggestions not applied`.
pub fn check_line(
    label: &str,
    total: usize,
    by_rule: BTreeMap<&str, usize>,
    changed: bool,
    suggested: usize,
) -> String {
    let not_applied = unapplied(suggested);
    if !changed {
        return format!("{label}: clean{not_applied}\n");
    }
    let counts: Vec<String> = by_rule
        .into_iter()
        .map(|(rule, n)| format!("{rule} {n}"))
        .collect();
    format!(
        "{label}: {} ({}){not_applied}\n",
        count(total, "change"),
        counts.join(", ")
    )
}

/// `; N unsafe suggestions not applied`, or nothing when there are none.
fn unapplied(suggested: usize) -> String {
    if suggested == 0 {
        return String::new();
    }
    format!("; {} not applied", count(suggested, "unsafe suggestion"))
}

/// `clean --roster`: a document's speakers and the labels that may name one person twice.
pub fn roster(label: &str, roster: &Roster) -> String {
    let mut out = format!("{label}: {}\n", count(roster.speakers.len(), "speaker"));
    let width = roster
        .speakers
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    for (name, turns) in &roster.speakers {
        let _ = writeln!(out, "  {name:<width$}  {}", count(*turns, "turn"));
    }
    for (a, b) in &roster.variants {
        let _ = writeln!(
            out,
            "  warning: \"{a}\" and \"{b}\" may be one speaker; to merge them, add to [speakers]: aliases = {{ \"{a}\" = \"{b}\" }}"
        );
    }
    out
}

/// `n thing` or `n things`.
pub fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("{n} {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// How a run went, for its closing line.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunCounts {
    pub files: usize,
    pub changed: usize,
    pub changes: usize,
    pub errors: usize,
    /// Changes unsafe rules propose that were not applied.
    pub suggested: usize,
}

/// The closing line of a run: `2 of 5 files <done> (14 changes)`, then
/// `; N unsafe suggestions not applied (...)` and `; N <failed>` when there are any.
pub fn totals(run: RunCounts, done: &str, failed: &str) -> String {
    let mut line = format!(
        "{} of {} {done} ({})",
        run.changed,
        count(run.files, "file"),
        count(run.changes, "change")
    );
    if run.suggested > 0 {
        let _ = write!(
            line,
            "{} (`transclean diff` shows them, --unsafe-fixes applies them)",
            unapplied(run.suggested)
        );
    }
    if run.errors > 0 {
        let _ = write!(line, "; {} {failed}", run.errors);
    }
    line
}

/// `rules list`: one row per rule, in layering order.
pub fn rules_table(set: &RuleSet) -> String {
    let header = ["ID", "KIND", "STAGE", "SAFETY", "STATUS", "SOURCE"];
    let rows: Vec<[String; 6]> = set
        .rules
        .iter()
        .map(|r| {
            let file = &set.files[r.file];
            let conditional = file.applies_when.is_some() || !file.languages.is_empty();
            let status = match (r.enabled, conditional) {
                (false, _) => "disabled",
                (true, true) => "when-matched",
                (true, false) => "enabled",
            };
            [
                r.id.clone(),
                r.kind.name.to_string(),
                r.stage.to_string(),
                r.safety.name().to_string(),
                status.to_string(),
                r.source.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 6]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<width$}  ", width = widths[i]);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]]);
    }
    out.push_str("\nwhen-matched: the rule's file has `applies-when` or `languages`; it runs only on documents that match.\n");
    out.push_str("unsafe: the rule's changes can alter what was said; they are only proposed (`diff`, `review`) unless --unsafe-fixes.\n");
    out
}

/// `rules explain ID` for a rule.
pub fn explain_rule(set: &RuleSet, rule: &ResolvedRule) -> String {
    let file = &set.files[rule.file];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} rule, {} stage)",
        rule.id, rule.kind.name, rule.stage
    );
    let _ = writeln!(
        out,
        "defined at {}{}",
        rule.source,
        if rule.enabled { "" } else { " (disabled)" }
    );
    if let Some(description) = &rule.description {
        let _ = writeln!(out, "\n{description}");
    }
    let _ = match rule.safety {
        crate::rules::Safety::Safe => writeln!(out, "\nSafety: safe (its changes are applied)."),
        crate::rules::Safety::Unsafe => writeln!(
            out,
            "\nSafety: unsafe (its changes can alter what was said: `diff` and `review` propose them, --unsafe-fixes applies them)."
        ),
    };
    if rule.within != crate::rules::Within::Any {
        let _ = writeln!(
            out,
            "Changes only {} (`in = \"{}\"`): {}.",
            rule.within.name(),
            rule.within.name(),
            if rule.within == crate::rules::Within::Speech {
                "the text of speaker turns"
            } else {
                "text outside speaker turns; a document without turns is all prose"
            }
        );
    }
    if !file.languages.is_empty() {
        let _ = writeln!(
            out,
            "Runs only on documents in {} (languages of {}; `language = \"..\"` in transclean.toml sets it, otherwise it is detected).",
            file.languages.join(", "),
            file.path
        );
    }
    if let Some(applies) = &file.applies_when {
        let _ = writeln!(
            out,
            "\nRuns only on documents matching `{}` (applies-when of {}).",
            applies.as_str(),
            file.path
        );
    }
    explain_exceptions(set, rule, &mut out);
    let _ = writeln!(
        out,
        "\nDefinition, with its examples:\n{}",
        indent(rule.definition.trim_end())
    );
    let _ = writeln!(
        out,
        "\nKind `{}`: {} (`transclean rules explain --kind {}` for its options)",
        rule.kind.name, rule.kind.summary, rule.kind.name
    );
    out
}

/// The exceptions in force for `rule`, and how to write one.
fn explain_exceptions(set: &RuleSet, rule: &ResolvedRule, out: &mut String) {
    let places = set.exceptions.iter().filter(|e| e.rule == rule.id).count();
    let files: Vec<_> = (set.file_exceptions.iter())
        .filter(|e| e.rule == rule.id)
        .collect();
    let _ = writeln!(
        out,
        "\nExceptions: {} and {} (an `[[exception]]` with `rule`, and `text` with its \
         context for one place, as review's `n` writes it, or `file = \"PATH\"`, relative to \
         the config, to switch the rule off for that file, as review's `r` writes it).",
        count(places, "place"),
        count(files.len(), "file")
    );
    for file in files {
        let _ = writeln!(out, "  off for {} ({})", file.file, file.location);
    }
}

/// `rules explain KIND` for a rule kind.
pub fn explain_kind(kind: &KindSpec) -> String {
    let mut out = format!(
        "{} (rule kind, default stage {})\n{}\n\n{}\n\nOptions:\n",
        kind.name, kind.stage, kind.summary, kind.docs
    );
    for (key, doc) in kind.options {
        let _ = writeln!(out, "  {key:<16} {doc}");
    }
    out.push_str("  when / unless    regexes on the paragraph around a match (replace, regex)\n");
    let _ = writeln!(
        out,
        "  safety           \"safe\" (applied) or \"unsafe\" (only proposed unless --unsafe-fixes; default {})",
        kind.safety.name()
    );
    out.push_str("  in               \"speech\" (speaker turns), \"prose\" (the rest) or \"any\" (default)\n");
    out.push_str("  stage            run in another stage than the kind's default\n");
    out
}

/// `rules test`'s report of one failed example.
pub fn example_failure(failure: &Failure) -> String {
    format!(
        "FAIL {} ({})\n  input:    {:?}\n  expected: {:?}\n  actual:   {:?}\n  diff:     {}\n",
        failure.rule,
        failure.source,
        failure.input,
        failure.expected,
        failure.actual,
        word_diff(&failure.expected, &failure.actual)
    )
}

/// A word diff in `git diff --word-diff=plain` style: `[-removed-]{+added+}`; line breaks and
/// tabs shown escaped, so the diff stays on one line.
pub fn word_diff(before: &str, after: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_words(before, after);
    // Consecutive words of one kind are shown as one run: `[-a b-]`, not `[-a-][- -][-b-]`.
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value().replace('\n', "\\n").replace('\t', "\\t");
        match runs.last_mut() {
            Some((tag, run)) if *tag == change.tag() => run.push_str(&text),
            _ => runs.push((change.tag(), text)),
        }
    }
    let mut out = String::new();
    for (tag, text) in runs {
        match tag {
            ChangeTag::Equal => out.push_str(&text),
            ChangeTag::Delete => {
                let _ = write!(out, "[-{text}-]");
            }
            ChangeTag::Insert => {
                let _ = write!(out, "{{+{text}+}}");
            }
        }
    }
    out
}

/// `rules list --format json`: one object per rule, in layering order.
pub fn rules_json(set: &RuleSet) -> String {
    let rules: Vec<serde_json::Value> = set
        .rules
        .iter()
        .map(|r| {
            let file = &set.files[r.file];
            serde_json::json!({
                "id": r.id,
                "kind": r.kind.name,
                "stage": r.stage.name(),
                "safety": r.safety.name(),
                "in": r.within.name(),
                "languages": file.languages,
                "enabled": r.enabled,
                "applies_when": file.applies_when.as_ref().map(|re| re.as_str()),
                "file": r.source.file,
                "line": r.source.line,
                "description": r.description,
                "examples": r.examples.len(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rules).expect("rules always serialise");
    text.push('\n');
    text
}

/// `rules test --corpus`: one line per rule whose hit count moved.
pub fn hit_deltas(deltas: &[crate::hits::Delta]) -> String {
    let width = deltas.iter().map(|d| d.rule.len()).max().unwrap_or(0);
    let number = |n: Option<usize>| n.map_or_else(|| "-".to_string(), |n| n.to_string());
    let mut out = String::new();
    for d in deltas {
        let change = match (d.before, d.after) {
            (None, _) => "new".to_string(),
            (_, None) => "gone".to_string(),
            (Some(b), Some(a)) => format!("{:+}", a as i64 - b as i64),
        };
        let _ = writeln!(
            out,
            "{} {:<width$}  {:>6} -> {:<6} ({change})",
            if d.flagged { "MOVED" } else { "moved" },
            d.rule,
            number(d.before),
            number(d.after),
        );
    }
    out
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}\n"))
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diffs_mark_runs_of_words() {
        assert_eq!(
            word_diff("the New START Treaty", "the Neustadt Treaty"),
            "the [-New START-]{+Neustadt+} Treaty"
        );
        assert_eq!(word_diff("a\nb", "a\nc"), "a\\n[-b-]{+c+}");
    }
}
