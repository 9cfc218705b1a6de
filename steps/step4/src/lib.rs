//! Hands-on PyO3, step 4: errors that explain themselves.
//!
//! `decode.rs` holds the decoding itself, in plain Rust; this file is the
//! bridge between Python and that code.

mod decode;
mod pool;

// ANCHOR: module
use pyo3::prelude::*;
use pyo3::types::PyString;

// ANCHOR: jxl_error
// TODO (exercise 1): define the exception `JxlError` here with
// `create_exception!`: in the module `jxl_demo`, a subclass of `ValueError`,
// with a docstring.
// ANCHOR_END: jxl_error

// ANCHOR: from_decode_error
/// Lets `?` turn a decoding error into the Python exception `JxlError`.
impl From<decode::DecodeError> for PyErr {
    fn from(error: decode::DecodeError) -> PyErr {
        // TODO (exercise 2): raise your `JxlError` instead of a plain ValueError.
        pyo3::exceptions::PyValueError::new_err(error.to_string())
    }
}
// ANCHOR_END: from_decode_error

// ANCHOR: pixel_limit
/// The `max_pixels` argument, checked: a whole number of pixels from 0 to
/// 2**64 - 1. A bool is refused, although Python counts True as 1.
fn pixel_limit(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "max_pixels must be a number of pixels, not True or False",
        ));
    }
    match value.extract::<u64>() {
        Ok(limit) => Ok(limit),
        // -1 and 2**64 are whole numbers, just not ones a limit can be.
        Err(error) if error.is_instance_of::<pyo3::exceptions::PyOverflowError>(value.py()) => {
            Err(pyo3::exceptions::PyValueError::new_err(format!(
                "max_pixels must be from 0 to 2**64 - 1, not {value}"
            )))
        }
        Err(error) => Err(error),
    }
}
// ANCHOR_END: pixel_limit

/// The Python module `jxl_demo`. Everything marked `#[pyfunction]` inside
/// this Rust module becomes a function of the Python module.
#[pymodule]
mod jxl_demo {
    // ANCHOR: imports
    use numpy::{IntoPyArray, PyArray3, PyArrayMethods, PyUntypedArrayMethods};
    use pyo3::prelude::*;
    use pyo3::types::{PyBytes, PyDict};
    // ANCHOR_END: imports

    // ANCHOR: exports
    // TODO (exercise 1): export `JxlError` from the module, so that Python
    // code can catch it.

    /// The number of pixels above which decoding refuses an image, unless
    /// the caller passes a larger `max_pixels`.
    #[pymodule_export]
    const DEFAULT_MAX_PIXELS: u64 = super::decode::DEFAULT_MAX_PIXELS;
    // ANCHOR_END: exports

    // ANCHOR: load_numpy
    /// Runs once, when Python imports the module.
    #[pymodule_init]
    fn init(py: Python<'_>) -> PyResult<()> {
        // rust-numpy loads NumPy's C API the first time it makes an array,
        // and that runs a little Python code. A Ctrl-C pressed during our
        // first decode would interrupt that code, and rust-numpy would panic
        // instead of letting KeyboardInterrupt through. Loading the API now,
        // after handling any Ctrl-C already pending, closes that door.
        py.check_signals()?;
        numpy::dtype::<u8>(py);
        Ok(())
    }
    // ANCHOR_END: load_numpy

    // ANCHOR: export
    #[pymodule_export]
    use super::count_occurrences;
    // ANCHOR_END: export

