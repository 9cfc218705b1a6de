use pyo3::prelude::*;

// 'py: this object may be used only while this thread is attached to
// Python. Every Bound<'py, …> of one call carries the same label.
fn length<'py>(object: &Bound<'py, PyAny>) -> PyResult<usize> {
    object.len()
}

// '_ says "some lifetime; I need not name it".
fn is_empty(object: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(length(object)? == 0)
}
