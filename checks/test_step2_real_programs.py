"""Step 2 on: jxl_demo in real programs — os.fork, multiprocessing and Ctrl-C.

Each scenario runs in a process of its own with a time limit (see programs.py):
a hang fails the check rather than hanging the checks.
"""

# Checks: run beside the others.

from __future__ import annotations

import sys

import programs
import pytest
import samples
from language import N_, _

hint = pytest.mark.hint
# os.fork, process groups and SIGINT as a terminal sends it exist on Linux and macOS only.
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no os.fork on Windows")
READ = "step-2-deeper.md#programs-that-fork"

FORK_AFTER_DECODE = """
import os
import jxl_demo, numpy, samples

big = samples.data("medium")  # groups of pixels, which the decoder's threads share
expected = jxl_demo.decode_jxl_as_array(big)  # the decoder's threads have started
pid = os.fork()
if pid == 0:  # the child: one thread, a copy of the parent's memory
    try:
        small = jxl_demo.decode_jxl_as_array(samples.data("rgb"))
        ok = numpy.array_equal(small, samples.expected("rgb")) and numpy.array_equal(
            jxl_demo.decode_jxl_as_array(big), expected
        )
        os._exit(0 if ok else 2)
    except BaseException:
        os._exit(3)
_, status = os.waitpid(pid, 0)
print("child", os.waitstatus_to_exitcode(status))
jxl_demo.decode_jxl_as_array(big)
print("parent done")
"""

FORK_DURING_DECODE = """
import os, threading, time
import jxl_demo, numpy, samples

# An image of several groups in each direction, which every step decodes on
# its pool's threads.
big, small = samples.data("medium"), samples.data("rgb")
expected = jxl_demo.decode_jxl_as_array(big)
stop = threading.Event()

def keep_decoding():
    while not stop.is_set():
        jxl_demo.decode_jxl_as_array(big)

worker = threading.Thread(target=keep_decoding)
worker.start()
statuses = []
for _ in range(3):  # fork while the other thread is in the middle of a decode
    jxl_demo.decode_jxl_as_array(small)
    time.sleep(0.02)  # the worker, meanwhile, decodes without a pause
    pid = os.fork()
    if pid == 0:  # each decode starts by asking for this process's pool
        try:
            got = jxl_demo.decode_jxl_as_array(big)
            os._exit(0 if numpy.array_equal(got, expected) else 2)
        except BaseException:
            os._exit(3)
    statuses.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
stop.set()
worker.join()
print("children", statuses)
"""

MULTIPROCESSING = """
import multiprocessing
import jxl_demo, samples

def shape(name):
    return list(jxl_demo.decode_jxl_as_array(samples.data(name)).shape)

if __name__ == "__main__":
    shape("medium")  # the parent's decoder threads have started before the workers fork
    with multiprocessing.get_context("fork").Pool(2) as pool:
        print(pool.map(shape, ["rgb", "medium", "gray", "rgba"], chunksize=1))
"""

CTRL_C_IN_THE_FIRST_CALL = programs.interrupted_program(
    'data = samples.data("medium")',
    "decode_jxl_as_array",
    "jxl_demo.decode_jxl_as_array(data)  # the first array this process makes",
)


def shape_of(name: str) -> list[int]:
    info = samples.info(name)
    return [info["height"], info["width"], info["channels"]]


@hint(
    "A forked child has one thread; a thread pool started before the fork is not there. "
    "Decode on a pool of this process's own (pool.rs: `JxlImageBuilder::pool`).",
    read=READ,
)
@programs.ahead(FORK_AFTER_DECODE)
def test_a_forked_child_can_decode():
    """decodes in a child made by os.fork() after the parent has decoded"""
    outcome = programs.run(FORK_AFTER_DECODE)
    assert outcome.returncode is not None, programs.hung(outcome, N_("the forked child"))
    assert "child 0" in outcome.lines, outcome.describe(
        _("the forked child could not decode, or decoded wrong pixels.")
    )
    assert "parent done" in outcome.lines, outcome.describe(
        _("the parent could not decode after forking.")
    )


