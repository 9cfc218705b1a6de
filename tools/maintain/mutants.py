"""Checks that can fail: the GIL checks, run against solutions that hold the GIL.

The checks "lets other Python threads run while it ..." must fail whenever the
code does not release the GIL, on any machine, however busy. To show that they
do, this builds copies of the solutions in which every `.detach(...)` runs its
closure with the GIL held, and runs those checks against them several times:
each run must fail every one of them. The copies live in a workspace of their
own under target/mutants, built into the course's target/ so that PyO3 and
jxl-oxide are not compiled again.

The checks of programs that fork get the same treatment: copies of the
solutions whose pool.rs takes every process for the one that built the pool
(so a forked child waits for threads it does not have) must fail each check
that forks, by hanging until the time limit.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from tools.course import paths
from tools.course.build import build
from tools.course.derive import crate_files, renamed, strip_markers
from tools.course.paths import TARGET, check_files, crate_name
from tools.course.runner import run_checks
from tools.maintain.workspace import write_workspace

WORKSPACE = TARGET / "mutants"
GIL_CHECKS = "releases_the_gil"

# Stands in for PyO3's `Python::detach`: the same call, without releasing the GIL.
HOLD = """
/// The mutant's stand-in for `Python::detach`: runs `f` with the GIL held.
pub trait HoldTheGil {
    fn hold_the_gil<T, F: FnOnce() -> T>(self, f: F) -> T;
}

impl HoldTheGil for pyo3::Python<'_> {
    fn hold_the_gil<T, F: FnOnce() -> T>(self, f: F) -> T {
        f()
    }
}
"""


def mutate(source: str) -> tuple[str, int]:
    """The solution's lib.rs with every `.detach(` made to hold the GIL."""
    source, count = re.subn(r"\.detach\(", ".hold_the_gil(", strip_markers(source))
    source = re.sub(
        r"^(\s*)(pub\s+)?mod jxl_demo \{\n",
        lambda m: f"{m[0]}{m[1]}    use crate::HoldTheGil as _;\n",
        source,
        count=1,
        flags=re.MULTILINE,
    )
    return source + HOLD, count


def make(steps: list[int], pool_mutant: bool = False) -> dict[int, Path]:
    """Write the mutant crates; return each step's crate folder. pool_mutant:
    keep `detach`, and make pool.rs share one pool with every forked child."""
    if WORKSPACE.exists():
        shutil.rmtree(WORKSPACE)
    crates = {}
    for step in steps:
        solution = paths.crate("solution", step)
        crate = WORKSPACE / f"step{step}"
        for rel in crate_files(solution):
            data = (solution / rel).read_text(encoding="utf-8")
            if rel == Path("src/pool.rs") and pool_mutant:
                data, count = re.subn(
                    r"let pid = std::process::id\(\);", "let pid = 1u32;", strip_markers(data)
                )
                if count == 0:
                    raise ValueError(
                        f"{crate_name('solution', step)}/src/pool.rs: no process id to take away"
                    )
            elif rel == Path("src/lib.rs") and pool_mutant:
                data = strip_markers(data)
            elif rel == Path("src/lib.rs"):
                data, count = mutate(data)
                if count == 0:
                    raise ValueError(f"{crate_name('solution', step)} has no .detach( to take away")
            elif rel.suffix == ".rs":
                data = strip_markers(data)
            elif rel == Path("Cargo.toml"):
                data = renamed(data, f"mutant{step}")
            (crate / rel).parent.mkdir(parents=True, exist_ok=True)
            (crate / rel).write_text(data, encoding="utf-8")
        crates[step] = crate
    write_workspace(WORKSPACE, [f"step{s}" for s in steps])
    return crates


def problems(python: Path, steps: list[int], runs: int = 3, log=print) -> list[str]:
    """What is wrong: a mutant that does not build, or a GIL check that passed on one."""
    found = []
    for step, crate in make(steps).items():
        result = build(crate, python, workspace=WORKSPACE)
        if not result.ok:
            found.append(f"the GIL-holding copy of step {step} does not build: {result.errors[:1]}")
            continue
        for run in range(1, runs + 1):
            results, _, _ = run_checks(
                result.module_dir, check_files(step), ["-k", GIL_CHECKS], python
            )
            if not results:
                found.append(f"step {step}: no check matching {GIL_CHECKS!r} ran")
            for r in results:
                if r["status"] not in {"wrong", "panic"}:
                    found.append(
                        f"step {step}, run {run}: {r['id']} is {r['status']} with the GIL held"
                    )
        log(
            f"step {step}: {len(results)} GIL check(s) failed on the GIL-holding copy, {runs} runs of {runs}"
        )
    return found


FORK_CHECKS = "fork"  # the checks whose programs fork: "os.fork()", "multiprocessing ... forks"
FORK_TIME_LIMIT = "10"  # seconds: a hang is a hang; the checks' own limit is 60


def fork_problems(python: Path, steps: list[int], log=print) -> list[str]:
    """What is wrong: a pool-sharing copy that does not build, or a check of a
    forking program that passed on one."""
    found = []
    for step, crate in make(steps, pool_mutant=True).items():
        result = build(crate, python, workspace=WORKSPACE)
        if not result.ok:
            found.append(
                f"the pool-sharing copy of step {step} does not build: {result.errors[:1]}"
            )
            continue
        files = [f for f in check_files(step) if f.name.endswith("_real_programs.py")]
        environ = dict(os.environ, COURSE_PROGRAM_TIME_LIMIT=FORK_TIME_LIMIT)
        results, _, _ = run_checks(result.module_dir, files, ["-k", FORK_CHECKS], python, environ)
        if not results:
            found.append(f"step {step}: no check matching {FORK_CHECKS!r} ran")
        for r in results:
            if r["status"] != "wrong":
                found.append(f"step {step}: {r['id']} is {r['status']} on the pool-sharing copy")
        log(f"step {step}: {len(results)} fork check(s) failed on the pool-sharing copy")
    return found
