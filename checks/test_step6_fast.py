"""Step 6 (bonus): the same answers, faster: a parallel count_occurrences that
releases the GIL on long texts, and decode_many(list[bytes])."""

from __future__ import annotations

import functools
import math
import random
import sys
import time

import jxl_demo
import numpy as np
import programs
import pytest
import samples
from hypothesis import example, given, settings
from hypothesis import strategies as st
from language import N_, _

hint = pytest.mark.hint
exercise = pytest.mark.exercise
READ = "step-6.md#exercise-2-many-images-at-once"
ALREADY_CORRECT = "the starter's slow count is already correct"


def python_reference(contents: str, needle: str) -> int:
    """Step 1's Python reference, counting each line's words with list.count:
    the same answer, quicker on the megabytes of text these checks use."""
    return sum(line.split().count(needle) for line in contents.splitlines())


@functools.cache
def long_text(megabytes: float, seed: int) -> tuple[str, int]:
    """Words and every kind of whitespace, past the parallel threshold (1 MiB):
    a block of 20,000 words repeated, and how many times."""
    rng = random.Random(seed)
    words = ["cat", "cats", "concat", "猫", "cat.", "né", "x"]
    spaces = [" ", "  ", "\t", "\r\n", "\u3000", "\x1c", "\u00a0", "\u2029"]
    block = "".join(rng.choice(words) + rng.choice(spaces) for _ in range(20_000))
    return block, max(1, int(megabytes * 1_000_000 / len(block.encode())))


@hint(
    "Each piece must start at whitespace, so that no word is cut in two, and every "
    "occurrence needs whitespace (or the text's end) on both sides.",
    read="step-6.md#counting-in-parallel",
)
@pytest.mark.starter_passes(ALREADY_CORRECT)
@pytest.mark.parametrize("needle", ["cat", "猫", "né", "cat.", "x", "", "cat cat", "\u3000"])
def test_long_texts_give_pythons_answer(needle):
    """gives Python's answer on long texts, cut into pieces"""
    block, copies = long_text(3, seed=len(needle))
    text = block * copies
    # The block ends with whitespace, so no word spans two copies of it: the
    # text holds `copies` times the block's words.
    got, want = jxl_demo.count_occurrences(text, needle), python_reference(block, needle) * copies
    assert got == want, _(
        "count_occurrences(<{length} characters>, {needle}) = {got}, not {want}"
    ).format(length=len(text), needle=repr(needle), got=got, want=want)


@exercise("count_occurrences_parallel")
@hint(
    "An occurrence of the needle's bytes is a word only with whitespace on both sides: "
    "check the character before and the one after.",
    read="step-6.md#search-then-look-around",
)
@pytest.mark.starter_passes(ALREADY_CORRECT)
def test_occurrences_inside_words_do_not_count():
    """does not count the needle inside longer words, at either end of the text"""
    for text, needle in [
        ("cat", "cat"),
        ("concat cats xcatx cat", "cat"),
        ("catcat cat", "cat"),
        ("aaa aa a", "aa"),
        ("猫猫 猫", "猫"),
        ("\x1ccat\x1f", "cat"),
        ("cat\u200bcat", "cat"),
    ]:
        got, want = jxl_demo.count_occurrences(text, needle), python_reference(text, needle)
        assert got == want, _("count_occurrences({text}, {needle}) = {got}, not {want}").format(
            text=repr(text), needle=repr(needle), got=got, want=want
        )


# Texts that cross the fast count's blocks of 64 bytes many times, made of the
# needles, words that hold them, every kind of whitespace, and any character.
WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
fast_words = st.sampled_from(["the", "there", "other", "th", "he", "x", "и", "иди", "猫", "né"])
fast_pieces = st.one_of(
    fast_words,
    fast_words,
    st.sampled_from(WHITESPACE + [" ", " ", "\r\n", "\u200b", "-", "."]),
    st.characters(exclude_categories=["Cs"]),
)
fast_texts = st.lists(fast_pieces, min_size=10, max_size=600).map("".join)
fast_needles = st.one_of(st.sampled_from(["the", "x", "и", "猫", "né", "he"]), st.text(max_size=3))


@hint(
    "The message shows the shortest text on which your count and Python's disagree.",
    read="step-6.md#search-then-look-around",
)
@pytest.mark.starter_passes(ALREADY_CORRECT)
@settings(max_examples=400, deadline=None)
@given(contents=fast_texts, needle=fast_needles)
@example(contents="the " * 40 + "the", needle="the")
@example(contents="x" * 63 + " the\u0085the\u3000the", needle="the")
def test_agrees_with_python_across_blocks(contents, needle):
    """agrees with the Python reference on random texts of hundreds of characters"""
    got, want = jxl_demo.count_occurrences(contents, needle), python_reference(contents, needle)
    assert got == want, _("count_occurrences({text}, {needle}) = {got}, not {want}").format(
        text=repr(contents), needle=repr(needle), got=got, want=want
    )


