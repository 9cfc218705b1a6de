"""Type stubs for jxl_demo, so editors can complete and check calls to it.

The module is compiled from Rust; this file describes what it exports to Python.
"""

from typing import Final

import numpy as np
import numpy.typing as npt
from PIL import Image

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "JxlError",
    "count_occurrences",
    "decode_jxl",
    "decode_jxl_as_array",
]

DEFAULT_MAX_PIXELS: Final[int]
"""Images with more pixels are refused unless the caller passes a larger max_pixels:
2**24, 4096 x 4096: jxl-oxide needs up to 36 bytes a pixel."""

class JxlError(ValueError):
    """Raised when JPEG XL data cannot be decoded: the message says why."""

def count_occurrences(contents: str, needle: str) -> int:
    """Count the words of `contents` that are equal to `needle`."""

def decode_jxl_as_array(
    jxl_bytes: bytes, *, max_pixels: int = ..., srgb: bool = ...
) -> npt.NDArray[np.uint8]:
    """Decode a JPEG XL image into a uint8 array shaped (height, width, channels).

    Raises JxlError when the data cannot be decoded or the image has more than
    `max_pixels` pixels. The numbers are in the image's own color space;
    srgb=True converts them to sRGB.
    """

def decode_jxl(jxl_bytes: bytes, *, max_pixels: int = ...) -> Image.Image:
    """Decode a JPEG XL image into a Pillow image of mode L, LA, RGB or RGBA."""
