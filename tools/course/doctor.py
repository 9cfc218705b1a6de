"""`nox -s doctor`: is this machine ready for the workshop, and if not, what to do.

It uses nothing but Python's standard library and the tools it checks, so it
runs before anything of the course is installed.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import urllib.request
from pathlib import Path

from tools.course import environment, i18n, probe
from tools.course.bootstrap import oldest_nox
from tools.course.i18n import _
from tools.course.offline import offline
from tools.course.paths import (
    PYTHON_MINIMUM,
    PYTHON_MINIMUM_TEXT,
    ROOT,
    crate,
    rust_minimum,
    steps,
)
from tools.course.platforms import FAIL, OK, WARN, _run, platform_checks
from tools.course.prefetch import FETCH_CRATES

RUST_MINIMUM = rust_minimum()
# The last step may need a newer Rust than the rest (step 6: jxl-rs's minimum).
LAST_STEP = steps()[-1]
LAST_STEP_RUST = max(RUST_MINIMUM, rust_minimum(crate("step", LAST_STEP)))
DISK_NEEDED_GB = 4  # target/ and .nox/ after every step, the book and the benchmarks


def nox_minimum() -> tuple[int, ...]:
    """The oldest nox the course works with (bootstrap.oldest_nox)."""
    return _nox_version(oldest_nox())


def check_rust() -> tuple[str, str, str]:
    proc = _run(["rustc", "--version"])
    if proc is None or proc.returncode != 0:
        return (
            FAIL,
            _("Rust: rustc not found"),
            _("install Rust with rustup (https://rustup.rs), then open a new terminal"),
        )
    version = proc.stdout.split()[1]
    numbers = tuple(int(x) for x in version.split("-")[0].split(".")[:2])
    if numbers < RUST_MINIMUM:
        need = ".".join(map(str, RUST_MINIMUM))
        return (
            FAIL,
            _("Rust {version}: older than {need}").format(version=version, need=need),
            _("run `rustup update stable`"),
        )
    if _run(["cargo", "--version"]) is None:
        return (
            FAIL,
            _("Rust {version}, but no cargo").format(version=version),
            _("reinstall Rust with rustup"),
        )
    if numbers < LAST_STEP_RUST:
        return (
            WARN,
            _("Rust {version}: steps 1 to {last} build, step {step} needs {need}").format(
                version=version,
                last=LAST_STEP - 1,
                step=LAST_STEP,
                need=".".join(map(str, LAST_STEP_RUST)),
            ),
            _("run `rustup update stable`"),
        )
    return OK, _("Rust {version}").format(version=version), ""


def check_python() -> tuple[str, str, str]:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info < PYTHON_MINIMUM:
        return (
            FAIL,
            _("Python {version}: older than {minimum}").format(
                version=version, minimum=PYTHON_MINIMUM_TEXT
            ),
            _("install Python {minimum} or newer and run the course with it").format(
                minimum=PYTHON_MINIMUM_TEXT
            ),
        )
    try:
        import ensurepip  # noqa: F401 - what `python -m venv` needs to install pip
        import venv  # noqa: F401
    except ImportError:
        return (
            FAIL,
            _("Python {version} without venv").format(version=version),
            _("on Debian and Ubuntu: `sudo apt install python3-venv`"),
        )
    return (
        OK,
        _("Python {version} with venv ({path})").format(
            version=version, path=environment.shown(Path(sys.executable))
        ),
        "",
    )


def linker_fix(platform: str | None = None) -> str:
    """How to get the linker Rust needs, on each platform."""
    return {
        "win32": _(
            "install Visual Studio Build Tools with 'Desktop development with C++' "
            "(the MSVC linker, link.exe, and the Windows SDK), then open a new terminal"
        ),
        "darwin": _("run `xcode-select --install` (Apple's command line tools: the linker)"),
    }.get(
        platform or sys.platform,
        _("install a C toolchain, e.g. `sudo apt install build-essential`"),
    )


def check_linker() -> tuple[str, str, str]:
    """Compile and link a tiny Rust program: what every build needs."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "probe.rs"
        source.write_text("fn main() {}\n")
        proc = _run(["rustc", str(source), "-o", str(Path(tmp) / "probe")], cwd=tmp)
    if proc is None:
        return FAIL, _("C linker: cannot run rustc"), _("install Rust first")
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or [_("(no message)")])[0]
        return FAIL, _("C linker: linking failed ({first})").format(first=first), linker_fix()
    return OK, _("C linker: Rust programs link"), ""


def _reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


def check_downloads() -> tuple[str, str, str]:
    """Crates and wheels: already here, or the network to fetch them."""
    crates = _run([*FETCH_CRATES, "--offline"], cwd=ROOT)
    have_crates = crates is not None and crates.returncode == 0
    have_wheels = environment.is_ready() or environment.WHEELS.exists()
    if have_crates and have_wheels:
        return OK, _("downloads: every crate and Python package is already on this machine"), ""
    missing = [
        n
        for n, have in ((_("crates"), have_crates), (_("Python packages"), have_wheels))
        if not have
    ]
    network = _reachable("https://index.crates.io/config.json") and _reachable(
        "https://pypi.org/simple/nox/"
    )
    if network:
        return (
            OK,
            _("downloads: {missing} will be fetched (the network works)").format(
                missing=_(" and ").join(missing)
            ),
            "",
        )
    return (
        FAIL,
        _("downloads: {missing} missing and crates.io or PyPI unreachable").format(
            missing=_(" and ").join(missing)
        ),
        _("connect to the network once and run `nox -s prefetch`"),
    )


