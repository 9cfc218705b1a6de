"""Step 6 in real programs: the parallel functions after os.fork(), and Ctrl-C
between the pieces of their work.

Each scenario runs in a process of its own with a time limit (see programs.py).
"""

# Checks: run beside the others.

from __future__ import annotations

import sys

import programs
import pytest
from language import N_, _

hint = pytest.mark.hint
# os.fork, process groups and SIGINT as a terminal sends it exist on Linux and macOS only.
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no os.fork on Windows")
READ = "step-6.md#threads-fork-and-ctrl-c"

FORK_AFTER_PARALLEL_WORK = """
import os
import jxl_demo, samples

text = "cat dog " * 400_000  # 3.2 MB: counted on several threads
images = [samples.data("tiles"), samples.data("rgb")]
shapes = [(i["height"], i["width"], i["channels"]) for i in map(samples.info, ["tiles", "rgb"])]
jxl_demo.count_occurrences(text, "cat")
jxl_demo.decode_many(images)
pid = os.fork()
if pid == 0:
    try:
        ok = jxl_demo.count_occurrences(text, "cat") == 400_000
        ok = ok and [a.shape for a in jxl_demo.decode_many(images)] == shapes
        os._exit(0 if ok else 2)
    except BaseException:
        os._exit(3)
print("child", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
"""

MULTIPROCESSING = """
import multiprocessing
import jxl_demo, samples

TEXT = "cat dog " * 150_000  # 1.2 MB: past the parallel threshold (1 MiB)

def work(n):
    return jxl_demo.count_occurrences(TEXT * n, "cat") + len(jxl_demo.decode_many([samples.data("rgb")] * n))

if __name__ == "__main__":
    work(1)  # the parent's threads have started before the workers fork
    with multiprocessing.get_context("fork").Pool(2) as pool:
        print(pool.map(work, [1, 2, 3], chunksize=1))
"""


CTRL_C_IN_DECODE_MANY = programs.interrupted_program(
    'images = [samples.data("medium")] * 12 + [b"not an image"]',
    "decode_many",
    "jxl_demo.decode_many(images)",
)

CTRL_C_IN_ONE_DECODE = programs.interrupted_program(
    programs.BOMB_SETUP, "decode_jxl_as_array", "jxl_demo.decode_jxl_as_array(data)"
)

# jxl-oxide's default limit refuses it: the check allows its 2**26 pixels.
CTRL_C_IN_ONE_OXIDE_DECODE = programs.interrupted_program(
    programs.BOMB_16_SETUP,
    "decode_jxl_as_array",
    "jxl_demo.decode_jxl_as_array(data, max_pixels=2**26)",
)

CTRL_C_WHILE_COUNTING = programs.interrupted_program(
    'text = "cat dog " * 4_000_000  # 32 MB',
    "count_occurrences",
    'jxl_demo.count_occurrences(text, "cat")',
)


@hint(
    "rayon's global pool has no threads in a forked child: run every parallel job on "
    "this process's own pool (`super::pool::pool()`, `map_interruptible`).",
    read=READ,
)
@programs.ahead(FORK_AFTER_PARALLEL_WORK)
def test_a_forked_child_can_count_and_decode_many():
    """counts a long text and decodes many images in a child forked after doing both"""
    outcome = programs.run(FORK_AFTER_PARALLEL_WORK)
    assert outcome.returncode is not None, programs.hung(outcome, N_("the forked child"))
    assert "child 0" in outcome.lines, outcome.describe(
        _("the forked child could not count or decode, or got wrong answers.")
    )


@hint(
    "multiprocessing's fork start method makes its workers with os.fork(): the parallel "
    "work must not use a pool the parent started.",
    read=READ,
)
@programs.ahead(MULTIPROCESSING)
def test_multiprocessing_with_fork():
    """counts and decodes in the workers of a multiprocessing.Pool that forks"""
    outcome = programs.run(MULTIPROCESSING)
    assert outcome.returncode is not None, programs.hung(outcome, "multiprocessing.Pool.map")
    assert "[150001, 300002, 450003]" in outcome.lines, outcome.describe(
        _("the workers did not return the right answers.")
    )


@hint(
    "Between images, look for Ctrl-C: `Python::attach(|py| py.check_signals())` from the "
    "calling thread, and start no more images once it returns an error "
    "(`super::pool::map_interruptible` does this).",
    read=READ,
)
@programs.ahead(CTRL_C_IN_DECODE_MANY)
def test_ctrl_c_stops_decode_many_between_images():
    """Ctrl-C during decode_many raises KeyboardInterrupt before the last image is reached"""
    # A damaged image last: had decode_many gone on to the end, it would have
    # raised JxlError for that one.
    outcome, state = programs.interrupted_call(CTRL_C_IN_DECODE_MANY)
    assert outcome.returncode is not None, programs.hung(outcome, N_("the interrupted decode_many"))
    assert state.get("sent_inside"), outcome.describe(
        _("Ctrl-C came after decode_many: nothing was tested.")
    )
    assert state["outcome"].startswith("KeyboardInterrupt"), outcome.describe(
        _("Ctrl-C during decode_many: {outcome}, not KeyboardInterrupt.").format(
            outcome=state["outcome"]
        )
    )
    assert "JxlError" not in state["outcome"], _(
        "decode_many went on to the last image after Ctrl-C (it raised JxlError for it) instead of stopping between images."
    )
    assert state["handled_inside"], _(
        "Python saw Ctrl-C only when decode_many returned: it did not look for signals between images."
    )


