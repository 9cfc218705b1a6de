"""Working without the network: COURSE_OFFLINE, and `nox -s prefetch`, which
fetches everything the workshop downloads in advance.

After it, no learner session needs the network: cargo finds every crate in its
cache, and the course's Python environment can be made from .nox/wheels with
COURSE_OFFLINE=1 (which also tells cargo to stay offline). mdBook and
mdbook-i18n-helpers are compiled into .nox here too, so both editions of the
book build offline as well.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys

from tools.course.paths import ROOT


def offline() -> bool:
    """COURSE_OFFLINE=1: install from the prefetched wheels, touch no network."""
    return os.environ.get("COURSE_OFFLINE", "") not in {"", "0"}


def prefetch(log=print) -> None:
    # Here, not at the top: the modules below ask `offline()` themselves.
    from tools.course import environment, mdbook
    from tools.course.bootstrap import NOX
    from tools.course.build import cargo_env

    log("Fetching every crate of Cargo.lock into cargo's cache ...")
    subprocess.run(["cargo", "fetch", "--locked"], cwd=ROOT, env=cargo_env(), check=True)
    environment.WHEELS.mkdir(parents=True, exist_ok=True)
    log(f"Downloading the Python packages into {environment.WHEELS.relative_to(ROOT)} ...")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--dest",
            str(environment.WHEELS),
            "-r",
            str(environment.REQUIREMENTS),
            NOX,  # for `python3 noxfile.py` on a machine without nox
            "pip",
        ],
        check=True,
    )
    mdbook.mdbook(log)
    mdbook.i18n_helpers(log)
    count = len(list(environment.WHEELS.iterdir()))
    log(
        f"{count} files in {environment.WHEELS.relative_to(ROOT)}; crates in cargo's cache; mdBook in .nox/mdbook, "
        "mdbook-i18n-helpers in .nox/mdbook-i18n."
    )


@contextlib.contextmanager
def fresh_environment():
    """`nox -s offline` (CI): the settings of a nox run that makes a new course
    environment in .nox/offline-check from .nox/wheels alone, with cargo
    offline; the environment is removed afterwards."""
    venv = ROOT / ".nox" / "offline-check"
    if venv.exists():
        shutil.rmtree(venv)
    try:
        yield {"COURSE_OFFLINE": "1", "COURSE_VENV": str(venv), "NO_COLOR": "1"}
    finally:
        shutil.rmtree(venv, ignore_errors=True)
