"""Type stubs for jxl_demo, so editors can complete and check calls to it.

The module is compiled from Rust; this file describes what it exports to Python.
"""

import numpy as np
import numpy.typing as npt
from PIL import Image

__all__ = [
    "count_occurrences",
    "decode_jxl",
    "decode_jxl_as_array",
]

def count_occurrences(contents: str, needle: str) -> int:
    """Count the words of `contents` that are equal to `needle`."""

def decode_jxl_as_array(jxl_bytes: bytes, *, srgb: bool = ...) -> npt.NDArray[np.uint8]:
    """Decode a JPEG XL image into a uint8 array shaped (height, width, channels).

    The numbers are in the image's own color space; srgb=True converts them to sRGB.
    """

def decode_jxl(jxl_bytes: bytes) -> Image.Image:
    """Decode a JPEG XL image into a Pillow image of mode L, LA, RGB or RGBA."""
