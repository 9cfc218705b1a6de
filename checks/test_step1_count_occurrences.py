"""Step 1: jxl_demo.count_occurrences(contents, needle) -> int.

The answer must be exactly what `python_reference` returns.
"""

from __future__ import annotations

import sys

import jxl_demo
import pytest
from conftest import on_input
from hypothesis import example, given, settings
from hypothesis import strategies as st
from language import _

READ = "step-1.md#exercise-3-pythons-whitespace-exactly"
hint = pytest.mark.hint
exercise = pytest.mark.exercise


# ANCHOR: reference
def python_reference(contents: str, needle: str) -> int:
    """The pure-Python function that step 1 rewrites in Rust."""
    return sum(word == needle for line in contents.splitlines() for word in line.split())


# ANCHOR_END: reference


def check(contents: str, needle: str) -> None:
    with on_input(f"count_occurrences({contents!r}, {needle!r})"):
        got = jxl_demo.count_occurrences(contents, needle)
    expected = python_reference(contents, needle)
    assert got == expected, _(
        "count_occurrences({contents}, {needle}) returned {got}; the Python reference returns {expected}"
    ).format(contents=repr(contents), needle=repr(needle), got=repr(got), expected=repr(expected))


# Every character that Python's str.isspace() accepts, computed on this Python.
PYTHON_WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


@exercise("export")
@hint(
    "Mark the function `#[pyfunction]`, and export it from the module with "
    "`#[pymodule_export] use super::count_occurrences;`.",
    read="step-1.md#exercise-1-export-the-function",
)
def test_is_exported():
    """jxl_demo has a function count_occurrences"""
    # Without the export, this line raises what Python says of a name the
    # module does not have: AttributeError: module 'jxl_demo' has no attribute ...
    function = jxl_demo.count_occurrences
    assert callable(function), _("jxl_demo.count_occurrences is a {kind}").format(
        kind=type(function).__name__
    )


@exercise("export")
@hint(
    "The Python names of the arguments come from the Rust ones: `contents` and `needle`.",
    read="step-1.md#exercise-1-export-the-function",
)
def test_signature():
    """its signature is (contents, needle), so it takes keyword arguments"""
    signature = getattr(jxl_demo.count_occurrences, "__text_signature__", None)
    assert signature == "(contents, needle)", _(
        "count_occurrences.__text_signature__ is {signature}, expected '(contents, needle)'"
    ).format(signature=repr(signature))


@exercise("export")
@hint(
    "PyO3 converts the arguments before your code runs: a non-str argument never reaches it.",
    read="step-1.md#exercise-1-export-the-function",
)
def test_arguments_are_converted_by_pyo3():
    """rejects non-str arguments with TypeError"""
    with pytest.raises(TypeError):
        jxl_demo.count_occurrences(b"a b", "a")
    with pytest.raises(TypeError):
        jxl_demo.count_occurrences("a b", 1)
    with pytest.raises(TypeError):
        jxl_demo.count_occurrences("a b")


@exercise("count_words")
@hint(
    "Start with the plain case: split `contents` with `is_python_whitespace` and count the "
    "pieces equal to `needle`.",
    read="step-1.md#exercise-2-count-the-words",
)
def test_counts_words_separated_by_spaces():
    """counts words separated by single spaces"""
    check("the cat saw the other cat", "cat")
    check("a b c d", "a")
    check("no match here", "cat")


@exercise("count_words")
@hint(
    "Compare whole words with `==`; a word that merely contains the needle does not count.",
    read="step-1.md#exercise-2-count-the-words",
)
def test_whole_words_only():
    """counts whole words, not substrings"""
    check("cat concat cats cat. cat", "cat")
    check("aaa aa a", "a")


@exercise("python_whitespace")
@hint(
    "`is_python_whitespace` still says true for ' ' alone. Python's `split()` with no "
    "argument splits on runs of any whitespace and never yields empty words.",
    read=READ,
)
def test_tabs_and_runs_of_spaces():
    """handles tabs, runs of spaces and leading/trailing whitespace"""
    check("a\tb\ta", "a")
    check("  a   a  ", "a")
    check("a \t \t a", "a")


@exercise("python_whitespace")
@hint(
    "Python breaks lines at \\r, \\v, \\f, \\x1c-\\x1e, \\x85, \\u2028 and \\u2029 too, "
    "and all of them are whitespace to str.split(). Rust's `lines()` misses most of them, "
    "and `char::is_whitespace` misses \\x1c-\\x1e.",
    read=READ,
)
def test_every_kind_of_line_break():
    """handles \\r\\n, \\r and every other line break Python knows"""
    check("a\r\na\ra\na", "a")
    for brk in ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]:
        check(f"a{brk}a", "a")


