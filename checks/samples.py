"""The course's sample images (images/), and the pixels each must decode to."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from language import _

IMAGES = Path(__file__).resolve().parent.parent / "images"


@cache
def manifest() -> dict:
    return json.loads((IMAGES / "samples.json").read_text(encoding="utf-8"))


def names(with_pixels: bool = True) -> list[str]:
    """Sample names; with_pixels: only those whose expected pixels are stored."""
    samples = manifest()["samples"]
    return [n for n, s in samples.items() if not with_pixels or n in expected_names()]


def info(name: str) -> dict:
    return manifest()["samples"][name]


def data(name: str) -> bytes:
    return (IMAGES / info(name)["file"]).read_bytes()


data_of = data  # for functions below whose locals are called `data`


@cache
def _expected():
    import numpy as np

    with np.load(IMAGES / "expected.npz") as stored:
        return {key: stored[key] for key in stored.files}


def expected_names() -> set[str]:
    return set(_expected())


def expected(name: str):
    """The uint8 pixels, shaped (height, width, channels), a decoder must return."""
    return _expected()[name]


def jxl_header(width: int, height: int) -> bytes:
    """A JPEG XL codestream that holds only an image header: `width` x `height`,
    8-bit RGB and every other field at its default. No frame follows.

    The header is a bit stream, written least significant bit first, as the
    JPEG XL specification (ISO/IEC 18181-1) lays it out: the signature, then
    SizeHeader (small = 0; height - 1 in 18 bits after selector 2; ratio = 0;
    width - 1 likewise), then ImageMetadata with all_default = 1, then
    CustomTransformData with all_default = 1, then zero bits to the next byte
    boundary.
    """
    assert 1 <= width <= 1 << 18 and 1 <= height <= 1 << 18
    fields = [(0, 1), (2, 2), (height - 1, 18), (0, 3), (2, 2), (width - 1, 18), (1, 1), (1, 1)]
    bits = "".join(format(value, f"0{count}b")[::-1] for value, count in fields)
    bits += "0" * (-len(bits) % 8)
    body = bytes(int(bits[i : i + 8][::-1], 2) for i in range(0, len(bits), 8))
    return b"\xff\x0a" + body


def malformed_inputs():
    """Every truncation of two samples, single-bit flips of four, and random bytes."""
    import random

    rng = random.Random(4)
    for name in ("rgb", "animation"):
        data = data_of(name)
        for length in range(len(data)):
            yield (
                _("{name}.jxl cut to {length} bytes").format(name=name, length=length),
                data[:length],
            )
    for name in ("rgb", "rgba", "photo_lossy", "animation"):
        data = data_of(name)
        for _attempt in range(150):
            bit = rng.randrange(len(data) * 8)
            damaged = bytearray(data)
            damaged[bit // 8] ^= 1 << (bit % 8)
            yield _("{name}.jxl with bit {bit} flipped").format(name=name, bit=bit), bytes(damaged)
    for _attempt in range(150):
        size = rng.randrange(1, 400)
        noise = bytes(rng.randrange(256) for _byte in range(size))
        yield _("{size} random bytes").format(size=size), noise
        yield _("the signature and {size} random bytes").format(size=size), b"\xff\x0a" + noise


_malformed_outcomes: list | None = None


def malformed_outcomes(decode, reuse: bool = True) -> list[tuple[str, BaseException | None]]:
    """Each malformed input with what `decode` did with it: the exception it
    raised, or None when it decoded. Decoded once per process: the checks of
    step 4 that read these outcomes share one pass over the 2,399 inputs
    (reuse=False: decode them again, as a check that measures the pass does)."""
    global _malformed_outcomes
    if _malformed_outcomes is None or not reuse:
        outcomes = []
        for description, data in malformed_inputs():
            try:
                decode(data)
                outcomes.append((description, None))
            except BaseException as error:  # noqa: BLE001 - a panic is a BaseException
                outcomes.append((description, error))
        _malformed_outcomes = outcomes
    return _malformed_outcomes


def assert_other_threads_run(call, what: str, calls: int = 2, slices: int = 2) -> None:
    """Fail unless another Python thread gets the GIL while `call()` runs.

    The other thread wakes up every millisecond and notes the time; to note
    it, it needs the GIL. So if it notes times during the call, the call had
    released the GIL. Between its notes it sleeps, so it takes no core from
    the call's own threads. The edges of each call do not count: around them
    the GIL changes hands anyway, and on a busy machine the other thread may
    still be waking up a while after the call has returned (or before it
    really started). So only the middle three fifths of each call count, cut
    into 5 ms slices, and the other thread must have noted a time in at least
    `slices` of them, in every one of `calls` calls.

    A call that holds the GIL leaves every slice of its middle empty: the
    waking thread waits for the GIL until the call returns. A call that
    releases the GIL fills most of them, and fewer when the machine is very
    busy (the other thread then waits for a core, not for the GIL), but not
    none. To pass by luck, a call that holds the GIL would need the calling
    thread stalled, before it entered Rust, for a fifth of every one of its
    calls.

    `what` ends the message ("while it decodes"): the check marks it with N_,
    so that the report puts it in the learner's language too.
    """
    import sys
    import threading
    import time

    slice_ = 0.005
    ticks: list[float] = []
    stop = threading.Event()

    def note_the_time() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)  # without the GIL; waking up needs it again

    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    thread = threading.Thread(target=note_the_time)
    thread.start()
    windows = []
    try:
        for _call in range(calls):
            start = time.perf_counter()
            call()
            windows.append((start, time.perf_counter()))
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(old_interval)

    shortest = min(end - start for start, end in windows)
    assert shortest > 0.05, _("a call took only {seconds} s: too short to tell").format(
        seconds=format(shortest, ".3f")
    )
    for number, (start, end) in enumerate(windows, start=1):
        edge = (end - start) / 5
        low, high = start + edge, end - edge
        count = int((high - low) / slice_)
        busy = {int((t - low) / slice_) for t in ticks if low <= t < low + count * slice_}
        assert len(busy) >= slices, _(
            "the GIL was held while it {what}: another Python thread ran in {busy} of {count} moments 5 ms apart, in call {number}, which took {seconds} s"
        ).format(
            busy=len(busy),
            count=count,
            number=number,
            seconds=format(end - start, ".2f"),
            what=_(what),
        )
