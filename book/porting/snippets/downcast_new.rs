use pyo3::prelude::*;
use pyo3::types::PyBytes;

fn length(obj: &Bound<'_, PyAny>) -> PyResult<usize> {
    let bytes = obj.cast::<PyBytes>()?;
    Ok(bytes.as_bytes().len())
}
