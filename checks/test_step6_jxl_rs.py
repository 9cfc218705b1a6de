"""Step 6: where jxl-rs 0.8 needs the help that direct.rs gives it.

The container wraps the codestream in boxes. jxl-rs 0.8 refuses some that
libjxl and jxl-oxide accept; step 6 hands those files to jxl-oxide, so they
decode as they did in step 5. And on several threads, jxl-rs 0.8 decodes some
lossy images to pixels that change from run to run; step 6 decodes those on
one thread.
"""

from __future__ import annotations

import jxl_demo
import numpy as np
import programs
import pytest
import samples
from language import N_, _

hint = pytest.mark.hint
READ = "step-6-deeper.md#lending-the-array-to-jxl-rs"
FINISHED = "decode_jxl and decode_jxl_as_array come finished in the starter"
SIGNATURE = b"\0\0\0\x0cJXL \r\n\x87\n"


def box(kind: bytes, payload: bytes) -> bytes:
    """One box: its size (4 bytes, big-endian, the 8 of the header included), its type, its data."""
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def containers() -> dict[str, bytes]:
    """The course's RGB sample (a bare codestream) in containers that libjxl decodes."""
    codestream = samples.data("rgb")
    ftyp = box(b"ftyp", b"jxl \0\0\0\0jxl ")
    return {
        N_("an ftyp box of minor version 2"): SIGNATURE
        + box(b"ftyp", b"jxl \0\0\0\x02jxl ")
        + box(b"jxlc", codestream),
        N_("a jxll box of level 7"): SIGNATURE
        + ftyp
        + box(b"jxll", b"\x07")
        + box(b"jxlc", codestream),
        N_("two jxlp parts, neither marked last"): SIGNATURE
        + ftyp
        + box(b"jxlp", (0).to_bytes(4, "big") + codestream[:40])
        + box(b"jxlp", (1).to_bytes(4, "big") + codestream[40:]),
    }


@hint(
    "What jxl-rs refuses in a container, hand to jxl-oxide (`Route::Oxide`) instead of "
    "calling it damaged.",
    read=READ,
)
@pytest.mark.starter_passes(FINISHED)
@pytest.mark.parametrize("name", sorted(containers()))
def test_containers_jxl_rs_refuses_still_decode(name):
    """decodes a container whose boxes jxl-rs reads too strictly, as step 5 does"""
    data = containers()[name]
    try:
        array = jxl_demo.decode_jxl_as_array(data)
    except jxl_demo.JxlError as error:
        raise AssertionError(
            _("decode_jxl_as_array refused {what}: {message}").format(what=_(name), message=error)
        ) from error
    assert np.array_equal(array, samples.expected("rgb")), _(
        "decode_jxl_as_array decoded {what} to other pixels"
    ).format(what=_(name))


@hint(
    "An image 1 to 17 pixels wider than a multiple of 128 goes to jxl-rs on one thread "
    "(`needs_one_thread` in direct.rs, `Runner::one_thread` in pool.rs).",
    read="step-6-deeper.md#lending-the-array-to-jxl-rs",
)
@pytest.mark.starter_passes(FINISHED)
def test_a_narrow_last_group_column_decodes_the_same_every_time():
    """decodes the same pixels every time an image whose last groups are 5 pixels wide"""
    data = samples.data("narrow_edge")
    expected = samples.expected("narrow_edge").astype(int)
    tolerance = samples.info("narrow_edge")["tolerance"]
    # On two threads, jxl-rs 0.8 alone gave another array in 14 to 35 calls of
    # 300: a hundred calls see it all but every time.
    arrays = {jxl_demo.decode_jxl_as_array(data).tobytes(): None for _ in range(100)}
    assert len(arrays) == 1, _(
        "100 decodes of the same image gave {count} different arrays"
    ).format(count=len(arrays))
    array = np.frombuffer(next(iter(arrays)), np.uint8).reshape(expected.shape)
    worst = int(np.abs(array.astype(int) - expected).max())
    assert worst <= tolerance, _(
        "a sample is {worst} levels from libjxl's, more than {tolerance}"
    ).format(worst=worst, tolerance=tolerance)


@hint(
    "The images that go to jxl-oxide keep its limit, 2**24 pixels, unless the caller passes "
    "max_pixels (`OXIDE_MAX_PIXELS` in decode.rs, used when `max_pixels` is None).",
    read="step-6-deeper.md#lending-the-array-to-jxl-rs",
)
@pytest.mark.starter_passes(FINISHED)
@pytest.mark.parametrize("function", ["decode_jxl_as_array", "decode_jxl"])
def test_jxl_oxide_keeps_its_limit(function):
    """refuses by default 652 bytes that declare a 16-bit 8192 x 8192 image, which jxl-oxide decodes"""
    # jxl-oxide would take several GB for it; jxl-rs's limit of 2**26 lets it in.
    data = programs.bomb_16()
    call = getattr(jxl_demo, function)
    for keywords in ({}, {"max_pixels": None}):
        with pytest.raises(jxl_demo.JxlError) as caught:
            call(data, **keywords)
        assert "image too large" in str(caught.value) and "16777216" in str(caught.value), _(
            "{function}: the message does not name jxl-oxide's limit, 16777216: {message}"
        ).format(function=function, message=caught.value)
