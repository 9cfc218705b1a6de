"""Backups of a learner's files, made before any course tool replaces them.

Every backup is a plain copy of a step folder under .backups/, named after the
step and the time, with a note saying why it was made. Nothing is ever deleted.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from tools.build import ROOT
from tools.exercises import SKIP_DIRS, crate_files

BACKUPS = ROOT / ".backups"
NOTE = "BACKUP.txt"


def save(folder: Path, reason: str, backups: Path = BACKUPS) -> Path | None:
    """Copy `folder` (build output left out) to a new backup; return its path."""
    if not folder.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    destination = backups / f"{folder.name}-{stamp}"
    suffix = 1
    while destination.exists():
        suffix += 1
        destination = backups / f"{folder.name}-{stamp}-{suffix}"
    shutil.copytree(folder, destination, ignore=shutil.ignore_patterns(*SKIP_DIRS))
    (destination / NOTE).write_text(
        f"A copy of {folder.name} made {time.ctime()}, {reason}.\n", encoding="utf-8"
    )
    return destination


def listing(backups: Path = BACKUPS) -> list[Path]:
    """Every backup, oldest first."""
    if not backups.exists():
        return []
    found = [p for p in backups.iterdir() if (p / NOTE).exists()]
    return sorted(found, key=lambda p: p.stat().st_mtime)


def replace_contents(folder: Path, files: dict[Path, bytes]) -> None:
    """Make `folder` hold exactly `files` (build output aside)."""
    for rel in crate_files(folder) if folder.exists() else []:
        if rel not in files:
            (folder / rel).unlink()
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    # Folders left empty by removed files go too.
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()) and path.name not in SKIP_DIRS:
            path.rmdir()


def contents_of(backup: Path) -> dict[Path, bytes]:
    """The files a backup holds, without its note."""
    return {rel: (backup / rel).read_bytes() for rel in crate_files(backup) if rel.name != NOTE}
