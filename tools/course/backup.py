"""Backups of a learner's files, made before any course tool replaces them.

A backup is a folder under .backups/, named after the step and the time:

    .backups/step2-20261122-101500/
        files/       steps/step2 as it was: file modes, links and empty folders kept
        about.json   which step, when, why, and what the folder held then

The learner's files live under files/, so nothing of theirs can clash with the
backup's own note (a learner may well keep a BACKUP.txt of their own).
Nothing here ever deletes a backup.

Replacing a folder's contents is all or nothing: whatever cannot be written
(a read-only file, say) is found before anything changes, and if writing still
fails half-way, the folder is put back as it was from the backup just made.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from tools.course.derive import SKIP_DIRS, crate_files
from tools.course.i18n import N_, _
from tools.course.paths import ROOT, relative

BACKUPS = ROOT / ".backups"
FILES = "files"
ABOUT = "about.json"

# What a backup held, in the learner's words.
HOLDS = {
    "yours": N_("your own work"),
    "solution": N_("the solution, unchanged"),
    "starter": N_("the starter, unchanged"),
}


class CourseError(Exception):
    """A request the course cannot carry out; the message says why."""


@dataclass
class Backup:
    path: Path
    step: str  # "step2"
    made: float  # seconds since the epoch
    reason: str
    holds: str  # a key of HOLDS

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def files(self) -> Path:
        """The folder that holds the learner's files."""
        return self.path / FILES

    def contents(self) -> dict[Path, bytes]:
        """The files the backup holds, by path relative to the step folder."""
        found = {}
        for rel in crate_files(self.files):
            found[rel] = (self.files / rel).read_bytes()
        return found

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.made))
        return _("{step}, {holds}; saved {when}, {reason}").format(
            step=self.step,
            holds=_(HOLDS.get(self.holds, self.holds)),
            when=when,
            reason=_(self.reason),
        )


def save(folder: Path, reason: str, holds: str = "yours", backups: Path = BACKUPS) -> Path | None:
    """Copy `folder` (build output left out) to a new backup; return its path.

    The backup is written whole or not at all: into a hidden folder beside
    the others, renamed to its name only once every file and its note are
    there. A full disk, or a Ctrl-C half-way, leaves no half backup that
    `restore` would list, and the learner's files are not touched."""
    if not folder.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    destination = backups / f"{folder.name}-{stamp}"
    suffix = 1
    while destination.exists():
        suffix += 1
        destination = backups / f"{folder.name}-{stamp}-{suffix}"
    partial = backups / f".partial-{destination.name}-{os.getpid()}"
    try:
        # symlinks=True: a link is kept as a link, not replaced by what it points to.
        shutil.copytree(
            folder, partial / FILES, symlinks=True, ignore=shutil.ignore_patterns(*SKIP_DIRS)
        )
        about = {"step": folder.name, "made": time.time(), "reason": reason, "holds": holds}
        (partial / ABOUT).write_text(json.dumps(about, indent=1) + "\n", encoding="utf-8")
        os.replace(partial, destination)
    except BaseException as error:  # Ctrl-C too: no half backup stays behind
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, (OSError, shutil.Error)):
            raise CourseError(
                _(
                    "could not save a backup of {folder} in {backups} ({why}), so nothing "
                    "was changed. Free some disk space, or check that you may write there, "
                    "then run the same command again."
                ).format(folder=shown(folder), backups=shown(backups), why=_why(error))
            ) from error
        raise
    return destination


