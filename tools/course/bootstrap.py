"""`python3 noxfile.py ...` works on a machine without nox.

When nox is missing, this makes a small virtual environment with nox (and uv,
which makes nox's installs fast) in .nox/bootstrap, then runs the noxfile again
with that environment's Python. Nothing is installed outside the project folder.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

from tools.course.paths import NOX_DIR, PYTHON_MINIMUM, PYTHON_MINIMUM_TEXT, ROOT

NOX = "nox[uv]==2026.10.20"
# The same nox as `pip install nox` gets it, without uv: as learners install it.
NOX_WITHOUT_UV = NOX.replace("[uv]", "")
HERE = NOX_DIR / "bootstrap"


def oldest_nox() -> str:
    """The oldest nox the course works with, "2025.2.9": noxfile.py's
    `nox.needs_version` (nox reads it from the file's text too, before it runs
    anything)."""
    text = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    return re.search(r'^nox\.needs_version = ">=(.*)"', text, re.MULTILINE)[1]


def ensure_nox() -> None:
    if sys.version_info < PYTHON_MINIMUM:
        needed = PYTHON_MINIMUM_TEXT
        sys.exit(f"The course needs Python {needed} or newer; this is {sys.version.split()[0]}.")
    if importlib.util.find_spec("nox") is not None:
        return
    from tools.course.environment import installer, make_venv
    from tools.course.environment import python as venv_python
    from tools.course.offline import pip_sources

    python = venv_python(HERE)  # Scripts\python.exe on Windows
    # Made again when the Python that made it is gone (a Homebrew upgrade, say).
    if not (HERE / "ready").exists() or not python.exists():
        print(
            f"nox is not installed: installing it into {HERE.relative_to(ROOT)} ...",
            flush=True,
        )
        try:
            make_venv(sys.executable, HERE, None, "--clear")
            # COURSE_OFFLINE: from .nox/wheels, see `nox -s prefetch`.
            subprocess.run([*installer(python, None), *pip_sources(), NOX], check=True)
        except subprocess.CalledProcessError:
            sys.exit(
                "Could not install nox. Is the network (PyPI) reachable? On Debian and Ubuntu, "
                "`python3 -m venv` also needs the python3-venv package. "
                "Or install nox yourself, with `pipx install nox` (or `uv tool install nox`)."
            )
        (HERE / "ready").write_text(NOX + "\n", encoding="utf-8")
    relaunch(python, sys.argv)


def relaunch(python: Path, argv: list[str], platform: str | None = None) -> None:
    """Run the noxfile again with `python`, and end with its exit status.

    On Linux and macOS, exec replaces this process. Windows has no such exec:
    os.execv there starts a second process and ends this one at once, so the
    terminal (and CI) would see the command end before nox has run and never
    learn nox's exit status; it also splits a folder name with a space in two.
    So on Windows, nox runs as a child process and its exit status is passed on."""
    command = [str(python), *argv]
    if (platform or sys.platform) != "win32":
        os.execv(command[0], command)
    try:
        status = subprocess.run(command, check=False).returncode
    except KeyboardInterrupt:  # Ctrl+C reaches nox too; it stops by itself
        status = 130
    raise SystemExit(status)


if __name__ == "__main__":
    # For CI: `python3 -m tools.course.bootstrap pin` (the nox the course
    # installs), `... pin-without-uv` (as `pip install` takes it, for
    # .github/workflows/ci.yml) and `... oldest` (the oldest it accepts).
    answers = {
        "pin": lambda: NOX.split("==")[1],
        "pin-without-uv": lambda: NOX_WITHOUT_UV,
        "oldest": oldest_nox,
    }
    print(answers[sys.argv[1]]())
