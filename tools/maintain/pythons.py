"""`nox -s pythons` (CI): the last step's checks, the tools' tests and the wheel
again on every other CPython 3.10 or newer of this machine, each with its own
pip-installed nox (tools/course/shipping.py finds and drives them)."""

from __future__ import annotations

from tools.course import shipping
from tools.course.paths import crate


def run(steps: list[int], log=print) -> tuple[list[str], list[str]]:
    """(versions that passed, versions that failed); none of either when this
    machine has no other Python."""
    others = shipping.other_pythons()
    if not others:
        log("no other CPython 3.10 or newer on this machine: nothing more to run")
        return [], []
    built = shipping.build_wheel(crate("solution", 1), log=log)
    passed, failed = [], []
    for python in others:
        version = shipping.version_of(python)
        ran = shipping.run_on(python, [f"solution{steps[-1]}", "tooling"], log=log)
        (passed if ran else failed).append(version)
        print(shipping.install_elsewhere(built, python, log=log), end="")
    log(f"passed on Python {', '.join(passed) or 'none'}")
    return passed, failed
