"""The bench's decoding figures: a 12-megapixel photo at 1 and 2 threads
(time and peak memory, every decoder), a decompression bomb, CMYK against the
suite's rendering, a perf profile, reading a header, decode_many."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tools.course.build import cargo_env
from tools.course.paths import IMAGES, ROOT, TARGET
from tools.course.runner import python_path
from tools.maintain.bench_common import (
    BARS,
    OUT,
    PROGRAMS,
    release_module,
    run_contenders,
    table,
    time_contenders,
    timer,
)

# --------------------------------------------------------------------------
# Decoding a 12-megapixel photo, and reading its header


def photo_12mp(python: Path) -> Path:
    """A 4032 x 3024 photo-like JPEG XL (an iPhone photo's size), made with libjxl."""
    path = OUT / "photo-12mp.jxl"
    if not path.exists():
        make = [str(python), "-m", f"{PROGRAMS}.make_images", "photo", str(path)]
        subprocess.run(make, check=True, cwd=ROOT)
    return path


def rust_alone(step: int, image: Path, rounds: int) -> dict[str, float]:
    """The same decode, timed by a Rust test with no Python around it.

    A test binary is a program, and the release build of one that holds a
    PyO3 module cannot be linked without libpython; the test profile can.
    Its dependencies are optimised as in release (see Cargo.toml), and here
    without debug assertions either, built in a target folder of their own
    so that the course's other builds are not redone."""
    unchecked = 'profile.dev.package."*".{}=false'
    command = ["cargo", "test", "--lib", "-p", f"solution{step}", "--quiet"]
    command += ["--target-dir", str(TARGET / "bench-rust")]
    command += ["--config", unchecked.format("debug-assertions")]
    command += ["--config", unchecked.format("overflow-checks")]
    command += ["--", "--ignored", "--nocapture", "time_decode"]
    settings = {"BENCH_IMAGE": str(image), "BENCH_ROUNDS": str(rounds), "RAYON_NUM_THREADS": "2"}
    proc = subprocess.run(
        command,
        cwd=ROOT,
        env=dict(cargo_env(), **settings),
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in proc.stdout.splitlines() if line.startswith("BENCH "))
    return {key: float(value) for key, value in (part.split("=") for part in line.split()[1:])}


LIBJXL = "libjxl (imagecodecs.jpegxl_decode)"
PILLOW_JXL = "libjxl (pillow-jxl-plugin, Image.open + load)"
OXIDE = "jxl-oxide (step 5's decode_jxl_as_array)"
JXL_RS = "jxl-rs (step 6's decode_jxl_as_array)"


def decode_rows(measured: dict, threads: tuple[int, ...]) -> list[str]:
    """Rows of time and memory rise, each with its ratio to libjxl (imagecodecs)
    at the same number of threads. A contender that refused the image says so
    after its figures, which are then those of the refusal."""
    lines = [f"  {'':<48}{'time':>9}{'':>9}{'memory rise':>14}"]
    for n in threads:
        lines.append(f" {n} thread{'s' if n > 1 else ''}:")
        base = measured[(n, LIBJXL)]
        for (count, name), value in measured.items():
            if count != n:
                continue
            seconds, rise = value["seconds"], value["rise_mib"]
            ms = format(seconds * 1000, ".0f" if seconds >= 0.01 else ".2f")
            line = (
                f"  {name:<48}{ms:>6} ms{seconds / base['seconds']:7.2f}x"
                f"{rise:9.0f} MiB{rise / base['rise_mib']:7.2f}x"
            )
            if value.get("refused"):
                line += "  refused: " + value["refused"].split(":")[0]
            lines.append(line)
    return lines


def bench_decode(python: Path, quick: bool) -> dict[str, str]:
    image = photo_12mp(python)
    step5, step6 = release_module(5, python), release_module(6, python)
    contenders = {}
    for n in (1, 2):
        # Each decoder's own thread setting: imagecodecs' numthreads, the
        # plugin's DECODE_THREADS, and for jxl-oxide and jxl-rs the size of
        # the module's thread pool, which it takes from RAYON_NUM_THREADS.
        same = {"BENCH_OPTION": str(n), "RAYON_NUM_THREADS": str(n)}
        contenders[(n, LIBJXL)] = (step6, "imagecodecs", same)
        contenders[(n, PILLOW_JXL)] = (step6, "pillow_jxl", same)
        contenders[(n, OXIDE)] = (step5, "decode_jxl_as_array", same)
        contenders[(n, JXL_RS)] = (step6, "decode_jxl_as_array", same)
    contenders[(2, "read_jxl_metadata")] = (step6, "read_jxl_metadata", {})
    rounds = 2 if quick else 5
    measured = run_contenders(python, contenders, image, rounds, 2 if quick else 3)
    metadata = measured.pop((2, "read_jxl_metadata"))["seconds"]
    size = image.stat().st_size // 1024
    lines = [
        (
            f"Decoding a 4032 x 3024 photo-like JPEG XL ({size} KiB, lossy), each decoder on "
            "the same number of threads. Time: the median of each process's best; memory: how "
            "much the process's peak resident memory rose during its first decode (the "
            "array itself is 35 MiB). x = times libjxl's (imagecodecs') figure:"
        ),
        *decode_rows(measured, (1, 2)),
    ]
    from_python = measured[(2, JXL_RS)]["seconds"]
    if quick:  # the Rust-alone timing needs a build of the tests
        handover = "In Rust alone: not measured with --quick\n"
    else:
        # The two in turn, twice, each the best of as many decodes in a row,
        # so that a busy moment of the machine slows both alike.
        alone, called = [], []
        python_side = {JXL_RS: (step6, "decode_jxl_as_array", {"RAYON_NUM_THREADS": "2"})}
        for _ in range(2):
            alone.append(rust_alone(6, image, 2 * rounds)["decode"])
            called.append(
                run_contenders(python, python_side, image, 1, 2 * rounds)[JXL_RS]["seconds"]
            )
        handover = (
            f"jxl-rs, 2 threads, the best of {2 * rounds} decodes in a row: "
            f"{min(alone) * 1000:.0f} ms in Rust alone, {min(called) * 1000:.0f} ms called from "
            f"Python (from Python / in Rust alone: {min(called) / min(alone):.2f})\n"
        )
    decode = "\n".join(lines) + "\n"
    meta = table(
        "The same 12-megapixel file: its header only, against a full decode:",
        [("decode_jxl_as_array, 2 threads", from_python), ("read_jxl_metadata", metadata)],
        "decode_jxl_as_array, 2 threads",
    )
    for n in (1, 2):
        base = measured[(n, LIBJXL)]["seconds"]
        BARS.append((f"decode, {n} thread{'s' if n > 1 else ''} (speed against libjxl)", None))
        for (threads, name), value in measured.items():
            if threads == n:
                BARS.append((name, base / value["seconds"]))
    return {"decode": decode, "metadata": meta, "handover": handover}


def bomb(python: Path) -> Path:
    """A decompression bomb: 2 KB of JPEG XL that decode to 8192 x 8192 RGBA
    (256 MiB as 8-bit samples), at the default size limit exactly."""
    path = OUT / "bomb-8192.jxl"
    if not path.exists():
        make = [str(python), "-m", f"{PROGRAMS}.make_images", "bomb", str(path)]
        subprocess.run(make, check=True, cwd=ROOT)
    return path


OXIDE_REFUSES = "jxl-oxide (step 5, its default max_pixels)"
OXIDE_RAISED = "jxl-oxide (step 5, max_pixels=2**26)"


def bench_bomb(python: Path, quick: bool) -> str:
    path = bomb(python)
    step5, step6 = release_module(5, python), release_module(6, python)
    contenders = {}
    for n in (1, 2):
        same = {"BENCH_OPTION": str(n), "RAYON_NUM_THREADS": str(n)}
        contenders[(n, LIBJXL)] = (step6, "imagecodecs", same)
        contenders[(n, JXL_RS)] = (step6, "decode_jxl_as_array", same)
    # Step 5 refuses the bomb (its limit is 2**24 pixels): how fast, and at
    # what cost in memory, is the figure to compare.
    two = {"RAYON_NUM_THREADS": "2"}
    contenders[(2, OXIDE_REFUSES)] = (step5, "decode_jxl_as_array", two)
    measured = run_contenders(python, contenders, path, 1 if quick else 3, 1)
    # With the limit raised, jxl-oxide takes seconds and gigabytes: one run.
    raised = dict(two, BENCH_OPTION=f"max_pixels={2**26}")
    slow = {(2, OXIDE_RAISED): (step5, "decode_jxl_as_array", raised)}
    measured |= run_contenders(python, slow, path, 1, 1)
    size = path.stat().st_size
    lines = [
        (
            f"A decompression bomb: {size:,} bytes of JPEG XL (lossy) that decode to 8192 x 8192 "
            "RGBA, 256 MiB as 8-bit samples: 2**26 pixels, step 6's DEFAULT_MAX_PIXELS exactly "
            "and four times step 5's. One decode each (jxl-oxide: at 2 threads; with the limit "
            "raised, one run); x = times libjxl's (imagecodecs') figure:"
        ),
        *decode_rows(measured, (1, 2)),
    ]
    return "\n".join(lines) + "\n"


def bench_cmyk(python: Path) -> str:
    """How far each step's sRGB rendering of the suite's CMYK image is from its ref.png."""
    folder = IMAGES / "conformance" / "cmyk_layers"
    rows = {
        "step 5 (jxl-oxide), perceptual intent": release_module(5, python),
        "step 6 (jxl-rs), perceptual intent": release_module(6, python),
    }
    lines = [
        (
            "cmyk_layers (conformance suite) converted to sRGB, against its ref.png, in "
            "8-bit levels, where ref.png's alpha is above 0:"
        ),
        f"  {'':<44}{'mean':>8}{'99.9th percentile':>19}{'largest':>9}",
    ]
    for name, module in rows.items():
        out = subprocess.run(
            [str(python), "-m", f"{PROGRAMS}.cmyk_compare", str(folder)],
            env=dict(os.environ, PYTHONPATH=python_path(module, str(ROOT))),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        mean, p999, largest = json.loads(out)
        lines.append(f"  {name:<44}{mean:8.2f}{p999:19.1f}{largest:9d}")
    return "\n".join(lines) + "\n"


def short_symbol(symbol: str) -> str:
    """jxl_render::filter::impls::x86_64::epf_sse41::epf_row_x86_64_sse41 ->
    jxl_render::...::epf_row_x86_64_sse41: the crate and the function."""
    parts = [p for p in symbol.replace("::{{closure}}", "").split("::") if p]
    if len(parts) > 2:
        parts = [parts[0], "...", parts[-1]]
    return "::".join(parts)


def bench_profile(python: Path, threads: int) -> str | None:
    """Where a decode spends its time, sampled by perf (Linux), when installed."""
    perf = shutil.which("perf")
    if not perf or sys.platform != "linux":
        return None
    image, step6 = photo_12mp(python), release_module(6, python)
    data = OUT / f"perf-{threads}.data"
    env = dict(
        os.environ,
        PYTHONPATH=python_path(step6, str(ROOT)),
        RAYON_NUM_THREADS=str(threads),
    )
    script = timer(python, "decode_jxl_as_array", image, 3, "-")
    recorded = subprocess.run(
        [perf, "record", "-q", "-F", "999", "-o", str(data), "--", *script],
        check=False,
        env=env,
        capture_output=True,
        text=True,
    )
    if recorded.returncode != 0:  # perf not allowed here (perf_event_paranoid)
        return None

    def report(sort: str) -> list[tuple[float, list[str]]]:
        out = subprocess.run(
            [perf, "report", "-i", str(data), "--stdio", "--no-children", "-g", "none"]
            + ["--sort", sort, "--percent-limit", "0.5"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows = []
        for line in out.splitlines():
            fields = line.split()
            if fields and fields[0].endswith("%") and not line.startswith("#"):
                rows.append((float(fields[0][:-1]), fields[1:]))
        return rows

    kernel = sum(pct for pct, fields in report("dso") if fields[0].startswith("[kernel"))
    lines = [
        (
            f"Where a {threads}-thread decode of the same photo spends its time (perf record, "
            "3 decodes in one process; share of samples, self time):"
        ),
        f"  {'in the kernel, all of it':<64}{kernel:5.1f}%",
    ]
    for pct, fields in report("dso,sym")[:10]:
        dso, symbol = fields[0], " ".join(fields[2:])
        where = "kernel" if dso.startswith("[kernel") else dso
        lines.append(f"  {short_symbol(symbol)[:54]:<54}{where[:9]:>9} {pct:5.1f}%")
    return "\n".join(lines) + "\n"


def bench_many(python: Path, quick: bool) -> str:
    step6 = release_module(6, python)
    names = {n: f"decode_many(4 images), {n} thread{'s' if n > 1 else ''}" for n in (1, 2)}
    contenders = {names[n]: (step6, "decode_many", {"RAYON_NUM_THREADS": str(n)}) for n in (1, 2)}
    best = time_contenders(python, contenders, IMAGES / "large.jxl", 2 if quick else 3, 1)
    title = "decode_many on 4 copies of images/large.jxl (3001 x 2003 each):"
    BARS.append(("decode_many (times faster than 1 thread)", None))
    BARS.extend((name, best[names[1]] / best[name]) for name in names.values())
    return table(title, list(best.items()), names[1])
