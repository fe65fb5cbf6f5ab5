//! `transclean.Cleaner`: a compiled rule set, and every way of cleaning with it.

use crate::changes::CleanResult;
use crate::errors;
use crate::sources::{Sources, State};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyTuple;
use rayon::prelude::*;
use std::collections::BTreeMap;
use transclean_core::Engine;

/// Loads and compiles a rule set once, then cleans text with it.
#[pyclass(module = "transclean", frozen)]
pub struct Cleaner {
    engine: Engine,
    sources: Sources,
}

impl Cleaner {
    /// Compiles the rules of `sources`, reading files only for a new `Cleaner` (`filesystem`).
    fn build(py: Python<'_>, mut sources: Sources, filesystem: bool) -> PyResult<Cleaner> {
        let engine = (py.detach(|| sources.engine(filesystem))).map_err(errors::to_py)?;
        Ok(Cleaner { engine, sources })
    }
}

#[pymethods]
impl Cleaner {
    #[new]
    #[pyo3(signature = (config=None, rules=Vec::new(), builtin=true, disable=Vec::new(), unsafe_fixes=false))]
    fn new(
        py: Python<'_>,
        config: Option<Bound<'_, PyAny>>,
        rules: Vec<Bound<'_, PyAny>>,
        builtin: bool,
        disable: Vec<String>,
        unsafe_fixes: bool,
    ) -> PyResult<Cleaner> {
        let sources = Sources::from_args(config.as_ref(), &rules, builtin, disable, unsafe_fixes)?;
        Cleaner::build(py, sources, true)
    }

    /// Rebuilds a pickled `Cleaner` from its sources (see `__reduce__`).
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: State) -> PyResult<Cleaner> {
        Cleaner::build(py, Sources::from_state(state), false)
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let restore = py.import("transclean")?.getattr("_restore_cleaner")?;
        let state = self.sources.state().into_pyobject(py)?;
        Ok((restore, PyTuple::new(py, [state])?))
    }

    /// The cleaned text.
    fn clean(&self, py: Python<'_>, text: PyBackedStr) -> String {
        py.detach(|| self.engine.clean_counting(&*text).cleaned)
    }

    /// The cleaned text and every change, each with its rule and place in `text`.
    fn clean_with_changes(&self, py: Python<'_>, text: PyBackedStr) -> PyResult<CleanResult> {
        let outcome = py.detach(|| self.engine.clean(&text));
        CleanResult::new(py, outcome)
    }

    /// The cleaned text and how many changes each rule made (cheaper than the changes).
    fn clean_with_counts(
        &self,
        py: Python<'_>,
        text: PyBackedStr,
    ) -> (String, BTreeMap<String, usize>) {
        let summary = py.detach(|| self.engine.clean_counting(&*text));
        let counts = (summary.counts.iter())
            .map(|(rule, &n)| (rule.to_string(), n))
            .collect();
        (summary.cleaned, counts)
    }

    /// `True` if cleaning would change nothing: what `transclean check` passes (exit 0).
    fn check(&self, py: Python<'_>, text: PyBackedStr) -> bool {
        py.detach(|| !self.engine.clean_counting(&*text).changed)
    }

    /// Cleans many texts in parallel with the GIL released; `threads=None` uses every core.
    #[pyo3(signature = (texts, threads=None))]
    fn clean_batch(
        &self,
        py: Python<'_>,
        texts: Vec<PyBackedStr>,
        threads: Option<usize>,
    ) -> PyResult<Vec<String>> {
        let clean_all = || -> Vec<String> {
            (texts.par_iter())
                .map(|text| self.engine.clean_counting(&**text).cleaned)
                .collect()
        };
        match threads {
            None => Ok(py.detach(clean_all)),
            Some(0) => Err(PyValueError::new_err(
                "threads must be at least 1 (or None)",
            )),
            Some(n) => {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| PyValueError::new_err(format!("cannot start {n} threads: {e}")))?;
                Ok(py.detach(|| pool.install(clean_all)))
            }
        }
    }

    /// Cleans a pyarrow string column and returns one of the same type; nulls stay null.
    fn clean_arrow<'py>(
        &self,
        py: Python<'py>,
        array: Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        Ok(crate::arrow::clean_column(py, &self.engine, &array, false)?.0)
    }

    /// `clean_arrow`, and an int64 array of how many changes each row got.
    fn clean_arrow_with_counts<'py>(
        &self,
        py: Python<'py>,
        array: Bound<'py, PyAny>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let (text, counts) = crate::arrow::clean_column(py, &self.engine, &array, true)?;
        Ok((text, counts.expect("counts were asked for")))
    }

    /// The ids of the rules in force, in the order they run within each stage.
    #[getter]
    fn rule_ids(&self) -> Vec<String> {
        self.engine.rule_ids().map(str::to_string).collect()
    }

    /// A short hash of the rules in force, as in the JSON report's `rule_set.fingerprint`.
    #[getter]
    fn fingerprint(&self) -> &str {
        self.engine.fingerprint()
    }

    /// Whether unsafe rules' changes are applied (see the README: pending in the core).
    #[getter]
    fn unsafe_fixes(&self) -> bool {
        self.sources.unsafe_fixes
    }

    fn __repr__(&self) -> String {
        format!(
            "Cleaner(rules={}, fingerprint={:?})",
            self.engine.rule_ids().count(),
            self.engine.fingerprint()
        )
    }
}
