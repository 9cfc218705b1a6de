"""Step 4: every decoding function raises jxl_demo.JxlError, a ValueError,
with a message that says what is wrong, and nothing a caller passes crashes
the interpreter or allocates without bound."""

# Checks: run beside the others.

from __future__ import annotations

import math
import sys

import jxl_demo
import pytest
import samples
from language import _

hint = pytest.mark.hint
exercise = pytest.mark.exercise
READ = "step-4.md#exercise-2-from-decodeerror-to-jxlerror"
DECODERS = ["decode_jxl_as_array", "decode_jxl"]

# A few bytes of a PNG file: a real image, but not JPEG XL.
PNG_START = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def error_of(function: str, data: bytes, **kwargs) -> str:
    """The message of the JxlError that `function` raises for `data`."""
    with pytest.raises(jxl_demo.JxlError) as caught:
        getattr(jxl_demo, function)(data, **kwargs)
    return str(caught.value)


@exercise("jxl_error")
@hint(
    "Define the class with `create_exception!`, then add it to the module: a class "
    "defined outside `mod jxl_demo` is not part of it until `#[pymodule_export]` says so.",
    read="step-4.md#exercise-1-a-python-exception-defined-in-rust",
)
def test_jxl_error_is_a_value_error():
    """exports JxlError, a subclass of ValueError"""
    assert isinstance(jxl_demo.JxlError, type), _("jxl_demo.JxlError is not a class")
    assert issubclass(jxl_demo.JxlError, ValueError), _(
        "JxlError's bases are {bases}; make it a subclass of ValueError"
    ).format(bases=jxl_demo.JxlError.__mro__[1:])
    assert jxl_demo.JxlError.__module__ == "jxl_demo", _(
        "JxlError belongs to {module}; the first argument of create_exception! names the module"
    ).format(module=repr(jxl_demo.JxlError.__module__))


def cut_inside_a_box_size() -> bytes:
    """The RGB sample in a container whose jxlc box has a 64-bit size (a size
    of 1 says that it follows the type), cut halfway through that size."""
    signature = b"\0\0\0\x0cJXL \r\n\x87\n"
    ftyp = (20).to_bytes(4, "big") + b"ftyp" + b"jxl \0\0\0\0jxl "
    jxlc = (1).to_bytes(4, "big") + b"jxlc" + (16 + len(samples.data("rgb"))).to_bytes(8, "big")
    return signature + ftyp + jxlc[:12]


CASES = {
    "empty": (b"", "no data"),
    "not JPEG XL": (PNG_START, "not a JPEG XL image"),
    "truncated header": (lambda: samples.data("rgb")[:5], "the data end inside the image header"),
    "cut inside a box's size": (cut_inside_a_box_size, "the data end inside the image header"),
    "truncated pixels": (lambda: samples.data("rgb")[:400], "are cut short"),
    "too large": (lambda: samples.jxl_header(10_000, 10_000), "image too large"),
}


@exercise("from_decode_error")
@hint(
    "The `From<DecodeError> for PyErr` impl decides which exception `?` raises.",
    read=READ,
)
@pytest.mark.parametrize("function", DECODERS)
@pytest.mark.parametrize("case", list(CASES))
def test_message_names_the_problem(case, function):
    """raises JxlError with a message that names the problem"""
    data, expected = CASES[case]
    data = data() if callable(data) else data
    message = error_of(function, data)
    assert expected in message, _("{function}: for {case} input the message is {message}").format(
        function=function, case=case, message=repr(message)
    )


