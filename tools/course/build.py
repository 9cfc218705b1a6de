"""Build one step crate with cargo and put an importable jxl_demo next to it.

This is what `maturin develop` does, minus the wheel and the pip install: cargo
builds the crate's shared library, and we copy it to a folder under target/ with
the file name Python's import looks for (jxl_demo.abi3.so, or jxl_demo.pyd on
Windows). Putting that folder on PYTHONPATH makes `import jxl_demo` load it.
Skipping the wheel keeps a learner's edit-and-check loop close to the time cargo
itself needs.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from tools.course import probe, terminal
from tools.course.derive import PACKAGE_NAME
from tools.course.offline import cargo_settings
from tools.course.paths import ROOT, TARGET, relative

MODULE = "jxl_demo"
# The dependency whose first build takes minutes (the decoder of steps 2 to 6).
HEAVY = "jxl-oxide"
# Where each crate's module is put, as jxl_demo, for the checks to import.
MODULES = TARGET / "python"


@dataclass(frozen=True)
class Interpreter:
    """What a build needs to know of the Python that will import the module."""

    version: str  # "3.14"
    free_threaded: bool  # a build without the GIL (3.13t, 3.14t): no abi3 there
    ext_suffix: str  # ".cpython-314t-x86_64-linux-gnu.so": its own file name ending


def diagnostic(message: dict) -> tuple[str, str]:
    """("error" or "warning", the text rustc prints) of one message of cargo's
    `--message-format=json`; ("", "") for any other message."""
    if message.get("reason") != "compiler-message":
        return "", ""
    level = message["message"]["level"]
    kind = "error" if level.startswith("error") else "warning" if level == "warning" else ""
    return kind, message["message"]["rendered"] if kind else ""


@functools.cache  # one question per interpreter and run: its answer does not change
def interpreter(python: str) -> Interpreter:
    found = probe.ask(python)
    return Interpreter(
        version=found["version"],
        free_threaded=found["free_threaded"],
        ext_suffix=found["ext_suffix"],
    )


def free_threaded_config(found: Interpreter) -> Path:
    """A PyO3 build configuration for a free-threaded Python (PYO3_CONFIG_FILE).

    .cargo/config.toml sets PYO3_NO_PYTHON, so PyO3 builds for the stable ABI
    without asking any interpreter. A free-threaded CPython cannot load an
    abi3 module, so for it the build says which Python it is for, in the file
    format of PyO3's own build configuration (pyo3-build-config 0.30)."""
    path = TARGET / f"pyo3-free-threaded-{found.version}.txt"
    text = (
        "implementation=CPython\n"
        f"version={found.version}\n"
        "shared=true\n"
        f"target_abi=CPython-free_threaded-{found.version}\n"
        "build_flags=Py_GIL_DISABLED\n"
        "suppress_build_script_link_lines=false\n"
    )
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def cargo_env(python: str | os.PathLike | None = None) -> dict[str, str]:
    """The environment for the cargo commands the course runs.

    The PyO3 settings live in .cargo/config.toml, so that nox, a learner's own
    `cargo build` and their editor all build the same way and never make each
    other rebuild PyO3. A PYO3_PYTHON left in the environment would override
    them for this command only, so it is removed. `python`, when given, is the
    interpreter the module is for: a free-threaded one gets a build of its own.
    """
    env = {k: v for k, v in os.environ.items() if k not in {"PYO3_PYTHON", "PYO3_CONFIG_FILE"}}
    if python is not None and interpreter(str(python)).free_threaded:
        env["PYO3_CONFIG_FILE"] = str(free_threaded_config(interpreter(str(python))))
    env.update(cargo_settings())
    env.setdefault("CARGO_TERM_COLOR", "always" if terminal.colour() else "never")
    return env


@dataclass
class Build:
    crate: Path
    package: str
    ok: bool
    module_dir: Path | None = None
    errors: list[str] = field(default_factory=list)  # rendered compiler errors
    warnings: list[str] = field(default_factory=list)  # rendered compiler warnings
    other_output: str = ""  # cargo's own complaints (bad Cargo.toml, no network, ...)
    install_error: str = ""  # built, but the module could not be put in place


