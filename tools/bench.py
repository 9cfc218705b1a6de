"""`nox -s bench`: the figures the book quotes, measured on your machine.

Every comparison runs its contenders side by side in one run, alternating
round after round, and prints ratios: a shared, noisy machine slows both sides
alike, so the ratio means more than either time. Results go to target/bench/
(text, and a plot: bench.png); `-- --book` also copies them into
book/src/bench/, where the book includes them from.

    nox -s bench                    everything
    nox -s bench -- count           count_occurrences: Python, step 1, step 6
    nox -s bench -- decode          a 12-megapixel decode: libjxl, step 5, step 6,
                                    Rust alone, and read_jxl_metadata
    nox -s bench -- many            decode_many with 1 and 2 threads
    nox -s bench -- loop            the learner's edit-and-check loop
    nox -s bench -- --quick         smaller inputs, fewer rounds
    nox -s bench -- --yours         time your steps/ rather than the solutions
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tools import environment
from tools.build import ROOT, TARGET, build, cargo_env, extension_filename
from tools.steps import check_files, crate

OUT = TARGET / "bench"

# --------------------------------------------------------------------------
# Contenders run in their own processes (two builds of jxl_demo cannot share
# one), one after another, round after round; each keeps its best time.

TIMER = r"""
import json, sys, time
import jxl_demo

task, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])


def python_reference(contents, needle):
    return sum(word == needle for line in contents.splitlines() for word in line.split())


fresh = False
if task in ("python", "count", "count_non_ascii_new", "count_non_ascii_again"):
    text = open(path, encoding="utf-8").read()
    if task.startswith("count_non_ascii"):
        # One non-ASCII character: CPython's storage is then no longer UTF-8
        # (é keeps it one byte a character, Latin-1), so the first &str of each
        # new str object costs an encoding pass (CPython keeps the result).
        text = "\u00e9" + text
        jxl_demo.count_occurrences(text, "cat")
        fresh = task == "count_non_ascii_new"
    function = python_reference if task == "python" else jxl_demo.count_occurrences
    args = (text, "cat")
elif task == "imagecodecs":
    import imagecodecs

    function, args = imagecodecs.jpegxl_decode, (open(path, "rb").read(),)
elif task == "decode_many":
    function, args = jxl_demo.decode_many, ([open(path, "rb").read()] * 4,)
else:
    function, args = getattr(jxl_demo, task), (open(path, "rb").read(),)

best = float("inf")
for _ in range(repeat):
    if fresh:
        args = ((args[0] + " ")[:-1], "cat")  # a new str object: no UTF-8 copy yet
    start = time.perf_counter()
    function(*args)
    best = min(best, time.perf_counter() - start)