@exercise("from_decode_error")
@hint(
    "Corrupted data make jxl-oxide fail; DecodeError::Corrupt carries its explanation.",
    read=READ,
)
def test_corrupted_data():
    """raises JxlError for corrupted data, and says so"""
    original = samples.data("rgb")
    messages = set()
    for position in range(len(original) // 4, len(original), 7):
        damaged = bytearray(original)
        damaged[position] ^= 0xFF
        try:
            jxl_demo.decode_jxl_as_array(bytes(damaged))
        except jxl_demo.JxlError as error:
            messages.add(str(error).split(":")[0])
    assert "corrupted JPEG XL image" in messages, _("messages seen: {messages}").format(
        messages=sorted(messages)
    )


@exercise("max_pixels")
@hint(
    "The limit is the keyword-only argument `max_pixels`; the header is checked against it "
    "before any pixel is decoded.",
    read="step-4.md#exercise-3-a-keyword-only-limit",
)
def test_max_pixels_can_be_raised_and_lowered():
    """refuses images above max_pixels, and decodes them once it is raised"""
    info = samples.info("rgb")
    pixels = info["width"] * info["height"]
    message = error_of("decode_jxl_as_array", samples.data("rgb"), max_pixels=pixels - 1)
    assert "image too large" in message, message
    array = jxl_demo.decode_jxl_as_array(samples.data("rgb"), max_pixels=pixels)
    assert array.shape[:2] == (info["height"], info["width"])
    # A header declaring 10000 x 10000 passes a raised limit: then it is the missing
    # pixel data that is refused, not the size.
    message = error_of("decode_jxl_as_array", samples.jxl_header(10_000, 10_000), max_pixels=10**8)
    assert "are cut short" in message, message


@exercise("max_pixels")
@hint(
    "DEFAULT_MAX_PIXELS comes from decode.rs: the default of `max_pixels` must be that "
    "constant, and the header's width times height is compared with it.",
    read="step-4.md#a-limit-on-image-size",
)
def test_the_default_limit():
    """refuses by default a header just over DEFAULT_MAX_PIXELS, and not one at it"""
    limit = jxl_demo.DEFAULT_MAX_PIXELS
    # At least a 12-megapixel photo (4032 x 3024), at most 8192 x 8192.
    assert 4032 * 3024 <= limit <= 2**26, _(
        "DEFAULT_MAX_PIXELS is {limit}: a 12-megapixel photo must fit, and 2**26 is the most"
    ).format(limit=limit)
    width = math.isqrt(limit)
    while limit % width:  # a width and a height whose product is the limit itself
        width -= 1
    height = limit // width
    for function in DECODERS:
        message = error_of(function, samples.jxl_header(width + 1, height))
        assert "image too large" in message and str(limit) in message, _(
            "{function}: a header of {width} x {height} pixels, more than DEFAULT_MAX_PIXELS, "
            "gave the message {message}"
        ).format(function=function, width=width + 1, height=height, message=repr(message))
        # At the limit the size is allowed: it is the missing pixel data that is refused.
        message = error_of(function, samples.jxl_header(width, height))
        assert "are cut short" in message, _(
            "{function}: a header of {width} x {height} pixels, DEFAULT_MAX_PIXELS exactly, "
            "gave the message {message}"
        ).format(function=function, width=width, height=height, message=repr(message))


def max_rss_mib() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


@hint(
    "Every failure must become a JxlError: no PanicException, no other exception. "
    "The message names the input that escaped.",
    read="step-4-deeper.md#panics-are-not-errors",
)
def test_malformed_inputs_raise_only_jxl_error():
    """turns every malformed input into JxlError, with memory bounded"""
    before = max_rss_mib() if sys.platform != "win32" else 0.0
    decoded = refused = 0
    outcomes = samples.malformed_outcomes(
        lambda data: jxl_demo.decode_jxl_as_array(data, max_pixels=2**20), reuse=False
    )
    for description, error in outcomes:
        if error is None:
            decoded += 1  # a damaged file may still be a valid image
        elif isinstance(error, jxl_demo.JxlError):
            refused += 1
        else:
            pytest.fail(
                _("{description}: raised {kind}: {error}").format(
                    description=description, kind=type(error).__name__, error=error
                )
            )
    assert refused > decoded, _("only {refused} of {total} inputs were refused").format(
        refused=refused, total=decoded + refused
    )
    if sys.platform != "win32":
        growth = max_rss_mib() - before
        assert growth < 400, _("the process grew by {growth} MiB while decoding bad inputs").format(
            growth=format(growth, ".0f")
        )


@pytest.mark.starter_passes("PyO3 refuses an argument the signature does not have with TypeError")
@exercise("max_pixels")
@hint(
    "The signature says what Python may pass: `*` in `#[pyo3(signature = (jxl_bytes, *, "
    "max_pixels = DEFAULT_MAX_PIXELS))]` makes max_pixels keyword-only. Python counts True "
    "as 1, so refusing it takes `#[pyo3(from_py_with = super::pixel_limit)]`.",
    read="step-4.md#exercise-3-a-keyword-only-limit",
)
@pytest.mark.parametrize("function", DECODERS)
def test_wrong_types_raise_type_error(function):
    """raises TypeError, not JxlError, for arguments of the wrong type"""
    decode = getattr(jxl_demo, function)
    data = samples.data("rgb")
    calls = {
        f"{function}('not bytes')": lambda: decode("not bytes"),
        f"{function}(data, max_pixels='many')": lambda: decode(data, max_pixels="many"),
        f"{function}(data, 10**6)": lambda: decode(data, 10**6),  # max_pixels is keyword-only
        # A bool is no number of pixels, though Python counts True as 1.
        f"{function}(data, max_pixels=True)": lambda: decode(data, max_pixels=True),
    }
    for shown, call in calls.items():
        try:
            call()
        except TypeError:
            continue
        except Exception as error:  # noqa: BLE001 - the message names what it was
            pytest.fail(
                _("{call} raised {kind}: {error}; a wrong argument raises TypeError").format(
                    call=shown, kind=type(error).__name__, error=error
                )
            )
        pytest.fail(
            _("{call} raised nothing; a wrong argument raises TypeError").format(call=shown)
        )


@exercise("max_pixels")
@hint(
    "`#[pyo3(from_py_with = super::pixel_limit)]` before the `max_pixels` argument lets "
    "`pixel_limit` convert it, and say what is wrong in the caller's terms.",
    read="step-4.md#exercise-3-a-keyword-only-limit",
)
@pytest.mark.parametrize("function", DECODERS)
def test_max_pixels_out_of_range(function):
    """raises ValueError, not OverflowError, for a max_pixels below 0 or above 2**64 - 1"""
    decode = getattr(jxl_demo, function)
    data = samples.data("rgb")
    for value in (-1, 2**64, -(2**70)):
        with pytest.raises(ValueError) as caught:
            decode(data, max_pixels=value)
        assert type(caught.value) is ValueError, _(
            "max_pixels={value} raised {kind}: a wrong argument is a plain ValueError, "
            "not a decoding error"
        ).format(value=value, kind=type(caught.value).__name__)
        assert "max_pixels" in str(caught.value), _(
            "the message does not name max_pixels: {message}"
        ).format(message=caught.value)
    decode(data, max_pixels=2**64 - 1)  # the largest limit there is: no error
