"""The course's own tools, tested on a copy of the course: a learner's files
must survive solve, reset and restore byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import backup, learner
from tools.build import ROOT
from tools.exercises import crate_files, derive_rust, strip_markers


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of steps/ and solutions/ (no git, as from a zip), with a learner's edits."""
    for kind in ("steps", "solutions"):
        shutil.copytree(ROOT / kind, tmp_path / kind, ignore=shutil.ignore_patterns("target"))
    lib = tmp_path / "steps" / "step2" / "src" / "lib.rs"
    lib.write_text(lib.read_text(encoding="utf-8").replace("todo!()", "todo!() // my attempt"))
    (tmp_path / "steps" / "step2" / "src" / "notes.txt").write_bytes(b"my notes\n\x00\xff")
    return tmp_path


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {rel: (folder / rel).read_bytes() for rel in crate_files(folder)}


def test_solve_then_restore_gives_back_every_byte(course: Path):
    backups = course / ".backups"
    mine = snapshot(course / "steps" / "step2")
    saved = learner.solve(2, root=course, backups=backups)
    assert saved is not None and saved.parent == backups
    solved = snapshot(course / "steps" / "step2")
    assert solved == learner.solved_files(2, root=course)
    assert b"todo!()" not in solved[Path("src/lib.rs")]
    assert Path("src/notes.txt") not in solved
    step, saved_again = learner.restore(saved.name, root=course, backups=backups)
    assert step == 2
    assert snapshot(course / "steps" / "step2") == mine
    assert saved_again is not None  # the solution that was replaced is kept too


def test_reset_puts_the_starter_back_and_keeps_the_learners_work(course: Path):
    backups = course / ".backups"
    mine = snapshot(course / "steps" / "step2")
    saved = learner.reset(2, root=course, backups=backups)
    assert snapshot(course / "steps" / "step2") == learner.starter_files(2, root=course)
    assert backup.contents_of(saved) == mine


def test_nothing_to_save_when_nothing_changes(course: Path):
    backups = course / ".backups"
    assert learner.reset(1, root=course, backups=backups) is None
    assert not backups.exists()


def test_unknown_steps_and_backups_are_refused(course: Path):
    for text, message in (
        (None, "say which step"),
        ("9", "there is no step 9"),
        ("two", "is not a step number"),
    ):
        with pytest.raises(learner.CourseError, match=message):
            learner.parse_step(text, root=course)
    with pytest.raises(learner.CourseError, match="there is no backup"):
        learner.restore("step2-nonsense", root=course, backups=course / ".backups")


def test_diff_turns_the_starter_into_the_solution():
    text = learner.diff(1)
    assert "-        todo!()" in text
    assert "+            .split(super::is_python_whitespace)" in text
    assert "EXERCISE" not in text


def test_markers_are_checked():
    with pytest.raises(ValueError, match="not closed"):
        derive_rust("// EXERCISE x\n// SOLUTION\ncode\n")
    with pytest.raises(ValueError, match="only comments"):
        derive_rust("// EXERCISE x\ncode\n// SOLUTION\n// END EXERCISE\n")
    source = (
        "a\n    // EXERCISE x\n    // TODO: do it\n    // SOLUTION\n    b\n    // END EXERCISE\nc\n"
    )
    assert derive_rust(source) == "a\n    // TODO: do it\n    todo!()\nc\n"
    assert strip_markers(source) == "a\n    b\nc\n"
