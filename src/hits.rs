//! Per-rule hit counts on a corpus, compared with a reviewed baseline (`rules test --corpus`).
//!
//! Examples say what a rule does on a sentence; a corpus says how often it does it. A rule
//! edit that suddenly fires 300 more times (a phrase that turned out to be a common word) passes
//! every example, and shows here as a jump against the counts that were last reviewed.

use crate::error::{Error, Result};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How often each rule changed something in a corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hits {
    /// Files cleaned.
    pub files: usize,
    /// Changes per rule id (rules that changed nothing are left out).
    pub rules: BTreeMap<String, usize>,
}

/// Reads a baseline written by [`write()`].
pub fn read(path: &Path) -> Result<Hits> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Input {
        file: path.display().to_string(),
        message: format!("cannot read the baseline: {e}"),
        hint: Some("run `transclean rules test --corpus DIR --bless` to write one".into()),
    })?;
    serde_json::from_str(&text).map_err(|e| Error::Input {
        file: format!("{}:{}", path.display(), e.line()),
        message: format!("not a hit-count baseline: {e}"),
        hint: Some("write it again with `--bless`".into()),
    })
}

/// Writes `hits` as pretty JSON, one rule per line, so a baseline reads well in a diff.
pub fn write(path: &Path, hits: &Hits) -> Result<()> {
    let mut text = serde_json::to_string_pretty(hits).expect("counts always serialise");
    text.push('\n');
    crate::sink::write_new(path, text.as_bytes())
}

/// A rule whose count moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    pub rule: String,
    /// `None`: the rule had no hits in that run.
    pub before: Option<usize>,
    pub after: Option<usize>,
    /// Whether the move is beyond the tolerance.
    pub flagged: bool,
}

/// Every rule whose count differs; a move is flagged when it exceeds `tolerance` percent of
/// the baseline count (0: any move).
pub fn compare(baseline: &Hits, now: &Hits, tolerance: f64) -> Vec<Delta> {
    let mut ids: Vec<&String> = baseline.rules.keys().chain(now.rules.keys()).collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| {
            let before = baseline.rules.get(id).copied();
            let after = now.rules.get(id).copied();
            let (b, a) = (before.unwrap_or(0), after.unwrap_or(0));
            (b != a).then(|| Delta {
                rule: id.clone(),
                before,
                after,
                flagged: (a.abs_diff(b) as f64) > tolerance / 100.0 * b as f64,
            })
        })
        .collect()
}

/// The default baseline file for a corpus folder: beside it, named after it.
pub fn default_baseline(corpus: &Path) -> PathBuf {
    let name = corpus
        .file_name()
        .map_or_else(|| "corpus".into(), |n| n.to_string_lossy().into_owned());
    corpus
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(format!("{name}.hits.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(pairs: &[(&str, usize)]) -> Hits {
        Hits {
            files: 1,
            rules: pairs.iter().map(|(r, n)| (r.to_string(), *n)).collect(),
        }
    }

    #[test]
    fn moves_are_listed_and_flagged_beyond_the_tolerance() {
        let before = hits(&[("donbas", 3), ("same", 10), ("gone", 2), ("small", 100)]);
        let after = hits(&[("donbas", 303), ("same", 10), ("new", 4), ("small", 104)]);
        let deltas = compare(&before, &after, 5.0);
        let shown: Vec<(&str, Option<usize>, Option<usize>, bool)> = deltas
            .iter()
            .map(|d| (d.rule.as_str(), d.before, d.after, d.flagged))
            .collect();
        assert_eq!(
            shown,
            [
                ("donbas", Some(3), Some(303), true),
                ("gone", Some(2), None, true),
                ("new", None, Some(4), true),
                ("small", Some(100), Some(104), false),
            ]
        );
        assert!(compare(&before, &after, 0.0).iter().all(|d| d.flagged));
    }

    #[test]
    fn baselines_round_trip_and_sit_beside_the_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        let original = hits(&[("a", 1), ("b", 2)]);
        write(&path, &original).unwrap();
        assert_eq!(read(&path).unwrap(), original);
        assert_eq!(
            default_baseline(Path::new("data/corpus")),
            Path::new("data/corpus.hits.json")
        );
        assert!(read(&dir.path().join("missing.json")).is_err());
    }
}
