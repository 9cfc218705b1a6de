"""Step 6 in real programs: the parallel functions after os.fork(), and Ctrl-C
between the pieces of their work.

Each scenario runs in a process of its own with a time limit (see programs.py).
"""

from __future__ import annotations

import programs
import pytest

hint = pytest.mark.hint
READ = "step-6.md#threads-fork-and-ctrl-c"

FORK_AFTER_PARALLEL_WORK = """
import os
import jxl_demo, samples

text = "cat dog " * 400_000  # 3.2 MB: counted on several threads
images = [samples.data("large"), samples.data("rgb")]
jxl_demo.count_occurrences(text, "cat")
jxl_demo.decode_many(images)
pid = os.fork()
if pid == 0:
    try:
        ok = jxl_demo.count_occurrences(text, "cat") == 400_000
        ok = ok and [a.shape for a in jxl_demo.decode_many(images)] == [
            jxl_demo.decode_jxl_as_array(image).shape for image in images
        ]
        os._exit(0 if ok else 2)
    except BaseException:
        os._exit(3)
print("child", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
"""

MULTIPROCESSING = """
import multiprocessing
import jxl_demo, samples

TEXT = "cat dog " * 400_000

def work(n):
    return jxl_demo.count_occurrences(TEXT * n, "cat") + len(jxl_demo.decode_many([samples.data("rgb")] * n))

if __name__ == "__main__":
    work(1)  # the parent's threads have started before the workers fork
    with multiprocessing.get_context("fork").Pool(2) as pool:
        print(pool.map(work, [1, 2, 3], chunksize=1))
"""

DECODE_MANY_INTERRUPTED = """
import jxl_demo, samples

large = samples.data("large")
# Many images, and a damaged one last: had decode_many gone on to the end, it
# would have raised JxlError for that one.
images = [large] * 12 + [b"not an image"]
print("go", flush=True)
try:
    jxl_demo.decode_many(images)
    print("returned", flush=True)
except BaseException as error:
    chain = []
    while error is not None:
        chain.append(type(error).__name__)
        error = error.__context__
    print("raised", " ".join(chain), flush=True)
"""

COUNT_INTERRUPTED = """
import jxl_demo

text = "cat dog " * 25_000_000  # 200 MB
print("go", flush=True)
try:
    jxl_demo.count_occurrences(text, "cat")
    print("returned", flush=True)
except BaseException as error:
    print("raised", type(error).__name__, flush=True)
"""


@hint(
    "rayon's global pool has no threads in a forked child: run every parallel job on "
    "this process's own pool (`super::pool::pool()`, `map_interruptible`).",
    read=READ,
)
def test_a_forked_child_can_count_and_decode_many():
    """counts a long text and decodes many images in a child forked after doing both"""
    outcome = programs.run(FORK_AFTER_PARALLEL_WORK)
    assert outcome.returncode is not None, programs.hung(outcome, "the forked child")
    assert "child 0" in outcome.lines, (
        "the forked child could not count or decode, or got wrong answers. " + outcome.describe()
    )


@hint(
    "multiprocessing's fork start method makes its workers with os.fork(): the parallel "
    "work must not use a pool the parent started.",
    read=READ,
)
def test_multiprocessing_with_fork():
    """counts and decodes in the workers of a multiprocessing.Pool that forks"""
    outcome = programs.run(MULTIPROCESSING)
    assert outcome.returncode is not None, programs.hung(outcome, "multiprocessing.Pool.map")
    assert "[400001, 800002, 1200003]" in outcome.lines, (
        "the workers did not return the right answers. " + outcome.describe()
    )


@hint(
    "Between images, look for Ctrl-C: `Python::attach(|py| py.check_signals())` from the "
    "calling thread, and start no more images once it returns an error "
    "(`super::pool::map_interruptible` does this).",
    read=READ,
)
def test_ctrl_c_stops_decode_many_between_images():
    """Ctrl-C during decode_many raises KeyboardInterrupt before the last image is reached"""
    outcome = programs.run(DECODE_MANY_INTERRUPTED, interrupt_after="go", delay=0.5)
    assert outcome.returncode is not None, programs.hung(outcome, "the interrupted decode_many")
    raised = [line for line in outcome.lines if line.startswith(("raised", "returned"))]
    assert raised, "the program printed no result. " + outcome.describe()
    assert raised[0].startswith("raised KeyboardInterrupt"), (
        f"Ctrl-C during decode_many: {raised[0]}, not KeyboardInterrupt. " + outcome.describe()
    )
    assert "JxlError" not in raised[0], (
        "decode_many went on to the last image after Ctrl-C (it raised JxlError for it) "
        "instead of stopping between images."
    )


@hint(
    "Cut the text into pieces, and between pieces look for Ctrl-C "
    "(`count_words_parallel` takes a function that does).",
    read=READ,
)
def test_ctrl_c_interrupts_counting():
    """Ctrl-C while counting a long text raises KeyboardInterrupt"""
    outcome = programs.run(COUNT_INTERRUPTED, interrupt_after="go", delay=0.2)
    assert outcome.returncode is not None, programs.hung(outcome, "the interrupted count")
    assert "raised KeyboardInterrupt" in outcome.lines, (
        "Ctrl-C while counting did not raise KeyboardInterrupt. " + outcome.describe()
    )
