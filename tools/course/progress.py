"""`nox -s progress`: a checklist of the learner's steps."""

from __future__ import annotations

from pathlib import Path

from tools.course.building import build_for_learner
from tools.course.derive import compare, derive_starter
from tools.course.headings import section_place, section_title
from tools.course.i18n import _
from tools.course.paths import BOOK_SRC, check_files, crate
from tools.course.paths import chapter as paths_chapter
from tools.course.runner import run_checks
from tools.course.terminal import REWRITE
from tools.course.terminal import tty as on_terminal


def _is_starter(step: int) -> bool:
    """Whether steps/stepN is still the starter, exactly as the solution derives it."""
    folder = crate("step", step)
    return folder.exists() and not compare(derive_starter(crate("solution", step), step), folder)


def progress_report(python: Path, numbers: list[int]) -> None:
    """A checklist of the learner's steps: built and checked, one line each."""
    print("\n" + _("Your steps, each with its own checks:") + "\n")
    finished: list[int] = []
    unfinished: list[int] = []
    for step in numbers:
        chapter = BOOK_SRC / paths_chapter(step)
        title = (
            section_title(chapter.name) if chapter.exists() else _("Step {step}").format(step=step)
        )
        # A starter fails its own new checks (CI makes sure of it): a step you
        # have not touched needs no build to be reported.
        if _is_starter(step):
            print(f"  [ ] {title}: " + _("not started yet"))
            unfinished.append(step)
            continue
        tty = on_terminal()
        if tty:
            building = _("  building and checking steps/step{step} ...").format(step=step)
            print(building, end="", flush=True)
        result = build_for_learner(crate("step", step), python)
        if not result.ok:
            line, done = _("does not build"), False
        else:
            results, _code, _output = run_checks(
                result.module_dir, check_files(step, only=step), [], python
            )
            # A check for another kind of Python (skipped here) is neither.
            counted = [r for r in results if r["status"] != "skipped"]
            passed = sum(r["status"] == "passed" for r in counted)
            done = bool(counted) and passed == len(counted)
            line = _("{passed} of {total} checks pass").format(passed=passed, total=len(counted))
        print(f"{REWRITE if tty else ''}  [{'x' if done else ' '}] {title}: {line}")
        (finished if done else unfinished).append(step)
    print()
    # Carry on after the last finished step: you may have started in the middle.
    later = [s for s in unfinished if s > max(finished, default=0)]
    next_step = (later or unfinished or [None])[0]
    if next_step is None:
        print(_("Every step passes: you have finished the course. Well done!"))
    else:
        print(
            _(
                "Next: step {step}. Read {chapter}, edit steps/step{step}/src/lib.rs, "
                "and run `nox -s step{step}`."
            ).format(step=next_step, chapter=section_place(paths_chapter(next_step)))
        )