print(json.dumps({"seconds": best}))
"""


KIND = "solution"  # "step" with `-- --yours`: time your own steps/ instead


def release_module(step: int, python: Path) -> Path:
    result = build(crate(KIND, step), python, release=True)
    if not result.ok:
        folder = "steps" if KIND == "step" else "solutions"
        raise SystemExit(f"{folder}/step{step} does not build: " + "".join(result.errors[:1]))
    return result.module_dir


def time_contenders(python: Path, contenders: dict, path: Path, rounds: int, repeat: int) -> dict:
    """contenders: name -> (module folder, task, extra environment); best seconds of each."""
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(rounds):
        for name, (module_dir, task, extra) in contenders.items():
            env = dict(os.environ, PYTHONPATH=str(module_dir), **extra)
            out = subprocess.run(
                [str(python), "-c", TIMER, task, str(path), str(repeat)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            best[name] = min(best[name], json.loads(out)["seconds"])
    return best


def table(title: str, rows: list[tuple[str, float]], base: str) -> str:
    """Rows of (name, seconds), each with how many times faster than `base` it is."""
    reference = dict(rows)[base]
    lines = [title]
    for name, seconds in rows:
        shown = f"{seconds * 1000:10.3f} ms" if seconds < 0.01 else f"{seconds * 1000:10.1f} ms"
        lines.append(f"  {name:<46}{shown}  {reference / seconds:9.1f}x")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# count_occurrences

VOCABULARY = (
    *("the", "cat", "sat", "on", "a", "mat", "while", "rust", "and", "python"),
    *("shared", "the", "work", "of", "counting", "words", "in", "a", "long", "text"),
)


def make_text(megabytes: float, seed: int = 1) -> str:
    """A deterministic English-like text with mixed whitespace."""
    import random

    rng = random.Random(seed)
    separators = [" "] * 12 + ["  ", "\t", "\n", "\r\n"]
    pieces, size = [], 0
    while size < megabytes * 1_000_000:
        word = rng.choice(VOCABULARY)
        separator = rng.choice(separators)
        pieces.append(word + separator)
        size += len(word) + len(separator)
    return "".join(pieces)


def bench_count(python: Path, quick: bool) -> str:
    megabytes = 2 if quick else 15
    text_file = OUT / f"text-{megabytes}MB.txt"
    if not text_file.exists():
        text_file.write_text(make_text(megabytes), encoding="utf-8")
    step1, step6 = release_module(1, python), release_module(6, python)
    base = "pure Python (the step 1 reference)"
    contenders = {
        base: (step1, "python", {}),
        "step 1: the exact translation": (step1, "count", {}),
        "step 1, non-ASCII text, a new str each call": (step1, "count_non_ascii_new", {}),
        "step 1, non-ASCII text, the same str again": (step1, "count_non_ascii_again", {}),
        "step 6: memchr search, 1 thread": (step6, "count", {"RAYON_NUM_THREADS": "1"}),
        "step 6: memchr search, 2 threads": (step6, "count", {"RAYON_NUM_THREADS": "2"}),
    }
    best = time_contenders(python, contenders, text_file, 2 if quick else 3, 3)
    title = (
        f"count_occurrences(text, 'cat') on a {megabytes} MB ASCII text "
        "(best time; x = times faster than pure Python):"
    )
    return table(title, list(best.items()), base)


# --------------------------------------------------------------------------
# Decoding a 12-megapixel photo, and reading its header


def photo_12mp(python: Path) -> Path:
    """A 4032 x 3024 photo-like JPEG XL (an iPhone photo's size), made with libjxl."""
    path = OUT / "photo-12mp.jxl"
    if not path.exists():
        script = (
            "import imagecodecs, runpy, sys\n"
            "make = runpy.run_path(sys.argv[1])\n"
            "pixels = make['make_photo'](3024, 4032)\n"
            "open(sys.argv[2], 'wb').write(imagecodecs.jpegxl_encode(pixels, distance=1.0))\n"
        )
        sample_script = ROOT / "images" / "make_samples.py"
        subprocess.run([str(python), "-c", script, str(sample_script), str(path)], check=True)
    return path


def rust_alone(step: int, image: Path, rounds: int) -> dict[str, float]:
    """The same decode, and its parts, timed by a Rust test with no Python around it."""
    command = ["cargo", "test", "--release", "--lib", "-p", f"solution{step}", "--quiet"]
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


def bench_decode(python: Path, quick: bool) -> dict[str, str]:
    image = photo_12mp(python)
    step5, step6 = release_module(5, python), release_module(6, python)
    one, two = {"RAYON_NUM_THREADS": "1"}, {"RAYON_NUM_THREADS": "2"}
    base = "libjxl (imagecodecs.jpegxl_decode)"
    fastest = "step 6: jxl-oxide, planes, 2 threads"
    contenders = {
        base: (step6, "imagecodecs", {}),
        "step 5: jxl-oxide, write_to_buffer, 2 threads": (step5, "decode_jxl_as_array", two),
        "step 6: jxl-oxide, planes, 1 thread": (step6, "decode_jxl_as_array", one),
        fastest: (step6, "decode_jxl_as_array", two),
        "read_jxl_metadata": (step6, "read_jxl_metadata", two),
    }
    rounds = 2 if quick else 3
    best = time_contenders(python, contenders, image, rounds, 3)
    alone = "step 6, the same decode timed in Rust alone"
    parts = rust_alone(6, image, 3 * rounds)
    best[alone] = parts["decode"]
    metadata = best.pop("read_jxl_metadata")
    size = image.stat().st_size // 1024
    title = (
        f"Decoding a 4032 x 3024 photo-like JPEG XL ({size} KiB, lossy; "
        "x = times faster than libjxl):"
    )
    decode = table(title, list(best.items()), base)
    decode += (
        f"  {fastest}, called from Python / in Rust alone: {best[fastest] / best[alone]:.3f}\n"
    )
    # A decode that hands the pixels over with write_to_buffer, as step 5's does:
    with_stream = parts["decode"] - parts["planes"] + parts["stream"]
    decode += (
        f"  In Rust alone: write_to_buffer takes {parts['stream'] * 1000:.0f} ms "
        f"({parts['stream'] / with_stream:.0%} of a decode that uses it); "
        f"the planes, row by row, {parts['planes'] * 1000:.0f} ms\n"
    )
    meta = table(
        "The same 12-megapixel file: its header only, against a full decode:",
        [("decode_jxl_as_array, 2 threads", best[fastest]), ("read_jxl_metadata", metadata)],
        "decode_jxl_as_array, 2 threads",
    )
    handover = decode.splitlines()[-1].strip() + "\n"
    return {"decode": decode, "metadata": meta, "handover": handover}


def bench_many(python: Path, quick: bool) -> str:
    step6 = release_module(6, python)
    names = {n: f"decode_many(4 images), {n} thread{'s' if n > 1 else ''}" for n in (1, 2)}
    contenders = {names[n]: (step6, "decode_many", {"RAYON_NUM_THREADS": str(n)}) for n in (1, 2)}
    best = time_contenders(python, contenders, ROOT / "images" / "large.jxl", 2 if quick else 3, 1)
    title = "decode_many on 4 copies of images/large.jxl (3001 x 2003 each):"
    return table(title, list(best.items()), names[1])


PLOT = r"""
import json, math, sys
from PIL import Image, ImageDraw

bars, path = json.loads(sys.argv[1]), sys.argv[2]
width, row, left = 960, 22, 380
image = Image.new("RGB", (width, row * (len(bars) + 2)), "white")
draw = ImageDraw.Draw(image)
top = max(value for _, value in bars if value is not None)
scale = (width - left - 80) / math.log10(max(top, 10.0))
for i, (label, value) in enumerate(bars):
    y = 6 + i * row
    if value is None:
        draw.text((8, y + 5), label, fill="black")
        continue
    draw.text((20, y + 5), label, fill="#333333")
    start = left + scale * math.log10(min(value, 1.0))
    end = left + scale * math.log10(max(value, 1.0))
    colour = "#2a7ab9" if value >= 1 else "#c0504d"
    draw.rectangle((min(start, end - 2), y + 3, max(end, start + 2), y + row - 4), fill=colour)
    draw.text((max(end, left) + 6, y + 5), f"{value:.1f}x", fill="black")
draw.line((left, 0, left, image.height - row), fill="#999999")
note = "times faster than the first row of its group; log scale; the grey line is 1x"
draw.text((8, image.height - row + 4), note, fill="#777777")
image.save(path)
"""


def plot(sections: dict[str, str], path: Path, python: Path) -> None:
    """A bar chart of every ratio (log scale), drawn by Pillow in the course's Python."""
    bars: list[tuple[str, float | None]] = []
    for text in sections.values():
        lines = text.splitlines()
        bars.append((lines[0].split(" (")[0], None))
        for line in lines[1:]:
            match = re.match(r"\s+(.+?)\s{2,}[\d.]+ ms\s+([\d.]+)x", line)
            if match:
                bars.append((match[1], float(match[2])))
    subprocess.run([str(python), "-c", PLOT, json.dumps(bars), str(path)], check=True)


# --------------------------------------------------------------------------
# The learner's loop: `nox -s step1` after a one-line edit, against the bare
# minimum (cargo build of the crate + pytest of its checks)

LOOP = TARGET / "bench-loop"  # a scratch copy of the workspace; your steps/ stay untouched
EDITS = ("!word.is_empty() && *word == needle", "*word == needle && !word.is_empty()")


def prepare_loop_copy() -> Path:
    """A copy of the workspace with step 1 only, solved, in target/bench-loop."""
    LOOP.mkdir(parents=True, exist_ok=True)
    for name in ("Cargo.toml", "Cargo.lock", "noxfile.py", "ruff.toml"):
        shutil.copy2(ROOT / name, LOOP / name)
    for name in (".cargo", "tools", "checks", "book"):
        if (LOOP / name).exists():
            shutil.rmtree(LOOP / name)
        shutil.copytree(
            ROOT / name, LOOP / name, ignore=shutil.ignore_patterns("build", "__pycache__")
        )
    for kind in ("steps", "solutions"):
        (LOOP / kind).mkdir(exist_ok=True)
        if not (LOOP / kind / "step1").exists():
            shutil.copytree(
                crate("solution", 1), LOOP / kind / "step1", ignore=shutil.ignore_patterns("target")
            )
    # The copy's starter is the solved step: as a learner has it once the checks pass.
    cargo = (LOOP / "steps/step1/Cargo.toml").read_text(encoding="utf-8")
    (LOOP / "steps/step1/Cargo.toml").write_text(
        cargo.replace('name = "solution1"', 'name = "step1"'), encoding="utf-8"
    )
    return LOOP


def one_line_edit(lib: Path, round_number: int) -> None:
    text = lib.read_text(encoding="utf-8")
    old, new = EDITS if EDITS[0] in text else EDITS[::-1]
    lib.write_text(text.replace(old, new), encoding="utf-8")


def bench_loop(python: Path, rounds: int) -> dict:
    copy = prepare_loop_copy()
    lib = copy / "steps/step1/src/lib.rs"
    env = cargo_env()
    module_dir = copy / "target" / "python" / "bare"
    module_dir.mkdir(parents=True, exist_ok=True)

    def learner_command() -> None:
        subprocess.run(
            [sys.executable, "noxfile.py", "-s", "step1"],
            cwd=copy,
            # Share the course's environment rather than making a second one
            # (an environment variable, not a symbolic link: Windows allows
            # those only to administrators and in developer mode).
            env=dict(os.environ, COURSE_VENV=str(environment.VENV)),
            check=True,
            capture_output=True,
        )

    def bare_minimum() -> None:
        subprocess.run(
            ["cargo", "build", "--lib", "-p", "step1", "--quiet"], cwd=copy, env=env, check=True
        )
        library = next(
            p
            for p in (copy / "target" / "debug").glob("*step1.*")
            if p.suffix in {".so", ".dylib", ".dll"}
        )
        shutil.copyfile(library, module_dir / extension_filename())
        tests = [str(copy / "checks" / p.name) for p in check_files(1)]
        subprocess.run(
            [str(python), "-m", "pytest", "-q", *tests],
            cwd=copy / "checks",
            env=dict(os.environ, PYTHONPATH=str(module_dir)),
            check=True,
            capture_output=True,
        )

    # Warm up: the copy's first build compiles every dependency once.
    learner_command()
    bare_minimum()
    times = {"learner": [], "bare": []}
    for number in range(rounds):
        order = [("learner", learner_command), ("bare", bare_minimum)]
        for name, command in order if number % 2 == 0 else order[::-1]:
            one_line_edit(lib, number)
            start = time.perf_counter()
            command()
            times[name].append(time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in times.items()} | {"rounds": rounds}


# --------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    python = subprocess.run(
        [str(environment.python()), "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    rustc = subprocess.run(
        ["rustc", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu}); "
        f"Python {python}; {rustc}"
    )


