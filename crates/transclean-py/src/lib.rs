//! Python bindings for transclean: the `transclean._native` extension module.
//!
//! The Python package (`python/transclean`) re-exports what is here and adds the Spark, Ray and
//! datatrove integrations in pure Python. Everything that touches text runs in Rust with the
//! GIL released, so Python threads, Spark tasks and Ray workers clean in parallel.

mod arrow;
mod changes;
mod cleaner;
mod errors;
mod sources;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<cleaner::Cleaner>()?;
    m.add_class::<changes::CleanResult>()?;
    m.add_class::<changes::Change>()?;
    m.add_class::<arrow::ArrowExport>()?;
    m.add("RuleError", m.py().get_type::<errors::RuleError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
