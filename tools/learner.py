"""Catching up, starting over and undoing, for learners and instructors.

    solve N     put solution N in place of steps/stepN
    reset N     put the starter of step N back
    restore B   bring back backup B (a folder name under .backups/)
    diff N      show the edit that turns starter N into solution N

Whatever replaces a learner's files saves them first (tools/backup.py) and says
where. Nothing here needs git: a course downloaded as a zip works the same.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from tools import backup
from tools.build import ROOT
from tools.exercises import crate_files, derive_cargo_toml, derive_starter, strip_markers
from tools.steps import steps


class CourseError(Exception):
    """A request the course cannot carry out; the message says why."""


def parse_step(text: str | None, root: Path = ROOT) -> int:
    known = steps(root)
    if text is None:
        raise CourseError(f"say which step, for example `-- 2` (steps: {known[0]} to {known[-1]})")
    if not re.fullmatch(r"(step)?\d+", text):
        raise CourseError(f"{text!r} is not a step number")
    number = int(text.removeprefix("step"))
    if number not in known:
        raise CourseError(f"there is no step {number}: the steps are {known[0]} to {known[-1]}")
    return number


def solved_files(step: int, root: Path = ROOT) -> dict[Path, bytes]:
    """Solution N as a learner's crate: named stepN, without exercise markers."""
    solution = root / "solutions" / f"step{step}"
    files = {}
    for rel in crate_files(solution):
        data = (solution / rel).read_bytes()
        if rel.suffix == ".rs":
            data = strip_markers(data.decode("utf-8")).encode("utf-8")
        elif rel == Path("Cargo.toml"):
            text = derive_cargo_toml(data.decode("utf-8"), step)
            data = text[: text.index("\n[lints.rust]")].encode("utf-8") + b"\n"
        files[rel] = data
    return files


def starter_files(step: int, root: Path = ROOT) -> dict[Path, bytes]:
    return derive_starter(root / "solutions" / f"step{step}", step)


def _put(step: int, files: dict[Path, bytes], why: str, root: Path, backups: Path) -> Path | None:
    folder = root / "steps" / f"step{step}"
    current = (
        {rel: (folder / rel).read_bytes() for rel in crate_files(folder)} if folder.exists() else {}
    )
    if current == files:
        return None  # already so: nothing to save, nothing to change
    saved = backup.save(folder, why, backups) if current else None
    backup.replace_contents(folder, files)
    return saved


def solve(step: int, root: Path = ROOT, backups: Path = backup.BACKUPS) -> Path | None:
    """Put solution `step` in steps/stepN; return the backup made, if any."""
    return _put(step, solved_files(step, root), "before `nox -s solve`", root, backups)


def reset(step: int, root: Path = ROOT, backups: Path = backup.BACKUPS) -> Path | None:
    """Put the starter of `step` back; return the backup made, if any."""
    return _put(step, starter_files(step, root), "before `nox -s reset`", root, backups)


def restore(
    name: str, root: Path = ROOT, backups: Path = backup.BACKUPS
) -> tuple[int, Path | None]:
    """Bring back the backup called `name`; return its step and the backup of
    what it replaced."""
    source = backups / name
    if not (source / backup.NOTE).exists():
        names = ", ".join(p.name for p in backup.listing(backups)) or "none yet"
        raise CourseError(f"there is no backup {name!r} in {backups}; backups: {names}")
    match = re.match(r"step(\d+)-", name)
    if not match:
        raise CourseError(f"cannot tell which step the backup {name!r} belongs to")
    step = parse_step(match[1], root)
    saved = _put(
        step, backup.contents_of(source), f"before `nox -s restore -- {name}`", root, backups
    )
    return step, saved


def diff(step: int, root: Path = ROOT, colour: bool = False) -> str:
    """The edit from starter `step` to solution `step`, as a unified diff."""
    starter, solved = starter_files(step, root), solved_files(step, root)
    chunks = []
    for rel in sorted(set(starter) | set(solved)):
        if rel == Path("Cargo.toml"):
            continue  # only the starter's lint settings differ
        before = starter.get(rel, b"").decode("utf-8").splitlines(keepends=True)
        after = solved.get(rel, b"").decode("utf-8").splitlines(keepends=True)
        name = f"steps/step{step}/{rel.as_posix()}"
        lines = difflib.unified_diff(before, after, f"{name} (starter)", f"{name} (solution)", n=2)
        chunks.extend(_paint(line, colour) for line in lines)
    return "".join(chunks)


def _paint(line: str, colour: bool) -> str:
    if not colour or line.startswith(("+++", "---")):
        return line
    code = {"+": "32", "-": "31", "@": "36"}.get(line[:1])
    return f"\033[{code}m{line.rstrip(chr(10))}\033[0m\n" if code else line
