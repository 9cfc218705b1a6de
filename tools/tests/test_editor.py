"""The editor settings the setup chapter describes match the course's folders."""

from __future__ import annotations

import json
import re

from tools.course.paths import ROOT, steps


def test_pylance_finds_each_steps_own_stubs():
    config = json.loads((ROOT / "pyrightconfig.json").read_text(encoding="utf-8"))
    environments = {e["root"]: e["extraPaths"] for e in config["executionEnvironments"]}
    for step in steps():
        for kind in ("steps", "solutions"):
            folder = f"{kind}/step{step}"
            assert environments.get(folder) == [folder], f"{folder} has no environment of its own"
            assert (ROOT / folder / "jxl_demo.pyi").is_file(), f"{folder} has no jxl_demo.pyi"


def test_vscode_settings_are_json_and_described_in_the_book():
    text = (ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8")
    settings = json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.MULTILINE))  # JSON with comments
    chapter = (ROOT / "book" / "src" / "setup.md").read_text(encoding="utf-8")
    for name in settings:
        assert name in chapter, f"the setup chapter does not explain {name}"
    assert settings["rust-analyzer.cargo.targetDir"] is True  # never nox's target/debug lock