@hint(
    "A lock held by another thread at the moment of the fork stays locked in the child: "
    "the child must never wait for one (`try_lock`).",
    read=READ,
)
@programs.ahead(FORK_DURING_DECODE)
def test_a_child_forked_during_a_decode_can_decode():
    """decodes in a child forked while another thread was decoding"""
    outcome = programs.run(FORK_DURING_DECODE)
    assert outcome.returncode is not None, programs.hung(outcome, N_("a forked child"))
    assert "children [0, 0, 0]" in outcome.lines, outcome.describe(
        _("a child forked during a decode could not decode.")
    )


@hint(
    "multiprocessing's fork start method makes its workers with os.fork(): make a forked "
    "child decode first.",
    read=READ,
)
@programs.ahead(MULTIPROCESSING)
def test_multiprocessing_with_fork():
    """decodes in the workers of a multiprocessing.Pool that forks"""
    outcome = programs.run(MULTIPROCESSING)
    assert outcome.returncode is not None, programs.hung(outcome, "multiprocessing.Pool.map")
    expected = [shape_of(n) for n in ("rgb", "medium", "gray", "rgba")]
    assert str(expected) in outcome.lines, outcome.describe(
        _("the workers did not return the shapes {expected}.").format(expected=expected)
    )


@hint(
    "rust-numpy loads NumPy's C API on the first array it makes, running Python code that "
    "a pending Ctrl-C interrupts, and then panics. Load it in a `#[pymodule_init]`.",
    read="step-2-deeper.md#ctrl-c",
)
@programs.ahead(CTRL_C_IN_THE_FIRST_CALL)
def test_ctrl_c_in_the_first_call_raises_keyboard_interrupt():
    """Ctrl-C during a process's first decode raises KeyboardInterrupt, not a panic"""
    outcome, state = programs.interrupted_call(CTRL_C_IN_THE_FIRST_CALL)
    assert outcome.returncode is not None, programs.hung(outcome, N_("the interrupted program"))
    assert state.get("sent_inside"), outcome.describe(
        _("Ctrl-C came after the decode: nothing was tested.")
    )
    assert state["outcome"] == "KeyboardInterrupt", outcome.describe(
        _("Ctrl-C during the first decode raised {outcome}, not KeyboardInterrupt.").format(
            outcome=state["outcome"]
        )
    )


@hint(
    "A small file can declare a huge image: refuse it with ValueError after reading the "
    "header and before decoding a pixel (`decode.rs` compares its pixels with the limit), "
    "unless the decoder needs little more memory than the array.",
    read="step-4.md#a-limit-on-image-size",
)
@programs.ahead(programs.BOMB_MEMORY)
def test_a_decompression_bomb_is_refused_or_decoded_in_bounded_memory():
    """refuses 2 KB that unpack to 8192 x 8192 RGBA, or decodes them in bounded memory"""
    outcome = programs.run(programs.BOMB_MEMORY)
    assert outcome.returncode is not None, programs.hung(outcome, N_("the decode of the bomb"))
    line = next((line for line in outcome.lines if line.startswith(("shape", "refused"))), None)
    assert line is not None, outcome.describe(
        _("the bomb was neither decoded nor refused with ValueError.")
    )
    rise = int(line.split()[-1])
    if line.startswith("refused"):
        message = next((line for line in outcome.lines if line.startswith("message")), "")
        assert "too large" in message, outcome.describe(
            _("the bomb was refused, but the message does not say the image is too large.")
        )
        # A refusal comes before the 256 MiB of pixels are allocated.
        assert rise <= 64, _(
            "refusing the bomb raised the process's peak memory by {rise} MiB: refuse it "
            "after reading the header, before allocating anything for its pixels"
        ).format(rise=rise)
    else:
        assert "(8192, 8192, 4)" in line, line
        # The array is 256 MiB; jxl-oxide, which renders the whole frame as
        # floats first, needs 2.3 GiB.
        assert rise <= 512, _(
            "decoding the bomb raised the process's peak memory by {rise} MiB, more than "
            "twice the 256 MiB of its pixels: refuse so large an image by default"
        ).format(rise=rise)
