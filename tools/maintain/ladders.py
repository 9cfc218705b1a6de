"""Each exercise waits for its own code: the learner's crate after exercises
1..k-1 of a step passes the checks of those exercises and fails a check of
exercise k.

For every step and every k, this derives that crate from the solution (the
first k-1 exercises solved, the others as the starter has them), builds it
in a workspace of its own under target/ladders, and runs the step's exercise
checks on it without stopping. Exercise 1 is the committed starter, which
`nox -s exercises` checks already; the last rung is the solution.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tools.course import ladder
from tools.course.build import build
from tools.course.derive import derive_starter, renamed
from tools.course.paths import TARGET, check_files, crate
from tools.course.runner import FINE, run_checks
from tools.maintain.workspace import write_workspace

WORKSPACE = TARGET / "ladders"


def rungs(step: int) -> list[tuple[int, frozenset[str]]]:
    """(k, the exercises solved before k) for k = 2..n."""
    names = [e.name for e in ladder.exercises(step)]
    return [(k, frozenset(names[: k - 1])) for k in range(2, len(names) + 1)]


def make(steps: list[int]) -> dict[tuple[int, int], Path]:
    if WORKSPACE.exists():
        shutil.rmtree(WORKSPACE)
    crates = {}
    for step in steps:
        for k, solved in rungs(step):
            folder = WORKSPACE / f"step{step}_{k}"
            files = derive_starter(crate("solution", step), step, solved)
            for rel, data in files.items():
                if rel == Path("Cargo.toml"):
                    data = renamed(data.decode("utf-8"), f"ladder{step}_{k}").encode("utf-8")
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(data)
            crates[(step, k)] = folder
    write_workspace(WORKSPACE, [p.name for p in crates.values()])
    return crates


def judge(results: list[dict], step: int, k: int) -> list[str]:
    """What is wrong with the results on rung k of step `step`."""
    names = [e.name for e in ladder.exercises(step)]
    found = []
    for number, name in enumerate(names, start=1):
        mine = [r for r in results if r.get("exercise") == name]
        if not mine:
            found.append(f"step {step}, exercise {number} ({name}): no check ran")
        elif number < k:
            for r in mine:
                if r["status"] not in FINE:
                    found.append(
                        f"step {step}, exercises 1 to {k - 1} solved: {r['id']} of exercise "
                        f"{number} is {r['status']}, but it should pass"
                    )
        elif number == k and all(r["status"] in FINE for r in mine):
            found.append(
                f"step {step}, exercises 1 to {k - 1} solved: every check of exercise {k} "
                f"({name}) passes before it is written"
            )
    return found


def problems(python: Path, steps: list[int], log=print) -> list[str]:
    found = []
    for (step, k), folder in make(steps).items():
        result = build(folder, python, workspace=WORKSPACE)
        if not result.ok:
            found.append(
                f"step {step} with exercises 1 to {k - 1} solved does not build: "
                f"{result.errors[:1]}"
            )
            continue
        if result.warnings:
            found.append(
                f"step {step} with exercises 1 to {k - 1} solved builds with "
                f"{len(result.warnings)} warning(s): {result.warnings[0]}"
            )
        environ = dict(os.environ, COURSE_EXERCISES_ALL=str(step))
        results, _code, _output = run_checks(
            result.module_dir, check_files(step, only=step), [], python, environ, True
        )
        wrong = judge(results, step, k)
        found += wrong
        log(
            f"step {step}, exercises before {k} solved: exercise {k} waits for its code"
            if not wrong
            else f"step {step}, exercises before {k} solved: {len(wrong)} problem(s)"
        )
    return found