def check_disk() -> tuple[str, str, str]:
    free = shutil.disk_usage(ROOT).free / 1e9
    if free < DISK_NEEDED_GB:
        return (
            FAIL,
            _("disk: {free:.1f} GB free").format(free=free),
            _("free at least {DISK_NEEDED_GB} GB for target/").format(
                DISK_NEEDED_GB=DISK_NEEDED_GB
            ),
        )
    return OK, _("disk: {free:.0f} GB free").format(free=free), ""


def _nox_version(text: str) -> tuple[int, ...]:
    """'2026.10.20' (or 'nox 2026.10.20') as numbers."""
    digits = re.findall(r"\d+(?:\.\d+)+", text)
    return tuple(int(x) for x in digits[0].split(".")) if digits else ()


def noxfile_command(platform: str | None = None) -> str:
    """How this platform's learner runs the noxfile without nox installed."""
    return "py -3 noxfile.py" if (platform or sys.platform) == "win32" else "python3 noxfile.py"


def check_nox_command() -> tuple[str, str, str]:
    """The command the book has you type, `nox -s step1`, works from here."""
    fallback = _("type `{command}` wherever the book says `nox` (the same sessions)").format(
        command=noxfile_command()
    )
    nox = shutil.which("nox")
    if nox is None:
        return (
            WARN,
            _("nox: not on your PATH, so `nox -s step1` will not be found"),
            _("{fallback}, or install nox: `pipx install nox` (or `uv tool install nox`)").format(
                fallback=fallback
            ),
        )
    version = _run([nox, "--version"])
    found = _nox_version((version.stdout + version.stderr) if version else "")
    if found < nox_minimum():
        have = ".".join(map(str, found)) or _("an unknown version")
        need = ".".join(map(str, nox_minimum()))
        return (
            FAIL,
            _("nox: {nox} is {have}; the course needs {need} or newer").format(
                nox=nox, have=have, need=need
            ),
            _(
                "`pipx upgrade nox` (or `pip install -U nox` where you installed it), or {fallback}"
            ).format(fallback=fallback),
        )
    listing = _run([nox, "--list"], cwd=ROOT)
    if listing is None or listing.returncode != 0 or "step1" not in listing.stdout:
        said = (
            (listing.stderr.strip().splitlines() or [_("no answer")])[-1]
            if listing
            else _("no answer")
        )
        return (
            FAIL,
            _("nox: `nox --list` fails here ({said})").format(said=said),
            _("{fallback}; and tell your instructor").format(fallback=fallback),
        )
    shown = ".".join(map(str, found))
    return (
        OK,
        _("nox {shown}: `nox -s step1` works from this folder ({nox})").format(
            shown=shown, nox=nox
        ),
        "",
    )


def free_threaded_finding(version: str, free_threaded: bool) -> tuple[str, str, str]:
    """What a learner on a free-threaded Python (3.13t, 3.14t) should know."""
    if not free_threaded:
        return (
            OK,
            _("Python {version} has a GIL: the course builds one abi3 module for it").format(
                version=version
            ),
            "",
        )
    return (
        OK,
        (
            _(
                'Python {version} is free-threaded (no GIL): it cannot load abi3 modules, so the course builds jxl_demo for this version alone; PyO3 declares the module safe without the GIL (the book\'s "Step 1: going deeper" says what that means)'
            ).format(version=version)
        ),
        "",
    )


def check_free_threading() -> tuple[str, str, str]:
    this = probe.describe()
    return free_threaded_finding(this["version"], this["free_threaded"])


CHECKS = [
    check_python,
    check_free_threading,
    check_rust,
    check_linker,
    check_nox_command,
    check_downloads,
    check_disk,
]


CHECKS += platform_checks(sys.platform)


def main() -> int:
    """Print every finding; return the number of problems."""
    # In Spanish when asked, once the course's environment (which compiles the
    # catalogue) exists; before that, in English.
    if i18n.language() == "es" and environment.is_ready():
        i18n.prepare(environment.python())
    problems = 0
    print(_("Is this machine ready for Hands-on PyO3?\n"))
    for check in CHECKS:
        status, finding, fix = check()
        marks = {OK: _("ok"), WARN: _("warning"), FAIL: _("PROBLEM")}
        width = max(len(m) for m in marks.values())
        mark = marks[status].ljust(width)
        print(f"  {mark}  {finding}")
        if fix:
            print(" " * (width + 4) + _("fix: {fix}").format(fix=fix))
        problems += status == FAIL
    print()
    if problems:
        print(
            _(
                "{problems} problem(s) would stop the workshop: fix them, then run this again."
            ).format(problems=problems)
        )
    else:
        command = "nox -s step1" if shutil.which("nox") else f"{noxfile_command()} -s step1"
        print(
            _('Ready. Next: `{command}`, and the book\'s chapter "Step 1".').format(command=command)
        )
    if offline():
        print(_("(COURSE_OFFLINE is set: the course installs from .nox/wheels only.)"))
    return problems
