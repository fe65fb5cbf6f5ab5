//! `transclean.RuleError`: a rule file or config that cannot be used, with where and what to do.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use transclean_core::Error;

create_exception!(
    transclean,
    RuleError,
    PyValueError,
    "A rule file or config that cannot be used. `str(error)` is the message the CLI prints; \
     `file`, `line`, `column` (1-based, `None` where unknown), `message` and `hint` hold its parts."
);

/// The Python exception for a library error, with its location as attributes.
pub fn to_py(error: Error) -> PyErr {
    let (file, line, column, message, hint) = match &error {
        Error::Config {
            location,
            message,
            hint,
        } => (
            Some(location.file.clone()),
            Some(location.line),
            Some(location.column),
            message.clone(),
            hint.clone(),
        ),
        Error::ConfigFile {
            file,
            message,
            hint,
        } => (
            Some(file.clone()),
            None,
            None,
            message.clone(),
            hint.clone(),
        ),
        Error::UnknownRule { id, hint } => (
            None,
            None,
            None,
            format!("unknown rule id `{id}`"),
            hint.clone(),
        ),
        other => (None, None, None, other.to_string(), None),
    };
    let err = RuleError::new_err(error.to_string());
    Python::attach(|py| {
        let value = err.value(py);
        // Setting attributes on a fresh exception instance cannot fail.
        let _ = value.setattr("file", file);
        let _ = value.setattr("line", line);
        let _ = value.setattr("column", column);
        let _ = value.setattr("message", message);
        let _ = value.setattr("hint", hint);
    });
    err
}