    // ANCHOR: decode_jxl_as_array
    /// Decode a JPEG XL image into a NumPy array of `uint8`.
    ///
    /// The array's shape is `(height, width, channels)`, with 1 channel for
    /// gray, 2 for gray and alpha, 3 for RGB and 4 for RGBA. Of an animation,
    /// the first frame is returned. Samples of more than 8 bits are scaled to 8.
    ///
    /// Raises JxlError when the data cannot be decoded, and for an image of
    /// more than `max_pixels` pixels, before allocating memory for it.
    ///
    /// The numbers are in the image's own color space (sRGB for most files;
    /// `decode_jxl` attaches its profile); with `srgb=True` they are converted
    /// to sRGB, for showing or mixing with other sRGB images as they are.
    #[pyfunction]
    // TODO (exercise 3): a keyword-only argument `max_pixels`, whose default
    // is DEFAULT_MAX_PIXELS and whose value `super::pixel_limit` checks.
    #[pyo3(signature = (jxl_bytes, *, srgb = false))]
    fn decode_jxl_as_array<'py>(
        py: Python<'py>,
        jxl_bytes: &Bound<'py, PyBytes>,
        srgb: bool,
    ) -> PyResult<Bound<'py, PyArray3<u8>>> {
        let max_pixels = DEFAULT_MAX_PIXELS;
        // Borrow the bytes object's buffer: no copy. A bytes object cannot
        // change, and `jxl_bytes` keeps it alive until we return.
        let bytes: &[u8] = jxl_bytes.as_bytes();
        // Decoding takes a while and touches no Python object, so let other
        // Python threads run meanwhile. `&[u8]` may cross into the closure
        // because it is `Send`: nothing in it belongs to the interpreter.
        // `?` converts a DecodeError into JxlError through our `From` impl.
        let pixels = py.detach(|| match srgb {
            true => super::decode::decode_pixels_srgb(bytes, max_pixels),
            false => super::decode::decode_pixels(bytes, max_pixels),
        })?;
        // `into_pyarray` moves the Vec inside the ndarray into a Python object
        // that NumPy uses as the array's memory: the pixels are not copied.
        Ok(pixels.into_pyarray(py))
    }
    // ANCHOR_END: decode_jxl_as_array

    // ANCHOR: decode_jxl
    /// Decode a JPEG XL image into a Pillow image of mode L, LA, RGB or RGBA.
    ///
    /// Raises JxlError as decode_jxl_as_array does.
    #[pyfunction]
    // TODO (exercise 3): the same keyword-only `max_pixels` here.
    fn decode_jxl<'py>(
        py: Python<'py>,
        jxl_bytes: &Bound<'py, PyBytes>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let max_pixels = DEFAULT_MAX_PIXELS;
        // A #[pyfunction] is still an ordinary Rust function: call it.
        let array = decode_jxl_as_array(py, jxl_bytes, false)?;
        // Pillow maps (height, width) to mode L and (height, width, 2, 3 or 4)
        // to LA, RGB and RGBA, but refuses (height, width, 1): drop that axis.
        // `reshape` makes a view of the same memory, not a copy.
        let shape = array.shape();
        let array = if shape[2] == 1 {
            array.reshape([shape[0], shape[1]])?.into_any()
        } else {
            array.into_any()
        };
        // The Rust spelling of `from PIL import Image; Image.fromarray(array)`.
        let image_module = py.import("PIL.Image")?;
        let image = image_module.getattr("fromarray")?.call1((array,))?;
        // The numbers are in the image's color space: tell Pillow which, so
        // that it shows them, converts them and saves them correctly.
        let bytes = jxl_bytes.as_bytes();
        let profile = py.detach(|| super::decode::color_profile(bytes, max_pixels))?;
        // `image.info.update(icc_profile=profile)`: keyword arguments travel
        // as a dict, the last argument of `call_method`.
        let keywords = PyDict::new(py);
        keywords.set_item("icc_profile", PyBytes::new(py, &profile))?;
        image
            .getattr("info")?
            .call_method("update", (), Some(&keywords))?;
        Ok(image)
    }
    // ANCHOR_END: decode_jxl
}
// ANCHOR_END: module

// ANCHOR: count_occurrences
/// Count the words of `contents` that are equal to `needle`.
///
/// A word is what Python's `str.split()` returns: a run of characters
/// between whitespace. The result is the same as this Python:
/// `sum(word == needle for line in contents.splitlines() for word in line.split())`
#[pyfunction]
fn count_occurrences(
    contents: &Bound<'_, PyString>,
    needle: &Bound<'_, PyString>,
) -> PyResult<usize> {
    match (contents.to_str(), needle.to_str()) {
        (Ok(contents), Ok(needle)) => Ok(count_words(contents, needle)),
        // A str may hold a lone surrogate ('\udcff', say, after reading a file
        // with errors="surrogateescape"). It has no UTF-8 form, so no &str:
        // let Python's own str.split() find the words, and compare each one.
        _ => {
            let mut count = 0;
            for word in contents.call_method0("split")?.try_iter()? {
                if word?.eq(needle)? {
                    count += 1;
                }
            }
            Ok(count)
        }
    }
}
// ANCHOR_END: count_occurrences

// ANCHOR: count_words
/// How many words of `contents` are equal to `needle`: plain Rust, no Python.
fn count_words(contents: &str, needle: &str) -> usize {
    // Every line break that `splitlines()` knows is whitespace to `split()`,
    // so splitting into lines first changes nothing: one pass over the
    // whole text finds the same words.
    contents
        .split(is_python_whitespace)
        .filter(|word| !word.is_empty() && *word == needle)
        .count()
}
// ANCHOR_END: count_words

// ANCHOR: is_python_whitespace
/// Whether Python's `str.isspace()` is true for `c`, which is what
/// `str.split()` splits on.
fn is_python_whitespace(c: char) -> bool {
    // Rust's `char::is_whitespace` follows Unicode's White_Space property.
    // Python also counts the four ASCII "information separators"
    // U+001C..U+001F as whitespace (they are line breaks to `splitlines()` too).
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}
// ANCHOR_END: is_python_whitespace

// ANCHOR: literal
/// The line-by-line translation of the Python function, kept here to show why
/// it is not the same function: only the tests below use it.
#[cfg(test)]
fn count_occurrences_literal(contents: &str, needle: &str) -> usize {
    let mut total = 0;
    for line in contents.lines() {
        for word in line.split(' ') {
            if word == needle {
                total += 1;
            }
        }
    }
    total
}
// ANCHOR_END: literal

#[cfg(test)]
mod tests {
    use super::count_occurrences_literal as literal;

    // ANCHOR: literal_tests
    #[test]
    fn the_literal_translation_is_not_python() {
        // What Python's reference returns is in each comment.
        assert_eq!(literal("a\tb", "a"), 0); // Python: 1 (a tab is not " ")
        assert_eq!(literal("a  b", ""), 1); // Python: 0 (split() makes no empty words)
        assert_eq!(literal("a\rb", "b"), 0); // Python: 1 (lines() ignores a lone \r)
        assert_eq!(literal("a\u{a0}b", "a"), 0); // Python: 1 (no-break space)
        assert!(!'\u{1f}'.is_whitespace()); // Python: "\x1f".isspace() is True
    }
    // ANCHOR_END: literal_tests
}
