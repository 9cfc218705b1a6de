"""Step 1: jxl_demo.count_occurrences(contents, needle) -> int.

The answer must be exactly what `python_reference` returns.
"""

from __future__ import annotations

import sys

import jxl_demo
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

READ = "step-1.md#whitespace-exactly"
hint = pytest.mark.hint


# ANCHOR: reference
def python_reference(contents: str, needle: str) -> int:
    """The pure-Python function that step 1 rewrites in Rust."""
    return sum(word == needle for line in contents.splitlines() for word in line.split())


# ANCHOR_END: reference


def check(contents: str, needle: str) -> None:
    got = jxl_demo.count_occurrences(contents, needle)
    expected = python_reference(contents, needle)
    assert got == expected, (
        f"count_occurrences({contents!r}, {needle!r}) returned {got!r}; "
        f"the Python reference returns {expected!r}"
    )


# Every character that Python's str.isspace() accepts, computed on this Python.
PYTHON_WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


@hint(
    "Start with the plain case: split `contents` on whitespace and count the pieces "
    "equal to `needle`.",
    read="step-1.md#the-exercise",
)
def test_counts_words_separated_by_spaces():
    """counts words separated by single spaces"""
    check("the cat saw the other cat", "cat")
    check("a b c d", "a")
    check("no match here", "cat")


@hint(
    "Compare whole words with `==`; a word that merely contains the needle does not count.",
    read="step-1.md#the-exercise",
)
def test_whole_words_only():
    """counts whole words, not substrings"""
    check("cat concat cats cat. cat", "cat")
    check("aaa aa a", "a")


@hint(
    "`split(' ')` only knows the space. Python's `split()` with no argument splits on "
    "runs of any whitespace and never yields empty words.",
    read=READ,
)
def test_tabs_and_runs_of_spaces():
    """handles tabs, runs of spaces and leading/trailing whitespace"""
    check("a\tb\ta", "a")
    check("  a   a  ", "a")
    check("a \t \t a", "a")


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


@hint(
    "A word never contains whitespace and is never empty, so such a needle never matches.",
    read=READ,
)
def test_needle_that_cannot_be_a_word():
    """returns 0 for an empty needle or one containing whitespace"""
    check("a  b", "")
    check("", "")
    check("a b a b", "a b")


@hint(
    "One character is split differently from Python. The message names it.",
    read=READ,
)
def test_every_character_as_separator():
    """agrees with Python for every Unicode character between two words"""
    # One call per block of characters keeps this fast; on a mismatch, find the culprit.
    characters = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(characters), 4096):
        block = characters[start : start + 4096]
        text = " ".join(f"x{ch}x" for ch in block)
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


@hint(
    "PyO3 converts the arguments before your code runs; is the function's "
    "signature still `(contents: &str, needle: &str) -> usize`?",
    read="step-1.md#from-python-types-to-rust-types",
)
@pytest.mark.starter_passes("PyO3 checks the arguments before the code runs")
def test_arguments_are_converted_by_pyo3():
    """rejects non-str arguments with TypeError, and lone surrogates with UnicodeEncodeError"""
    with pytest.raises(TypeError):
        jxl_demo.count_occurrences(b"a b", "a")
    with pytest.raises(TypeError):
        jxl_demo.count_occurrences("a b", 1)
    with pytest.raises(TypeError):
        jxl_demo.count_occurrences("a b")
    # A Rust &str is always valid UTF-8; a str holding half a surrogate pair is not.
    with pytest.raises(UnicodeEncodeError):
        jxl_demo.count_occurrences("a \ud800", "a")


@hint(
    "The Python names of the arguments come from the Rust ones: `contents` and `needle`.",
    read="step-1.md#what-python-sees",
)
def test_keyword_arguments():
    """accepts its arguments by keyword, as contents= and needle="""
    assert jxl_demo.count_occurrences(contents="a b c d", needle="a") == 1
    assert jxl_demo.count_occurrences("a b a", needle="a") == 2
