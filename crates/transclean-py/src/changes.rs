//! `Result` and `Change`: what `Cleaner.clean_with_changes` returns, shaped like the JSON report.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::collections::BTreeMap;
use transclean_core::Outcome;

/// One change: the rule that made it and where it was in the original text.
///
/// `line` and `column` are 1-based, the column in characters; `start` and `end` are byte
/// offsets into the UTF-8 encoding of the original (as in the JSON report), not `str` indices.
#[pyclass(module = "transclean", frozen, get_all)]
#[derive(Debug, Clone)]
pub struct Change {
    /// The id of the rule that made the change.
    pub rule: String,
    /// Where the rule is defined, as `file:line`.
    pub source: String,
    /// The stage the rule runs in (`unicode`, `boilerplate`, ... `whitespace`).
    pub stage: &'static str,
    /// `safe`, or `unsafe` for a change applied only because the Cleaner has `unsafe_fixes`.
    pub safety: &'static str,
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
    /// Where `before` starts when the changes are replayed in order on the original.
    pub replay_at: usize,
    /// The text the rule replaced, as the rule saw it.
    pub before: String,
    /// What the rule put in its place.
    pub after: String,
}

#[pymethods]
impl Change {
    /// The byte range `(start, end)` of the original text that this change rewrote.
    #[getter]
    fn range(&self) -> (usize, usize) {
        (self.start, self.end)
    }

    /// The change as the JSON report (`transclean diff --format json`) writes it, less `file`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let (file, line) = split_source(&self.source);
        let source = PyDict::new(py);
        source.set_item("file", file)?;
        source.set_item("line", line)?;
        let range = PyDict::new(py);
        range.set_item("start", self.start)?;
        range.set_item("end", self.end)?;
        let dict = PyDict::new(py);
        dict.set_item("rule", &self.rule)?;
        dict.set_item("source", source)?;
        dict.set_item("stage", self.stage)?;
        dict.set_item("safety", self.safety)?;
        dict.set_item("line", self.line)?;
        dict.set_item("column", self.column)?;
        dict.set_item("range", range)?;
        dict.set_item("replay_at", self.replay_at)?;
        dict.set_item("before", &self.before)?;
        dict.set_item("after", &self.after)?;
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!(
            "Change(rule={:?}, stage={:?}, line={}, column={}, before={:?}, after={:?})",
            self.rule, self.stage, self.line, self.column, self.before, self.after
        )
    }
}

/// `file:line` split as the JSON report splits it.
fn split_source(source: &str) -> (&str, usize) {
    match source.rsplit_once(':') {
        Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => {
            (file, line.parse().unwrap_or(0))
        }
        _ => (source, 0),
    }
}

/// The cleaned text and every change, in the order they were made.
#[pyclass(module = "transclean", name = "Result", frozen)]
pub struct CleanResult {
    /// The cleaned text.
    #[pyo3(get)]
    text: Py<PyAny>,
    /// Every change, in the order they were made.
    #[pyo3(get)]
    changes: Py<PyList>,
    counts: BTreeMap<String, usize>,
}

impl CleanResult {
    pub fn new(py: Python<'_>, outcome: Outcome) -> PyResult<CleanResult> {
        let counts = (outcome.counts_by_rule().into_iter())
            .map(|(rule, n)| (rule.to_string(), n))
            .collect();
        let changes: Vec<Change> = (outcome.changes.into_iter())
            .map(|c| Change {
                rule: c.rule.to_string(),
                source: c.source.to_string(),
                stage: c.stage.name(),
                safety: c.safety.name(),
                line: c.line,
                column: c.column,
                start: c.range.start,
                end: c.range.end,
                replay_at: c.replay_at,
                before: c.before,
                after: c.after,
            })
            .collect();
        Ok(CleanResult {
            text: outcome.cleaned.into_pyobject(py)?.into_any().unbind(),
            changes: PyList::new(py, changes)?.unbind(),
            counts,
        })
    }
}

#[pymethods]
impl CleanResult {
    /// How many changes each rule made, by rule id.
    #[getter]
    fn counts(&self) -> BTreeMap<String, usize> {
        self.counts.clone()
    }

    /// Whether cleaning changed anything.
    #[getter]
    fn changed(&self, py: Python<'_>) -> bool {
        !self.changes.bind(py).is_empty()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Result(changes={})", self.changes.bind(py).len())
    }
}
