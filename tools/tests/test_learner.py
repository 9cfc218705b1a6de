"""The course's own tools, tested on a copy of the course: a learner's files
must survive solve, reset and restore byte for byte, mode for mode.

The copy's steps/ are derived from the solutions, so these tests do not depend
on what a learner has done to their own steps/."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from tools.course import backup, learner
from tools.course.derive import crate_files, derive_rust, derive_starter, strip_markers
from tools.course.paths import ROOT, steps


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the course (no git, as from a zip) whose step 2 holds a learner's edits."""
    shutil.copytree(
        ROOT / "solutions", tmp_path / "solutions", ignore=shutil.ignore_patterns("target")
    )
    for step in steps(tmp_path):
        for rel, data in learner.starter_files(step, root=tmp_path).items():
            (tmp_path / "steps" / f"step{step}" / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "steps" / f"step{step}" / rel).write_bytes(data)
    lib = tmp_path / "steps" / "step2" / "src" / "lib.rs"
    lib.write_text(lib.read_text(encoding="utf-8").replace("todo!()", "todo!() // my attempt"))
    (tmp_path / "steps" / "step2" / "src" / "notes.txt").write_bytes(b"my notes\n\x00\xff")
    return tmp_path


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {rel: (folder / rel).read_bytes() for rel in crate_files(folder)}


def test_solve_then_restore_gives_back_every_byte(course: Path):
    backups = course / ".backups"
    mine = snapshot(course / "steps" / "step2")
    outcome = learner.solve(2, root=course, backups=backups)
    assert outcome.changed and outcome.saved is not None and outcome.saved.parent == backups
    solved = snapshot(course / "steps" / "step2")
    assert solved == learner.solved_files(2, root=course)
    assert b"todo!()" not in solved[Path("src/lib.rs")]
    assert Path("src/notes.txt") not in solved
    again = learner.restore(outcome.saved.name, root=course, backups=backups)
    assert again.step == 2
    assert snapshot(course / "steps" / "step2") == mine
    assert again.saved is not None  # the solution that was replaced is kept too


def test_reset_puts_the_starter_back_and_keeps_the_learners_work(course: Path):
    backups = course / ".backups"
    mine = snapshot(course / "steps" / "step2")
    outcome = learner.reset(2, root=course, backups=backups)
    assert snapshot(course / "steps" / "step2") == learner.starter_files(2, root=course)
    assert backup.load(outcome.saved).contents() == mine


def test_nothing_to_save_when_nothing_changes(course: Path):
    backups = course / ".backups"
    outcome = learner.reset(1, root=course, backups=backups)
    assert not outcome.changed and outcome.existed and outcome.saved is None
    assert not backups.exists()


def test_a_learners_own_backup_txt_survives_anywhere(course: Path):
    backups = course / ".backups"
    folder = course / "steps" / "step2"
    (folder / "BACKUP.txt").write_text("my own list of things to back up\n")
    (folder / "src" / "BACKUP.txt").write_text("and another, deeper\n")
    mine = snapshot(folder)
    saved = learner.solve(2, root=course, backups=backups).saved
    assert backup.load(saved).contents() == mine
    learner.restore(saved.name, root=course, backups=backups)
    assert snapshot(folder) == mine


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_backup_is_whole_or_not_at_all(course: Path, monkeypatch, failure):
    """A full disk or a Ctrl-C during the copy leaves no half backup and the
    learner's files as they were; a full disk says so in a sentence."""
    backups = course / ".backups"
    folder = course / "steps" / "step2"
    before = snapshot(folder)
    real_copytree = shutil.copytree

    depth = []

    def copy_then_fail(*args, **kwargs):
        depth.append(1)  # copytree calls itself for each folder inside
        try:
            real_copytree(*args, **kwargs)  # the files are written ...
        finally:
            depth.pop()
        if not depth:
            raise failure  # ... then the disk is full, or Ctrl-C is pressed

    monkeypatch.setattr(shutil, "copytree", copy_then_fail)
    expected = backup.CourseError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected) as caught:
        learner.solve(2, root=course, backups=backups)
    if expected is backup.CourseError:
        assert "No space left on device" in str(caught.value)
        assert "nothing was changed" in str(caught.value)
    assert snapshot(folder) == before
    assert not backups.exists() or not any(backups.iterdir()), sorted(backups.iterdir())
    assert backup.listing(backups) == []