def interrupted_decode(program: str) -> dict:
    """Run a program that presses Ctrl-C during one decode_jxl_as_array, check
    that the decode was interrupted and raised KeyboardInterrupt, and return
    what the program saw (whether Python handled Ctrl-C inside the call)."""
    outcome, state = programs.interrupted_call(program)
    assert outcome.returncode is not None, programs.hung(outcome, N_("the interrupted decode"))
    assert state.get("sent_inside"), outcome.describe(
        _("Ctrl-C came after decode_jxl_as_array: nothing was tested.")
    )
    assert state["outcome"] == "KeyboardInterrupt", outcome.describe(
        _("Ctrl-C during decode_jxl_as_array: {outcome}, not KeyboardInterrupt.").format(
            outcome=state["outcome"]
        )
    )
    return state


@hint(
    "Give jxl-rs a parallel runner that looks for Ctrl-C between groups of pixels, on the "
    "calling thread, and makes jxl-rs stop with an error when it was pressed "
    "(`super::pool::Runner`).",
    read="step-6-deeper.md#lending-the-array-to-jxl-rs",
)
@pytest.mark.starter_passes("decode_jxl_as_array comes finished in the starter")
@programs.ahead(CTRL_C_IN_ONE_DECODE)
def test_ctrl_c_stops_a_single_long_decode():
    """Ctrl-C during one long decode raises KeyboardInterrupt before the decode ends"""
    state = interrupted_decode(CTRL_C_IN_ONE_DECODE)
    assert state["handled_inside"], _(
        "Python saw Ctrl-C only when decode_jxl_as_array returned: the decode did not look "
        "for signals between groups of pixels."
    )


@hint(
    "jxl-oxide cannot be stopped: decode on the pool with `map_interruptible`, and "
    "when Ctrl-C comes take its memory allowance away (`pool::on_stop`), so that its "
    "next allocation fails.",
    read="step-6-deeper.md#lending-the-array-to-jxl-rs",
)
@pytest.mark.starter_passes("decode_jxl_as_array comes finished in the starter")
@programs.ahead(CTRL_C_IN_ONE_OXIDE_DECODE)
def test_ctrl_c_stops_a_single_long_decode_by_jxl_oxide():
    """Ctrl-C during one long 16-bit decode (jxl-oxide's) raises KeyboardInterrupt before it ends"""
    state = interrupted_decode(CTRL_C_IN_ONE_OXIDE_DECODE)
    assert state["handled_inside"], _(
        "Python saw Ctrl-C only when the 16-bit decode returned: nothing stopped jxl-oxide."
    )


@hint(
    "Write the pixels straight into the array's memory, with jxl-rs, rather than "
    "rendering the whole frame first.",
    read="step-6-deeper.md#lending-the-array-to-jxl-rs",
)
@pytest.mark.starter_passes("decode_jxl_as_array comes finished in the starter")
@programs.ahead(programs.BOMB_MEMORY)
def test_a_decompression_bomb_decodes_in_bounded_memory():
    """decodes 2 KB that unpack to 8192 x 8192 RGBA with at most twice the array's memory"""
    outcome = programs.run(programs.BOMB_MEMORY)
    assert outcome.returncode is not None, programs.hung(outcome, N_("the decode of the bomb"))
    line = next((line for line in outcome.lines if line.startswith("shape")), None)
    assert line is not None, outcome.describe(_("the bomb was not decoded."))
    assert "(8192, 8192, 4)" in line, line
    rise = int(line.split()[-1])
    # The array is 256 MiB; a decoder that renders the whole frame as floats
    # first (jxl-oxide) needs 2.4 GB.
    assert rise <= 512, _(
        "decoding the bomb raised the process's peak memory by {rise} MiB, more than twice "
        "the 256 MiB of its pixels"
    ).format(rise=rise)


@hint(
    "Cut the text into pieces, and between pieces look for Ctrl-C "
    "(`count_words_parallel` takes a function that does).",
    read=READ,
)
@programs.ahead(CTRL_C_WHILE_COUNTING)
def test_ctrl_c_stops_counting_between_pieces():
    """Ctrl-C while counting a long text raises KeyboardInterrupt before the count ends"""
    outcome, state = programs.interrupted_call(CTRL_C_WHILE_COUNTING)
    assert outcome.returncode is not None, programs.hung(outcome, N_("the interrupted count"))
    assert state.get("sent_inside"), outcome.describe(
        _("Ctrl-C came after the count: nothing was tested.")
    )
    assert state["outcome"] == "KeyboardInterrupt", outcome.describe(
        _("Ctrl-C while counting: {outcome}, not KeyboardInterrupt.").format(
            outcome=state["outcome"]
        )
    )
    assert state["handled_inside"], _(
        "Python saw Ctrl-C only when count_occurrences returned: it did not look for signals between the pieces of the text."
    )
