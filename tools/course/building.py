"""What the learner sees while a step builds: the first-build notice and the
count of crates compiled."""

from __future__ import annotations

from pathlib import Path

from tools.course.build import (
    HEAVY,
    Build,
    build,
    dependencies,
    first_build,
    not_built_yet,
    package_name,
)
from tools.course.i18n import _
from tools.course.terminal import REWRITE, tty


def first_build_notice(package: str) -> str:
    """What the learner waits for the first time: which crates, and how long."""
    names = dependencies(package)
    what = _("PyO3, NumPy's bindings and jxl-oxide") if HEAVY in names else "PyO3"
    minutes = _("about 2 minutes") if HEAVY in names else _("about a minute")
    notice = _(
        "  This is the first build here: cargo compiles the {count} crates this step\n"
        "  needs that no earlier step built ({what}) once, {minutes} on a laptop.\n"
        "  Later builds reuse them and take seconds."
    )
    return notice.format(count=len(not_built_yet(package)), what=what, minutes=minutes)


class BuildProgress:
    """Prints how far a long build has come: one line rewritten on a terminal,
    a line every tenth of the way in a log."""

    def __init__(self) -> None:
        self.shown = -1
        self.dirty = False
        self.waited = False

    def __call__(self, done: int, total: int, name: str) -> None:
        line = _("  compiled {done} of {total} crates ({name})").format(
            done=done, total=total, name=name
        )
        if tty():
            print(f"{REWRITE}{line}", end="", flush=True)
            self.dirty = True
        elif done * 10 // total > self.shown or done == total:
            self.shown = done * 10 // total
            print(line, flush=True)

    def waiting(self) -> None:
        if not self.waited:
            self.waited = True
            self.finish()
            print(
                _(
                    "  waiting for another build in this folder to finish (another nox command,\n"
                    "  or your editor checking the code); this one starts as soon as it is done ..."
                ),
                flush=True,
            )

    def finish(self) -> None:
        if self.dirty:
            print()
            self.dirty = False


def build_for_learner(crate_path: Path, python: Path) -> Build:
    """Build a crate the way a waiting learner wants it: a notice before a first
    build, the count of crates compiled, and word when another build holds cargo."""
    if first_build(crate=crate_path):
        print(first_build_notice(package_name(crate_path)), flush=True)
    progress = BuildProgress()
    result = build(crate_path, python, progress=progress)
    progress.finish()
    return result