def test_names_are_quoted_when_they_would_break_a_line():
    assert backup.quoted("src/lib.rs") == "src/lib.rs"
    assert backup.quoted("notes\nmore.txt") == "'notes\\nmore.txt'"
    assert backup.quoted("\udcff\udcfe-latin.txt") == "'\\udcff\\udcfe-latin.txt'"
    assert backup.quoted("my notes.txt") == "'my notes.txt'"


@pytest.mark.parametrize("action", ["solve", "reset", "restore"])
def test_a_read_only_file_is_refused_before_anything_changes(course: Path, action: str):
    backups = course / ".backups"
    folder = course / "steps" / "step2"
    saved = None
    if action == "restore":  # the folder holds the solution; the learner's work is saved
        saved = learner.solve(2, root=course, backups=backups).saved
    lib = folder / "src" / "lib.rs"
    lib.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    before, made = snapshot(folder), len(backup.listing(backups))
    call = {
        "solve": lambda: learner.solve(2, root=course, backups=backups),
        "reset": lambda: learner.reset(2, root=course, backups=backups),
        "restore": lambda: learner.restore(saved.name, root=course, backups=backups),
    }[action]
    try:
        with pytest.raises(
            learner.CourseError, match=r"nothing was changed.*src/lib.rs is read-only"
        ):
            call()
        assert snapshot(folder) == before
        assert len(backup.listing(backups)) == made  # and no backup of an unchanged folder
    finally:
        lib.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_failure_half_way_puts_everything_back(course: Path, monkeypatch):
    backups = course / ".backups"
    folder = course / "steps" / "step2"
    mine = snapshot(folder)
    real_write = Path.write_bytes
    written = []

    def failing_write(self: Path, data: bytes):
        if written:
            raise OSError(28, "No space left on device", str(self))
        written.append(self)
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(learner.CourseError, match="No space left on device.*back as it was"):
        learner.solve(2, root=course, backups=backups)
    monkeypatch.undo()
    assert written, "the failure came before anything was written: the test proves nothing"
    assert snapshot(folder) == mine


def test_restore_keeps_file_modes_and_empty_folders(course: Path):
    backups = course / ".backups"
    folder = course / "steps" / "step2"
    script = folder / "run.sh"
    script.write_text("#!/bin/sh\necho hi\n")
    script.chmod(0o755)
    (folder / "scratch" / "empty").mkdir(parents=True)
    saved = learner.solve(2, root=course, backups=backups).saved
    assert not script.exists() and not (folder / "scratch").exists()
    learner.restore(saved.name, root=course, backups=backups)
    if os.name != "nt":  # Windows keeps no execute bits: only read-only or not
        assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert (folder / "scratch" / "empty").is_dir()


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need extra rights on Windows")
def test_a_linked_file_is_replaced_not_written_through(course: Path, tmp_path_factory):
    backups = course / ".backups"
    folder = course / "steps" / "step2"
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "lib.rs"
    elsewhere.write_bytes((folder / "src" / "lib.rs").read_bytes())
    original = elsewhere.read_bytes()
    (folder / "src" / "lib.rs").unlink()
    (folder / "src" / "lib.rs").symlink_to(elsewhere)
    saved = learner.solve(2, root=course, backups=backups).saved
    assert elsewhere.read_bytes() == original, "solve wrote through the link"
    assert not (folder / "src" / "lib.rs").is_symlink()
    learner.restore(saved.name, root=course, backups=backups)
    assert (folder / "src" / "lib.rs").is_symlink()
    assert (folder / "src" / "lib.rs").resolve() == elsewhere.resolve()
    assert elsewhere.read_bytes() == original