def main(
    python: Path, which: set[str], quick: bool, book: bool = False, yours: bool = False
) -> None:
    global KIND
    KIND = "step" if yours else "solution"
    OUT.mkdir(parents=True, exist_ok=True)
    if "decode" in which:
        environment.install_extra(ROOT / "tools" / "bench-requirements.txt")
    whose = "your steps/" if yours else "the course's solutions/"
    sections = {"machine": f"Measured on: {machine()}\nTimed: {whose} (release builds)\n"}
    print("\n" + sections["machine"])
    runs = {
        "count": lambda: {"count": bench_count(python, quick)},
        "decode": lambda: bench_decode(python, quick),
        "many": lambda: {"many": bench_many(python, quick)},
        "loop": lambda: {"loop": bench_loop_text(python, quick)},
    }
    for name, run in runs.items():
        if name in which:
            for key, text in run().items():
                sections[key] = text
                print(text)
    for key, text in sections.items():
        (OUT / f"{key}.txt").write_text(text, encoding="utf-8")
    plotted = {k: v for k, v in sections.items() if k in {"count", "decode", "many"}}
    if plotted:
        plot(plotted, OUT / "bench.png", python)
        print(f"The plot: {OUT / 'bench.png'}")
    if book:
        folder = ROOT / "book" / "src" / "bench"
        folder.mkdir(exist_ok=True)
        for key, text in sections.items():
            (folder / f"{key}.txt").write_text(text, encoding="utf-8")
        if plotted:
            shutil.copyfile(OUT / "bench.png", folder / "bench.png")
        print(f"Copied into {folder.relative_to(ROOT)} for the book.")


def bench_loop_text(python: Path, quick: bool) -> str:
    r = bench_loop(python, 3 if quick else 7)
    return (
        f"The learner's loop after a one-line edit in steps/step1 (median of {r['rounds']}):\n"
        f"  {'cargo build + pytest (the bare minimum)':<46}{r['bare']:8.2f} s   1.00\n"
        f"  {'nox -s step1':<46}{r['learner']:8.2f} s   {r['learner'] / r['bare']:4.2f}\n"
    )