@hint(
    "Each piece must start at whitespace, so that no word is cut in two.",
    read="step-6.md#counting-in-parallel",
)
@pytest.mark.starter_passes(ALREADY_CORRECT)
@settings(max_examples=25, deadline=None)
@given(contents=fast_texts, needle=fast_needles, shift=st.integers(0, 200))
def test_agrees_with_python_in_parallel(contents, needle, shift):
    """agrees with the Python reference on random texts long enough to be counted in parallel"""
    text = "x" * shift + contents * (1_200_000 // max(1, len(contents.encode())) + 1)
    got, want = jxl_demo.count_occurrences(text, needle), python_reference(text, needle)
    assert got == want, _(
        "count_occurrences(<{length} characters: {start} ... repeated>, {needle}) = {got}, not {want}"
    ).format(length=len(text), start=repr(contents[:60]), needle=repr(needle), got=got, want=want)


@exercise("count_occurrences_parallel")
@hint(
    "Above the threshold, run the parallel count inside `py.detach(|| ...)`.",
    read="step-6.md#counting-in-parallel",
)
def test_count_releases_the_gil_on_long_texts():
    """lets other Python threads run while it counts a long text"""
    # One-letter words, every one a match, past the parallel threshold (1 MiB),
    # repeated until one count takes about a tenth of a second: long enough to
    # see whether other threads ran meanwhile, whatever the build's speed (a
    # debug build counts 4 MiB slowly, a release build needs far more text).
    text = "x " * (2 << 20)
    start = time.perf_counter()
    jxl_demo.count_occurrences(text, "x")
    took = time.perf_counter() - start
    text *= min(64, math.ceil(0.1 / max(took, 1e-4)))
    samples.assert_other_threads_run(lambda: jxl_demo.count_occurrences(text, "x"), N_("counts"))


@exercise("decode_many")
@hint(
    "Decode each image with decode::decode_pixels, on rayon's threads (`par_iter`), "
    "and turn each array into NumPy's with `into_pyarray`.",
    read=READ,
)
def test_decode_many_matches_one_by_one():
    """decodes a list of images to the same arrays as decode_jxl_as_array, in order"""
    names = samples.names() * 2
    arrays = jxl_demo.decode_many([samples.data(n) for n in names])
    assert isinstance(arrays, list) and len(arrays) == len(names)
    for name, array in zip(names, arrays):
        assert np.array_equal(array, jxl_demo.decode_jxl_as_array(samples.data(name))), name
        assert not array.flags.owndata, _("{name}: the array was copied").format(name=name)
    assert jxl_demo.decode_many(()) == []


@exercise("decode_many")
@hint(
    "Collect every result, then turn the first error into a JxlError that says which "
    "image it was: `image 1: ...`.",
    read=READ,
)
def test_decode_many_names_the_bad_image():
    """raises JxlError naming the index of an image that cannot be decoded"""
    good = samples.data("rgb")
    with pytest.raises(jxl_demo.JxlError, match=r"^image 1: not a JPEG XL image"):
        jxl_demo.decode_many([good, b"GIF89a", good])


@exercise("decode_many")
@hint(
    "Pass `max_pixels` on to decode::decode_pixels as it came, None included: None means "
    "the limit of the decoder that decodes each image.",
    read=READ,
)
def test_decode_many_keeps_each_decoders_limit():
    """refuses by default a 16-bit image of 8192 x 8192, as decode_jxl_as_array does"""
    data = programs.bomb_16()
    with pytest.raises(jxl_demo.JxlError, match=r"^image 0: image too large: .*16777216"):
        jxl_demo.decode_many([data])


@exercise("decode_many")
@hint("Decode inside `py.detach(|| ...)`, with the slices taken out first.", read=READ)
def test_decode_many_releases_the_gil():
    """lets other Python threads run while it decodes"""
    batch = [samples.data("medium")] * 2
    samples.assert_other_threads_run(lambda: jxl_demo.decode_many(batch), N_("decodes a batch"))


@exercise("decode_many")
@hint("The parameter `images: Vec<PyBackedBytes>` accepts a sequence of bytes.", read=READ)
@pytest.mark.starter_passes("PyO3 checks the arguments before the code runs")
def test_decode_many_wants_bytes():
    """rejects a str, or a list holding something other than bytes, with TypeError"""
    for wrong in ("not a list", [b"\xff\x0a", "not bytes"], [None]):
        with pytest.raises(TypeError):
            jxl_demo.decode_many(wrong)
