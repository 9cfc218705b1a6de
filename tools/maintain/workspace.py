"""The Cargo workspace that the exercises session's generated crates build
in (tools/maintain/ladders.py's rungs, tools/maintain/mutants.py's mutants):
the course's own settings, over crates in target/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tools.course.paths import ROOT


def write_workspace(folder: Path, members: list[str]) -> None:
    """A Cargo workspace in `folder` over the crates `members` (its subfolders),
    with the course's own settings (versions, profiles) and Cargo.lock."""
    manifest = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    listed = ", ".join(f'"{m}"' for m in members)
    manifest = re.sub(r"^members = .*$", f"members = [{listed}]", manifest, flags=re.MULTILINE)
    (folder / "Cargo.toml").write_text(manifest, encoding="utf-8")
    shutil.copyfile(ROOT / "Cargo.lock", folder / "Cargo.lock")
