"""The learner's loop: `nox -s stepN` after a one-line edit, for every step,
in both states (an exercise unsolved, the step solved)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tools.course import environment, ladder, paths
from tools.course.derive import derive_starter, renamed
from tools.course.paths import ROOT, TARGET, crate

# --------------------------------------------------------------------------
# The learner's loop: `nox -s stepN` after a one-line edit, for every step,
# in a scratch copy of the workspace where every step is solved.

LOOP = TARGET / "bench-loop"  # the copy; your steps/ stay untouched
# A line of code in `count_occurrences`, a function every step has: the edit
# changes what the compiler makes, as a learner's edits do (a comment alone
# would let cargo reuse almost all of its last build).
EDIT = "        let _one_line_edit = 0; // made and undone by nox -s bench -- loop\n"


def prepare_loop_copy(steps: list[int], solved: bool = True) -> Path:
    """A copy of the workspace in target/bench-loop, every step of `steps`
    solved in its steps/ folder, as a learner has it once the checks pass;
    or (`solved=False`) with every exercise solved but the step's last one,
    as a learner has it while working on it: `nox -s stepN` then runs the
    checks of all its exercises and stops there."""
    LOOP.mkdir(parents=True, exist_ok=True)
    for name in ("Cargo.toml", "Cargo.lock", "noxfile.py", "ruff.toml"):
        shutil.copy2(ROOT / name, LOOP / name)
    for name in (".cargo", "tools", "checks", "book", "images"):
        if (LOOP / name).exists():
            shutil.rmtree(LOOP / name)
        shutil.copytree(
            ROOT / name, LOOP / name, ignore=shutil.ignore_patterns("build", "__pycache__")
        )
    for kind in ("step", "solution"):
        if crate(kind, 1, LOOP).parent.exists():
            shutil.rmtree(crate(kind, 1, LOOP).parent)
        for step in steps:
            folder = crate(kind, step, LOOP)
            shutil.copytree(
                crate("solution", step), folder, ignore=shutil.ignore_patterns("target")
            )
            if kind == "step" and not solved:
                names = [e.name for e in ladder.exercises(step)]
                files = derive_starter(crate("solution", step), step, frozenset(names[:-1]))
                for rel, data in files.items():
                    (folder / rel).write_bytes(data)
            elif kind == "step":
                cargo = folder / "Cargo.toml"
                text = cargo.read_text(encoding="utf-8")
                cargo.write_text(
                    renamed(text, f"step{step}"),
                    encoding="utf-8",
                )
    return LOOP


def one_line_edit(lib: Path) -> None:
    """Add a line of code at the start of `count_occurrences`, or take it
    away again: the crate is compiled again either way, as after any edit."""
    text = lib.read_text(encoding="utf-8")
    if EDIT in text:
        lib.write_text(text.replace(EDIT, "", 1), encoding="utf-8")
        return
    lines = text.splitlines(keepends=True)
    start = next(
        i
        for i, line in enumerate(lines)
        if "fn count_occurrences(" in line and not line.lstrip().startswith("//")
    )
    body = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith("{"))
    lines.insert(body + 1, EDIT)
    lib.write_text("".join(lines), encoding="utf-8")


def children_cpu() -> float | None:
    """CPU seconds used so far by this process's finished children and theirs
    (None where the system does not say: Windows)."""
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_loop(
    python: Path, steps: list[int], rounds: int, solved: bool = True
) -> dict[int, tuple[float, float | None]]:
    """Each step's median time after a one-line edit, and the median CPU
    time it used (all its processes: nox, cargo, pytest, the checks' programs)."""
    copy = prepare_loop_copy(steps, solved)

    def learner_command(step: int) -> None:
        subprocess.run(
            [sys.executable, "noxfile.py", "-s", paths.session("step", step)],
            cwd=copy,
            # Share the course's environment rather than making a second one
            # (an environment variable, not a symbolic link: Windows allows
            # those only to administrators and in developer mode).
            env={**os.environ, paths.VENV_VARIABLE: str(environment.VENV)},
            check=solved,  # an unsolved exercise fails the session, as it should
            capture_output=True,
        )

    # Warm up: the copy's first build of each step compiles it (and, the very
    # first time, every dependency) once.
    for step in steps:
        learner_command(step)
    times: dict[int, list[float]] = {step: [] for step in steps}
    cpus: dict[int, list[float]] = {step: [] for step in steps}
    for number in range(rounds):
        # Every step once a round, the order turned each round.
        shift = number % len(steps)
        for step in steps[shift:] + steps[:shift]:
            one_line_edit(crate("step", step, copy) / "src" / "lib.rs")
            cpu, start = children_cpu(), time.perf_counter()
            learner_command(step)
            times[step].append(time.perf_counter() - start)
            if cpu is not None:
                cpus[step].append(children_cpu() - cpu)
    return {
        step: (
            statistics.median(times[step]),
            statistics.median(cpus[step]) if cpus[step] else None,
        )
        for step in steps
    }


def bench_loop_text(python: Path, quick: bool) -> str:
    steps = [1, 2] if quick else paths.steps()
    rounds = 2 if quick else 5
    lines = [
        (
            f"The learner's loop: nox -s stepN after a one-line edit to count_occurrences in "
            f"steps/stepN/src/lib.rs, in a copy of the workspace (debug builds, as nox -s stepN "
            f"makes them; median of {rounds} rounds, the steps in turn; the CPU time is that "
            f"of all the processes of a run, which {os.cpu_count()} CPUs share)."
        ),
    ]
    states = [
        (False, "While the step's last exercise is unsolved (its exercises' checks, then a stop):"),
        (True, "Once the step is solved (every check of steps 1 to N and the real programs):"),
    ]
    for solved, title in states:
        medians = bench_loop(python, steps, rounds, solved)
        first = medians[steps[0]][0]
        lines.append(title)
        for step, (seconds, cpu) in medians.items():
            used = f"  {cpu:5.1f} s of CPU" if cpu is not None else ""
            lines.append(
                f"  {f'nox -s step{step}':<40}{seconds:8.2f} s  {seconds / first:5.2f}x step 1{used}"
            )
    return "\n".join(lines) + "\n"
