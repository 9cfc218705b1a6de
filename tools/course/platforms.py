"""`nox -s doctor`, Windows and macOS: what the general checks cannot see.

Each check gathers the facts and hands them to a function that takes the
platform as a parameter, so tools/tests/test_platforms.py runs every branch on
any machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tools.course import probe
from tools.course.i18n import _
from tools.course.paths import ROOT

# How a finding of `nox -s doctor` is marked (tools/course/doctor.py prints them).
OK, WARN, FAIL = "ok", "warning", "problem"


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=120, check=False, **kwargs
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


# Python's and Rust's names for the same processors.
ARCHITECTURES = {
    "x86_64": "x86_64",
    "amd64": "x86_64",
    "win-amd64": "x86_64",
    "arm64": "aarch64",
    "aarch64": "aarch64",
    "win-arm64": "aarch64",
    "win32": "i686",
    "i386": "i686",
    "i686": "i686",
    "x86": "i686",
}


def python_architecture(platform: str, machine: str, sysconfig_platform: str) -> str:
    """The processor this Python's own code is built for, in Rust's words.

    On Windows platform.machine() names the machine, not the Python: a 32-bit
    Python says AMD64 too, so ask sysconfig ("win32", "win-amd64", "win-arm64").
    On macOS platform.machine() is the running code's: x86_64 for an Intel-only
    Python and for any Python that runs under Rosetta on Apple silicon."""
    name = sysconfig_platform if platform == "win32" else machine
    return ARCHITECTURES.get(name.lower(), name.lower())


def architecture_finding(python_arch: str, rust_host: str, platform: str) -> tuple[str, str, str]:
    """A library Rust builds for another processor than Python's cannot be imported."""
    rust_arch = rust_host.split("-")[0]
    if python_arch == rust_arch:
        return (
            OK,
            _("processor: Python and Rust both build for {rust_arch}").format(rust_arch=rust_arch),
            "",
        )
    finding = _(
        "processor: this Python runs as {python_arch}, but Rust builds for {rust_arch} ({rust_host}): Python could not import the modules you build"
    ).format(python_arch=python_arch, rust_arch=rust_arch, rust_host=rust_host)
    if platform == "darwin" and rust_arch == "aarch64":
        fix = _(
            "use a Python that runs natively on Apple silicon: python.org's installer "
            "(universal2) or Homebrew's in /opt/homebrew; if the terminal itself runs under "
            "Rosetta (`arch` prints i386), turn that off in the terminal's Get Info window"
        )
    elif platform == "darwin":
        fix = _("install Rust with rustup from a terminal that does not run under Rosetta")
    elif platform == "win32":
        fix = _(
            'install the 64-bit Python from python.org ("Windows installer (64-bit)"), or a Rust toolchain for {python_arch}: `rustup default stable-{python_arch}-pc-windows-msvc`'
        ).format(python_arch=python_arch)
    else:
        fix = _("use a Python and a Rust toolchain for the same processor ({rust_arch})").format(
            rust_arch=rust_arch
        )
    return FAIL, finding, fix


def _rust_host() -> str | None:
    proc = _run(["rustc", "-vV"])
    if proc is None or proc.returncode != 0:
        return None
    for line in proc.stdout.splitlines():
        if line.startswith("host:"):
            return line.split(":", 1)[1].strip()
    return None


def check_architecture() -> tuple[str, str, str]:
    import platform
    import sysconfig

    host = _rust_host()
    if host is None:
        return WARN, _("processor: could not ask rustc which processor it builds for"), ""
    arch = python_architecture(sys.platform, platform.machine(), sysconfig.get_platform())
    return architecture_finding(arch, host, sys.platform)


# The deepest file the course makes below its folder (target/debug/incremental/...)
# is about 125 characters long; Windows allows 260 unless long paths are enabled.
DEEPEST_PATH = 125
WINDOWS_MAX_PATH = 260


