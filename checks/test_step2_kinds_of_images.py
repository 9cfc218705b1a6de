"""Step 2 on: every kind of image a JPEG XL file can hold comes out as NumPy
users expect: straight alpha, and sRGB for CMYK.

The files are from the JPEG XL conformance suite: see images/conformance/README.md.
"""

# Checks: run beside the others.

from __future__ import annotations

import jxl_demo
import numpy as np
import pytest
from language import _
from PIL import Image
from samples import IMAGES

hint = pytest.mark.hint
CONFORMANCE = IMAGES / "conformance"


def decode(name: str) -> np.ndarray:
    return jxl_demo.decode_jxl_as_array((CONFORMANCE / name / "input.jxl").read_bytes())


def png(name: str, file: str = "ref.png") -> np.ndarray:
    with Image.open(CONFORMANCE / name / file) as image:
        return np.asarray(image.convert("RGBA"))


def color_difference(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    """Per-sample difference of the color where `want` is not fully transparent
    (under alpha 0 the color is undefined)."""
    assert got.shape == want.shape, _("shape {shape}, expected {expected}").format(
        shape=got.shape, expected=want.shape
    )
    visible = want[..., 3] > 0
    return np.abs(got.astype(np.int16) - want.astype(np.int16))[visible][:, :3]


@hint(
    "The color of a premultiplied image is stored multiplied by alpha: divide it by alpha "
    "(as floats, before rounding to 8 bits) to give NumPy and Pillow straight alpha.",
    read="step-2-deeper.md#premultiplied-alpha",
)
def test_premultiplied_alpha_comes_out_straight():
    """gives straight alpha for an image stored with premultiplied alpha"""
    got, want = decode("alpha_premultiplied"), png("alpha_premultiplied")
    difference = color_difference(got, want)
    assert difference.max() <= 2, _(
        "colors differ from the reference by up to {worst}/255 (mean {mean}): premultiplied color handed over as if it were straight?"
    ).format(worst=difference.max(), mean=format(difference.mean(), ".1f"))
    assert np.abs(got[..., 3].astype(np.int16) - want[..., 3]).max() <= 1, _("alpha differs")


@hint(
    "The suite's blendmodes/ref.png is out of date (images/conformance/README.md): compare "
    "with libjxl.png, libjxl's own decode.",
    read="step-2.md#from-a-jpeg-xl-file-to-pixels",
)
def test_layers_with_blend_modes():
    """composes an image's layers as libjxl does, whatever the blend mode"""
    # The answer to "which is right": libjxl and jxl-oxide, by the suite's own
    # updated reference; ref.png predates a 2023 correction of libjxl's
    # blending to the specification (see images/conformance/README.md).
    got, want = decode("blendmodes"), png("blendmodes", "libjxl.png")
    difference = color_difference(got, want)
    assert difference.max() <= 1, _(
        "colors differ from libjxl's decode by up to {worst}/255"
    ).format(worst=difference.max())
    assert np.abs(got[..., 3].astype(np.int16) - want[..., 3]).max() <= 1, _("alpha differs")


@hint(
    "A CMYK image needs color management: ask jxl-oxide for sRGB "
    "(`request_color_encoding`) with its `moxcms` feature enabled, and the perceptual intent.",
    read="step-2-deeper.md#cmyk-and-color-profiles",
)
def test_cmyk_comes_out_as_srgb():
    """converts a CMYK image to sRGB, close to the suite's rendering"""
    got, want = decode("cmyk_layers"), png("cmyk_layers")
    assert got.shape == want.shape, _("shape {shape}, expected RGBA {expected}").format(
        shape=got.shape, expected=want.shape
    )
    difference = color_difference(got, want)
    # Rendered with the perceptual intent (decode.rs), moxcms agrees with the
    # suite's rendering to 0.97/255 on average and 3/255 at the 99.9th
    # percentile; the profile's own relative intent is off by 22/255 there.
    worst = float(np.percentile(difference, 99.9))
    assert difference.mean() <= 1 and worst <= 4, _(
        "colors differ from the suite's sRGB rendering by {mean}/255 on average and "
        "{worst}/255 at the 99.9th percentile: render CMYK with the perceptual intent"
    ).format(mean=format(difference.mean(), ".2f"), worst=format(worst, ".0f"))
