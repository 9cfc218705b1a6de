//! Hands-on PyO3, step 5: a class of our own, and reading a header without decoding.
//!
//! `decode.rs` holds the decoding itself, in plain Rust; this file is the
//! bridge between Python and that code.

mod decode;
mod pool;

// ANCHOR: module
use pyo3::prelude::*;
use pyo3::types::PyString;

// ANCHOR: jxl_error
// A new Python exception class, jxl_demo.JxlError. Deriving from ValueError
// keeps `except ValueError:` working for callers written before step 4.
pyo3::create_exception!(
    jxl_demo,
    JxlError,
    pyo3::exceptions::PyValueError,
    "Raised when JPEG XL data cannot be decoded: the message says why."
);
// ANCHOR_END: jxl_error

// ANCHOR: from_decode_error
/// Lets `?` turn a decoding error into the Python exception `JxlError`.
impl From<decode::DecodeError> for PyErr {
    fn from(error: decode::DecodeError) -> PyErr {
        JxlError::new_err(error.to_string())
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
    #[pymodule_export]
    use super::JxlError;

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
    // `*` makes every argument after it keyword-only, as in Python.
    #[pyo3(signature = (jxl_bytes, *, max_pixels = DEFAULT_MAX_PIXELS, srgb = false))]
    fn decode_jxl_as_array<'py>(
        py: Python<'py>,
        jxl_bytes: &Bound<'py, PyBytes>,
        // `from_py_with`: PyO3 converts the Python value with our function,
        // which says what is wrong with -1, 2**64 or True in the caller's terms.
        #[pyo3(from_py_with = super::pixel_limit)] max_pixels: u64,
        srgb: bool,
    ) -> PyResult<Bound<'py, PyArray3<u8>>> {
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
    #[pyo3(signature = (jxl_bytes, *, max_pixels = DEFAULT_MAX_PIXELS))]
    fn decode_jxl<'py>(
        py: Python<'py>,
        jxl_bytes: &Bound<'py, PyBytes>,
        #[pyo3(from_py_with = super::pixel_limit)] max_pixels: u64,
    ) -> PyResult<Bound<'py, PyAny>> {
        // A #[pyfunction] is still an ordinary Rust function: call it.
        let array = decode_jxl_as_array(py, jxl_bytes, max_pixels, false)?;
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

    // EXERCISE metadata_class remove
    // TODO (homework, exercise 1): a class `ImageMetadata` with read-only
    // attributes `width`, `height`, `channels`, `bits_per_sample`,
    // `has_alpha`, `animated` and `frames`, and a function
    // `read_jxl_metadata(jxl_bytes)` that returns one, reading only the
    // header (`super::decode::read_header`). The book's "Step 5" has hints.
    // Exercises 2 to 4 then add methods in its `#[pymethods] impl` block:
    // `__repr__`, then `__eq__` and `__hash__`, then `#[new]` and
    // `__getnewargs__`, in the order the book gives them.
    // SOLUTION
    // ANCHOR: image_metadata
    /// What a JPEG XL header says about its image, read without decoding it.
    ///
    /// Instances are immutable, compare equal when every field is equal, can
    /// be used as dictionary keys, and can be pickled.
    // `frozen`: no field can change after creation, so PyO3 needs no lock
    // around it. `get_all`: a read-only property for every field. No
    // `module = ...`: `#[pymodule] mod jxl_demo` sets `__module__` itself.
    #[pyclass(frozen, get_all)]
    #[derive(Clone, PartialEq, Eq, Hash)]
    struct ImageMetadata {
        /// Width in pixels, as displayed (orientation applied).
        width: u32,
        /// Height in pixels, as displayed (orientation applied).
        height: u32,
        /// 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA): as decoding returns.
        channels: u8,
        /// Bits per color sample in the file (8, 10, 12, 16, 32, ...); decoding
        /// returns 8 whatever this says.
        bits_per_sample: u32,
        /// Whether the image has an alpha (transparency) channel.
        has_alpha: bool,
        /// Whether the header declares an animation.
        animated: bool,
        /// How many frames a viewer shows: 1 for a still image; for an
        /// animation, the frames in the data given (fewer than the whole when
        /// the data are cut short, 0 when they stop after the header).
        frames: usize,
    }
    // ANCHOR_END: image_metadata

    // ANCHOR: image_metadata_methods
    #[pymethods]
    impl ImageMetadata {
        // END EXERCISE
        // EXERCISE repr remove
        // SOLUTION
        fn __repr__(&self) -> String {
            // Python spells booleans True and False.
            let py_bool = |b: bool| if b { "True" } else { "False" };
            format!(
                "ImageMetadata(width={}, height={}, channels={}, bits_per_sample={}, \
                 has_alpha={}, animated={}, frames={})",
                self.width,
                self.height,
                self.channels,
                self.bits_per_sample,
                py_bool(self.has_alpha),
                py_bool(self.animated),
                self.frames,
            )
        }
        // END EXERCISE
        // EXERCISE eq_hash remove
        // SOLUTION

        /// Equal when every field is: the derived `PartialEq` compares them.
        /// With anything but an ImageMetadata, PyO3 answers NotImplemented,
        /// and Python then says False.
        fn __eq__(&self, other: &Self) -> bool {
            self == other
        }

        /// Equal values must have equal hashes: hash the same fields.
        fn __hash__(&self) -> u64 {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            self.hash(&mut hasher);
            hasher.finish()
        }
        // END EXERCISE
        // EXERCISE pickle remove
        // SOLUTION

        /// Python can make one too: `ImageMetadata(61, 45, 3, 8, False, False, 1)`.
        #[new]
        fn new(
            width: u32,
            height: u32,
            channels: u8,
            bits_per_sample: u32,
            has_alpha: bool,
            animated: bool,
            frames: usize,
        ) -> Self {
            ImageMetadata {
                width,
                height,
                channels,
                bits_per_sample,
                has_alpha,
                animated,
                frames,
            }
        }

        /// What pickle and copy pass to `__new__` to make this object again.
        fn __getnewargs__(&self) -> (u32, u32, u8, u32, bool, bool, usize) {
            (
                self.width,
                self.height,
                self.channels,
                self.bits_per_sample,
                self.has_alpha,
                self.animated,
                self.frames,
            )
        }
        // END EXERCISE
        // EXERCISE metadata_class remove
        // SOLUTION
    }
    // ANCHOR_END: image_metadata_methods

    /// The metadata of a header read by `super::decode::read_header`.
    fn metadata_of(header: super::decode::Header) -> ImageMetadata {
        ImageMetadata {
            width: header.width,
            height: header.height,
            channels: header.channels,
            bits_per_sample: header.bits_per_sample,
            has_alpha: header.has_alpha,
            animated: header.animated,
            frames: header.frames,
        }
    }

    // ANCHOR: read_jxl_metadata
    /// Read the header of a JPEG XL image: its size, channels, bit depth and
    /// frames, without decoding any pixel. Works on the first bytes of a file.
    ///
    /// Raises JxlError when the data are not a JPEG XL image or end inside its
    /// header.
    #[pyfunction]
    fn read_jxl_metadata(jxl_bytes: &Bound<'_, PyBytes>) -> PyResult<ImageMetadata> {
        let header = super::decode::read_header(jxl_bytes.as_bytes())?;
        Ok(metadata_of(header))
    }
    // ANCHOR_END: read_jxl_metadata
    // END EXERCISE

    // ANCHOR: header_reader
    // EXERCISE header_reader remove
    // TODO (stretch, exercise 5): a mutable class `HeaderReader()` whose
    // `feed(chunk)` adds bytes and returns the ImageMetadata once the header
    // is complete (None before), and whose `len()` is the bytes it holds.
    // SOLUTION
    /// Reads a JPEG XL header from pieces of a file as they arrive (a
    /// download, say): `feed` each piece until it returns the metadata.
    // Not frozen: `feed` changes it. PyO3 then checks at run time that no one
    // else uses the object while `&mut self` does ("Already borrowed").
    #[pyclass]
    struct HeaderReader {
        data: Vec<u8>,
    }

    #[pymethods]
    impl HeaderReader {
        #[new]
        fn new() -> Self {
            HeaderReader { data: Vec::new() }
        }

        /// Add `chunk`; return the image's metadata once the header is
        /// complete, None while it is not. Raises JxlError for data that are
        /// not JPEG XL.
        fn feed(&mut self, chunk: &[u8]) -> PyResult<Option<ImageMetadata>> {
            self.data.extend_from_slice(chunk);
            match super::decode::read_header(&self.data) {
                Ok(header) => Ok(Some(metadata_of(header))),
                Err(
                    super::decode::DecodeError::Empty | super::decode::DecodeError::TruncatedHeader,
                ) => Ok(None),
                Err(error) => Err(error.into()),
            }
        }

        /// How many bytes it holds: `len(reader)`.
        fn __len__(&self) -> usize {
            self.data.len()
        }
    }
    // END EXERCISE
    // ANCHOR_END: header_reader
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
