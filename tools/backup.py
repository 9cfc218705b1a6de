"""Backups of a learner's files, made before any course tool replaces them.

Every backup is a plain copy of a step folder under .backups/, named after the
step and the time, with a note saying why it was made. Nothing is ever deleted.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from tools.build import ROOT
from tools.exercises import SKIP_DIRS

BACKUPS = ROOT / ".backups"


def save(folder: Path, reason: str) -> Path | None:
    """Copy `folder` (build output left out) to a new backup; return its path."""
    if not folder.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    destination = BACKUPS / f"{folder.name}-{stamp}"
    suffix = 1
    while destination.exists():
        suffix += 1
        destination = BACKUPS / f"{folder.name}-{stamp}-{suffix}"
    shutil.copytree(folder, destination, ignore=shutil.ignore_patterns(*SKIP_DIRS))
    (destination / "BACKUP.txt").write_text(
        f"A copy of {folder.relative_to(ROOT).as_posix()} made {time.ctime()}, {reason}.\n",
        encoding="utf-8",
    )
    return destination
