"""Catching up, starting over and undoing, for learners and instructors.

    solve N     put solution N in place of steps/stepN
    reset N     put the starter of step N back
    restore B   bring back backup B (a folder name under .backups/)
    diff N      show the edit that turns starter N into solution N

Whatever replaces a learner's files saves them first (tools/course/backup.py) and says
where. Nothing here needs git: a course downloaded as a zip works the same.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from tools.course import backup, i18n, terminal
from tools.course.backup import CourseError
from tools.course.derive import (
    STARTER_LINTS,
    crate_files,
    derive_cargo_toml,
    derive_starter,
    strip_markers,
)
from tools.course.i18n import N_, _
from tools.course.paths import ROOT, crate, crate_name, steps

# How a step is named after `--`: "2" or "step2".
STEP_NAME = re.compile(r"(step)?\d+")


def parse_step(text: str | None, root: Path = ROOT) -> int:
    known = steps(root)
    if text is None:
        raise CourseError(
            _("say which step, for example `-- 2` (steps: {first} to {last})").format(
                first=known[0], last=known[-1]
            )
        )
    if not STEP_NAME.fullmatch(text):
        raise CourseError(_("{text} is not a step number").format(text=repr(text)))
    number = int(text.removeprefix("step"))
    if number not in known:
        raise CourseError(
            _("there is no step {number}: the steps are {first} to {last}").format(
                number=number, first=known[0], last=known[-1]
            )
        )
    return number


def solved_files(step: int, root: Path = ROOT) -> dict[Path, bytes]:
    """Solution N as a learner's crate: named stepN, without exercise markers."""
    solution = crate("solution", step, root)
    files = {}
    for rel in crate_files(solution):
        data = (solution / rel).read_bytes()
        if rel.suffix == ".rs":
            data = strip_markers(data.decode("utf-8")).encode("utf-8")
        elif rel == Path("Cargo.toml"):
            text = derive_cargo_toml(data.decode("utf-8"), step)
            data = text.removesuffix(STARTER_LINTS).encode("utf-8") + b"\n"
        files[rel] = data
    return files


def starter_files(step: int, root: Path = ROOT) -> dict[Path, bytes]:
    return derive_starter(crate("solution", step, root), step)


@dataclass
class Outcome:
    """What solve, reset or restore did to steps/stepN."""

    step: int
    saved: Path | None  # the backup of what the folder held, when it held anything
    changed: bool  # False: the folder already held exactly that
    existed: bool  # False: the folder was missing and has been made afresh
    set_aside: list[Path] = field(default_factory=list)  # files now only in the backup


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {rel: (folder / rel).read_bytes() for rel in crate_files(folder)}


def _holds(step: int, files: dict[Path, bytes], root: Path) -> str:
    """What a step folder holds: the starter, the solution, or the learner's own work."""
    if files == starter_files(step, root):
        return "starter"
    if files == solved_files(step, root):
        return "solution"
    return "yours"


def _put(
    step: int,
    why: str,
    root: Path,
    backups: Path,
    files: dict[Path, bytes] | None = None,
    source: backup.Backup | None = None,
) -> Outcome:
    """Make steps/stepN hold `files` (or the backup `source`), all or nothing."""
    folder = crate("step", step, root)
    existed = folder.exists()
    current = _snapshot(folder) if existed else {}
    wanted = source.contents() if source is not None else files
    if existed and current == wanted:
        return Outcome(step, None, changed=False, existed=True)
    backup.check_writable(folder, wanted, everything=source is not None)
    saved = backup.save(folder, why, _holds(step, current, root), backups) if current else None
    try:
        if source is not None:
            backup.copy_back(source, folder)
        else:
            backup.replace_contents(folder, wanted)
    except OSError as error:
        where = error.filename or folder
        if saved is not None:
            backup.copy_back(backup.load(saved), folder)
            kept = _("{folder} is back as it was (a copy is in {saved})").format(
                folder=crate_name("step", step), saved=saved
            )
        else:
            kept = _("{folder} held nothing to lose").format(folder=crate_name("step", step))
        raise CourseError(
            _("could not write {where} ({why}); {kept}").format(
                where=where, why=error.strerror, kept=kept
            )
        ) from error
    set_aside = sorted(rel for rel in current if rel not in wanted)
    return Outcome(step, saved, changed=True, existed=existed, set_aside=set_aside)


def solve(step: int, root: Path = ROOT, backups: Path = backup.BACKUPS) -> Outcome:
    """Put solution `step` in steps/stepN, saving what was there."""
    return _put(step, N_("before `nox -s solve`"), root, backups, files=solved_files(step, root))


# Why `nox -s starters` saved a folder (a backup's note, in the learner's language).
DERIVED_AGAIN = N_("before `nox -s starters` derived it again")


def reset(
    step: int,
    root: Path = ROOT,
    backups: Path = backup.BACKUPS,
    why: str = N_("before `nox -s reset`"),
) -> Outcome:
    """Put the starter of `step` back, saving what was there."""
    return _put(step, why, root, backups, files=starter_files(step, root))


def backup_named(name: str, backups: Path = backup.BACKUPS) -> str:
    """The backup `name` means: a step's number ("2" or "step2") means the
    newest backup of that step that holds the learner's own work (else its
    newest); any other name is a backup's own."""
    if not STEP_NAME.fullmatch(name):
        return name
    step = f"step{parse_step(name)}"  # a step that does not exist is named as such
    newest = backup.newest_of_yours(backups, step)
    if newest is None:
        raise CourseError(_("there is no backup of {step} yet").format(step=step))
    return newest.name


