"""Type stubs for jxl_demo, so editors can complete and check calls to it.

The module is compiled from Rust; this file describes what it exports to Python.
"""

from collections.abc import Sequence
from typing import Final, final

import numpy as np
import numpy.typing as npt
from PIL import Image

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "HeaderReader",
    "ImageMetadata",
    "JxlError",
    "count_occurrences",
    "decode_jxl",
    "decode_jxl_as_array",
    "decode_many",
    "read_jxl_metadata",
]

DEFAULT_MAX_PIXELS: Final[int]
"""Images jxl-rs decodes with more pixels are refused unless the caller passes
max_pixels: 2**26, 8192 x 8192, as jxl-rs needs little more memory than the array.
The images jxl-oxide decodes (16-bit, CMYK, an ICC profile) need several times
more: by default they are refused above 2**24 pixels, step 5's limit."""

class JxlError(ValueError):
    """Raised when JPEG XL data cannot be decoded: the message says why."""

def count_occurrences(contents: str, needle: str) -> int:
    """Count the words of `contents` that are equal to `needle`."""

def decode_jxl_as_array(
    jxl_bytes: bytes, *, max_pixels: int | None = ..., srgb: bool = ...
) -> npt.NDArray[np.uint8]:
    """Decode a JPEG XL image into a uint8 array shaped (height, width, channels).

    Raises JxlError when the data cannot be decoded or the image has more than
    `max_pixels` pixels (by default, None: the limit of the decoder that decodes
    it). The numbers are in the image's own color space; srgb=True converts them
    to sRGB.
    """

def decode_jxl(jxl_bytes: bytes, *, max_pixels: int | None = ...) -> Image.Image:
    """Decode a JPEG XL image into a Pillow image of mode L, LA, RGB or RGBA."""

@final
class ImageMetadata:
    """What a JPEG XL header says about its image, read without decoding it."""

    def __new__(
        cls,
        width: int,
        height: int,
        channels: int,
        bits_per_sample: int,
        has_alpha: bool,
        animated: bool,
        frames: int,
    ) -> ImageMetadata:
        """Python can make one too: `ImageMetadata(61, 45, 3, 8, False, False, 1)`."""
    @property
    def width(self) -> int:
        """Width in pixels, as displayed (orientation applied)."""
    @property
    def height(self) -> int:
        """Height in pixels, as displayed (orientation applied)."""
    @property
    def channels(self) -> int:
        """1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA)."""
    @property
    def bits_per_sample(self) -> int:
        """Bits per color sample in the file."""
    @property
    def has_alpha(self) -> bool:
        """Whether the image has an alpha channel."""
    @property
    def animated(self) -> bool:
        """Whether the header declares an animation."""
    @property
    def frames(self) -> int:
        """1 for a still image; for an animation, the frames in the data given."""
    def __eq__(self, other: object, /) -> bool:
        """Equal when every field is."""
    def __hash__(self) -> int:
        """Equal values must have equal hashes: hash the same fields."""
    def __getnewargs__(self) -> tuple[int, int, int, int, bool, bool, int]:
        """What pickle and copy pass to `__new__` to make this object again."""

def read_jxl_metadata(jxl_bytes: bytes) -> ImageMetadata:
    """Read the header of a JPEG XL image without decoding any pixel."""

@final
class HeaderReader:
    """Reads a JPEG XL header from pieces of a file as they arrive."""

    def __new__(cls) -> HeaderReader: ...
    def feed(self, chunk: bytes) -> ImageMetadata | None:
        """Add `chunk`; return the image's metadata once the header is complete."""
    def __len__(self) -> int:
        """How many bytes it holds: `len(reader)`."""

def decode_many(
    images: Sequence[bytes], *, max_pixels: int | None = ...
) -> list[npt.NDArray[np.uint8]]:
    """Decode many JPEG XL images at once, in parallel; raises JxlError naming a bad one."""
