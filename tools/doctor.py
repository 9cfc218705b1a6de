"""`nox -s doctor`: is this machine ready for the workshop, and if not, what to do.

It uses nothing but Python's standard library and the tools it checks, so it
runs before anything of the course is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from tools import environment
from tools.build import ROOT

RUST_MINIMUM = (1, 85)  # PyO3 0.30's minimum, and edition 2024's
PYTHON_MINIMUM = (3, 10)
DISK_NEEDED_GB = 4  # target/ and .nox/ after every step, the book and the benchmarks


def nox_minimum() -> tuple[int, ...]:
    """The oldest nox the course works with: noxfile.py's `nox.needs_version`
    (nox reads it from the file's text too, before it runs anything)."""
    text = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    return _nox_version(re.search(r"^nox\.needs_version = \"(.*)\"", text, re.MULTILINE)[1])


OK, WARN, FAIL = "ok", "warning", "problem"


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=120, check=False, **kwargs
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def check_rust() -> tuple[str, str, str]:
    proc = _run(["rustc", "--version"])
    if proc is None or proc.returncode != 0:
        return (
            FAIL,
            "Rust: rustc not found",
            "install Rust with rustup (https://rustup.rs), then open a new terminal",
        )
    version = proc.stdout.split()[1]
    numbers = tuple(int(x) for x in version.split("-")[0].split(".")[:2])
    if numbers < RUST_MINIMUM:
        need = ".".join(map(str, RUST_MINIMUM))
        return FAIL, f"Rust {version}: older than {need}", "run `rustup update stable`"
    if _run(["cargo", "--version"]) is None:
        return FAIL, f"Rust {version}, but no cargo", "reinstall Rust with rustup"
    return OK, f"Rust {version}", ""


def check_python() -> tuple[str, str, str]:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info < PYTHON_MINIMUM:
        return (
            FAIL,
            f"Python {version}: older than 3.10",
            "install Python 3.10 or newer and run the course with it",
        )
    try:
        import ensurepip  # noqa: F401 - what `python -m venv` needs to install pip
        import venv  # noqa: F401
    except ImportError:
        return (
            FAIL,
            f"Python {version} without venv",
            "on Debian and Ubuntu: `sudo apt install python3-venv`",
        )
    return OK, f"Python {version} with venv ({sys.executable})", ""


def check_linker() -> tuple[str, str, str]:
    """Compile and link a tiny Rust program: what every build needs."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "probe.rs"
        source.write_text("fn main() {}\n")
        proc = _run(["rustc", str(source), "-o", str(Path(tmp) / "probe")], cwd=tmp)
    if proc is None:
        return FAIL, "C linker: cannot run rustc", "install Rust first"
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["(no message)"])[0]
        fix = {
            "win32": "install Visual Studio Build Tools with 'Desktop development with C++'",
            "darwin": "run `xcode-select --install`",
        }.get(sys.platform, "install a C toolchain, e.g. `sudo apt install build-essential`")
        return FAIL, f"C linker: linking failed ({first})", fix
    return OK, "C linker: Rust programs link", ""


def _reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


def check_downloads() -> tuple[str, str, str]:
    """Crates and wheels: already here, or the network to fetch them."""
    crates = _run(["cargo", "fetch", "--locked", "--offline"], cwd=ROOT)
    have_crates = crates is not None and crates.returncode == 0
    have_wheels = environment.is_ready() or environment.WHEELS.exists()
    if have_crates and have_wheels:
        return OK, "downloads: every crate and Python package is already on this machine", ""
    missing = [
        n for n, have in (("crates", have_crates), ("Python packages", have_wheels)) if not have
    ]
    network = _reachable("https://index.crates.io/config.json") and _reachable(
        "https://pypi.org/simple/nox/"
    )
    if network:
        return OK, f"downloads: {' and '.join(missing)} will be fetched (the network works)", ""
    return (
        FAIL,
        f"downloads: {' and '.join(missing)} missing and crates.io or PyPI unreachable",
        "connect to the network once and run `nox -s prefetch`",
    )


def check_disk() -> tuple[str, str, str]:
    free = shutil.disk_usage(ROOT).free / 1e9
    if free < DISK_NEEDED_GB:
        return FAIL, f"disk: {free:.1f} GB free", f"free at least {DISK_NEEDED_GB} GB for target/"
    return OK, f"disk: {free:.0f} GB free", ""


def _nox_version(text: str) -> tuple[int, ...]:
    """'2026.10.20' (or 'nox 2026.10.20') as numbers."""
    digits = re.findall(r"\d+(?:\.\d+)+", text)
    return tuple(int(x) for x in digits[0].split(".")) if digits else ()


def check_nox_command() -> tuple[str, str, str]:
    """The command the book has you type, `nox -s step1`, works from here."""
    fallback = "type `python3 noxfile.py` wherever the book says `nox` (the same sessions)"
    if sys.platform == "win32":
        fallback = fallback.replace("python3", "py -3")
    nox = shutil.which("nox")
    if nox is None:
        return (
            WARN,
            "nox: not on your PATH, so `nox -s step1` will not be found",
            f"{fallback}, or install nox: `pipx install nox` (or `uv tool install nox`)",
        )
    version = _run([nox, "--version"])
    found = _nox_version((version.stdout + version.stderr) if version else "")
    if found < nox_minimum():
        have = ".".join(map(str, found)) or "an unknown version"
        need = ".".join(map(str, nox_minimum()))
        return (
            FAIL,
            f"nox: {nox} is {have}; the course needs {need} or newer",
            f"`pipx upgrade nox` (or `pip install -U nox` where you installed it), or {fallback}",
        )
    listing = _run([nox, "--list"], cwd=ROOT)
    if listing is None or listing.returncode != 0 or "step1" not in listing.stdout:
        said = (
            (listing.stderr.strip().splitlines() or ["no answer"])[-1] if listing else "no answer"
        )
        return (
            FAIL,
            f"nox: `nox --list` fails here ({said})",
            f"{fallback}; and tell your instructor",
        )
    shown = ".".join(map(str, found))
    return OK, f"nox {shown}: `nox -s step1` works from this folder ({nox})", ""


CHECKS = [check_python, check_rust, check_linker, check_nox_command, check_downloads, check_disk]


def main() -> int:
    """Print every finding; return the number of problems."""
    problems = 0
    print("Is this machine ready for Hands-on PyO3?\n")
    for check in CHECKS:
        status, finding, fix = check()
        mark = {"ok": "ok     ", "warning": "warning", "problem": "PROBLEM"}[status]
        print(f"  {mark}  {finding}")
        if fix:
            print(f"           fix: {fix}")
        problems += status == FAIL
    print()
    if problems:
        print(f"{problems} problem(s) would stop the workshop: fix them, then run this again.")
    else:
        command = "nox -s step1" if shutil.which("nox") else "python3 noxfile.py -s step1"
        if sys.platform == "win32" and not shutil.which("nox"):
            command = "py -3 noxfile.py -s step1"
        print(f'Ready. Next: `{command}`, and the book\'s chapter "Step 1".')
    if environment.offline():
        print("(COURSE_OFFLINE is set: the course installs from .nox/wheels only.)")
    return problems
