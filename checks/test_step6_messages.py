"""Step 6: decode_many says in plain words what it wants."""

from __future__ import annotations

import jxl_demo
import pytest
import samples
from language import _

hint = pytest.mark.hint
exercise = pytest.mark.exercise


@exercise("decode_many")
@hint(
    "PyO3 takes any iterable for a Vec, and a bytes object iterates as ints: check the "
    "argument yourself (`#[pyo3(from_py_with = ...)]`) and say what decode_many wants.",
    read="step-6.md#many-images-at-once",
)
@pytest.mark.starter_passes("PyO3 checks the argument before the function's body runs")
@pytest.mark.parametrize(
    "wrong",
    [b"\xff\x0a", "a str", 42, [b"\xff\x0a", 7], {b"\xff\x0a"}, {b"\xff\x0a": 1}],
    ids=["bytes", "str", "int", "list", "set", "dict"],
)
def test_decode_many_says_it_wants_a_sequence_of_bytes(wrong):
    """a wrong argument to decode_many raises TypeError saying it wants a sequence of bytes"""
    if wrong == b"\xff\x0a":
        wrong = samples.data("rgb")
    with pytest.raises(TypeError) as caught:
        jxl_demo.decode_many(wrong)
    message = str(caught.value)
    assert "sequence of bytes" in message, _(
        "decode_many({kind}) says {message}: say that it wants a sequence of bytes objects"
    ).format(kind=type(wrong).__name__, message=repr(message))
