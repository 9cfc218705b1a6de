"""Step 6: an animation whose second frame is damaged, its first intact.

jxl-rs reads an animation only up to the end of its first frame, so both
decode functions return that frame, the Pillow image with its color profile.
read_jxl_metadata describes the whole file, frames counted: it refuses the
file, and says which frame is damaged.
"""

from __future__ import annotations

import bisect

import jxl_demo
import numpy as np
import pytest
import samples
from language import _

hint = pytest.mark.hint
READ = "step-6-deeper.md#lending-the-array-to-jxl-rs"
FINISHED = "decode_jxl, decode_jxl_as_array and read_jxl_metadata come finished in the starter"


def frame_end(data: bytes, frames: int) -> int:
    """How many bytes of `data` hold its first `frames` frames: the shortest
    start of the file in which read_jxl_metadata counts them (step 5's checks
    hold it to counting the frames of data cut short)."""
    counted = range(len(data) + 1)
    return bisect.bisect_left(
        counted, frames, key=lambda length: jxl_demo.read_jxl_metadata(data[:length]).frames
    )


def second_frame_damaged() -> bytes:
    """The course's animation with the header of its second frame inverted:
    every byte before it, the first frame's included, as they were."""
    data = samples.data("animation")
    first, second = frame_end(data, 1), frame_end(data, 2)
    assert 0 < first and first + 8 <= second <= len(data), _(
        "read_jxl_metadata finds no second frame in the course's animation"
    )
    damaged = bytearray(data)
    for index in range(first, first + 8):
        damaged[index] ^= 0xFF
    return bytes(damaged)


@hint(
    "jxl-rs reads the header and the first frame only: take the color profile from "
    "its header too (`JxlColorProfile::try_as_icc`), not from jxl-oxide, which reads "
    "every frame's header.",
    read=READ,
)
@pytest.mark.starter_passes(FINISHED)
def test_a_damaged_later_frame_leaves_the_first_one():
    """decode_jxl and decode_jxl_as_array return the first frame of an animation whose second frame is damaged"""
    damaged = second_frame_damaged()
    first = samples.expected("animation")
    decoded = {}
    for name in ("decode_jxl_as_array", "decode_jxl"):
        try:
            decoded[name] = getattr(jxl_demo, name)(damaged)
        except jxl_demo.JxlError as error:
            raise AssertionError(
                _("{function} raised JxlError: {message}").format(function=name, message=error)
            ) from error
        assert np.array_equal(np.asarray(decoded[name]), first), _(
            "{function} did not return the first frame"
        ).format(function=name)
    image = decoded["decode_jxl"]
    intact = jxl_demo.decode_jxl(samples.data("animation")).info["icc_profile"]
    assert image.info.get("icc_profile") == intact, _(
        "decode_jxl gave the image another color profile than it gives the intact file"
    )


@hint(
    "Feed jxl-oxide the header alone first, then the frames: when it refuses them, "
    "`num_loaded_keyframes()` counts the intact frames before the damaged one.",
    read=READ,
)
@pytest.mark.starter_passes(FINISHED)
def test_metadata_of_a_damaged_later_frame_says_which():
    """read_jxl_metadata refuses an animation whose second frame is damaged, saying so"""
    damaged = second_frame_damaged()
    readers = {
        "read_jxl_metadata": jxl_demo.read_jxl_metadata,
        "HeaderReader().feed": lambda data: jxl_demo.HeaderReader().feed(data),
    }
    for name, read in readers.items():
        with pytest.raises(jxl_demo.JxlError) as caught:
            read(damaged)
        message = str(caught.value)
        assert message.startswith("corrupted JPEG XL image: frame 2 ") and "::" not in message, _(
            "{function} says {message}: say that frame 2 is damaged"
        ).format(function=name, message=repr(message))
