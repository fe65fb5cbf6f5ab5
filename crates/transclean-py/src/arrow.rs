//! `Cleaner.clean_arrow`: a pyarrow string column in, the cleaned column out, through the Arrow C
//! data interface (the PyCapsule protocol), so no Python object is made per row.

use arrow_array::builder::{GenericStringBuilder, Int64Builder, StringViewBuilder};
use arrow_array::cast::AsArray;
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi, to_ffi};
use arrow_array::{Array, ArrayRef, OffsetSizeTrait, make_array};
use arrow_schema::DataType;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use std::sync::{Arc, Mutex};
use transclean_core::Engine;

/// A cleaned column waiting to be taken by pyarrow through `__arrow_c_array__`.
#[pyclass(module = "transclean._native", frozen)]
pub struct ArrowExport {
    exported: Mutex<Option<(FFI_ArrowSchema, FFI_ArrowArray)>>,
}

#[pymethods]
impl ArrowExport {
    /// The Arrow PyCapsule protocol; the array can be taken once.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        // The type is the input's; a consumer that wants another casts afterwards.
        let _ = requested_schema;
        let taken = self.exported.lock().map(|mut e| e.take());
        let Ok(Some((schema, array))) = taken else {
            return Err(PyValueError::new_err("this Arrow array was already taken"));
        };
        Ok((
            PyCapsule::new_with_value(py, schema, c"arrow_schema")?,
            PyCapsule::new_with_value(py, array, c"arrow_array")?,
        ))
    }
}

/// Cleans a `pyarrow.Array` or `pyarrow.ChunkedArray` of strings; with `counts`, also returns
/// an int64 array of how many changes each row got (null where the text was null).
pub fn clean_column<'py>(
    py: Python<'py>,
    engine: &Engine,
    column: &Bound<'py, PyAny>,
    counts: bool,
) -> PyResult<(Bound<'py, PyAny>, Option<Bound<'py, PyAny>>)> {
    let pyarrow = py.import("pyarrow")?;
    if !column.hasattr("__arrow_c_array__")? && column.hasattr("chunks")? {
        let mut cleaned = Vec::new();
        let mut counted = Vec::new();
        for chunk in column.getattr("chunks")?.try_iter()? {
            let (text, n) = clean_column(py, engine, &chunk?, counts)?;
            cleaned.push(text);
            counted.extend(n);
        }
        let chunked = |chunks: Vec<Bound<'py, PyAny>>, kind: Bound<'py, PyAny>| {
            pyarrow.call_method1("chunked_array", (chunks, kind))
        };
        let counts_type = pyarrow.call_method0("int64")?;
        let text = chunked(cleaned, column.getattr("type")?)?;
        let counted = counts.then(|| chunked(counted, counts_type)).transpose()?;
        return Ok((text, counted));
    }
    let input = import_array(column)?;
    let (cleaned, counted) = py.detach(|| clean_array(engine, &input, counts))?;
    let to_pyarrow = |array: ArrayRef| -> PyResult<Bound<'py, PyAny>> {
        let (array, schema) = to_ffi(&array.to_data()).map_err(arrow_error)?;
        let export = ArrowExport {
            exported: Mutex::new(Some((schema, array))),
        };
        pyarrow.call_method1("array", (Bound::new(py, export)?,))
    };
    Ok((to_pyarrow(cleaned)?, counted.map(to_pyarrow).transpose()?))
}

/// Takes the array out of an object with `__arrow_c_array__` (pyarrow ≥ 14, polars, ...).
fn import_array(column: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
    let not_arrow = || {
        PyTypeError::new_err(format!(
            "clean_arrow takes a pyarrow string, large_string or string_view array (or a \
             ChunkedArray of one), not {}",
            column.get_type()
        ))
    };
    if !column.hasattr("__arrow_c_array__")? {
        return Err(not_arrow());
    }
    let capsules = column.call_method1("__arrow_c_array__", (column.py().None(),))?;
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = capsules.extract()?;
    let schema = schema.pointer_checked(Some(c"arrow_schema"))?;
    let array = array.pointer_checked(Some(c"arrow_array"))?;
    // SAFETY: the capsules hold an ArrowSchema and an ArrowArray by the protocol's names. The
    // array is moved out (its capsule is left released, as the protocol asks of a consumer);
    // the schema is only read while its capsule is alive.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array.as_ptr().cast());
        from_ffi(array, &*schema.as_ptr().cast::<FFI_ArrowSchema>())
    }
    .map_err(arrow_error)?;
    match data.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ok(make_array(data)),
        other => Err(PyTypeError::new_err(format!(
            "clean_arrow takes strings (string, large_string or string_view), not {other}"
        ))),
    }
}

/// Cleans every row, keeping the input's string type and its nulls.
fn clean_array(
    engine: &Engine,
    input: &ArrayRef,
    counts: bool,
) -> PyResult<(ArrayRef, Option<ArrayRef>)> {
    let mut counted = counts.then(|| Int64Builder::with_capacity(input.len()));
    let mut clean = |text: Option<&str>| -> Option<String> {
        let summary = text.map(|t| engine.clean_counting(t));
        if let Some(counted) = &mut counted {
            counted.append_option(summary.as_ref().map(|s| s.total() as i64));
        }
        summary.map(|s| s.cleaned)
    };
    let cleaned: ArrayRef = match input.data_type() {
        DataType::Utf8 => Arc::new(clean_offsets(input.as_string::<i32>(), &mut clean)?),
        DataType::LargeUtf8 => Arc::new(clean_offsets(input.as_string::<i64>(), &mut clean)?),
        _ => {
            let input = input.as_string_view();
            let mut builder = StringViewBuilder::with_capacity(input.len());
            for text in input.iter() {
                builder.append_option(clean(text));
            }
            Arc::new(builder.finish())
        }
    };
    Ok((
        cleaned,
        counted.map(|mut c| Arc::new(c.finish()) as ArrayRef),
    ))
}

fn clean_offsets<O: OffsetSizeTrait>(
    input: &arrow_array::GenericStringArray<O>,
    clean: &mut impl FnMut(Option<&str>) -> Option<String>,
) -> PyResult<arrow_array::GenericStringArray<O>> {
    let bytes = input.value_offsets();
    let size = (bytes[input.len()] - bytes[0]).as_usize();
    let mut builder = GenericStringBuilder::<O>::with_capacity(input.len(), size);
    let mut total = 0usize;
    for text in input.iter() {
        let cleaned = clean(text);
        total += cleaned.as_ref().map_or(0, |c| c.len());
        // A 32-bit `string` array holds at most 2 GiB; cleaning rarely adds text, but say so
        // rather than let the builder overflow.
        if O::from_usize(total).is_none() {
            return Err(PyValueError::new_err(
                "the cleaned column is over 2 GiB, more than a `string` array holds; cast it to \
                 large_string first",
            ));
        }
        builder.append_option(cleaned);
    }
    Ok(builder.finish())
}

fn arrow_error(error: arrow_schema::ArrowError) -> PyErr {
    PyValueError::new_err(format!("Arrow: {error}"))
}
