"""Step 5 (homework): jxl_demo.ImageMetadata and read_jxl_metadata(jxl_bytes)."""

from __future__ import annotations

import jxl_demo
import pytest
import samples
from language import _

hint = pytest.mark.hint
exercise = pytest.mark.exercise
READ = "step-5.md#exercise-1-a-frozen-class"


def metadata(name: str):
    return jxl_demo.read_jxl_metadata(samples.data(name))


@exercise("metadata_class")
@hint(
    "A `#[pyclass]` struct with `#[pyo3(get)]` fields, returned by a `#[pyfunction]` "
    "that fills it from `decode::read_header`.",
    read=READ,
)
@pytest.mark.parametrize("name", samples.names(with_pixels=False))
def test_reads_each_sample(name):
    """reads width, height, channels, bit depth, alpha and frames from the header"""
    info = samples.info(name)
    got = metadata(name)
    assert type(got).__name__ == "ImageMetadata", _("returned a {kind}").format(
        kind=type(got).__name__
    )
    expected = {
        "width": info["width"],
        "height": info["height"],
        "channels": info["channels"],
        "bits_per_sample": info["bits_per_sample"],
        "has_alpha": info["has_alpha"],
        "animated": info["frames"] > 1,
        "frames": info["frames"],
    }
    for field, value in expected.items():
        assert getattr(got, field, None) == value, _(
            "{name}.jxl: {field} is {got}, expected {expected}"
        ).format(
            name=name, field=field, got=repr(getattr(got, field, "(missing)")), expected=repr(value)
        )


@exercise("repr")
@hint(
    "`__repr__` in a `#[pymethods]` block returns a String; Python writes booleans as "
    "True and False.",
    read="step-5.md#exercise-2-a-repr-worth-reading",
)
def test_repr_shows_the_values():
    """has a __repr__ that shows every value"""
    assert repr(metadata("rgb")) == (
        "ImageMetadata(width=61, height=45, channels=3, bits_per_sample=8, "
        "has_alpha=False, animated=False, frames=1)"
    )


@exercise("eq_hash")
@hint(
    "`fn __eq__(&self, other: &Self) -> bool` can compare with the derived `PartialEq`; "
    "`__hash__` hashes the same fields.",
    read="step-5.md#exercise-3-equality-and-hashing",
)
def test_equal_by_value_and_hashable():
    """compares equal by value, and can be a dict key or a set member"""
    first, second, other = metadata("rgb"), metadata("rgb"), metadata("rgba")
    assert first is not second
    assert first == second, _("two reads of the same file are not equal")
    assert first != other, _("the metadata of two different images are equal")
    assert first != "ImageMetadata", _("comparing with a str should be False, not an error")
    assert len({first, second, other}) == 2, _("equal metadata must have equal hashes")


@exercise("metadata_class")
@hint(
    "`#[pyclass(frozen)]` makes instances immutable: getters only, no setters.",
    read=READ,
)
def test_read_only():
    """has read-only attributes"""
    value = metadata("rgb")
    for field in ("width", "height", "channels"):
        with pytest.raises(AttributeError):
            setattr(value, field, 1)


@exercise("metadata_class")
@hint(
    "Read only the header: `decode::read_header` never decodes a pixel, so the first "
    "bytes of a file are enough.",
    read=READ,
)
def test_reads_only_the_header():
    """works on data cut right after the header, where decoding is impossible"""
    header_only = jxl_demo.read_jxl_metadata(samples.jxl_header(37, 23))
    assert (header_only.width, header_only.height, header_only.frames) == (37, 23, 1)
    animation = samples.data("animation")
    assert jxl_demo.read_jxl_metadata(animation[:64]).frames < samples.info("animation")["frames"]
    # A header declaring 200000 x 200000 pixels costs nothing to read.
    huge = jxl_demo.read_jxl_metadata(samples.jxl_header(200_000, 200_000))
    assert (huge.width, huge.height) == (200_000, 200_000)
    for name in samples.names(with_pixels=False):
        data = samples.data(name)
        whole = jxl_demo.read_jxl_metadata(data)
        shortest = next(
            (k for k in range(1, 200) if _reads(data[:k])), None
        )  # the shortest prefix that holds the header
        assert shortest is not None, _("{name}.jxl: no prefix of 200 bytes could be read").format(
            name=name
        )
        cut = jxl_demo.read_jxl_metadata(data[:shortest])
        assert (cut.width, cut.height, cut.channels) == (whole.width, whole.height, whole.channels)
        with pytest.raises(jxl_demo.JxlError):
            jxl_demo.decode_jxl_as_array(data[:shortest])