@exercise("python_whitespace")
@hint(
    "Python's whitespace is Unicode's White_Space plus U+001C..U+001F. "
    "`char::is_whitespace` knows the first part only.",
    read=READ,
)
def test_unicode_whitespace():
    """treats Unicode spaces (no-break, ideographic, U+001F, ...) as Python does"""
    check("a\u00a0a\u3000a\u2003a", "a")
    check("a\x1fa", "a")
    check("a\u200ba", "a")  # ZERO WIDTH SPACE is not whitespace to Python
    check("a\u180ea", "a")  # nor is MONGOLIAN VOWEL SEPARATOR


@exercise("python_whitespace")
@hint(
    "A word never contains whitespace and is never empty, so such a needle never matches.",
    read=READ,
)
def test_needle_that_cannot_be_a_word():
    """returns 0 for an empty needle or one containing whitespace"""
    check("a  b", "")
    check("", "")
    check("a b a b", "a b")


@exercise("python_whitespace")
@hint(
    "One character is split differently from Python. The message names it.",
    read=READ,
)
def test_every_character_as_separator():
    """agrees with Python for every Unicode character between two words"""
    # One call per block of characters keeps this fast; on a mismatch, find the culprit.
    characters = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    for start in range(0, len(characters), 4096):
        block = characters[start : start + 4096]
        # "x{c0}x x{c1}x x{c2}x ...": each character between two words.
        text = "x" + "x x".join(block) + "x"
        # python_reference's answer, in one call of C code: split() alone
        # splits at line breaks too, and every word is counted at once.
        if jxl_demo.count_occurrences(text, "x") != text.split().count("x"):
            for ch in block:
                check(f"x{ch}x", "x")


words = st.sampled_from(["a", "b", "ab", "né", "猫", ""])
separators = st.sampled_from(PYTHON_WHITESPACE + [" ", " ", "\r\n", "\u200b", "-"])
texts = st.lists(st.one_of(words, separators, st.characters(exclude_categories=["Cs"]))).map(
    "".join
)


@pytest.mark.beside  # slow: runs beside the others in `nox -s step1`
@exercise("python_whitespace")
@hint(
    "The message shows the shortest text on which your function and Python disagree.",
    read=READ,
)
@settings(max_examples=300, deadline=None)
@given(contents=texts, needle=st.one_of(words, st.text(max_size=3)))
@example(contents="a\u2028b a", needle="a")
def test_agrees_with_python(contents, needle):
    """agrees with the Python reference on random text"""
    check(contents, needle)


@exercise("count_words")
@hint(
    "The Python names of the arguments come from the Rust ones: `contents` and `needle`.",
    read="step-1.md#exercise-2-count-the-words",
)
def test_keyword_arguments():
    """accepts its arguments by keyword, as contents= and needle="""
    assert jxl_demo.count_occurrences(contents="a b c d", needle="a") == 1
    assert jxl_demo.count_occurrences("a b a", needle="a") == 2


@exercise("every_str")
@hint(
    "A str with a lone surrogate has no UTF-8 form, so it cannot become a `&str`. Take "
    "`&Bound<'_, PyString>`, use `to_str()` when it works, and let Python split the others.",
    read="step-1.md#exercise-4-every-str",
)
def test_lone_surrogates():
    """counts words in a str that holds lone surrogates, as Python does"""
    check("a \udcff a", "a")
    check("a \udcff a \udcff", "\udcff")
    check("\ud800x \udc00x \ud800x", "\ud800x")
    check("a\u3000\udcfe\ta", "\udcff")
    check("word", "\udcff")


surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


@pytest.mark.beside  # slow: runs beside the others in `nox -s step1`
@exercise("every_str")
@hint(
    "The message shows the shortest text on which your function and Python disagree.",
    read="step-1.md#exercise-4-every-str",
)
@settings(max_examples=200, deadline=None)
@given(
    contents=st.lists(st.one_of(words, separators, surrogates)).map("".join),
    needle=st.one_of(words, surrogates, st.text(max_size=2)),
)
def test_agrees_with_python_on_every_str(contents, needle):
    """agrees with the Python reference on random text with lone surrogates"""
    check(contents, needle)


FREE_THREADED = bool(__import__("sysconfig").get_config_var("Py_GIL_DISABLED"))


@exercise("export")
@hint(
    "PyO3 declares a module safe without the GIL unless `#[pymodule(gil_used = true)]` says "
    "otherwise; a module that says so makes a free-threaded Python turn the GIL back on.",
    read="step-1-deeper.md#free-threaded-python",
)
@pytest.mark.skipif(not FREE_THREADED, reason="this Python has a GIL")
def test_free_threaded_python_keeps_the_gil_off():
    """on a free-threaded Python, importing jxl_demo leaves the GIL off"""
    assert not sys._is_gil_enabled(), (  # type: ignore[attr-defined]  # 3.13+
        _("importing jxl_demo turned the GIL on: the module declares that it needs it")
    )