def restore(name: str, root: Path = ROOT, backups: Path = backup.BACKUPS) -> Outcome:
    """Bring back the backup called `name` (see backup_named), saving what it
    replaces."""
    name = backup_named(name, backups)
    source = backup.load(backups / name) if (backups / name).is_dir() else None
    if source is None:
        names = ", ".join(b.name for b in backup.listing(backups)) or _("none yet")
        raise CourseError(
            _("there is no backup {name}; backups: {names}").format(name=repr(name), names=names)
        )
    step = parse_step(source.step, root)
    return _put(step, N_("before `nox -s restore`"), root, backups, source=source)


def wants_mine(options: list[str]) -> bool:
    """What follows the step in `nox -s diff -- N ...`: nothing, or `mine`."""
    if options and options != ["mine"]:
        raise CourseError(
            _("diff compares the starter, or with `mine` your own folder: `-- N` or `-- N mine`")
        )
    return options == ["mine"]


def diff(step: int, root: Path = ROOT, colour: bool = False, mine: bool = False) -> str:
    """The edit from starter `step` to solution `step`, as a unified diff;
    `mine`: from the learner's own steps/stepN to the solution instead."""
    solved = solved_files(step, root)
    if mine:
        starter = _snapshot(crate("step", step, root))
    else:
        starter = starter_files(step, root)
    chunks, note = [], ""
    for rel in sorted(set(starter) | set(solved)):
        if rel == Path("Cargo.toml"):
            if starter.get(rel) != solved.get(rel):
                note = (
                    _(
                        "(Cargo.toml differs too: the starter's [lints.rust] settings keep its "
                        "unfinished code free of warnings; solve puts the solution's Cargo.toml "
                        "in place.)"
                    )
                    + "\n"
                )
            continue
        before = starter.get(rel, b"").decode("utf-8", "replace").splitlines(keepends=True)
        after = solved.get(rel, b"").decode("utf-8").splitlines(keepends=True)
        # Named after what is compared, not after the folder you edit: the
        # starter as the solution derives it, and the solution.
        name = rel.as_posix()
        lines = difflib.unified_diff(
            before,
            after,
            (
                _("your steps/step{step}: {name}") if mine else _("starter of step {step}: {name}")
            ).format(step=step, name=name),
            _("solution of step {step}: {name}").format(step=step, name=name),
            n=2,
        )
        chunks.extend(_paint(line, colour) for line in lines)
    if mine and not chunks and not note:
        return _("steps/step{step} is the solution already.").format(step=step) + "\n"
    if not mine:
        note += (
            _("(`nox -s diff -- {step} mine` compares your own steps/step{step} instead.)").format(
                step=step
            )
            + "\n"
        )
    return "".join(chunks) + note


def _paint(line: str, colour: bool) -> str:
    if not colour or line.startswith(("+++", "---")):
        return line
    code = {"+": "32", "-": "31", "@": "36"}.get(line[:1])
    return terminal.paint(line.rstrip("\n"), code, on=True) + "\n" if code else line


def told(outcome: Outcome, done: str) -> list[str]:
    """What solve, reset or restore did, and where the learner's files went.

    `done` says what the folder holds now; `{folder}` in it names the folder."""
    folder = crate_name("step", outcome.step)
    if not outcome.changed:
        return [_("nothing changed: {folder} already held exactly that").format(folder=folder)]
    lines = []
    if not outcome.existed:
        missing = _("{folder} was missing, so there was nothing to save; it is made afresh")
        lines.append(missing.format(folder=folder))
    elif outcome.saved is None:
        lines.append(_("{folder} was empty, so there was nothing to save").format(folder=folder))
    else:
        saved = backup.shown(outcome.saved)
        lines.append(_("what {folder} held is saved in {saved}").format(folder=folder, saved=saved))
        if outcome.set_aside:
            names = ", ".join(backup.quoted(rel.as_posix()) for rel in outcome.set_aside[:6])
            more = len(outcome.set_aside) - 6
            if more > 0:
                names += _(" and {count} more").format(count=more)
            aside = _("files of yours that are not part of it are now only there: {names}")
            lines.append(aside.format(names=names))
        lines.append(
            _("to bring it back: nox -s restore -- {name}").format(name=outcome.saved.name)
        )
    lines.append(done.format(folder=folder))
    return lines


def backups_text(backups: Path = backup.BACKUPS) -> str:
    """The list `nox -s restore` prints: every backup, and the one to bring back."""
    found = backup.listing(backups)
    lines = [
        _("Backups, oldest first:")
        if found
        else _("No backups yet: solve, reset and restore make one before they change your files.")
    ]
    lines += [f"  {saved.name}: {saved.describe()}" for saved in found]
    suggestion = backup.newest_of_yours(backups)
    if suggestion is not None:
        lines.append(
            _("To bring back {what} of {step}, saved last:").format(
                what=_(backup.HOLDS[suggestion.holds]), step=suggestion.step
            )
        )
        lines.append(f"  nox -s restore -- {suggestion.name}")
    return "\n".join(lines)


def run_telling(action, done: str, python: Path, log=print, error=None) -> None:
    """Run solve/reset/restore (`action`) and log what it did, in Spanish when
    the learner asks (`python` compiles the catalogue); a refusal goes to
    `error` (nox's session.error) as a clear message, never a traceback."""
    if i18n.language() == "es":
        i18n.prepare(python)
    try:
        outcome = action()
    except CourseError as refusal:
        if error is None:
            raise
        error(str(refusal).rstrip("."))  # nox ends the line with its own full stop
        return
    for line in told(outcome, done):
        log(line)
