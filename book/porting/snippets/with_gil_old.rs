use pyo3::prelude::*;

fn python_version() -> String {
    Python::with_gil(|py| py.version().to_string())
}
