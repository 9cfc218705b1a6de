"""The course's one virtual environment, shared by every session.

nox would give each session its own environment; the course's sessions all need
the same packages, so they share one, made once and refreshed only when
tools/requirements.txt changes. That keeps `nox -s stepN` quick after the first
run, and makes an offline workshop possible: one set of wheels serves everything.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tools.course import probe
from tools.course.offline import offline, pip_sources
from tools.course.paths import NOX_DIR, ROOT, VENV_VARIABLE, WHEELS, relative

REQUIREMENTS = ROOT / "tools" / "requirements.txt"


def extra_requirements(name: str) -> Path:
    """tools/<name>-requirements.txt: the packages only some sessions need."""
    return REQUIREMENTS.with_name(f"{name}-{REQUIREMENTS.name}")


def venv_folder(environ=os.environ, root: Path = ROOT) -> Path:
    """COURSE_VENV (VENV_VARIABLE) puts the environment elsewhere (the offline check uses that)."""
    return Path(environ.get(VENV_VARIABLE) or root / NOX_DIR.relative_to(ROOT) / "course").resolve()


VENV = venv_folder()
STAMP = VENV / "requirements.sha256"


def bin_dir(venv: Path = VENV, platform: str | None = None) -> Path:
    """Where a virtual environment keeps its programs: Scripts\\ on Windows."""
    return venv / ("Scripts" if (platform or sys.platform) == "win32" else "bin")


def program(name: str, platform: str | None = None) -> str:
    """A program's file name: ruff.exe on Windows, ruff elsewhere."""
    return f"{name}.exe" if (platform or sys.platform) == "win32" else name


def executable(name: str, venv: Path = VENV, platform: str | None = None) -> Path:
    """A program installed in the environment (pytest, ruff, maturin, ...)."""
    return bin_dir(venv, platform) / program(name, platform)


def python(venv: Path = VENV, platform: str | None = None) -> Path:
    return executable("python", venv, platform)


def path_with_programs(environ=os.environ, venv: Path = VENV, platform: str | None = None):
    """PATH with the environment's programs first, for a tool that starts `python`."""
    separator = ";" if (platform or sys.platform) == "win32" else ":"
    return {"PATH": f"{bin_dir(venv, platform)}{separator}{environ.get('PATH', '')}"}


def uv() -> str | None:
    """uv, when installed (next to nox or on PATH): much faster than pip."""
    try:
        from uv import find_uv_bin  # installed with `pip install nox[uv]`

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


def _base_python() -> str:
    return getattr(sys, "_base_executable", sys.executable)


def _digest() -> str:
    """What the environment was made from: the requirements and the Python."""
    made_from = REQUIREMENTS.read_bytes() + f"\n{_base_python()} {sys.version}".encode()
    return hashlib.sha256(made_from).hexdigest()


def shown(path: Path) -> str:
    """A path as the learner reads it: relative to the course's folder when inside it."""
    return str(relative(path))


def is_ready() -> bool:
    return (
        python().exists()
        and STAMP.exists()
        and STAMP.read_text(encoding="utf-8").strip() == _digest()
    )


def _python_changed() -> bool:
    """Whether the environment was made with another Python than this one."""
    config = VENV / "pyvenv.cfg"
    if not config.exists():
        return False
    settings = {
        key.strip(): value.strip()
        for key, _, value in (
            line.partition("=") for line in config.read_text(encoding="utf-8").splitlines()
        )
    }
    made_with = settings.get("version_info", settings.get("version", ""))
    running = probe.describe()["version"] + "."
    return not (made_with + ".").startswith(running)


def ensure(log=print) -> Path:
    """Make or refresh the environment when needed; return its Python."""
    if is_ready():
        return python()
    base = _base_python()
    tool = uv()
    if _python_changed():
        log(f"Python changed: making {shown(VENV)} again for {base}")
        shutil.rmtree(VENV)
    if not python().exists():
        log(f"Creating the course's Python environment in {shown(VENV)} ...")
        # --seed: with pip inside, so that a later run through a nox that has
        # no uv (installed with pipx, say) can still install into it.
        make_venv(base, VENV, tool, *(["--seed"] if tool else []))
    log(f"Installing the packages of {REQUIREMENTS.relative_to(ROOT)} ...")
    try:
        install(REQUIREMENTS)
    except subprocess.CalledProcessError:
        raise SystemExit(
            f"Could not install the packages of {REQUIREMENTS.relative_to(ROOT)} into {VENV} "
            "(see the message above). Is PyPI reachable? If the message does not help, "
            f"delete {VENV} and run the same command again: it makes the environment afresh."
        ) from None
    STAMP.write_text(_digest() + "\n", encoding="utf-8")
    return python()


# pip without its progress and its "a new pip is out" notice.
PIP_QUIET = ["--quiet", "--disable-pip-version-check"]


def installer(venv_python: Path, tool: str | None) -> list[str]:
    """The command that installs packages for `venv_python`: uv's pip when
    uv is there (`tool`), else the environment's own pip."""
    if tool:
        return [tool, "pip", "install", "--quiet", "--python", str(venv_python)]
    return [str(venv_python), "-m", "pip", "install", *PIP_QUIET]


def make_venv(base: str | Path, venv: Path, tool: str | None, *extra: str) -> None:
    """A new virtual environment of the Python `base` in `venv`, with uv when
    there is one (`tool`). `extra`: more of uv's or venv's options."""
    if tool:
        command = [tool, "venv", "--quiet", *extra, "--python", str(base), str(venv)]
    else:
        command = [str(base), "-m", "venv", *extra, str(venv)]
    subprocess.run(command, check=True)


def install(requirements: Path) -> None:
    """Install a requirements file into the environment, with uv when there is
    one, and from the prefetched wheels only when COURSE_OFFLINE is set."""
    tool = uv()
    if not tool:
        has_pip = [str(python()), "-m", "pip", "--version"]
        if subprocess.run(has_pip, capture_output=True, check=False).returncode:
            # Made by uv without pip (before --seed): give it pip from Python's own copy.
            ensure_pip = [str(python()), "-m", "ensurepip", "--upgrade"]
            subprocess.run(ensure_pip, capture_output=True, check=False)
    command = installer(python(), tool)
    if offline():
        if not WHEELS.exists():
            raise SystemExit(
                f"COURSE_OFFLINE is set but {WHEELS} does not exist: run `nox -s prefetch` "
                "once while the network works."
            )
        command += pip_sources()
        if tool:
            command.append("--offline")
    subprocess.run([*command, "-r", str(requirements)], check=True)


def install_extra(requirements: Path, log=print) -> None:
    """Add the packages of another requirements file to the environment."""
    ensure(log)
    install(requirements)
