"""`nox -s lint`: rustfmt and clippy (warnings denied) on every crate, ruff on
the Python, actionlint and zizmor on the CI workflows."""

from __future__ import annotations

from pathlib import Path

from tools.course import environment
from tools.course.build import cargo_env
from tools.course.paths import ROOT

PYTHON_FILES = [
    "noxfile.py",
    "tools",
    "checks",
    "book/exercises.py",
    "book/slides",
    "images",
    "solutions",
]
WORKFLOWS = ROOT / ".github" / "workflows"  # CI on Linux, macOS and Windows


def commands(python: Path, log=print) -> list[tuple[list[str], dict[str, str] | None]]:
    """Each linter's command, with its environment (None: nox's own)."""
    cargo = cargo_env(python)
    ruff = str(environment.executable("ruff"))
    found: list[tuple[list[str], dict[str, str] | None]] = [
        (["cargo", "fmt", "--all", "--check"], cargo),
        (["cargo", "clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], cargo),
        ([ruff, "check", *PYTHON_FILES], None),
        ([ruff, "format", "--check", *PYTHON_FILES], None),
    ]
    # Only this session needs the workflow linters: they stay out of the
    # environment every learner installs.
    environment.install_extra(environment.extra_requirements("lint"), log=log)
    workflows = sorted(str(p.relative_to(ROOT)) for p in WORKFLOWS.glob("*.yml"))
    if not workflows:
        raise SystemExit(f"no workflow in {WORKFLOWS.relative_to(ROOT)} to check")
    found.append(([str(environment.executable("actionlint")), *workflows], None))
    # --offline: the same findings on every machine, with no GitHub token.
    zizmor = str(environment.executable("zizmor"))
    found.append(([zizmor, "--offline", "--no-progress", *workflows], None))
    return found
