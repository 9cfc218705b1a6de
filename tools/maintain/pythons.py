"""`nox -s pythons` (CI): the last step's checks, the tools' tests and the wheel
again on every other CPython of this machine that the course supports, each
with its own pip-installed nox (tools/course/interpreters.py finds the Pythons)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tools.course import environment, interpreters, shipping
from tools.course.bootstrap import NOX_WITHOUT_UV
from tools.course.paths import NOX_DIR, PYTHON_MINIMUM_TEXT, ROOT, VENV_VARIABLE, crate, session


def run(steps: list[int], log=print) -> tuple[list[str], list[str]]:
    """(versions that passed, versions that failed); none of either when this
    machine has no other Python."""
    others = interpreters.other_pythons()
    if not others:
        log(f"no other CPython {PYTHON_MINIMUM_TEXT} or newer on this machine: nothing more to run")
        return [], []
    built = shipping.build_wheel(crate("solution", 1), log=log)
    passed, failed = [], []
    for python in others:
        version = interpreters.version_of(python)
        ran = run_on(python, [session("solution", steps[-1]), "tooling"], log=log)
        (passed if ran else failed).append(version)
        print(shipping.install_elsewhere(built, python, log=log), end="")
    log(f"passed on Python {', '.join(passed) or 'none'}")
    return passed, failed


def users_nox(python: Path, log=print) -> Path:
    """nox as a learner installs it: with pip, into a virtual environment of its
    own, outside the course's (.nox/users-nox-3.X), without uv."""
    venv = NOX_DIR / f"users-nox-{interpreters.version_of(python)}"
    executable = environment.executable("nox", venv)  # Scripts\nox.exe on Windows
    wanted = NOX_WITHOUT_UV  # the course's pin, as `pip install nox` gets it
    stamp = venv / "installed"
    if (
        not executable.exists()
        or not stamp.exists()
        or stamp.read_text(encoding="utf-8").strip() != wanted
    ):
        log(f"installing {wanted} with pip into {venv.relative_to(ROOT)}")
        environment.make_venv(python, venv, None, "--clear")
        subprocess.run([*environment.installer(environment.python(venv), None), wanted], check=True)
        stamp.write_text(wanted + "\n", encoding="utf-8")
    return executable


def run_on(python: Path, sessions: list[str], log=print) -> bool:
    """Run nox `sessions` with `python`: its own nox, its own course environment
    (.nox/course-3.X); the compiled modules are the same abi3 build as ever."""
    nox = users_nox(python, log)
    version = interpreters.version_of(python)
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env[VENV_VARIABLE] = str(NOX_DIR / f"course-{version}")
    log(f"Python {version}: nox -s {' '.join(sessions)}")
    return (
        subprocess.run([str(nox), "-s", *sessions], cwd=ROOT, env=env, check=False).returncode == 0
    )
