"""`nox -s bench`: the figures the book quotes, measured on your machine.

Every comparison runs its contenders side by side in one run, alternating
round after round, and prints ratios: a shared, noisy machine slows both sides
alike, so the ratio means more than either time. Results go to target/bench/
(text, and a plot: bench.png); `-- --book` also copies them into
book/src/bench/, where the book includes them from.

    nox -s bench                    everything
    nox -s bench -- count           count_occurrences on a set of texts: Python, step 1,
                                    step 6; and what an unencoded str costs
    nox -s bench -- decode          a 12-megapixel decode at 1 and 2 threads, time and
                                    peak memory: libjxl (imagecodecs, pillow-jxl-plugin),
                                    jxl-oxide (step 5), jxl-rs (step 6), Rust alone; a
                                    decompression bomb; a perf profile (Linux);
                                    read_jxl_metadata
    nox -s bench -- many            decode_many with 1 and 2 threads
    nox -s bench -- loop            nox -s stepN after a one-line edit, every step
    nox -s bench -- --quick         smaller inputs, fewer rounds
    nox -s bench -- --yours         time your steps/ rather than the solutions
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path

from tools.course import environment, probe
from tools.course.paths import BOOK_SRC, ROOT
from tools.maintain import bench_common
from tools.maintain.bench_common import (
    BARS,
    OUT,
    plot,
)
from tools.maintain.bench_count import bench_count, bench_utf8
from tools.maintain.bench_decode import (
    bench_bomb,
    bench_cmyk,
    bench_decode,
    bench_many,
    bench_profile,
)
from tools.maintain.bench_loop import bench_loop_text

# --------------------------------------------------------------------------


def cpu_name() -> str:
    """The CPU's model name, with family and model numbers when the name alone
    (as under some hypervisors) does not say which generation it is."""
    cpu, family, model = platform.processor() or platform.machine(), "", ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = (part.strip() for part in line.partition(":"))
            if key == "model name" and cpu == (platform.processor() or platform.machine()):
                cpu = value
            elif key == "cpu family" and not family:
                family = value
            elif key == "model" and not model:
                model = value
    except OSError:
        pass
    return f"{cpu}, family {family} model {model}" if family and model else cpu


def python_version() -> str:
    """The course's Python, in full: "3.11.7"."""
    return probe.ask(environment.python())["full"]


def machine() -> str:
    rustc = subprocess.run(
        ["rustc", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu_name()}); "
        f"Python {python_version()}; {rustc}"
    )


def arguments(posargs: list[str]) -> tuple[set[str], bool, bool, bool]:
    """`nox -s bench -- count decode --quick --book --yours`: (which, quick, book, yours)."""
    which = {a for a in posargs if not a.startswith("-")} or {"count", "decode", "many", "loop"}
    quick, book, yours = ("--quick" in posargs, "--book" in posargs, "--yours" in posargs)
    if book and yours:
        raise ValueError(
            "the book's figures come from the solutions: --book and --yours do not mix"
        )
    return which, quick, book, yours


def main(
    python: Path, which: set[str], quick: bool, book: bool = False, yours: bool = False
) -> None:
    bench_common.KIND = "step" if yours else "solution"
    OUT.mkdir(parents=True, exist_ok=True)
    if "decode" in which:
        environment.install_extra(environment.extra_requirements("bench"))
    whose = "your steps/" if yours else "the course's solutions/"
    sections = {
        "machine": f"Measured on: {machine()}\n"
        f"Timed: {whose} (release builds), except the learner's loop, which says what it times\n"
    }
    print("\n" + sections["machine"])
    # Beside every table: what it was measured on.
    on = f"  (on {os.cpu_count()} CPUs, {cpu_name()}; Python {python_version()})\n"
    runs = {
        "count": lambda: {"count": bench_count(python, quick), "utf8": bench_utf8(python, quick)},
        "decode": lambda: (
            bench_decode(python, quick)
            | {"bomb": bench_bomb(python, quick), "cmyk": bench_cmyk(python)}
            | ({} if quick else {"profile": bench_profile(python, 2) or "perf: not available\n"})
        ),
        "many": lambda: {"many": bench_many(python, quick)},
        "loop": lambda: {"loop": bench_loop_text(python, quick)},
    }
    for name, run in runs.items():
        if name in which:
            for key, text in run().items():
                sections[key] = text if key == "handover" else text + on
                print(sections[key])
    for key, text in sections.items():
        (OUT / f"{key}.txt").write_text(text, encoding="utf-8")
    plotted = bool(BARS)
    if plotted:
        plot(OUT / "bench.png", python)
        print(f"The plot: {OUT / 'bench.png'}")
    if book:
        folder = BOOK_SRC / "bench"
        folder.mkdir(exist_ok=True)
        for key, text in sections.items():
            (folder / f"{key}.txt").write_text(text, encoding="utf-8")
        if plotted:
            shutil.copyfile(OUT / "bench.png", folder / "bench.png")
        print(f"Copied into {folder.relative_to(ROOT)} for the book.")
