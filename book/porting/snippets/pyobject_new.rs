use pyo3::prelude::*;

struct Callback {
    function: Py<PyAny>,
}
