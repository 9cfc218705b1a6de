"""The other CPythons of this machine that the course supports: where to look
for them, and which version each is (asked through probe.py).

`nox -s wheel` installs a step's wheel on one of them; `nox -s pythons` (CI)
runs the checks on each.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tools.course import probe
from tools.course.paths import PYTHON_MINIMUM

NEWEST_MINOR = 15  # look for CPython 3.PYTHON_MINIMUM up to 3.15


def python_candidates(
    version: str, platform: str | None = None, environ=None, which=shutil.which
) -> list[list[str]]:
    """Commands that may start CPython `version` ("3.12") on this machine.

    Linux and macOS: python3.12 on PATH (Homebrew, python.org, Debian), and
    pyenv's versions. Windows has no python3.12 command: the py launcher
    (`py -3.12`) knows every python.org install, and pyenv-win keeps its own."""
    environ = os.environ if environ is None else environ
    windows = (platform or sys.platform) == "win32"
    found: list[list[str]] = []
    if windows:
        launcher = which("py")
        if launcher:
            found.append([launcher, f"-{version}"])
        home = Path(environ["USERPROFILE"]) if "USERPROFILE" in environ else Path.home()
        root = Path(environ.get("PYENV_ROOT") or home / ".pyenv" / "pyenv-win")
        found += [[str(p)] for p in sorted((root / "versions").glob(f"{version}*/python.exe"))]
        return found
    on_path = which(f"python{version}")
    if on_path:
        found.append([on_path])
    home = Path(environ["HOME"]) if "HOME" in environ else Path.home()
    root = Path(environ.get("PYENV_ROOT") or home / ".pyenv")
    found += [[str(p)] for p in sorted((root / "versions").glob(f"{version}*/bin/python{version}"))]
    return found


def other_pythons() -> list[Path]:
    """The CPythons the course supports (PYTHON_MINIMUM or newer), other than
    the one running the course."""
    found: dict[str, Path] = {}
    running = probe.describe()["version"]
    candidates = []
    for minor in range(PYTHON_MINIMUM[1], NEWEST_MINOR + 1):
        version = f"3.{minor}"
        if version != running:
            candidates += python_candidates(version)
    for command in candidates:
        try:
            described = probe.ask(command, timeout=60)
        except (OSError, ValueError, subprocess.SubprocessError):
            continue
        version = described["version"]
        if version != running and version not in found:
            found[version] = Path(described["executable"])
    return [found[v] for v in sorted(found, key=lambda v: int(v.split(".")[1]))]


def version_of(python: Path) -> str:
    """'3.12' for a CPython 3.12 executable."""
    return probe.ask(python)["version"]