def _why(error: BaseException) -> str:
    """What went wrong, in a few words: copytree gathers its errors in a list."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list):
        reasons = {str(entry[-1]).split("] ", 1)[-1] for entry in error.args[0]}
        return "; ".join(sorted(reasons)[:2])
    return getattr(error, "strerror", None) or str(error)


def shown(path: Path) -> str:
    """A path as the learner reads it: relative to the course when inside it,
    and quoted when its name holds a space, a line break or bytes that are no
    text (a file name need not be valid UTF-8)."""
    return quoted(relative(path).as_posix())


def quoted(name: str) -> str:
    """A file name as it can be printed on one line: as it is when it is plain
    text, else in quotes with Python's escapes (a line break, a byte that no
    encoding gave: '\\n', '\\udcff')."""
    plain = name.isprintable() and not any(0xD800 <= ord(c) <= 0xDFFF for c in name)
    return name if plain and " " not in name else ascii(name)


def load(path: Path) -> Backup | None:
    """The backup in `path`, or None when it is not one."""
    about = path / ABOUT
    if about.is_file():
        data = json.loads(about.read_text(encoding="utf-8"))
        return Backup(path, data["step"], data["made"], data["reason"], data["holds"])
    return None


def listing(backups: Path = BACKUPS) -> list[Backup]:
    """Every backup, oldest first."""
    if not backups.exists():
        return []
    found = [b for b in (load(p) for p in backups.iterdir() if p.is_dir()) if b is not None]
    return sorted(found, key=lambda b: (b.made, b.name))


def newest_of_yours(backups: Path = BACKUPS, step: str | None = None) -> Backup | None:
    """The newest backup that holds the learner's own work (else the newest);
    of `step` ("step2") only, when given."""
    found = [b for b in listing(backups) if step is None or b.step == step]
    yours = [b for b in found if b.holds == "yours"]
    return (yours or found or [None])[-1]


def _read_only(path: Path) -> bool:
    """Read-only for the learner: no write permission, or the owner's write bit
    cleared (which an administrator's account could ignore, but the learner
    cleared it for a reason)."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR


def _blocked(folder: Path, touched: list[Path]) -> list[str]:
    """The paths under `folder` that cannot be changed, for a clear refusal."""
    problems = []
    for rel in touched:
        path = folder / rel
        if path.is_symlink():
            continue  # a link is replaced, never written through
        if path.exists() and _read_only(path):
            problems.append(_("{name} is read-only").format(name=rel.as_posix()))
    for directory in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
        if SKIP_DIRS.intersection(directory.relative_to(folder).parts):
            continue
        if _read_only(directory):
            rel = directory.relative_to(folder).as_posix()
            name = rel if rel != "." else folder.name
            problems.append(_("the folder {name} is read-only").format(name=name))
    return problems


def check_writable(folder: Path, files: dict[Path, bytes], everything: bool = False) -> None:
    """Refuse, before anything changes, when `folder` cannot be made to hold
    `files`; `everything`: every file of the folder will be replaced."""
    if not folder.exists():
        return
    current = crate_files(folder)
    touched = [
        rel
        for rel in sorted(set(current) | set(files))
        if everything
        or rel not in files
        or rel not in current
        or (folder / rel).read_bytes() != files[rel]
    ]
    problems = _blocked(folder, touched)
    if problems:
        listed = "; ".join(problems[:5]) + ("; ..." if len(problems) > 5 else "")
        raise CourseError(
            _(
                "nothing was changed: in {folder}, {listed}. Make it writable (on Linux and "
                "macOS: chmod -R u+w steps; on Windows: the file's Properties, untick "
                "Read-only), then run the command again."
            ).format(folder=folder.name, listed=listed)
        )


def replace_contents(folder: Path, files: dict[Path, bytes]) -> None:
    """Make `folder` hold exactly `files` (build output aside).

    A file that is a link is replaced by a plain file: the link's target,
    which may be outside the course, is never written to."""
    for rel in crate_files(folder) if folder.exists() else []:
        if rel not in files:
            (folder / rel).unlink()
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            path.unlink()
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    # Folders left empty by removed files go too.
    for path in sorted(folder.rglob("*"), reverse=True):
        kept = path.is_symlink() or SKIP_DIRS.intersection(path.relative_to(folder).parts)
        if path.is_dir() and not kept and not any(path.iterdir()):
            path.rmdir()


def clear(folder: Path) -> None:
    """Remove everything in `folder` but build output."""
    for path in folder.iterdir():
        if path.name in SKIP_DIRS:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def copy_back(backup: Backup, folder: Path) -> None:
    """Make `folder` hold exactly what `backup` holds: modes, links, empty folders."""
    folder.mkdir(parents=True, exist_ok=True)
    clear(folder)
    shutil.copytree(
        backup.files,
        folder,
        symlinks=True,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(*SKIP_DIRS),
    )
