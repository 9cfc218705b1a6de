//! Hands-on PyO3, step 6 (bonus): making it fast.
//!
//! `decode.rs` holds the decoding itself, in plain Rust; this file is the
//! bridge between Python and that code.

mod count;
mod decode;
mod direct;
mod pool;

// No `#[global_allocator]`: an allocator such as mimalloc helps jxl-oxide's
// large buffers, but with jxl-rs it saves no time and raises the peak memory
// of a decode (the chapter "Making it fast" measures both). The C library's
// malloc it is.

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
        match error {
            // What Python raises when it cannot allocate, as NumPy does.
            decode::DecodeError::OutOfMemory { .. } => {
                pyo3::exceptions::PyMemoryError::new_err(error.to_string())
            }
            _ => JxlError::new_err(error.to_string()),
        }
    }
}
// ANCHOR_END: from_decode_error

// ANCHOR: pixel_limit
/// The `max_pixels` argument, checked: a whole number of pixels from 0 to
/// 2**64 - 1, or None for the limit of the decoder that decodes the image. A
/// bool is refused, although Python counts True as 1.
fn pixel_limit(value: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    if value.is_none() {
        return Ok(None);
    }
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "max_pixels must be a number of pixels, not True or False",
        ));
    }
    match value.extract::<u64>() {
        Ok(limit) => Ok(Some(limit)),
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

// ANCHOR: count_with_python
/// The words of a str that has no UTF-8 form (it holds a lone surrogate,
/// '\udcff' say, after reading a file with errors="surrogateescape"),
/// counted as step 1 does: Python's own str.split() finds them.
fn count_with_python(
    contents: &Bound<'_, PyString>,
    needle: &Bound<'_, PyString>,
) -> PyResult<usize> {
    let mut count = 0;
    for word in contents.call_method0("split")?.try_iter()? {
        if word?.eq(needle)? {
            count += 1;
        }
    }
    Ok(count)
}
// ANCHOR_END: count_with_python

// ANCHOR: interrupted
/// Whether Ctrl-C was pressed, for code running with the GIL released: it
/// attaches to the interpreter for a moment and lets Python run its signal
/// handlers. When one raises (KeyboardInterrupt, say), the exception goes
/// into `signal` and the answer is yes.
fn interrupted(signal: &mut Option<PyErr>) -> bool {
    match Python::attach(|py| py.check_signals()) {
        Ok(()) => false,
        Err(error) => {
            *signal = Some(error);
            true
        }
    }
}
// ANCHOR_END: interrupted

/// The Python module `jxl_demo`. Everything marked `#[pyfunction]` inside
/// this Rust module becomes a function of the Python module.
#[pymodule]
mod jxl_demo {
    // ANCHOR: imports
    use numpy::{IntoPyArray, PyArray3, PyArrayMethods, PyUntypedArrayMethods};
    use pyo3::prelude::*;
    use pyo3::pybacked::PyBackedBytes;
    use pyo3::sync::PyOnceLock;
    use pyo3::types::{PyBytes, PyDict, PyString};
    // ANCHOR_END: imports

    // ANCHOR: exports
    #[pymodule_export]
    use super::JxlError;

    /// The number of pixels above which decoding refuses an image that
    /// jxl-rs decodes, unless the caller passes `max_pixels`. Images that
    /// jxl-oxide decodes (16-bit, CMYK, with an ICC profile...) are refused
    /// above 2**24 pixels, step 5's limit, for it needs more memory.
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
        // The same holds for rust-numpy's borrow checking, set up by the first
        // `readwrite()` (decode_jxl_as_array makes one): it looks up an
        // attribute of a NumPy module, takes any error as "not there yet", and
        // on Python 3.13 a Ctrl-C pressed just then becomes that error and is
        // lost. Borrowing a one-byte array now sets it up before any decode.
        drop(numpy::PyArray1::<u8>::zeros(py, 1, false).readwrite());
        Ok(())
    }
    // ANCHOR_END: load_numpy

    // ANCHOR: count_occurrences
    /// Count the words of `contents` that are equal to `needle`.
    ///
    /// A word is what Python's `str.split()` returns: a run of characters
    /// between whitespace. The result is the same as this Python:
    /// `sum(word == needle for line in contents.splitlines() for word in line.split())`
    #[pyfunction]
    fn count_occurrences(
        py: Python<'_>,
        contents: &Bound<'_, PyString>,
        needle: &Bound<'_, PyString>,
    ) -> PyResult<usize> {
        // Every str, as in step 1: one with a lone surrogate has no `&str`.
        let (Ok(contents), Ok(needle)) = (contents.to_str(), needle.to_str()) else {
            return super::count_with_python(contents, needle);
        };
        // TODO: for long texts, count with `super::count::count_words_parallel`,
        // without holding the GIL, and stop when Ctrl-C is pressed.
        Ok(super::count::count_words(contents, needle))
    }
    // ANCHOR_END: count_occurrences

    // ANCHOR: decode_jxl_as_array
    /// Decode a JPEG XL image into a NumPy array of `uint8`.
    ///
    /// The array's shape is `(height, width, channels)`, with 1 channel for
    /// gray, 2 for gray and alpha, 3 for RGB and 4 for RGBA. Of an animation,
    /// the first frame is returned. Samples of more than 8 bits are scaled to 8.
    ///
    /// Raises JxlError when the data cannot be decoded, and for an image of
    /// more than `max_pixels` pixels, before allocating memory for it. By
    /// default (None) the limit follows the decoder: DEFAULT_MAX_PIXELS for
    /// jxl-rs, 2**24 for the images jxl-oxide decodes.
    ///
    /// The numbers are in the image's own color space (sRGB for most files;
    /// `decode_jxl` attaches its profile); with `srgb=True` they are converted
    /// to sRGB, for showing or mixing with other sRGB images as they are.
    #[pyfunction]
    #[pyo3(signature = (jxl_bytes, *, max_pixels = None, srgb = false))]
    fn decode_jxl_as_array<'py>(
        py: Python<'py>,
        jxl_bytes: &Bound<'py, PyBytes>,
        // `from_py_with`: PyO3 converts the Python value with our function,
        // which says what is wrong with -1, 2**64 or True in the caller's terms.
        #[pyo3(from_py_with = super::pixel_limit)] max_pixels: Option<u64>,
        srgb: bool,
    ) -> PyResult<Bound<'py, PyArray3<u8>>> {
        // Borrow the bytes object's buffer: no copy. A bytes object cannot
        // change, and `jxl_bytes` keeps it alive until we return.
        let bytes: &[u8] = jxl_bytes.as_bytes();
        // Read the header without the GIL, and choose the decoder: jxl-rs,
        // or jxl-oxide for what jxl-rs lacks (see direct.rs). `?` converts a
        // DecodeError into JxlError through our `From` impl.
        let route =
            py.detach(|| super::decode::guarded(|| super::direct::open(bytes, max_pixels, srgb)))?;
        let super::direct::Route::Direct(opened) = route else {
            // jxl-oxide, on the pool, with Ctrl-C looked for meanwhile.
            let mut signal = None;
            let decoded = py.detach(|| {
                super::pool::map_interruptible(
                    1,
                    |_| super::decode::decode_with_oxide(bytes, max_pixels, srgb),
                    || super::interrupted(&mut signal),
                )
            });
            let Some(mut results) = decoded else {
                return Err(signal.expect("set when interrupted"));
            };
            let pixels = results.pop().expect("one result for one image")?;
            return Ok(pixels.into_pyarray(py));
        };
        // ANCHOR: hand_over
        // The size is known and within the limit: make the array first, its
        // memory a zeroed Rust allocation that NumPy takes over. `zeroed`
        // raises MemoryError where `Array3::zeros` would end the process, if
        // this machine cannot give that much (a raised `max_pixels`).
        let array = super::decode::zeroed(opened.shape())?.into_pyarray(py);
        // Borrow its memory for writing. rust-numpy records the borrow, so
        // that no other Rust code can borrow the array meanwhile; and no
        // Python code can reach it, as no one else holds it yet.
        let mut writable = array.readwrite();
        let pixels: &mut [u8] = writable.as_slice_mut().expect("a new array is contiguous");
        // `&mut [u8]` is `Send`: the closure may take it to other threads,
        // and jxl-rs writes the pixels there, where they stay. Between groups
        // of pixels the runner looks for Ctrl-C (see pool.rs).
        let mut signal = None;
        let decoded = py.detach(|| {
            let mut check = || super::interrupted(&mut signal);
            let mut runner = super::pool::Runner::new(Some(&mut check));
            super::decode::guarded(|| opened.decode_into(pixels, &mut runner))
        });
        drop(writable);
        if let Some(signal) = signal {
            return Err(signal);
        }
        decoded?;
        Ok(array)
        // ANCHOR_END: hand_over
    }
    // ANCHOR_END: decode_jxl_as_array

    // ANCHOR: decode_jxl
    /// Decode a JPEG XL image into a Pillow image of mode L, LA, RGB or RGBA.
    ///
    /// Raises JxlError as decode_jxl_as_array does.
    #[pyfunction]
    #[pyo3(signature = (jxl_bytes, *, max_pixels = None))]
    fn decode_jxl<'py>(
        py: Python<'py>,
        jxl_bytes: &Bound<'py, PyBytes>,
        #[pyo3(from_py_with = super::pixel_limit)] max_pixels: Option<u64>,
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
        // `from PIL import Image; Image.fromarray(array)`, with the import done
        // once: FROMARRAY keeps the function (a `Py`, which outlives any one
        // call) for every later call, in every thread.
        static FROMARRAY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let fromarray = FROMARRAY.import(py, "PIL.Image", "fromarray")?;
        let image = fromarray.call1((array,))?;
        // The numbers are in the image's color space: tell Pillow which, so
        // that it shows them, converts them and saves them correctly. The
        // decoder that decoded them describes it (decode.rs).
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

    // ANCHOR: decode_many
    /// Decode many JPEG XL images at once, in parallel, into a list of arrays
    /// as `decode_jxl_as_array` returns them.
    ///
    /// Raises JxlError naming the first image that cannot be decoded.
    #[pyfunction]
    #[pyo3(signature = (images, *, max_pixels = None))]
    fn decode_many<'py>(
        py: Python<'py>,
        #[pyo3(from_py_with = sequence_of_bytes)] images: Vec<PyBackedBytes>,
        #[pyo3(from_py_with = super::pixel_limit)] max_pixels: Option<u64>,
    ) -> PyResult<Vec<Bound<'py, PyArray3<u8>>>> {
        // TODO: decode every image on the pool's threads
        // (`super::pool::map_interruptible`), without holding the GIL, stop
        // when Ctrl-C is pressed, and return the arrays in order. Read the
        // chapter "Step 6".
        todo!()
    }
    // ANCHOR_END: decode_many

    // ANCHOR: sequence_of_bytes
    /// `decode_many`'s argument as a list of bytes objects. PyO3 would take
    /// any iterable, so a single bytes object would pass as a sequence of
    /// ints and fail with "'int' object is not an instance of 'bytes'": say
    /// what the function wants instead.
    fn sequence_of_bytes(images: &Bound<'_, PyAny>) -> PyResult<Vec<PyBackedBytes>> {
        use pyo3::exceptions::PyTypeError;
        use pyo3::types::PyByteArray;
        let wanted = "decode_many wants a sequence of bytes objects, one per image";
        if images.is_instance_of::<PyBytes>() || images.is_instance_of::<PyByteArray>() {
            return Err(PyTypeError::new_err(format!(
                "{wanted}, not a single bytes object; for one image, call \
                 decode_jxl_as_array, or pass [data]"
            )));
        }
        let kind = |object: &Bound<'_, PyAny>| object.get_type().name().map(|n| n.to_string());
        if images.is_instance_of::<pyo3::types::PyString>() {
            return Err(PyTypeError::new_err(format!("{wanted}, not a str")));
        }
        // "Image N" in an error must name the image the caller means: a set or
        // a dict has no order of its own to count in.
        let unordered = images.is_instance_of::<pyo3::types::PySet>()
            || images.is_instance_of::<pyo3::types::PyFrozenSet>()
            || images.is_instance_of::<pyo3::types::PyDict>();
        if unordered {
            return Err(PyTypeError::new_err(format!(
                "{wanted}, in order, not a {}: a list or a tuple, so that an error's \
                 \"image N\" names the image you mean",
                kind(images)?
            )));
        }
        let Ok(items) = images.try_iter() else {
            return Err(PyTypeError::new_err(format!(
                "{wanted}, not an object of type {}",
                kind(images)?
            )));
        };
        items
            .enumerate()
            .map(|(index, item)| {
                let item = item?;
                // bytes, or a bytearray (which PyO3 copies, as it may change).
                match item.extract::<PyBackedBytes>() {
                    Ok(bytes) => Ok(bytes),
                    Err(_) => Err(PyTypeError::new_err(format!(
                        "{wanted}; item {index} is of type {}",
                        kind(&item)?
                    ))),
                }
            })
            .collect()
    }
    // ANCHOR_END: sequence_of_bytes

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
    /// Raises JxlError when the data are not a JPEG XL image, end inside its
    /// header, or are damaged: a damaged frame too, as the frames are counted.
    #[pyfunction]
    fn read_jxl_metadata(jxl_bytes: &Bound<'_, PyBytes>) -> PyResult<ImageMetadata> {
        let header = super::decode::read_header(jxl_bytes.as_bytes())?;
        Ok(metadata_of(header))
    }
    // ANCHOR_END: read_jxl_metadata

    // ANCHOR: header_reader
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
    // ANCHOR_END: header_reader
}
// ANCHOR_END: module
