"""What noxfile.py settles about nox itself before any session runs: the
lines nox prints that are not for learners, and the options of its command
line that a learner meant for the checks."""

from __future__ import annotations

import logging
import sys


class QuietAboutUv(logging.Filter):
    """nox says "uv binary not found." when it looks for uv, which the course does
    not need (it uses uv when there is one, pip otherwise): not a line for learners."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "uv binary not found."


def keyword_without_dashes(argv: list[str]) -> bool:
    """`nox -s step1 -k tabs`: nox takes `-k` for itself (it selects sessions
    whose names match), where the learner meant the checks' `-k`."""
    before = argv[: argv.index("--")] if "--" in argv else argv
    return "-k" in before and any(a.startswith(("step", "solution")) for a in before)


def refuse_keyword_without_dashes(argv: list[str]) -> None:
    """Stop before nox runs whichever sessions `-k`'s word matches, and say why."""
    if keyword_without_dashes(argv):
        from tools.course.i18n import _

        sys.exit(
            _("To choose checks, put `--` before pytest's options: `nox -s step1 -- -k tabs`.")
        )