def folder_finding(root: str, long_paths_enabled: bool | None = None) -> tuple[str, str, str]:
    """The course's folder on Windows: short enough for the deepest build file."""
    room = WINDOWS_MAX_PATH - len(root) - 1
    if room < DEEPEST_PATH and not long_paths_enabled:
        return (
            WARN,
            (
                _(
                    "course folder: {root} is {length} characters long: the build's deepest files would pass Windows' limit of {WINDOWS_MAX_PATH}"
                ).format(root=root, length=len(root), WINDOWS_MAX_PATH=WINDOWS_MAX_PATH)
            ),
            (
                _(
                    "move the course to a short folder such as C:\\course, or enable long paths "
                    "(the Python install manager offers to when it first runs)"
                )
            ),
        )
    return (
        OK,
        _("course folder: {root} ({length} characters, short enough)").format(
            root=root, length=len(root)
        ),
        "",
    )


def _long_paths_enabled() -> bool | None:
    try:
        import winreg

        key = winreg.OpenKey(
            winreg.HKEY_LOCAL_MACHINE, r"SYSTEM\CurrentControlSet\Control\FileSystem"
        )
        return bool(winreg.QueryValueEx(key, "LongPathsEnabled")[0])
    except (ImportError, OSError):
        return None


def check_course_folder() -> tuple[str, str, str]:
    return folder_finding(str(ROOT), _long_paths_enabled())


def launcher_finding(
    py: str | None, python3: str | None, python3_works: bool
) -> tuple[str, str, str]:
    """Windows: which command starts Python. The Python install manager gives
    `py`, `python` and `python3`; the older python.org installer `py` and
    `python` only; and without either, `python3` may be Windows' own alias,
    which only offers to install Python from the Microsoft Store."""
    if python3 and not python3_works:
        return (
            WARN,
            (
                _(
                    "python3 ({python3}) does not start a Python: it is most likely Windows' alias that offers the Microsoft Store"
                ).format(python3=python3)
            ),
            (
                _(
                    "type `py -3` where the book says `python3`, or turn that alias off in "
                    "Settings > Apps > Advanced app settings > App execution aliases"
                )
            ),
        )
    if py:
        return OK, _("py launcher: `py -3` starts Python, as the book types it on Windows"), ""
    if python3:
        return OK, _("python3 starts Python (there is no `py` launcher)"), ""
    return (
        WARN,
        _("neither `py` nor `python3` starts Python: type `python` where the book says `python3`"),
        _("python.org's Python install manager adds `py`, `python` and `python3`"),
    )


def check_python_command() -> tuple[str, str, str]:
    python3 = shutil.which("python3")
    works = False
    if python3:
        try:
            works = probe.ask(python3, timeout=120)["version"].startswith("3.")
        except (OSError, ValueError, subprocess.SubprocessError):
            works = False  # it does not start, or is no Python 3
    return launcher_finding(shutil.which("py"), python3, works)


def certificates_finding(prefix: str, cafile: str | None) -> tuple[str, str, str]:
    """python.org's macOS Python brings its own OpenSSL, without certificates until
    its 'Install Certificates' command runs; pip has its own and works anyway.
    Homebrew's Python uses Homebrew's certificates."""
    if "/Library/Frameworks/Python.framework/" not in prefix + "/":
        return (
            OK,
            _("certificates: not a python.org Python ({prefix}): nothing to install").format(
                prefix=prefix
            ),
            "",
        )
    if cafile and Path(cafile).exists():
        return OK, _("certificates: installed for this python.org Python"), ""
    version = probe.describe()["version"]
    return (
        WARN,
        (
            _(
                "certificates: this python.org Python has none installed yet (pip works; "
                "`nox -s doctor` cannot check the network)"
            )
        ),
        _("double-click 'Install Certificates.command' in /Applications/Python {version}").format(
            version=version
        ),
    )


def check_certificates() -> tuple[str, str, str]:
    import ssl

    cafile = ssl.get_default_verify_paths().openssl_cafile
    return certificates_finding(sys.base_prefix, cafile)


def platform_checks(platform: str) -> list:
    """The checks that matter on this platform (each is tested on every one)."""
    found = [check_architecture]
    if platform == "win32":
        found += [check_course_folder, check_python_command]
    if platform == "darwin":
        found.append(check_certificates)
    return found
