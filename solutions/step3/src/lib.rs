//! Hands-on PyO3, step 3: calling Python from Rust, to hand images to Pillow.
//!
//! `decode.rs` holds the decoding itself, in plain Rust; this file is the
//! bridge between Python and that code.

mod decode;
mod pool;

// ANCHOR: module
use pyo3::prelude::*;
use pyo3::types::PyString;

/// The Python module `jxl_demo`. Everything marked `#[pyfunction]` inside
/// this Rust module becomes a function of the Python module.
#[pymodule]
mod jxl_demo {
    // ANCHOR: imports
    use numpy::{IntoPyArray, PyArray3, PyArrayMethods, PyUntypedArrayMethods};
    use pyo3::exceptions::PyValueError;
    use pyo3::prelude::*;
    use pyo3::types::{PyBytes, PyDict};
    // ANCHOR_END: imports

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
    /// The numbers are in the image's own color space (sRGB for most files;
    /// `decode_jxl` attaches its profile); with `srgb=True` they are converted
    /// to sRGB, for showing or mixing with other sRGB images as they are.
    #[pyfunction]
    #[pyo3(signature = (jxl_bytes, *, srgb = false))]
    fn decode_jxl_as_array<'py>(
        py: Python<'py>,
        jxl_bytes: &Bound<'py, PyBytes>,
        srgb: bool,
    ) -> PyResult<Bound<'py, PyArray3<u8>>> {
        // Borrow the bytes object's buffer: no copy. A bytes object cannot
        // change, and `jxl_bytes` keeps it alive until we return.
        let bytes: &[u8] = jxl_bytes.as_bytes();
        // Decoding takes a while and touches no Python object, so let other
        // Python threads run meanwhile. `&[u8]` may cross into the closure
        // because it is `Send`: nothing in it belongs to the interpreter.
        let pixels = py
            .detach(|| match srgb {
                true => super::decode::decode_pixels_srgb(bytes),
                false => super::decode::decode_pixels(bytes),
            })
            .map_err(PyValueError::new_err)?;
        // `into_pyarray` moves the Vec inside the ndarray into a Python object
        // that NumPy uses as the array's memory: the pixels are not copied.
        Ok(pixels.into_pyarray(py))
    }
    // ANCHOR_END: decode_jxl_as_array

    // ANCHOR: decode_jxl
    // ANCHOR: decode_jxl_image
    /// Decode a JPEG XL image into a Pillow image of mode L, LA, RGB or RGBA.
    #[pyfunction]
    fn decode_jxl<'py>(
        py: Python<'py>,
        jxl_bytes: &Bound<'py, PyBytes>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // A #[pyfunction] is still an ordinary Rust function: call it.
        let array = decode_jxl_as_array(py, jxl_bytes, false)?;
        // EXERCISE gray_mode
        // TODO (exercise 2): Pillow refuses an array shaped (height, width, 1).
        // Give it a gray image as (height, width) instead.
        //> let array = array.into_any();
        // SOLUTION
        // Pillow maps (height, width) to mode L and (height, width, 2, 3 or 4)
        // to LA, RGB and RGBA, but refuses (height, width, 1): drop that axis.
        // `reshape` makes a view of the same memory, not a copy.
        let shape = array.shape();
        let array = if shape[2] == 1 {
            array.reshape([shape[0], shape[1]])?.into_any()
        } else {
            array.into_any()
        };
        // END EXERCISE
        // EXERCISE call_pillow
        // TODO (exercise 1): the Rust spelling of
        // `from PIL import Image; image = Image.fromarray(array)`.
        //> let image: Bound<'py, PyAny> = todo!();
        // SOLUTION
        // The Rust spelling of `from PIL import Image; Image.fromarray(array)`.
        let image_module = py.import("PIL.Image")?;
        let image = image_module.getattr("fromarray")?.call1((array,))?;
        // END EXERCISE
        // ANCHOR_END: decode_jxl_image
        // ANCHOR: decode_jxl_profile
        // EXERCISE colour_profile remove
        // TODO (exercise 3): put the image's color profile into its info, as
        // `image.info.update(icc_profile=profile)` does in Python.
        // `super::decode::color_profile(bytes)` reads the profile.
        // SOLUTION
        // The numbers are in the image's color space: tell Pillow which, so
        // that it shows them, converts them and saves them correctly. Reading
        // the profile parses the file a second time, but decodes no pixel.
        let bytes = jxl_bytes.as_bytes();
        let profile = py
            .detach(|| super::decode::color_profile(bytes))
            .map_err(pyo3::exceptions::PyValueError::new_err)?;
        // `image.info.update(icc_profile=profile)`: keyword arguments travel
        // as a dict, the last argument of `call_method`.
        let keywords = PyDict::new(py);
        keywords.set_item("icc_profile", PyBytes::new(py, &profile))?;
        image
            .getattr("info")?
            .call_method("update", (), Some(&keywords))?;
        // END EXERCISE
        Ok(image)
    }
    // ANCHOR_END: decode_jxl_profile
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
