"""Step 3 on: the Pillow image carries the color profile of its numbers.

A pixel's numbers mean a color only together with a color space. Most files
are sRGB, which Pillow assumes; for any other, the profile in
`image.info["icc_profile"]` is what lets Pillow (ImageCms), a viewer or a saved
PNG show the right colors.
"""

from __future__ import annotations

import io

import jxl_demo
import numpy as np
import pytest
import samples
from language import _
from PIL import Image, ImageCms

hint = pytest.mark.hint
exercise = pytest.mark.exercise
READ = "step-3.md#exercise-3-attach-the-color-profile"


def to_srgb(image: Image.Image) -> np.ndarray:
    """The image's colors in sRGB, converted by Pillow's color management from
    the profile the image carries."""
    profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
    srgb = ImageCms.createProfile("sRGB")
    converted = ImageCms.profileToProfile(
        image.convert("RGB"), profile, srgb, renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
    )
    return np.asarray(converted)


@exercise("colour_profile")
@hint(
    "Call `image.info.update(icc_profile=profile)` from Rust: a `PyDict` of keyword "
    'arguments as the last argument of `call_method("update", (), Some(&keywords))`.',
    read=READ,
)
def test_the_image_carries_its_color_profile():
    """puts the image's ICC color profile in image.info["icc_profile"]"""
    image = jxl_demo.decode_jxl(samples.data("rgb"))
    profile = image.info.get("icc_profile")
    assert isinstance(profile, bytes) and len(profile) > 128, _(
        "image.info has no ICC profile (info is {info})"
    ).format(info=repr(dict(image.info)))
    # An sRGB image's numbers are already sRGB: converting changes nothing.
    difference = np.abs(to_srgb(image).astype(np.int16) - samples.expected("rgb"))
    assert difference.max() <= 1, _("the profile of an sRGB image is not sRGB")


@exercise("colour_profile")
@hint(
    "`JxlImage::rendered_icc()` describes the color space the pixels are rendered in.",
    read=READ,
)
def test_a_linear_light_image_says_so():
    """gives an image in another color space (linear light) the profile that converts it right"""
    info = samples.info("rgb16")
    assert info["color_encoding"] == "linear sRGB"
    image = jxl_demo.decode_jxl(samples.data("rgb16"))
    # What the 16-bit linear-light source looks like in sRGB, computed here.
    linear = samples.expected("rgb16_u16") / 65535.0
    srgb = np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)
    want = np.round(srgb * 255)
    # 8-bit linear samples are coarse in the shadows: compare where it is not dark.
    bright = linear >= 0.05
    difference = np.abs(to_srgb(image).astype(np.float64) - want)[bright]
    assert difference.max() <= 3, _(
        "converted with its profile, the image is {distance}/255 away from its colors: the profile does not describe linear light"
    ).format(distance=format(difference.max(), ".0f"))


@exercise("colour_profile")
@hint('Pillow saves `info["icc_profile"]` in a PNG unless told otherwise.', read=READ)
def test_the_profile_survives_saving_as_png():
    """keeps the color profile when the image is saved as PNG and opened again"""
    image = jxl_demo.decode_jxl(samples.data("rgb16"))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    with Image.open(buffer) as reopened:
        assert reopened.info.get("icc_profile") == image.info["icc_profile"], _(
            "the PNG lost the profile"
        )


@exercise("colour_profile")
@hint(
    "`srgb=True` asks jxl-oxide for sRGB (`request_color_encoding`) before rendering.",
    read=READ,
)
@pytest.mark.starter_passes("decode_jxl_as_array comes finished in the starter")
def test_the_array_function_converts_to_srgb_on_request():
    """decode_jxl_as_array(..., srgb=True) returns sRGB numbers, whatever the color space"""
    linear = samples.expected("rgb16_u16") / 65535.0
    srgb = np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)
    got = jxl_demo.decode_jxl_as_array(samples.data("rgb16"), srgb=True)
    difference = np.abs(got.astype(np.float64) - np.round(srgb * 255))
    assert difference.max() <= 1, _(
        "the linear-light image converted to sRGB is up to {worst}/255 off"
    ).format(worst=format(difference.max(), ".0f"))
    for name in ("rgb", "gray"):  # already sRGB: unchanged, and gray stays gray
        got = jxl_demo.decode_jxl_as_array(samples.data(name), srgb=True)
        assert np.array_equal(got, samples.expected(name)), _("{name}.jxl changed").format(
            name=name
        )
