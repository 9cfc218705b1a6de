"""`nox -s exercises` (CI): what it asks of the exercises, in one list."""

from __future__ import annotations

from pathlib import Path

from tools.course.paths import crate
from tools.maintain import ladders, mutants, starters


def all_problems(python: Path, steps: list[int], log=print) -> list[str]:
    """`nox -s exercises`: the starters are their solutions' (tools/maintain/starters.py),
    each exercise waits for its own code, and the checks of the GIL and of forking
    programs fail on code that gets them wrong (tools/maintain/mutants.py)."""
    found = starters.problems(python, steps, log=log)
    # Each exercise waits for its own code: after exercises 1..k-1, exercise k fails.
    found += ladders.problems(python, steps, log=log)
    # The GIL checks must fail, every time, on code that holds the GIL.
    found += mutants.problems(python, [2, steps[-1]], log=log)
    # And the checks of forking programs must fail on a pool that a forked child shares.
    found += mutants.fork_problems(python, [2, steps[-1]], log=log)
    if any(p.startswith(f"{crate('step', 1).parent.name}/") for p in found):
        found.append(
            "(If you have been working on steps/: these checks are about the course as it "
            "was committed, and your work makes them fail, as it should. Check your own "
            "work with `nox -s stepN`.)"
        )
    return found
