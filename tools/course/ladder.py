"""The exercises of each step (checks/exercises.py), as the runner and the
report see them."""

from __future__ import annotations

import functools
import importlib.util
from types import ModuleType

from tools.course.paths import CHECKS, step_of_file
from tools.course.runner import FINE, failed_to_load


@functools.cache  # read once: the list is data, and it does not change while a tool runs
def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("course_exercises", CHECKS / "exercises.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def exercises(step: int) -> list:
    """Step `step`'s exercises, each with .name, .title, .read and .minutes."""
    return list(_module().of_step(step))


def first_unsolved(results: list[dict], step: int):
    """(position from 1, exercise) of the first exercise with a check that does
    not pass, or None when every exercise passes."""
    for number, exercise in enumerate(exercises(step), start=1):
        mine = [r for r in results if r.get("exercise") == exercise.name]
        if not mine or any(r["status"] not in FINE for r in mine):
            return number, exercise
    return None


def of_this_step(results: list[dict], step: int) -> list[dict]:
    """From the results of a run of every check: those of step `step`'s
    exercises, and any check file that could not be loaded (the report
    of the exercises is then made of them alone)."""
    names = {exercise.name for exercise in exercises(step)}
    return [
        r
        for r in results
        if (step_of_file(r["file"]) == step and r.get("exercise") in names) or failed_to_load(r)
    ]
