"""Where things are: the course's folder, its crates and its checks.

Every tool finds the course's files through these names, so each path is
spelled once.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TARGET = ROOT / "target"
CHECKS = ROOT / "checks"
IMAGES = ROOT / "images"  # the sample images, their expected pixels, and the conformance files
SAMPLE_MAKER = IMAGES / "make_samples.py"  # what makes them, with libjxl
BOOK_SRC = ROOT / "book" / "src"
# Where `nox -s book` writes the book (book/book.toml's build-dir), and the
# Spanish edition inside it; as the learner reads them, relative to ROOT.
BOOK_BUILD = "book/build"
SPANISH = "es"  # the other language: its book is in book/build/es, its talks in .../html/es
SPANISH_BOOK = f"{BOOK_BUILD}/{SPANISH}"
SERVED = "target/serve"  # `nox -s serve` builds each edition into a folder of its own here


def served(language: str) -> str:
    """Where `nox -s serve` builds an edition: "target/serve/en", "target/serve/es"."""
    return f"{SERVED}/{language}"


NOX_DIR = ROOT / ".nox"
# Where the course's environment is, when not in .nox/course (the offline check, other Pythons).
VENV_VARIABLE = "COURSE_VENV"  # the course's environments and the programs it compiles
WHEELS = NOX_DIR / "wheels"  # the Python packages `nox -s prefetch` downloads


def python_minimum(root: Path = ROOT) -> tuple[int, int]:
    """The oldest Python the course runs on: PyO3's `abi3-py3XX` feature in
    Cargo.toml (one compiled module for every CPython from that one on). The
    steps' pyproject.toml and ruff.toml say the same (tools/tests/test_layout.py)."""
    text = (root / "Cargo.toml").read_text(encoding="utf-8")
    found = re.search(r'"abi3-py3(\d+)"', text)
    if not found:
        raise RuntimeError("Cargo.toml names no abi3-py3XX feature of pyo3")
    return (3, int(found.group(1)))


PYTHON_MINIMUM = python_minimum()
PYTHON_MINIMUM_TEXT = "{}.{}".format(*PYTHON_MINIMUM)  # "3.10", for messages


def rust_minimum(folder: Path = ROOT) -> tuple[int, ...]:
    """The `rust-version` of the Cargo.toml in `folder`: the workspace's is
    PyO3's minimum and edition 2024's; a crate may ask for more."""
    text = (folder / "Cargo.toml").read_text(encoding="utf-8")
    found = re.search(r'^rust-version = "([\d.]+)"', text, re.MULTILINE)
    if not found:
        raise ValueError(f"{folder / 'Cargo.toml'} has no rust-version")
    return tuple(int(n) for n in found[1].split("."))


def steps(root: Path = ROOT) -> list[int]:
    """The step numbers that have a solution, in order."""
    found = [int(p.name[4:]) for p in (root / "solutions").glob("step*") if p.name[4:].isdigit()]
    return sorted(found)


def relative(path: Path) -> Path:
    """A path as the learner reads it: relative to the course's folder when inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def crate(kind: str, step: int, root: Path = ROOT) -> Path:
    """The crate of a step: kind is "step" (the starter) or "solution"."""
    return root / ("steps" if kind == "step" else "solutions") / f"step{step}"


def session(kind: str, step: int) -> str:
    """The nox session that checks a crate: "step3" (the learner's), "solution3"."""
    return f"{kind}{step}"


def crate_name(kind: str, step: int) -> str:
    """The crate's folder as the learner reads it: "steps/step3", "solutions/step3"."""
    return crate(kind, step).relative_to(ROOT).as_posix()


# Every step's check files: checks/test_step3_profiles.py holds step 3's.
CHECK_FILES = "test_step*_*.py"


def chapter(step: int) -> str:
    """The book's chapter of a step: "step-3.md", in book/src."""
    return f"step-{step}.md"


def step_of_chapter(name: str) -> int | None:
    """3 for "step-3.md"; None for a page that is no step's chapter."""
    digits = "".join(c for c in name if c.isdigit())
    return int(digits) if digits and chapter(int(digits)) == name else None


def check_files(upto: int, only: int | None = None) -> list[Path]:
    """The check files of steps 1..upto (or of step `only`)."""
    files = []
    for path in sorted(CHECKS.glob(CHECK_FILES)):
        number = step_of_file(path.name)
        if (only is None and number <= upto) or number == only:
            files.append(path)
    return files


# A check file is named for its step: checks/test_step3_profiles.py holds step 3's.
CHECK_FILE = re.compile(r"test_step(\d+)_")


def step_of_file(name: str) -> int:
    """The step of a check file's name (0: not a check file)."""
    match = CHECK_FILE.search(name)
    return int(match[1]) if match else 0


def step_of(result: dict) -> int:
    """The step of a check's result, as checks/conftest.py reports it."""
    return step_of_file(result["file"])
