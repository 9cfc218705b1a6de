"""Step 3: jxl_demo.decode_jxl(jxl_bytes) -> PIL.Image.Image."""

from __future__ import annotations

import jxl_demo
import numpy as np
import pytest
import samples
from language import _
from PIL import Image

hint = pytest.mark.hint
exercise = pytest.mark.exercise
READ = "step-3.md#exercise-1-call-pillow"
MODES = {"gray": "L", "gray_alpha": "LA", "rgb": "RGB", "rgba": "RGBA"}


@exercise("call_pillow")
@hint(
    'Import the module with `py.import("PIL.Image")`, get `fromarray` with `getattr`, '
    "and call it with `call1((array,))`.",
    read=READ,
)
def test_returns_a_pillow_image():
    """returns a PIL.Image.Image of the image's size"""
    info = samples.info("rgb")
    image = jxl_demo.decode_jxl(samples.data("rgb"))
    assert isinstance(image, Image.Image), _("got a {kind}, not a PIL image").format(
        kind=type(image).__name__
    )
    assert image.size == (info["width"], info["height"]), _(
        "size is {size}; Pillow's size is (width, height) = {expected}"
    ).format(size=image.size, expected=(info["width"], info["height"]))


@exercise("gray_mode")
@hint(
    "Pillow's fromarray refuses a (height, width, 1) array: reshape gray images to "
    "(height, width) first.",
    read="step-3.md#exercise-2-gray-images",
)
@pytest.mark.parametrize("name", list(MODES))
def test_mode_follows_the_channels(name):
    """gives mode L, LA, RGB or RGBA as the image has 1 to 4 channels"""
    image = jxl_demo.decode_jxl(samples.data(name))
    assert image.mode == MODES[name], _("{name}.jxl gave mode {mode}, not {expected}").format(
        name=name, mode=repr(image.mode), expected=repr(MODES[name])
    )


@exercise("gray_mode")
@hint(
    "Build the image from the very array that decode_jxl_as_array returns.",
    read="step-3.md#exercise-2-gray-images",
)
@pytest.mark.parametrize("name", samples.names())
def test_same_pixels_as_the_array(name):
    """holds the same pixels as decode_jxl_as_array"""
    data = samples.data(name)
    array = jxl_demo.decode_jxl_as_array(data)
    pixels = np.asarray(jxl_demo.decode_jxl(data))
    if pixels.ndim == 2:
        pixels = pixels[:, :, np.newaxis]
    assert pixels.shape == array.shape, _("{name}: image {shape}, array {expected}").format(
        name=name, shape=pixels.shape, expected=array.shape
    )
    assert np.array_equal(pixels, array), _(
        "{name}: the image's pixels differ from the array's"
    ).format(name=name)


@pytest.mark.starter_passes("decode_jxl_as_array raises it before the code you write runs")
@exercise("call_pillow")
@hint(
    "The `?` after decode_jxl_as_array passes its error on to Python unchanged.",
    read=READ,
)
def test_bad_bytes_raise_value_error():
    """raises ValueError for bytes that are not a JPEG XL image"""
    with pytest.raises(ValueError):
        jxl_demo.decode_jxl(b"\x00" * 16)


@exercise("call_pillow")
@hint("Take `jxl_bytes: &Bound<'py, PyBytes>`, as decode_jxl_as_array does.", read=READ)
@pytest.mark.starter_passes("PyO3 checks the arguments before the code runs")
def test_accepts_bytes_only():
    """rejects non-bytes arguments with TypeError"""
    with pytest.raises(TypeError):
        jxl_demo.decode_jxl("a string")
