//! `transclean import`: public correction dictionaries turned into rule files.
//!
//! Each importer reads one format and says, entry by entry, what it became: a rule that does what
//! the original tool would do, a suggestion written commented out (the tool itself would not
//! apply it without asking), or an entry that cannot be mapped, with the reason. Literal entries
//! become `replace` rules, so a dictionary of any size is one automaton scan of the text.

pub mod codespell;
pub mod languagetool;
mod self_match;
pub mod subtitle_edit;
pub mod typos;

use crate::draft::{self, DraftKind, DraftRule, Ids};
use crate::hash::FxHashMap;
use std::fmt;

/// The dictionary formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Codespell,
    Typos,
    SubtitleEdit,
    LanguageTool,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Codespell => "codespell",
            Format::Typos => "typos",
            Format::SubtitleEdit => "subtitle-edit",
            Format::LanguageTool => "languagetool",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a file is not of the format it was imported as, and which file to import instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: String,
}

/// An entry of the dictionary that did not become a rule or a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    /// 1-based line in the dictionary file.
    pub line: usize,
    /// The entry as written (shortened if long).
    pub entry: String,
    pub reason: String,
}

/// What an import produced.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Rules to apply and commented-out suggestions, in the dictionary's order.
    pub rules: Vec<DraftRule>,
    pub unmapped: Vec<Unmapped>,
    /// How the format was mapped: written at the top of the rule file.
    pub notes: Vec<String>,
    /// Entries refused because they match inside their own replacement (written commented out).
    pub refused: usize,
}

impl Imported {
    /// Rules that will run.
    pub fn active(&self) -> usize {
        self.rules.iter().filter(|r| !r.commented_out).count()
    }

    /// Suggestions written commented out.
    pub fn suggestions(&self) -> usize {
        self.rules.len() - self.active()
    }

    /// Dictionary entries the active rules hold (a `replace` rule may list several).
    pub fn entries(&self) -> usize {
        self.rules
            .iter()
            .filter(|r| !r.commented_out)
            .map(|r| match &r.kind {
                DraftKind::Replace { find, .. } => find.len(),
                DraftKind::Regex { .. } => 1,
            })
            .sum()
    }

    /// `N rules (N entries), N suggestions (commented out), N entries not mapped`.
    pub fn summary(&self) -> String {
        let refused = if self.refused == 0 {
            String::new()
        } else {
            format!(
                ", {} refused (would match inside its own replacement)",
                crate::report::count(self.refused, "entry").replace("entrys", "entries")
            )
        };
        let proposing = self
            .rules
            .iter()
            .filter(|r| !r.commented_out && r.proposes_only)
            .count();
        let unsafe_part = match proposing {
            0 => String::new(),
            n => format!(", {n} unsafe (proposed only)"),
        };
        format!(
            "{} ({}){unsafe_part}, {} (commented out), {} not mapped{refused}",
            crate::report::count(self.active(), "rule"),
            crate::report::count(self.entries(), "entry").replace("entrys", "entries"),
            crate::report::count(self.suggestions(), "suggestion"),
            crate::report::count(self.unmapped.len(), "entry").replace("entrys", "entries")
        )
    }

    /// The rule file: a header saying where it came from and how it was mapped, then the rules.
    pub fn to_toml(&self, format: Format, source: &str) -> String {
        let mut header = vec![
            format!("Imported from {source} ({format}) by `transclean import {format}`."),
            format!("{}.", self.summary()),
            String::new(),
        ];
        header.extend(self.notes.iter().cloned());
        if !self.unmapped.is_empty() {
            header.push(String::new());
            header.push("Entries not mapped:".into());
            for u in &self.unmapped {
                header.push(format!("  line {}: {}: {}", u.line, u.entry, u.reason));
            }
        }
        draft::rule_file(
            &format!("{format}-import"),
            &format!("Corrections imported from {source} ({format})"),
            &header,
            &self.rules,
        )
    }
}

/// Whether a lint finding on an import's output is an error: a file that does not load, or
/// rules whose output never settles. The others (shadowed phrases, conflicts) are warnings.
pub fn is_error(finding: &crate::lint::Finding) -> bool {
    use crate::lint::Code;
    matches!(finding.code, Code::Invalid | Code::Rematch | Code::Fight)
}

