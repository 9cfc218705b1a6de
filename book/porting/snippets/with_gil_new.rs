use pyo3::prelude::*;

fn python_version() -> String {
    Python::attach(|py| py.version().to_string())
}
