"""`nox -s prefetch`: everything the workshop downloads, fetched in advance.

After it, no learner session needs the network: cargo finds every crate in its
cache, and the course's Python environment can be made from .nox/wheels with
COURSE_OFFLINE=1 (tools/course/offline.py; it also tells cargo to stay
offline). mdBook and mdbook-i18n-helpers are compiled into .nox here too, so
both editions of the book build offline as well.
"""

from __future__ import annotations

import subprocess
import sys

from tools.course import environment, mdbook
from tools.course.bootstrap import NOX
from tools.course.build import cargo_env
from tools.course.paths import ROOT

# Every crate Cargo.lock names, into cargo's cache (the doctor asks it with --offline).
FETCH_CRATES = ["cargo", "fetch", "--locked"]


def prefetch(log=print) -> None:
    log("Fetching every crate of Cargo.lock into cargo's cache ...")
    subprocess.run(FETCH_CRATES, cwd=ROOT, env=cargo_env(), check=True)
    environment.WHEELS.mkdir(parents=True, exist_ok=True)
    log(f"Downloading the Python packages into {environment.WHEELS.relative_to(ROOT)} ...")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            *environment.PIP_QUIET,
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
        f"{count} files in {environment.WHEELS.relative_to(ROOT)}; crates in cargo's cache; "
        f"mdBook in {mdbook.MDBOOK_ROOT.relative_to(ROOT)}, "
        f"mdbook-i18n-helpers in {mdbook.I18N_ROOT.relative_to(ROOT)}."
    )