def test_backups_say_what_they_hold_and_restore_suggests_the_learners(course: Path):
    backups = course / ".backups"
    mine = learner.reset(2, root=course, backups=backups).saved  # the learner's edits
    learner.solve(2, root=course, backups=backups)  # saves the starter
    latest = learner.reset(2, root=course, backups=backups).saved  # saves the solution
    holds = {b.name: b.holds for b in backup.listing(backups)}
    assert holds[mine.name] == "yours" and holds[latest.name] == "solution"
    assert "starter" in holds.values()
    assert backup.newest_of_yours(backups).name == mine.name
    about = json.loads((mine / backup.ABOUT).read_text())
    assert about["step"] == "step2" and "reset" in about["reason"]
    assert "your own work" in backup.load(mine).describe()


def test_restore_with_a_step_number_brings_back_the_learners_newest(course: Path):
    backups = course / ".backups"
    mine = snapshot(course / "steps" / "step2")
    learner.solve(2, root=course, backups=backups)  # saves the learner's edits
    learner.reset(2, root=course, backups=backups)  # saves the solution
    assert learner.backup_named("2", backups) == learner.backup_named("step2", backups)
    again = learner.restore("2", root=course, backups=backups)
    assert again.step == 2 and snapshot(course / "steps" / "step2") == mine
    with pytest.raises(learner.CourseError, match="there is no backup of step3 yet"):
        learner.restore("3", root=course, backups=backups)


def test_a_missing_step_folder_is_made_afresh_and_said_so(course: Path):
    backups = course / ".backups"
    shutil.rmtree(course / "steps" / "step1")
    outcome = learner.reset(1, root=course, backups=backups)
    assert outcome.changed and not outcome.existed and outcome.saved is None
    assert snapshot(course / "steps" / "step1") == learner.starter_files(1, root=course)


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
    assert "-    todo!()" in text
    assert "+        .split(is_python_whitespace)" in text
    assert "EXERCISE" not in text
    assert "solve puts the solution's Cargo.toml in place.)\n" in text
    assert text.endswith("(`nox -s diff -- 1 mine` compares your own steps/step1 instead.)\n")
    assert "-- 1 mine" not in learner.diff(1, mine=True)


def test_diff_takes_mine_or_nothing_after_the_step():
    assert learner.wants_mine([]) is False
    assert learner.wants_mine(["mine"]) is True
    for wrong in (["my"], ["theirs"], ["mine", "x"]):
        with pytest.raises(learner.CourseError, match="-- N mine"):
            learner.wants_mine(wrong)


def test_a_backup_of_a_step_that_does_not_exist_says_so(tmp_path: Path):
    with pytest.raises(learner.CourseError, match="there is no step 9"):
        learner.backup_named("9", tmp_path)


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


def test_diff_from_your_own_work(course: Path):
    lib = course / "steps" / "step1" / "src" / "lib.rs"
    lib.write_text(lib.read_text(encoding="utf-8").replace("todo!()", "todo!() // mine", 1))
    text = learner.diff(1, root=course, mine=True)
    assert "--- your steps/step1: src/lib.rs" in text
    assert "-    todo!() // mine" in text
    learner.solve(1, root=course, backups=course / ".backups")
    assert "src/lib.rs" not in learner.diff(1, root=course, mine=True)


@pytest.mark.parametrize("step", steps())
def test_the_starters_anchors_come_in_pairs(step):
    """An anchor that the derivation cuts in half (its ANCHOR in a region,
    its ANCHOR_END outside) would break the book's includes of the starter."""
    import re

    for rel, data in derive_starter(ROOT / "solutions" / f"step{step}", step).items():
        if rel.suffix != ".rs":
            continue
        text = data.decode("utf-8")
        opened = re.findall(r"// ANCHOR: (\w+)", text)
        closed = re.findall(r"// ANCHOR_END: (\w+)", text)
        assert sorted(opened) == sorted(closed), f"steps/step{step}/{rel}: {opened} != {closed}"


def test_an_anchor_around_a_solution_only_leaves_no_markers():
    source = (
        "a\n\n// ANCHOR: fast\n// EXERCISE x remove\n// SOLUTION\nfn fast() {}\n// END EXERCISE\n"
        "// ANCHOR_END: fast\n\nb\n"
    )
    assert derive_rust(source) == "a\n\nb\n"
    kept = "// ANCHOR: shown\nfn shown() {}\n// ANCHOR_END: shown\n"
    assert derive_rust(kept) == kept
