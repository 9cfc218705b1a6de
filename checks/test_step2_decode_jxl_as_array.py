"""Step 2: jxl_demo.decode_jxl_as_array(jxl_bytes) -> numpy.ndarray.

Every sample image in images/ must decode to the pixels stored beside it.
"""

from __future__ import annotations

import jxl_demo
import numpy as np
import pytest
import samples
from conftest import on_input
from language import N_, _

hint = pytest.mark.hint
exercise = pytest.mark.exercise
READ = "step-2.md#exercise-1-borrow-the-bytes"


def decode(name: str) -> np.ndarray:
    with on_input(f"decode_jxl_as_array(<{name}.jxl>)"):
        return jxl_demo.decode_jxl_as_array(samples.data(name))


@exercise("borrow_bytes")
@hint(
    "Borrow the bytes with `jxl_bytes.as_bytes()`: a `&[u8]` that points into the bytes "
    "object, no copy. The rest of the function is written already.",
    read=READ,
)
def test_returns_a_uint8_array():
    """returns a 3-D uint8 NumPy array shaped (height, width, channels)"""
    info = samples.info("rgb")
    array = decode("rgb")
    assert isinstance(array, np.ndarray), _("got a {kind}, not a numpy.ndarray").format(
        kind=type(array).__name__
    )
    assert array.dtype == np.uint8, _("dtype is {dtype}, not uint8").format(dtype=array.dtype)
    assert array.shape == (info["height"], info["width"], 3), _(
        "shape is {shape}; the image is {width} wide and {height} high, so (height, width, channels) is {expected}"
    ).format(
        shape=array.shape,
        width=info["width"],
        height=info["height"],
        expected=(info["height"], info["width"], 3),
    )


@exercise("borrow_bytes")
@hint(
    "The number of channels follows the image: gray 1, gray + alpha 2, RGB 3, RGBA 4. "
    "jxl-oxide's stream says how many (`stream.channels()`).",
    read="step-2.md#from-a-jpeg-xl-file-to-pixels",
)
@pytest.mark.parametrize("name", ["gray", "gray_alpha", "rgb", "rgba"])
def test_channels_follow_the_image(name):
    """has 1, 2, 3 or 4 channels as the image has"""
    info = samples.info(name)
    shape = decode(name).shape
    assert shape == (info["height"], info["width"], info["channels"]), _(
        "{name}.jxl decoded to shape {shape}; expected {expected}"
    ).format(name=name, shape=shape, expected=(info["height"], info["width"], info["channels"]))


@exercise("borrow_bytes")
@hint(
    "Compare your array with the expected one in a Python shell: "
    "`numpy.argwhere(got != expected)` shows where they differ.",
    read="step-2.md#from-a-jpeg-xl-file-to-pixels",
)
@pytest.mark.parametrize("name", samples.names())
def test_pixels_match(name):
    """decodes every sample image to the right pixels"""
    info = samples.info(name)
    got, want = decode(name), samples.expected(name)
    assert got.shape == want.shape, _("{name}: shape {shape}, expected {expected}").format(
        name=name, shape=got.shape, expected=want.shape
    )
    difference = np.abs(got.astype(np.int16) - want.astype(np.int16))
    worst = int(difference.max())
    assert worst <= info["tolerance"], _(
        "{name}.jxl: {count} samples differ by more than {tolerance} (at most {worst}); the first at (row, column, channel) {where}"
    ).format(
        name=name,
        count=int((difference > info["tolerance"]).sum()),
        tolerance=info["tolerance"],
        worst=worst,
        where=tuple(int(i) for i in np.argwhere(difference > info["tolerance"])[0]),
    )


@exercise("hand_over")
@hint(
    "An array you build with `PyArray::from_array` or `to_pyarray` is a copy; "
    "`into_pyarray` hands over the Rust allocation instead.",
    read="step-2.md#exercise-4-hand-the-pixels-over-without-a-copy",
)
def test_no_second_copy():
    """hands the decoded pixels to NumPy without copying them"""
    array = decode("rgb")
    assert not array.flags.owndata, _(
        "the array owns its data: NumPy allocated it and the pixels were copied into it"
    )
    assert array.base is not None and not isinstance(array.base, np.ndarray), _(
        "the array's memory belongs to {kind}, not to the Rust Vec"
    ).format(kind=type(array.base).__name__)


@exercise("release_gil")
@hint(
    "Wrap the decoding in `py.detach(|| ...)` so other Python threads run meanwhile.",
    read="step-2.md#exercise-3-let-other-threads-run",
)
def test_releases_the_gil_while_decoding():
    """lets other Python threads run while it decodes"""
    data = samples.data("medium")
    samples.assert_other_threads_run(lambda: jxl_demo.decode_jxl_as_array(data), N_("decodes"))


@exercise("borrow_bytes")
@hint(
    "The first frame of an animation is keyframe 0: `image.render_frame(0)`.",
    read="step-2.md#from-a-jpeg-xl-file-to-pixels",
)
def test_first_frame_of_an_animation():
    """returns the first frame of an animation"""
    assert samples.info("animation")["frames"] > 1
    got = decode("animation")
    assert np.array_equal(got, samples.expected("animation")), _("not the first frame's pixels")


@exercise("raise_error")
@hint(
    "`unwrap()` turns an error into a panic. Turn it into a Python exception instead: "
    "`.map_err(PyValueError::new_err)?`.",
    read="step-2.md#exercise-2-raise-valueerror",
)
def test_bad_bytes_raise_value_error():
    """raises ValueError for bytes that are not a JPEG XL image"""
    with pytest.raises(ValueError):
        jxl_demo.decode_jxl_as_array(b"this is not an image")


@exercise("borrow_bytes")
@hint(
    "The parameter's type decides what Python may pass: `&Bound<'py, PyBytes>` accepts bytes only.",
    read=READ,
)
@pytest.mark.starter_passes("PyO3 checks the arguments before the code runs")
def test_accepts_bytes_only():
    """rejects str and other non-bytes arguments with TypeError"""
    for wrong in ("a string", 42, None):
        with pytest.raises(TypeError):
            jxl_demo.decode_jxl_as_array(wrong)
