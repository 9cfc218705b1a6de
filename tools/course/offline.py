"""Working without the network: what COURSE_OFFLINE=1 means, once `nox -s
prefetch` (tools/course/prefetch.py) has fetched everything in advance.

With COURSE_OFFLINE=1, the course's Python environment is made from
.nox/wheels alone, and cargo and the book's tools are told to stay offline.
"""

from __future__ import annotations

import contextlib
import os
import shutil

from tools.course.paths import NOX_DIR, VENV_VARIABLE, WHEELS


def offline() -> bool:
    """COURSE_OFFLINE=1: install from the prefetched wheels, touch no network."""
    return os.environ.get("COURSE_OFFLINE", "") not in {"", "0"}


def cargo_settings() -> dict[str, str]:
    """cargo's environment when offline: the crates already fetched, or fail."""
    return {"CARGO_NET_OFFLINE": "true"} if offline() else {}


def pip_sources() -> list[str]:
    """Where pip takes packages from: PyPI, or only .nox/wheels when offline."""
    return ["--no-index", "--find-links", str(WHEELS)] if offline() else []


@contextlib.contextmanager
def fresh_environment():
    """`nox -s offline` (CI): the settings of a nox run that makes a new course
    environment in .nox/offline-check from .nox/wheels alone, with cargo
    offline; the environment is removed afterwards."""
    venv = NOX_DIR / "offline-check"
    if venv.exists():
        shutil.rmtree(venv)
    try:
        yield {"COURSE_OFFLINE": "1", VENV_VARIABLE: str(venv), "NO_COLOR": "1"}
    finally:
        shutil.rmtree(venv, ignore_errors=True)