/// The import's lint result for its summary line (`no lint findings`, `3 lint findings (1
/// error): run `transclean rules lint` on the file`), and whether one is an error.
pub fn lint_summary(findings: &[crate::lint::Finding]) -> (String, bool) {
    let errors = findings.iter().filter(|f| is_error(f)).count();
    let text = match (findings.len(), errors) {
        (0, _) => "no lint findings".to_string(),
        (n, 0) => format!(
            "{} (none an error): `transclean rules lint` on the rule file lists them",
            crate::report::count(n, "lint finding")
        ),
        (n, e) => format!(
            "{} ({}): `transclean rules lint` on the rule file lists them",
            crate::report::count(n, "lint finding"),
            crate::report::count(e, "error")
        ),
    };
    (text, errors > 0)
}

/// Reads and imports the dictionary at `path`. A file of which no entry could be read is an
/// error: most likely a file of another format.
pub fn read(format: Format, path: &std::path::Path) -> crate::Result<Imported> {
    let text = match crate::source::read_path(path)? {
        crate::source::Decoded::Text(text) => text,
        crate::source::Decoded::Binary => {
            return Err(crate::Error::Input {
                file: path.display().to_string(),
                message: "a binary file, not a dictionary".into(),
                hint: None,
            });
        }
    };
    let unmarked = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let refusal = match format {
        Format::Typos => typos::refusal(unmarked),
        Format::SubtitleEdit => subtitle_edit::refusal(unmarked),
        Format::Codespell | Format::LanguageTool => None,
    };
    if let Some(refusal) = refusal {
        return Err(crate::Error::Input {
            file: path.display().to_string(),
            message: format!("not a {format} corrections file: {}", refusal.message),
            hint: Some(refusal.hint),
        });
    }
    let mut imported = import(format, &text);
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    if let (Format::Codespell, Some(why)) = (
        format,
        file_name.as_deref().and_then(codespell::unsafe_variant),
    ) {
        mark_all_unsafe(&mut imported, why);
    }
    if imported.rules.is_empty() && !imported.unmapped.is_empty() {
        let first = &imported.unmapped[0];
        return Err(crate::Error::Input {
            file: format!("{}:{}", path.display(), first.line),
            message: format!("no entry could be imported: {}", first.reason),
            hint: Some(format!(
                "is this a {format} file? `transclean import --help` lists the formats"
            )),
        });
    }
    Ok(imported)
}

/// Imports `text`, the contents of a dictionary in `format`.
pub fn import(format: Format, text: &str) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut imported = match format {
        Format::Codespell => codespell::import(text),
        Format::Typos => typos::import(text),
        Format::SubtitleEdit => subtitle_edit::import(text),
        Format::LanguageTool => languagetool::import(text),
    };
    self_match::refuse(&mut imported, format.name());
    imported
}

/// Lints the rule file an import wrote (`name` is where it went, for the findings' file).
pub fn lint(name: &str, text: &str) -> crate::Result<Vec<crate::lint::Finding>> {
    let set = crate::config::load_text(name, text)?;
    Ok(crate::lint::lint_set(&set))
}