def _reads(data: bytes) -> bool:
    try:
        jxl_demo.read_jxl_metadata(data)
    except jxl_demo.JxlError:
        return False
    return True


@hint(
    "Return the decoding error with `?`: the `From<DecodeError> for PyErr` of step 4 "
    "makes it a JxlError.",
    read=READ,
)
def test_bad_input_raises_jxl_error():
    """raises JxlError for empty, foreign, truncated or damaged data, and nothing else"""
    for data, expected in (
        (b"", "no data"),
        (b"GIF89a", "not a JPEG XL image"),
        (samples.data("rgb")[:4], "inside the image header"),
    ):
        with pytest.raises(jxl_demo.JxlError, match=expected):
            jxl_demo.read_jxl_metadata(data)
    for description, data in samples.malformed_inputs():
        try:
            jxl_demo.read_jxl_metadata(data)
        except jxl_demo.JxlError:
            pass
        except BaseException as error:  # noqa: BLE001 - PanicException is a BaseException
            pytest.fail(
                _("{description}: raised {kind}: {error}").format(
                    description=description, kind=type(error).__name__, error=error
                )
            )
    with pytest.raises(TypeError):
        jxl_demo.read_jxl_metadata("not bytes")


@exercise("pickle")
@hint(
    "pickle makes an object again with `cls.__new__(cls, *obj.__getnewargs__())`: give the "
    "class a `#[new]` that takes every field, and `__getnewargs__` returning them as a tuple.",
    read="step-5.md#exercise-4-pickle-and-copy",
)
def test_pickle_and_copy():
    """can be pickled and copied, so that a multiprocessing worker can return one"""
    import copy
    import pickle

    value = metadata("rgba")
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(value, protocol))
        assert type(again) is type(value) and again == value, _(
            "pickle protocol {protocol} gave back {again}, not {value}"
        ).format(protocol=protocol, again=repr(again), value=repr(value))
    assert copy.copy(value) == value and copy.deepcopy(value) == value


@exercise("pickle")
@hint(
    "`#[new]` marks the method Python calls as `ImageMetadata(...)`.",
    read="step-5.md#exercise-4-pickle-and-copy",
)
def test_made_from_python():
    """can be made in Python: ImageMetadata(width, height, channels, ...)"""
    made = jxl_demo.ImageMetadata(61, 45, 3, 8, False, False, 1)
    assert made == metadata("rgb"), _("{got} != {expected}").format(
        got=repr(made), expected=repr(metadata("rgb"))
    )
    with pytest.raises(TypeError):
        jxl_demo.ImageMetadata(61, 45)


@exercise("header_reader")
@hint(
    "A `#[pyclass]` without `frozen`, with a `#[new]` and a `fn feed(&mut self, chunk: &[u8])` "
    "that appends the chunk and tries `read_header` on everything so far.",
    read="step-5.md#exercise-5-stretch-a-mutable-class",
)
def test_header_reader_reads_piece_by_piece():
    """HeaderReader().feed(chunk) returns None until the header is complete, then the metadata"""
    data = samples.data("rgb")
    reader = jxl_demo.HeaderReader()
    results = [reader.feed(data[k : k + 3]) for k in range(0, 60, 3)]
    assert results[0] is None, _("after 3 bytes, feed returned {got}, not None").format(
        got=repr(results[0])
    )
    found = [r for r in results if r is not None]
    assert found, _("the header was never complete after 60 bytes")
    assert found[0] == metadata("rgb"), _("{got} != {expected}").format(
        got=repr(found[0]), expected=repr(metadata("rgb"))
    )
    assert len(reader) == 60, _("len(reader) is {length} after 60 bytes").format(length=len(reader))


@exercise("header_reader")
@hint(
    'Only a truncated header means "not yet": any other DecodeError becomes a JxlError.',
    read="step-5.md#exercise-5-stretch-a-mutable-class",
)
def test_header_reader_refuses_other_files():
    """HeaderReader raises JxlError for data that are not JPEG XL"""
    reader = jxl_demo.HeaderReader()
    assert reader.feed(b"") is None
    with pytest.raises(jxl_demo.JxlError):
        reader.feed(b"GIF89a and more bytes")
