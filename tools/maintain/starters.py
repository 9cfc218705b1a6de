"""The committed starters: each is what its solution derives, builds without a
warning, passes the checks of the earlier steps and fails its own new ones
(unless a check says why it passes on the starter: `starter_passes`)."""

from __future__ import annotations

from pathlib import Path

from tools.course.build import build
from tools.course.derive import compare, derive_starter
from tools.course.paths import check_files, crate, crate_name, step_of_file
from tools.course.report import print_build_failure
from tools.course.runner import run_checks


def problems(python: Path, steps: list[int], log=print) -> list[str]:
    found: list[str] = []
    for step in steps:
        name, solution = crate_name("step", step), crate_name("solution", step)
        derived = derive_starter(crate("solution", step), step)
        for difference in compare(derived, crate("step", step)):
            found.append(f"{name} is not what {solution} derives: {difference}")
        result = build(crate("step", step), python)
        if not result.ok:
            print_build_failure(result)
            found.append(f"{name} does not build")
            continue
        if result.warnings:
            found.append(f"{name} builds with {len(result.warnings)} warning(s)")
        results, _, _ = run_checks(result.module_dir, check_files(step), [], python)
        new = [r for r in results if step_of_file(r["file"]) == step]
        if not new:
            found.append(f"step {step} has no checks of its own")
        for r in results:
            found += _judge(step, r, r in new)
        log(f"{name}: {len(new)} new checks, {len(results) - len(new)} earlier")
    return found


def _judge(step: int, r: dict, new: bool) -> list[str]:
    name = crate_name("step", step)
    if r["status"] == "skipped":
        return []  # a check that does not apply on this Python (3.14t's, say)
    if not new and r["status"] != "passed":
        return [f"{name}: earlier check fails: {r['id']}"]
    if new and r["starter_passes"] and r["status"] != "passed":
        return [f"{name}: check marked starter_passes fails: {r['id']}"]
    # "wrong" is right for a check the slow, GIL-holding starter fails.
    if new and not r["starter_passes"] and r["status"] not in {"todo", "wrong", "panic"}:
        return [f"{name}: new check should fail but is {r['status']}: {r['id']}"]
    return []