/// Merges the active `replace` rules that give the same correction into one rule listing
/// every misspelling of it, named after the correction (`codespell-receive`: recieve, receve,
/// ...). A 60,000-entry dictionary corrects to about 15,000 words, so the rule file is a
/// quarter of the rules to load, and a change still shows which misspelling it fixed.
/// Commented-out suggestions stay one per entry, where the first of their group was.
pub(crate) fn group_by_correction(rules: Vec<DraftRule>, prefix: &str) -> Vec<DraftRule> {
    let mut ids = Ids::default();
    for rule in rules.iter().filter(|r| r.commented_out) {
        ids.reserve(&rule.id);
    }
    let mut out: Vec<DraftRule> = Vec::with_capacity(rules.len());
    let mut groups: FxHashMap<(String, &'static str, bool), usize> = FxHashMap::default();
    for rule in rules {
        let DraftKind::Replace {
            find,
            replace,
            case,
            word_bounded: true,
        } = &rule.kind
        else {
            out.push(rule);
            continue;
        };
        if rule.commented_out || rule.description.is_some() {
            out.push(rule);
            continue;
        }
        // Unsafe entries are grouped apart: a rule's safety is the safety of all it lists.
        let key = (replace.clone(), *case, rule.proposes_only);
        match groups.get(&key) {
            Some(&at) => {
                if let DraftKind::Replace { find: all, .. } = &mut out[at].kind {
                    all.extend(find.iter().cloned());
                }
            }
            None => {
                groups.insert(key, out.len());
                let id = ids.make(prefix, replace);
                out.push(DraftRule { id, ..rule });
            }
        }
    }
    out
}

/// Marks unsafe (proposed, never applied silently) every active entry whose misspelling is a
/// word the same dictionary corrects *to*: the dictionary itself says it is a real word, so
/// replacing it can change what someone said ("their" -> "there" in a list that also corrects
/// "thier" -> "their"). Returns how many were marked.
pub(crate) fn mark_real_words(rules: &mut [DraftRule], tool: &str) -> usize {
    let targets: std::collections::HashSet<String> = rules
        .iter()
        .filter_map(|r| match &r.kind {
            DraftKind::Replace { replace, .. } => Some(replace.clone()),
            DraftKind::Regex { .. } => None,
        })
        .collect();
    let lower: std::collections::HashSet<String> =
        targets.iter().map(|t| t.to_lowercase()).collect();
    let mut marked = 0;
    for rule in rules.iter_mut().filter(|r| !r.commented_out) {
        let DraftKind::Replace {
            find,
            replace,
            case,
            ..
        } = &rule.kind
        else {
            continue;
        };
        // An entry matched in exact case is a real word only in that case ("ALl" is not "all").
        let is_target = |word: &String| match *case {
            "exact" => targets.contains(word) && word != replace,
            _ => lower.contains(&word.to_lowercase()) && !word.eq_ignore_ascii_case(replace),
        };
        if let Some(word) = find.iter().find(|w| is_target(w)) {
            rule.notes.push(format!(
                "unsafe: \"{word}\" is a word {tool} corrects other entries to, so replacing it \
                 can change what was said"
            ));
            rule.proposes_only = true;
            marked += 1;
        }
    }
    marked
}

/// Marks every active entry unsafe: the whole file is of entries that can change what someone
/// said (rare words, another spelling, suggestions); `why` goes into the file's header.
pub(crate) fn mark_all_unsafe(imported: &mut Imported, why: &str) {
    for rule in imported.rules.iter_mut().filter(|r| !r.commented_out) {
        rule.proposes_only = true;
    }
    imported.notes.push(format!(
        "{why}: its entries are real words, so every rule is"
    ));
    imported
        .notes
        .push("unsafe (proposed by `diff` and `review`, applied with --unsafe-fixes).".into());
}

/// The `case` a literal entry gets when the original tool matches in any case: a correction
/// written in lower case takes the case of the match (`Teh` -> `The`), one with capitals of its
/// own (a name, an acronym) is written as the dictionary has it.
pub(crate) fn case_for(correction: &str) -> &'static str {
    if correction.chars().any(char::is_uppercase) {
        "ignore"
    } else {
        "preserve"
    }
}

/// An entry shortened for a one-line message.
pub(crate) fn shorten(entry: &str) -> String {
    const MAX: usize = 60;
    let entry = entry.trim_end_matches(['\r', '\n']);
    if entry.chars().count() <= MAX {
        entry.to_string()
    } else {
        let cut: String = entry.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_each_outcome() {
        let mut imported = codespell::import("teh->the\nabd->and, bad,\n");
        imported.unmapped.push(Unmapped {
            line: 3,
            entry: "x".into(),
            reason: "y".into(),
        });
        assert_eq!(
            imported.summary(),
            "1 rule (1 entry), 1 suggestion (commented out), 1 entry not mapped"
        );
        let text = imported.to_toml(Format::Codespell, "d.txt");
        assert!(text.contains("#   line 3: x: y\n"), "{text}");
        let set = crate::config::load_text("d.toml", &text).unwrap();
        assert_eq!(set.rules.len(), 1);
    }
}