def package_name(crate: Path) -> str:
    found = PACKAGE_NAME.search((crate / "Cargo.toml").read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{crate}/Cargo.toml has no package name")
    return found[1]


def extension_filename(platform: str | None = None, found: Interpreter | None = None) -> str:
    """The file name CPython imports an abi3 extension module from.

    Windows: jxl_demo.pyd (CPython there has no .abi3 suffix); Linux and macOS
    alike: jxl_demo.abi3.so (on macOS too, although cargo makes a .dylib).
    A free-threaded Python (`found`) loads only its own version's name."""
    if found is not None and found.free_threaded:
        return f"{MODULE}{found.ext_suffix}"
    return f"{MODULE}.pyd" if (platform or sys.platform) == "win32" else f"{MODULE}.abi3.so"


# What cargo calls a cdylib on each platform. Its list of files also holds
# the import library (step1.dll.lib, step1.dll.a) and debug information
# (step1.pdb, libstep1.dylib.dSYM, .dwp): none of those is the module.
LIBRARY_SUFFIX = {"win32": ".dll", "darwin": ".dylib"}


def library_file(filenames: list[str], platform: str | None = None) -> str | None:
    """The shared library among the files cargo reports for a cdylib."""
    suffix = LIBRARY_SUFFIX.get(platform or sys.platform, ".so")
    return next((f for f in filenames if f.endswith(suffix)), None)


def locked_message(destination: Path, error: OSError, platform: str | None = None) -> str:
    """What to do when the new module cannot replace the old one."""
    where = relative(destination)
    if (platform or sys.platform) == "win32":
        return (
            f"The build worked, but its module could not replace {where}: a program has the "
            "old one open. On Windows a loaded .pyd cannot be replaced, so this is almost "
            "always a Python that imported jxl_demo: a python prompt, a Jupyter kernel or "
            "your editor's Python console. Close it (or restart the kernel), then run the "
            "same command again. "
            f"(Windows said: {error.strerror or error})"
        )
    return (
        f"The build worked, but its module could not be written to {where} "
        f"({error.strerror or error}). Check that you may write to the course's target/ "
        "folder (and that no other user made it), then run the same command again."
    )


def install_library(library: str | os.PathLike, destination: Path) -> None:
    """Copy cargo's library to `destination`, replacing the previous module.

    Replace, never overwrite in place: a running Python may have the old file
    mapped. Raises PermissionError when the old file cannot be replaced."""
    temporary = destination.with_suffix(".tmp")
    shutil.copyfile(library, temporary)
    try:
        os.replace(temporary, destination)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def dependencies(package: str) -> set[str]:
    """The crates `package` depends on, directly or not (for progress and notices)."""
    proc = subprocess.run(
        ["cargo", "tree", "-p", package, "-e", "normal,build", "--prefix", "none"],
        cwd=ROOT,
        env=cargo_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    names = {line.split()[0] for line in proc.stdout.splitlines() if line.strip()}
    return names - {package}


def profile(release: bool) -> str:
    """cargo's folder for a build: "release" or "debug"."""
    return "release" if release else "debug"


def not_built_yet(package: str, release: bool = False) -> set[str]:
    """The crates `package` depends on that no earlier build here compiled
    (cargo keeps a fingerprint folder, `<crate>-<hash>`, for each it did)."""
    fingerprints = TARGET / profile(release) / ".fingerprint"
    built = {path.name.rsplit("-", 1)[0] for path in fingerprints.glob("*-*")}
    return dependencies(package) - built


def first_build(release: bool = False, crate: Path | None = None) -> bool:
    """Whether the next build of `crate` is a long one: PyO3 never compiled
    here, or (for a crate that decodes images) jxl-oxide never compiled."""
    fingerprints = TARGET / profile(release) / ".fingerprint"
    heavy = ["pyo3-build-config-*"]
    manifest = crate / "Cargo.toml" if crate is not None else None
    if manifest is not None and manifest.exists() and HEAVY in manifest.read_text("utf-8"):
        heavy.append(f"{HEAVY}-*")
    return not all(any(fingerprints.glob(pattern)) for pattern in heavy)


def build(
    crate: Path,
    python: str | os.PathLike,
    release: bool = False,
    progress=None,
    workspace: Path = ROOT,
) -> Build:
    """Build `crate` and copy its library to target/python/<package>/.

    `progress(done, total, name)` is called for each dependency that cargo
    compiles (not for those it already has), so a long first build can say
    how far it has come. `workspace`: the Cargo workspace the crate belongs to
    (the course's own, but for the GIL-holding copies of tools/maintain/mutants.py and ladders.py)."""
    package = package_name(crate)
    colour = "-diagnostic-rendered-ansi" if terminal.colour() else ""
    command = [
        "cargo",
        "build",
        "--lib",
        "-p",
        package,
        f"--message-format=json{colour}",
    ]
    if release:
        command.append("--release")
    env = cargo_env(python)
    if workspace != ROOT:
        command += ["--target-dir", str(TARGET)]  # share the course's compiled dependencies
    # Count only what this build compiles: the crates no build here compiled
    # before, counted before cargo starts (it makes every fingerprint folder
    # before it reports the first crate done). A crate built before with other
    # features is compiled again: then the count goes past that total.
    total = max(len(not_built_yet(package, release)), 1) if progress is not None else 1
    proc = subprocess.Popen(
        command,
        cwd=workspace,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    # cargo's own messages go to stderr: read them beside stdout, or a full pipe blocks cargo.
    stderr: list[str] = []

    def read_stderr() -> None:
        for line in proc.stderr:
            stderr.append(line)
            # Another cargo (a second nox session, an editor) is building here:
            # say so, or the wait looks like a hang.
            if "Blocking waiting for file lock" in line and hasattr(progress, "waiting"):
                progress.waiting()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    result = Build(crate=crate, package=package, ok=False)
    library = None
    compiled = 0
    for line in proc.stdout:
        if not line.startswith("{"):
            continue
        message = json.loads(line)
        reason = message.get("reason")
        kind, rendered = diagnostic(message)
        if kind == "error":
            result.errors.append(rendered)
        elif kind == "warning":
            result.warnings.append(rendered)
        elif reason == "compiler-artifact" and message["target"]["name"] == package:
            library = library_file(message["filenames"])
        elif (
            reason == "compiler-artifact"
            and progress is not None
            and "custom-build" not in message["target"]["kind"]
        ):
            if message.get("fresh", True):
                continue
            compiled += 1
            progress(compiled, max(total, compiled), message["target"]["name"])
    result.ok = proc.wait() == 0
    reader.join()
    result.other_output = "".join(stderr)
    if result.ok and library:
        module_dir = MODULES / profile(release) / package
        module_dir.mkdir(parents=True, exist_ok=True)
        destination = module_dir / extension_filename(found=interpreter(str(python)))
        try:
            install_library(library, destination)
        except PermissionError as error:
            result.ok = False
            result.install_error = locked_message(destination, error)
            return result
        result.module_dir = module_dir
    elif result.ok:
        result.ok = False
        result.other_output += f"\ncargo built {package} but reported no shared library for it"
    return result
