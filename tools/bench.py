"""`nox -s bench`: the figures the book quotes, measured on your machine.

Every comparison runs its contenders side by side in one run, alternating,
and prints ratios: a shared, noisy machine slows both sides alike, so the
ratio means more than either time.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tools import environment
from tools.build import ROOT, TARGET, build, cargo_env, extension_filename
from tools.steps import check_files, crate

# --------------------------------------------------------------------------
# count_occurrences: pure Python against the step-1 solution


VOCABULARY = (
    *("the", "cat", "sat", "on", "a", "mat", "while", "rust", "and", "python"),
    *("shared", "the", "work", "of", "counting", "words", "in", "a", "long", "text"),
)


def make_text(megabytes: float, seed: int = 1) -> str:
    """A deterministic English-like text with mixed whitespace."""
    import random

    rng = random.Random(seed)
    vocabulary = VOCABULARY
    separators = [" "] * 12 + ["  ", "\t", "\n", "\r\n"]
    pieces, size = [], 0
    while size < megabytes * 1_000_000:
        word = rng.choice(vocabulary)
        sep = rng.choice(separators)
        pieces.append(word + sep)
        size += len(word) + len(sep)
    return "".join(pieces)


COUNT_SCRIPT = r"""
import json, sys, time
import jxl_demo

def python_reference(contents, needle):
    return sum(word == needle for line in contents.splitlines() for word in line.split())

text = open(sys.argv[1], encoding="utf-8").read()
rounds = int(sys.argv[2])
needle = "cat"
assert jxl_demo.count_occurrences(text, needle) == python_reference(text, needle)
times = {"python": [], "rust": []}
for _ in range(rounds):
    for name, function in (("python", python_reference), ("rust", jxl_demo.count_occurrences)):
        start = time.perf_counter()
        function(text, needle)
        times[name].append(time.perf_counter() - start)
# A text with one non-ASCII character: CPython then stores it 1, 2 or 4 bytes per
# character, not as UTF-8, so the first &str of each new str object costs an
# encoding pass (CPython keeps the result with the object for the next call).
wide = "\u00e9" + text
times["rust_non_ascii_first"], times["rust_non_ascii_again"] = [], []
for _ in range(rounds):
    fresh = (wide + " ")[:-1]  # a new str object with no UTF-8 copy yet
    for name in ("rust_non_ascii_first", "rust_non_ascii_again"):
        start = time.perf_counter()
        jxl_demo.count_occurrences(fresh, needle)
        times[name].append(time.perf_counter() - start)
print(json.dumps(times))
"""


def bench_count(python: Path, megabytes: float, rounds: int) -> dict:
    import json

    result = build(crate("solution", 1), python, release=True)
    if not result.ok:
        raise SystemExit("solutions/step1 does not build: " + "".join(result.errors[:1]))
    folder = TARGET / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    text_file = folder / f"text-{megabytes}MB.txt"
    if not text_file.exists():
        text_file.write_text(make_text(megabytes), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(result.module_dir))
    out = subprocess.run(
        [str(python), "-c", COUNT_SCRIPT, str(text_file), str(rounds)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    times = json.loads(out)
    return {k: min(v) for k, v in times.items()} | {"megabytes": megabytes, "rounds": rounds}


# --------------------------------------------------------------------------
# read_jxl_metadata against a full decode (step 5)

METADATA_SCRIPT = r"""
import json, sys, time
import jxl_demo

data = open(sys.argv[1], "rb").read()
rounds = int(sys.argv[2])
times = {"decode": [], "metadata": []}
for _ in range(rounds):
    for name, function in (("decode", jxl_demo.decode_jxl_as_array),
                           ("metadata", jxl_demo.read_jxl_metadata)):
        repeat = 1 if name == "decode" else 1000  # one header read is too quick to time
        start = time.perf_counter()
        for _ in range(repeat):
            function(data)
        times[name].append((time.perf_counter() - start) / repeat)
print(json.dumps(times))
"""


def bench_metadata(python: Path, image: Path, rounds: int) -> dict:
    import json

    result = build(crate("solution", 5), python, release=True)
    if not result.ok:
        raise SystemExit("solutions/step5 does not build: " + "".join(result.errors[:1]))
    out = subprocess.run(
        [str(python), "-c", METADATA_SCRIPT, str(image), str(rounds)],
        env=dict(os.environ, PYTHONPATH=str(result.module_dir)),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {k: min(v) for k, v in json.loads(out).items()} | {"rounds": rounds}


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
    # Share the course's environment rather than making a second one.
    if not (LOOP / ".nox").exists():
        (LOOP / ".nox").mkdir()
        os.symlink(environment.VENV, LOOP / ".nox" / "course", target_is_directory=True)
    return LOOP


def one_line_edit(lib: Path, round_number: int) -> None:
    text = lib.read_text(encoding="utf-8")
    old, new = EDITS if EDITS[0] in text else EDITS[::-1]
    lib.write_text(text.replace(old, new), encoding="utf-8")


def bench_loop(python: Path, rounds: int) -> dict:
    copy = prepare_loop_copy()
    lib = copy / "steps/step1/src/lib.rs"
    # The same PYO3_PYTHON as the copy's nox session, or PyO3 would rebuild each time.
    env = cargo_env(environment.python(copy / ".nox" / "course"))
    module_dir = copy / "target" / "python" / "bare"
    module_dir.mkdir(parents=True, exist_ok=True)

    def learner_command() -> None:
        subprocess.run(
            [sys.executable, "noxfile.py", "-s", "step1"],
            cwd=copy,
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


def main(python: Path, which: set[str], quick: bool) -> None:
    print(f"\nMachine: {machine()}\n")
    if "count" in which:
        megabytes, rounds = (2, 3) if quick else (15, 5)
        r = bench_count(python, megabytes, rounds)
        print(f"count_occurrences on a {r['megabytes']} MB ASCII text (best of {r['rounds']}):")
        print(f"  {'pure Python (step 1 reference)':<36}{r['python'] * 1000:9.1f} ms   1.0x")
        print(
            f"  {'Rust, solutions/step1 (release)':<36}{r['rust'] * 1000:9.1f} ms"
            f"  {r['python'] / r['rust']:4.1f}x faster"
        )
        for key, label in (
            ("rust_non_ascii_first", "Rust, non-ASCII text, new str"),
            ("rust_non_ascii_again", "Rust, non-ASCII text, same str again"),
        ):
            print(f"  {label:<36}{r[key] * 1000:9.1f} ms  {r['python'] / r[key]:4.1f}x faster")
        print()
    if "metadata" in which:
        image = ROOT / "images" / "large.jxl"
        r = bench_metadata(python, image, 3 if quick else 5)
        print(
            f"Reading {image.name} (3001 x 2003), solutions/step5, release (best of {r['rounds']}):"
        )
        print(f"  {'decode_jxl_as_array':<36}{r['decode'] * 1000:9.1f} ms   1x")
        print(
            f"  {'read_jxl_metadata':<36}{r['metadata'] * 1000:9.3f} ms  "
            f"{r['decode'] / r['metadata']:6.0f}x faster"
        )
        print()
    if "loop" in which:
        r = bench_loop(python, 3 if quick else 7)
        print(f"The learner's loop after a one-line edit (median of {r['rounds']}):")
        print(f"  {'cargo build + pytest (bare minimum)':<36}{r['bare']:8.2f} s   1.00")
        print(f"  {'nox -s step1':<36}{r['learner']:8.2f} s   {r['learner'] / r['bare']:4.2f}")
        print()
