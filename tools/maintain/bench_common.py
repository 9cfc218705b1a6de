"""What every part of the bench shares: where results go, how contenders run
side by side, the table and the plot."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from pathlib import Path

from tools.course.build import build
from tools.course.paths import ROOT, TARGET, crate, crate_name
from tools.course.runner import python_path

OUT = TARGET / "bench"
PROGRAMS = "tools.maintain.bench_programs"  # run with `python -m`, each in its own process
# The plot's bars: (label, ratio), or (a group's title, None), in order.
BARS: list[tuple[str, float | None]] = []

# --------------------------------------------------------------------------
# Contenders run in their own processes (two builds of jxl_demo cannot share
# one), one after another, round after round; each keeps its best time.


KIND = "solution"  # "step" with `-- --yours`: time your own steps/ instead


def timer(python: Path, task: str, path: Path, repeat: int, option: str) -> list[str]:
    """The command that times `task` on the file `path`, `repeat` times (bench_programs/timer.py)."""
    return [str(python), "-m", f"{PROGRAMS}.timer", task, str(path), str(repeat), option]


def release_module(step: int, python: Path) -> Path:
    """The release build of a step (a solution, or with `--yours` the learner's)."""
    result = build(crate(KIND, step), python, release=True)
    if not result.ok:
        raise SystemExit(f"{crate_name(KIND, step)} does not build: " + "".join(result.errors[:1]))
    return result.module_dir


def run_contenders(
    python: Path, contenders: dict, path: Path, rounds: int, repeat: int, option: str = "-"
) -> dict:
    """contenders: name -> (module folder, task, extra environment), each run in a
    fresh process, in turn, round after round: name -> the median over rounds
    of each process's best time (seconds)
    and the median memory rise (MiB), and "refused": the message of the
    ValueError with which it refused the input, or None."""
    times = {name: [] for name in contenders}
    rises = {name: [] for name in contenders}
    refusals = {name: None for name in contenders}
    for _ in range(rounds):
        for name, (module_dir, task, extra) in contenders.items():
            env = dict(os.environ, PYTHONPATH=python_path(module_dir, str(ROOT)), **extra)
            task_option = env.pop("BENCH_OPTION", option)
            out = subprocess.run(
                timer(python, task, path, repeat, task_option),
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out)
            times[name].append(result["seconds"])
            rises[name].append(result["rise_mib"])
            refusals[name] = result.get("refused")
    return {
        name: {
            "seconds": statistics.median(times[name]),
            "rise_mib": statistics.median(rises[name]),
            "refused": refusals[name],
        }
        for name in contenders
    }


def time_contenders(
    python: Path, contenders: dict, path: Path, rounds: int, repeat: int, option: str = "-"
) -> dict:
    """The best time of each contender, in seconds."""
    measured = run_contenders(python, contenders, path, rounds, repeat, option)
    return {name: value["seconds"] for name, value in measured.items()}


def table(title: str, rows: list[tuple[str, float]], base: str) -> str:
    """Rows of (name, seconds), each with how many times faster than `base` it is."""
    reference = dict(rows)[base]
    lines = [title]
    for name, seconds in rows:
        shown = f"{seconds * 1000:10.3f} ms" if seconds < 0.01 else f"{seconds * 1000:10.1f} ms"
        lines.append(f"  {name:<46}{shown}  {reference / seconds:9.1f}x")
    return "\n".join(lines) + "\n"


def plot(path: Path, python: Path) -> None:
    """A bar chart of every ratio in BARS (log scale), drawn by Pillow in the course's Python."""
    plotter = [str(python), "-m", f"{PROGRAMS}.plot", json.dumps(BARS), str(path)]
    subprocess.run(plotter, check=True, cwd=ROOT)
