"""The Windows and macOS branches of the course's tools, run on any machine.

Every function that names a file or a program by platform takes the platform
as a parameter (or reads sys.platform when called, which these tests change),
so a typo in a branch that never runs on the author's machine fails here.
PureWindowsPath builds Windows paths on Linux; folders with spaces stand for
a user called "Ada Lovelace".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from tools.course import (
    bootstrap,
    build,
    doctor,
    environment,
    interpreters,
    mdbook,
    platforms,
    probe,
    report,
    runner,
    shipping,
)
from tools.course import offline as offline_mode

WINDOWS_VENV = PureWindowsPath(r"C:\Users\Ada Lovelace\hands-on-pyo3\.nox\course")
MAC_VENV = PurePosixPath("/Users/Ada Lovelace/hands-on-pyo3/.nox/course")

# What cargo reports for a cdylib ("filenames" of its compiler-artifact message).
CARGO_FILES = {
    "win32": [
        r"C:\Users\Ada Lovelace\hands-on-pyo3\target\debug\step1.dll.lib",
        r"C:\Users\Ada Lovelace\hands-on-pyo3\target\debug\step1.dll",
        r"C:\Users\Ada Lovelace\hands-on-pyo3\target\debug\step1.pdb",
    ],
    "darwin": [
        "/Users/Ada Lovelace/hands-on-pyo3/target/debug/libstep1.dylib",
        "/Users/Ada Lovelace/hands-on-pyo3/target/debug/libstep1.dylib.dSYM",
    ],
    "linux": ["/home/ada/hands-on-pyo3/target/debug/libstep1.so"],
}


# --------------------------------------------------------------------------
# tools/course/environment.py: the course's virtual environment


def test_windows_keeps_programs_in_scripts_with_exe():
    assert environment.bin_dir(WINDOWS_VENV, "win32") == WINDOWS_VENV / "Scripts"
    assert str(environment.python(WINDOWS_VENV, "win32")) == (
        r"C:\Users\Ada Lovelace\hands-on-pyo3\.nox\course\Scripts\python.exe"
    )
    assert environment.executable("ruff", WINDOWS_VENV, "win32").name == "ruff.exe"
    assert environment.executable("mdbook", WINDOWS_VENV, "win32").name == "mdbook.exe"


@pytest.mark.parametrize("platform", ["darwin", "linux"])
def test_macos_and_linux_keep_programs_in_bin(platform):
    assert str(environment.python(MAC_VENV, platform)) == (
        "/Users/Ada Lovelace/hands-on-pyo3/.nox/course/bin/python"
    )
    assert environment.executable("maturin", MAC_VENV, platform) == MAC_VENV / "bin" / "maturin"


def test_the_platform_is_read_when_called(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    assert environment.python(WINDOWS_VENV) == WINDOWS_VENV / "Scripts" / "python.exe"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert environment.python(MAC_VENV) == MAC_VENV / "bin" / "python"


def test_path_puts_the_environments_programs_first():
    windows = environment.path_with_programs({"PATH": r"C:\Windows"}, WINDOWS_VENV, "win32")
    assert windows == {"PATH": rf"{WINDOWS_VENV}\Scripts;C:\Windows"}
    mac = environment.path_with_programs({"PATH": "/usr/bin:/bin"}, MAC_VENV, "darwin")
    assert mac == {"PATH": f"{MAC_VENV}/bin:/usr/bin:/bin"}


def test_mdbook_is_in_cargos_bin_folder_on_every_platform():
    root = PureWindowsPath(r"C:\Users\Ada Lovelace\course\.nox\mdbook")
    assert mdbook.mdbook_executable(root, "win32") == root / "bin" / "mdbook.exe"
    mac = PurePosixPath("/Users/Ada Lovelace/course/.nox/mdbook")
    assert mdbook.mdbook_executable(mac, "darwin") == mac / "bin" / "mdbook"


def test_mdbook_is_compiled_without_the_courses_settings(monkeypatch):
    monkeypatch.setenv("PYO3_PYTHON", "python3")
    monkeypatch.setenv("CARGO_TARGET_DIR", "elsewhere")
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    env = mdbook._mdbook_env(mdbook.MDBOOK_ROOT)
    assert "PYO3_PYTHON" not in env and "CARGO_TARGET_DIR" not in env
    assert env["CARGO_NET_OFFLINE"] == "true"
    assert env["PATH"].split(os.pathsep)[0] == str(mdbook.MDBOOK_ROOT / "bin")
    monkeypatch.setenv("COURSE_OFFLINE", "0")
    assert "CARGO_NET_OFFLINE" not in mdbook._mdbook_env(mdbook.I18N_ROOT)


def test_course_venv_moves_the_environment(tmp_path: Path):
    root = tmp_path / "Ada Lovelace" / "course"
    assert environment.venv_folder({}, root) == (root / ".nox" / "course").resolve()
    elsewhere = tmp_path / "offline check"
    assert environment.venv_folder({"COURSE_VENV": str(elsewhere)}, root) == elsewhere.resolve()
    assert environment.venv_folder({"COURSE_VENV": ""}, root) == (root / ".nox/course").resolve()


def utf8_only(monkeypatch):
    """Path.read_text that refuses to guess: Windows' default encoding is the
    ANSI code page (cp1252 in western Europe), not UTF-8, so every text file
    the course reads must say its encoding."""
    original = Path.read_text

    def read_text(self, encoding=None, errors=None, **kwargs):
        assert encoding == "utf-8", f"{self.name} read without encoding='utf-8'"
        return original(self, encoding, errors, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)


def test_the_environments_files_are_read_as_utf8(tmp_path: Path, monkeypatch):
    venv = tmp_path / "Jōsé Núñez" / ".nox" / "course"
    venv.mkdir(parents=True)
    (venv / "python").write_bytes(b"")
    other = "3.9" if sys.version_info[:2] != (3, 9) else "3.8"
    (venv / "pyvenv.cfg").write_text(
        f"home = C:\\Users\\Jōsé Núñez\\Python\nversion_info = {other}.4.final.0\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(environment, "VENV", venv)
    monkeypatch.setattr(environment, "STAMP", venv / "requirements.sha256")
    monkeypatch.setattr(environment, "python", lambda: venv / "python")
    utf8_only(monkeypatch)
    assert environment._python_changed()
    environment.STAMP.write_text(environment._digest() + "\n", encoding="utf-8")
    assert environment.is_ready()
    environment.STAMP.write_text("made from other requirements\n", encoding="utf-8")
    assert not environment.is_ready()


# --------------------------------------------------------------------------
# tools/course/build.py: from cargo's library to an importable jxl_demo


@pytest.mark.parametrize(
    ("platform", "name"),
    [("win32", "jxl_demo.pyd"), ("darwin", "jxl_demo.abi3.so"), ("linux", "jxl_demo.abi3.so")],
)
def test_extension_filename(platform, name, monkeypatch):
    assert build.extension_filename(platform) == name
    monkeypatch.setattr(sys, "platform", platform)
    assert build.extension_filename() == name


@pytest.mark.parametrize(
    ("platform", "library"),
    [
        ("win32", CARGO_FILES["win32"][1]),
        ("darwin", CARGO_FILES["darwin"][0]),
        ("linux", CARGO_FILES["linux"][0]),
    ],
)
def test_the_library_among_cargos_files(platform, library):
    assert build.library_file(CARGO_FILES[platform], platform) == library


def test_no_library_is_found_in_another_platforms_files():
    # An import library or debug information is never taken for the module.
    assert build.library_file([CARGO_FILES["win32"][0], CARGO_FILES["win32"][2]], "win32") is None
    assert build.library_file(CARGO_FILES["darwin"], "linux") is None
    assert build.library_file(CARGO_FILES["linux"], "win32") is None


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_the_library_is_copied_under_its_importable_name(platform, tmp_path: Path):
    """A .dll becomes jxl_demo.pyd, a .dylib or .so becomes jxl_demo.abi3.so,
    in a folder whose name has a space, replacing the previous module."""
    cargo_dir = tmp_path / "Ada Lovelace" / "target" / "debug"
    cargo_dir.mkdir(parents=True)
    files = []
    for reported in CARGO_FILES[platform]:
        name = PureWindowsPath(reported).name if platform == "win32" else Path(reported).name
        (cargo_dir / name).write_bytes(f"contents of {name}".encode())
        files.append(str(cargo_dir / name))
    library = build.library_file(files, platform)
    module_dir = tmp_path / "Ada Lovelace" / "target" / "python" / "debug" / "step1"
    module_dir.mkdir(parents=True)
    destination = module_dir / build.extension_filename(platform)
    destination.write_bytes(b"the previous build")
    build.install_library(library, destination)
    assert destination.read_bytes() == f"contents of {Path(library).name}".encode()
    assert sorted(p.name for p in module_dir.iterdir()) == [destination.name]


def test_a_locked_module_raises_and_leaves_no_temporary_file(tmp_path: Path, monkeypatch):
    library = tmp_path / "step1.dll"
    library.write_bytes(b"new")
    destination = tmp_path / "jxl_demo.pyd"
    destination.write_bytes(b"old, loaded by a Python")

    def refuse(source, target):
        raise PermissionError(13, "Access is denied", str(target))

    monkeypatch.setattr(build.os, "replace", refuse)
    with pytest.raises(PermissionError):
        build.install_library(library, destination)
    assert destination.read_bytes() == b"old, loaded by a Python"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jxl_demo.pyd", "step1.dll"]


REGULAR = build.Interpreter("3.12", False, ".cpython-312-x86_64-linux-gnu.so")


def fake_cargo(files: list[str]):
    """subprocess.Popen as cargo would answer `cargo build --message-format=json`."""

    class Cargo:
        def __init__(self, command, **kwargs):
            assert command[:2] == ["cargo", "build"]
            artifact = {
                "reason": "compiler-artifact",
                "target": {"name": "step1", "kind": ["cdylib"]},
                "filenames": files,
                "fresh": False,
            }
            self.stdout = iter([json.dumps(artifact) + "\n"])
            self.stderr = iter(["   Compiling step1\n"])

        def wait(self):
            return 0

    return Cargo


def test_build_reports_a_locked_pyd_in_the_learners_terms(tmp_path: Path, monkeypatch, capsys):
    """Windows: a Python that imported jxl_demo keeps the .pyd; the rebuild
    says so and what to do, instead of ending in a traceback."""
    library = tmp_path / "step1.dll"
    library.write_bytes(b"new module")
    module_dir = tmp_path / "python" / "debug" / "step1"
    module_dir.mkdir(parents=True)
    (module_dir / "jxl_demo.pyd").write_bytes(b"old module, loaded")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(build, "TARGET", tmp_path)
    monkeypatch.setattr(build, "interpreter", lambda python: REGULAR)
    monkeypatch.setattr(
        build.subprocess, "Popen", fake_cargo([str(library) + ".lib", str(library)])
    )

    def refuse(source, target):
        raise PermissionError(13, "Access is denied", str(target))

    monkeypatch.setattr(build.os, "replace", refuse)
    result = build.build(build.ROOT / "steps" / "step1", sys.executable)
    assert not result.ok
    assert result.module_dir is None
    assert "jxl_demo.pyd" in result.install_error
    assert "a Python that imported jxl_demo" in result.install_error
    assert "run the same command again" in result.install_error
    assert "Access is denied" in result.install_error
    report.print_build_failure(result)
    printed = capsys.readouterr().out
    assert "Close it (or restart the kernel)" in " ".join(printed.split())
    assert "Traceback" not in printed and "it does not build yet" not in printed
    assert (module_dir / "jxl_demo.pyd").read_bytes() == b"old module, loaded"


@pytest.mark.parametrize("platform", ["darwin", "linux"])
def test_build_copies_the_platforms_library(platform, tmp_path: Path, monkeypatch):
    library = Path(CARGO_FILES[platform][0]).name
    (tmp_path / library).write_bytes(b"module")
    files = [str(tmp_path / Path(f).name) for f in CARGO_FILES[platform]]
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(build, "TARGET", tmp_path / "target")
    monkeypatch.setattr(build, "interpreter", lambda python: REGULAR)
    monkeypatch.setattr(build.subprocess, "Popen", fake_cargo(files))
    result = build.build(build.ROOT / "steps" / "step1", sys.executable)
    assert result.ok, result.install_error or result.other_output
    assert (result.module_dir / "jxl_demo.abi3.so").read_bytes() == b"module"


def test_the_locked_message_elsewhere_speaks_of_permissions(tmp_path: Path):
    error = PermissionError(13, "Permission denied")
    message = build.locked_message(tmp_path / "jxl_demo.abi3.so", error, "linux")
    assert "Permission denied" in message and "target/" in message
    assert "Windows" not in message
    assert "Jupyter" in build.locked_message(tmp_path / "jxl_demo.pyd", error, "win32")


@pytest.mark.skipif(sys.platform != "win32", reason="Windows locks a loaded DLL; this runs in CI")
def test_windows_really_refuses_to_replace_a_loaded_module(tmp_path: Path):
    """The real thing, on Windows only: load a DLL as Python loads jxl_demo.pyd,
    then try to put a new build in its place."""
    import ctypes

    destination = tmp_path / "folder with space" / "jxl_demo.pyd"
    destination.parent.mkdir()
    destination.write_bytes((Path(sys.base_prefix) / "python3.dll").read_bytes())
    loaded = ctypes.CDLL(str(destination))
    new = tmp_path / "step1.dll"
    new.write_bytes(b"a new build")
    with pytest.raises(PermissionError):
        build.install_library(new, destination)
    assert loaded is not None


def test_cargo_env_drops_pyo3_python_and_honours_course_offline(monkeypatch):
    monkeypatch.setenv("PYO3_PYTHON", r"C:\Python310\python.exe")
    monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    env = build.cargo_env()
    assert "PYO3_PYTHON" not in env
    assert "CARGO_NET_OFFLINE" not in env
    for value, offline in [("1", True), ("yes", True), ("0", False), ("", False)]:
        monkeypatch.setenv("COURSE_OFFLINE", value)
        assert offline_mode.offline() is offline
        assert ("CARGO_NET_OFFLINE" in build.cargo_env()) is offline


def test_pythonpath_uses_the_platforms_separator():
    module = PureWindowsPath(r"C:\Users\Ada Lovelace\course\target\python\debug\step1")
    assert runner.python_path(module, r"C:\lib", ";") == rf"{module};C:\lib"
    assert runner.python_path(module, "", ";") == str(module)
    assert runner.python_path(Path("/a b/step1"), "/lib", ":") == "/a b/step1:/lib"


# --------------------------------------------------------------------------
# tools/course/bootstrap.py: `python3 noxfile.py` without nox


def test_bootstrap_relaunches_as_a_child_on_windows(monkeypatch):
    calls = []
    monkeypatch.setattr(
        bootstrap.os, "execv", lambda *a: pytest.fail("os.execv must not be used on Windows")
    )
    monkeypatch.setattr(
        bootstrap.subprocess,
        "run",
        lambda command, check: calls.append(command) or subprocess.CompletedProcess(command, 3),
    )
    python = WINDOWS_VENV.parent / "bootstrap" / "Scripts" / "python.exe"
    with pytest.raises(SystemExit) as stopped:
        bootstrap.relaunch(python, ["noxfile.py", "-s", "step1"], "win32")
    assert stopped.value.code == 3  # nox's exit status reaches the terminal and CI
    assert calls == [[str(python), "noxfile.py", "-s", "step1"]]


@pytest.mark.parametrize("platform", ["darwin", "linux"])
def test_bootstrap_execs_on_macos_and_linux(platform, monkeypatch):
    class Replaced(Exception):
        pass

    def execv(path, args):
        raise Replaced(path, args)

    monkeypatch.setattr(bootstrap.os, "execv", execv)
    with pytest.raises(Replaced) as replaced:
        bootstrap.relaunch(MAC_VENV / "bin" / "python", ["noxfile.py"], platform)
    assert replaced.value.args == (
        str(MAC_VENV / "bin/python"),
        [str(MAC_VENV / "bin/python"), "noxfile.py"],
    )


@pytest.mark.parametrize(
    ("platform", "python"), [("win32", "Scripts/python.exe"), ("darwin", "bin/python")]
)
def test_bootstrap_installs_nox_into_its_own_environment(platform, python, tmp_path, monkeypatch):
    here = tmp_path / "Ada Lovelace" / ".nox" / "bootstrap"
    commands, relaunched = [], []
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(bootstrap, "HERE", here)
    monkeypatch.setattr(bootstrap, "ROOT", tmp_path / "Ada Lovelace")
    monkeypatch.setattr(bootstrap.importlib.util, "find_spec", lambda name: None)
    monkeypatch.setattr(
        bootstrap.subprocess, "run", lambda command, check: commands.append(command)
    )
    monkeypatch.setattr(bootstrap, "relaunch", lambda py, argv: relaunched.append(py))
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    here.mkdir(parents=True)  # what `python -m venv` would have made
    bootstrap.ensure_nox()
    assert commands[0] == [sys.executable, "-m", "venv", "--clear", str(here)]
    assert commands[1][0] == str(here / python)
    assert "--no-index" in commands[1] and commands[1][-1] == bootstrap.NOX
    assert relaunched == [here / python]
    assert (here / "ready").read_text().strip() == bootstrap.NOX
    # Ready, and its Python is there: nothing to install.
    (here / python).parent.mkdir(parents=True, exist_ok=True)
    (here / python).write_bytes(b"")
    bootstrap.ensure_nox()
    assert len(commands) == 2 and relaunched == [here / python] * 2
    # Ready, but the Python that made it is gone (a Homebrew upgrade): made again.
    (here / python).unlink()
    bootstrap.ensure_nox()
    assert len(commands) == 4 and commands[2][3] == "--clear"


# --------------------------------------------------------------------------
# tools/course/shipping.py: other Pythons of the machine, maturin


def test_other_pythons_on_windows_come_from_the_py_launcher_and_pyenv_win(tmp_path: Path):
    profile = tmp_path / "Ada Lovelace"
    pyenv = profile / ".pyenv" / "pyenv-win" / "versions" / "3.12.4"
    pyenv.mkdir(parents=True)
    (pyenv / "python.exe").write_bytes(b"")
    programs = {"py": r"C:\Windows\py.exe", "python3.12": None}
    found = interpreters.python_candidates(
        "3.12", "win32", {"USERPROFILE": str(profile)}, programs.get
    )
    assert found == [[r"C:\Windows\py.exe", "-3.12"], [str(pyenv / "python.exe")]]


@pytest.mark.parametrize("platform", ["darwin", "linux"])
def test_other_pythons_elsewhere_come_from_path_and_pyenv(platform, tmp_path: Path):
    home = tmp_path / "Ada Lovelace"
    pyenv = home / ".pyenv" / "versions" / "3.12.4" / "bin"
    pyenv.mkdir(parents=True)
    (pyenv / "python3.12").write_bytes(b"")
    programs = {"python3.12": "/opt/homebrew/bin/python3.12", "py": "/not/this"}
    found = interpreters.python_candidates("3.12", platform, {"HOME": str(home)}, programs.get)
    assert found == [["/opt/homebrew/bin/python3.12"], [str(pyenv / "python3.12")]]
    found = interpreters.python_candidates(
        "3.12", platform, {"HOME": str(home), "PYENV_ROOT": str(tmp_path)}, {}.get
    )
    assert found == []


def test_other_pythons_are_the_executables_the_candidates_report(monkeypatch):
    """`py -3.12` is a way to start a Python, not its path: ask it for sys.executable."""
    running = "{}.{}".format(*sys.version_info[:2])
    other = "3.12" if running != "3.12" else "3.13"
    executable = rf"C:\Users\Ada Lovelace\AppData\Local\Python\pythoncore-{other}-64\python.exe"
    monkeypatch.setattr(
        interpreters,
        "python_candidates",
        lambda version: (
            [[r"C:\Windows\py.exe", f"-{version}"]] if version in {other, running} else []
        ),
    )

    def answer(version: str, path: str) -> tuple[int, str]:
        return 0, json.dumps({"version": version, "executable": path})

    answers = {other: answer(other, executable), running: answer(running, "elsewhere")}

    def run(command, **kwargs):
        assert kwargs["stdin"] is subprocess.DEVNULL and kwargs["timeout"]
        assert command[2].endswith("probe.py")  # the one way the tools ask a Python
        code, out = answers[command[1][1:]]
        if code:
            raise subprocess.CalledProcessError(code, command)
        return subprocess.CompletedProcess(command, code, out, "")

    monkeypatch.setattr(probe.subprocess, "run", run)
    assert interpreters.other_pythons() == [Path(executable)]
    answers[other] = (103, "")  # the launcher knows no such Python
    assert interpreters.other_pythons() == []


def test_the_learners_nox_of_another_python_on_windows(tmp_path: Path, monkeypatch):
    from tools.maintain import pythons

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(pythons, "ROOT", tmp_path / "Ada Lovelace" / "course")
    monkeypatch.setattr(pythons, "NOX_DIR", pythons.ROOT / ".nox")
    monkeypatch.setattr(interpreters, "version_of", lambda python: "3.12")
    commands = []

    def run(command, check):
        commands.append(command)
        if command[1:3] == ["-m", "venv"]:
            Path(command[-1]).mkdir(parents=True)  # what venv would make

    monkeypatch.setattr(pythons.subprocess, "run", run)
    python = PureWindowsPath(r"C:\Users\Ada Lovelace\AppData\Local\Python\python.exe")
    nox = pythons.users_nox(python, log=lambda message: None)
    venv = tmp_path / "Ada Lovelace" / "course" / ".nox" / "users-nox-3.12"
    assert nox == venv / "Scripts" / "nox.exe"
    assert commands[0] == [str(python), "-m", "venv", "--clear", str(venv)]
    assert commands[1][0] == str(venv / "Scripts" / "python.exe")
    installed = (venv / "installed").read_text(encoding="utf-8").strip()
    assert installed == bootstrap.NOX.replace("[uv]", "")


def test_the_wheel_is_built_with_the_environments_maturin(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(shipping, "TARGET", tmp_path)
    commands = []

    def run(command, **kwargs):
        commands.append(command)
        out = Path(command[command.index("--out") + 1])
        out.mkdir(parents=True)
        (out / "jxl_demo-0.1.0-cp310-abi3-win_amd64.whl").write_bytes(b"")

    monkeypatch.setattr(shipping.subprocess, "run", run)
    wheel = shipping.build_wheel(build.ROOT / "steps" / "step1", log=lambda message: None)
    assert wheel.name.endswith("win_amd64.whl")
    assert Path(commands[0][0]).name == "maturin.exe"
    assert Path(commands[0][0]).parent.name == "Scripts"


# --------------------------------------------------------------------------
# tools/course/doctor.py: what each platform's learner is told


def test_linker_fixes_name_each_platforms_toolchain(monkeypatch):
    assert "Visual Studio Build Tools" in doctor.linker_fix("win32")
    assert "link.exe" in doctor.linker_fix("win32")
    assert "xcode-select --install" in doctor.linker_fix("darwin")
    assert "build-essential" in doctor.linker_fix("linux")
    assert doctor.noxfile_command("win32") == "py -3 noxfile.py"
    assert doctor.noxfile_command("darwin") == "python3 noxfile.py"
    assert doctor.noxfile_command("linux") == "python3 noxfile.py"
    failed = subprocess.CompletedProcess([], 1, "", "error: linker `link.exe` not found\n")
    monkeypatch.setattr(doctor, "_run", lambda command, **kwargs: failed)
    monkeypatch.setattr(sys, "platform", "win32")
    status, finding, fix = doctor.check_linker()
    assert status == doctor.FAIL and "link.exe" in finding and "Visual Studio" in fix


@pytest.mark.parametrize(
    ("platform", "machine", "sysconfig_platform", "arch"),
    [
        ("darwin", "arm64", "macosx-11.0-arm64", "aarch64"),
        ("darwin", "x86_64", "macosx-10.9-universal2", "x86_64"),  # Intel, or under Rosetta
        ("win32", "AMD64", "win-amd64", "x86_64"),
        ("win32", "AMD64", "win32", "i686"),  # a 32-bit Python on 64-bit Windows
        ("win32", "ARM64", "win-arm64", "aarch64"),
        ("linux", "x86_64", "linux-x86_64", "x86_64"),
        ("linux", "aarch64", "linux-aarch64", "aarch64"),
    ],
)
def test_python_architecture(platform, machine, sysconfig_platform, arch):
    assert platforms.python_architecture(platform, machine, sysconfig_platform) == arch


def test_a_python_under_rosetta_cannot_import_what_rust_builds():
    status, finding, fix = platforms.architecture_finding(
        "x86_64", "aarch64-apple-darwin", "darwin"
    )
    assert status == doctor.FAIL
    assert "x86_64" in finding and "aarch64" in finding
    assert "Apple silicon" in fix and "Rosetta" in fix
    ok = platforms.architecture_finding("aarch64", "aarch64-apple-darwin", "darwin")
    assert ok[0] == doctor.OK


def test_a_32_bit_python_on_windows_is_found():
    status, finding, fix = platforms.architecture_finding("i686", "x86_64-pc-windows-msvc", "win32")
    assert status == doctor.FAIL and "i686" in finding
    assert "64-bit" in fix and "i686-pc-windows-msvc" in fix
    assert platforms.architecture_finding("x86_64", "x86_64-pc-windows-msvc", "win32")[0] == "ok"
    assert (
        platforms.architecture_finding("x86_64", "aarch64-unknown-linux-gnu", "linux")[0]
        == "problem"
    )


def test_the_course_folder_on_windows():
    short = r"C:\Users\Ada Lovelace\hands-on-pyo3"
    assert platforms.folder_finding(short, long_paths_enabled=False)[0] == doctor.OK
    deep = "C:\\Users\\Ada Lovelace\\" + "\\".join(["a rather long folder name"] * 6)
    status, finding, fix = platforms.folder_finding(deep, long_paths_enabled=False)
    assert status == doctor.WARN and "260" in finding and "C:\\course" in fix
    assert platforms.folder_finding(deep, long_paths_enabled=True)[0] == doctor.OK
    assert platforms.folder_finding(deep, long_paths_enabled=None)[0] == doctor.WARN


def test_the_python_command_on_windows():
    alias = r"C:\Users\Ada Lovelace\AppData\Local\Microsoft\WindowsApps\python3.exe"
    launcher = r"C:\Windows\py.exe"
    # Windows' own alias: found on PATH, but starts no Python.
    status, finding, fix = platforms.launcher_finding(launcher, alias, python3_works=False)
    assert status == doctor.WARN and "Microsoft Store" in finding and "py -3" in fix
    # The Python install manager's python3 is an alias in the same folder, and works.
    status, finding, _ = platforms.launcher_finding(launcher, alias, python3_works=True)
    assert status == doctor.OK and "py -3" in finding
    assert platforms.launcher_finding(None, alias, python3_works=True)[0] == doctor.OK
    status, finding, fix = platforms.launcher_finding(None, None, python3_works=False)
    assert status == doctor.WARN and "`python`" in finding and "install manager" in fix


def test_certificates_of_a_python_org_python_on_macos(tmp_path: Path):
    framework = "/Library/Frameworks/Python.framework/Versions/3.12"
    missing = str(tmp_path / "etc" / "openssl" / "cert.pem")
    status, finding, fix = platforms.certificates_finding(framework, missing)
    assert status == doctor.WARN and "Install Certificates.command" in fix
    (tmp_path / "cert.pem").write_text("")
    assert platforms.certificates_finding(framework, str(tmp_path / "cert.pem"))[0] == doctor.OK
    homebrew = "/opt/homebrew/opt/python@3.12/Frameworks/Python.framework/Versions/3.12"
    status, finding, _ = platforms.certificates_finding(homebrew, missing)
    assert status == doctor.OK and "not a python.org Python" in finding


def test_each_platform_gets_its_own_checks():
    windows, mac, linux = (platforms.platform_checks(p) for p in ("win32", "darwin", "linux"))
    assert platforms.check_course_folder in windows and platforms.check_python_command in windows
    assert platforms.check_certificates in mac and platforms.check_certificates not in windows
    assert linux == [platforms.check_architecture]
    assert all(platforms.check_architecture in checks for checks in (windows, mac, linux))


def test_the_checks_of_this_machine_run(monkeypatch):
    """The platform checks registered here run and say something."""
    for check in platforms.platform_checks(sys.platform):
        status, finding, _ = check()
        assert status in {doctor.OK, doctor.WARN, doctor.FAIL} and finding


# Free-threaded Python (3.13t, 3.14t): no such interpreter on the machines CI
# runs here, so its branches are run with the facts such a Python reports.

FREE_THREADED = build.Interpreter("3.14", True, ".cpython-314t-x86_64-linux-gnu.so")


def test_a_free_threaded_python_gets_its_own_module_name():
    assert build.extension_filename("linux", FREE_THREADED) == (
        "jxl_demo.cpython-314t-x86_64-linux-gnu.so"
    )
    regular = build.Interpreter("3.14", False, ".cpython-314-x86_64-linux-gnu.so")
    assert build.extension_filename("linux", regular) == "jxl_demo.abi3.so"


def test_a_free_threaded_python_gets_a_build_configuration(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "TARGET", tmp_path)
    monkeypatch.setattr(build, "interpreter", lambda python: FREE_THREADED)
    env = build.cargo_env("/usr/bin/python3.14t")
    config = Path(env["PYO3_CONFIG_FILE"])
    assert config.is_absolute() and config.parent == tmp_path
    lines = config.read_text(encoding="utf-8").splitlines()
    assert "version=3.14" in lines
    assert "target_abi=CPython-free_threaded-3.14" in lines
    assert "build_flags=Py_GIL_DISABLED" in lines
    monkeypatch.setattr(
        build, "interpreter", lambda python: build.Interpreter("3.11", False, ".so")
    )
    monkeypatch.setenv("PYO3_CONFIG_FILE", "/elsewhere.txt")
    assert "PYO3_CONFIG_FILE" not in build.cargo_env("/usr/bin/python3.11")


def test_this_python_is_described_as_it_is():
    import sysconfig

    found = build.interpreter(sys.executable)
    assert found.version == f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert found.free_threaded == bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    assert found.ext_suffix == sysconfig.get_config_var("EXT_SUFFIX")


def test_doctor_says_what_a_free_threaded_python_means():
    status, finding, _fix = doctor.free_threaded_finding("3.14", True)
    assert status == doctor.OK and "free-threaded" in finding and "abi3" in finding
    status, finding, _fix = doctor.free_threaded_finding("3.12", False)
    assert status == doctor.OK and "GIL" in finding


def test_the_probe_describes_this_python():
    """The one question the tools ask any interpreter, asked of this one."""
    found = probe.ask(sys.executable)
    assert found == probe.describe()
    assert found["version"] == "{}.{}".format(*sys.version_info[:2])
    assert found["free_threaded"] == bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def test_the_crate_counter_counts_only_what_is_compiled_now(tmp_path: Path, monkeypatch):
    """Crates an earlier step built are neither counted nor in the total: a
    first build of step 3 after step 1 says "1 of 2", "2 of 2"."""
    fingerprints = tmp_path / "debug" / ".fingerprint"
    for built in ("pyo3-0123456789abcdef", "pyo3-build-config-fedcba9876543210"):
        (fingerprints / built).mkdir(parents=True)
    monkeypatch.setattr(build, "TARGET", tmp_path)
    monkeypatch.setattr(
        build, "dependencies", lambda package: {"pyo3", "pyo3-build-config", "jxl-oxide", "numpy"}
    )

    def artifact(name: str, fresh: bool) -> str:
        kind = ["lib"]
        return json.dumps(
            {"reason": "compiler-artifact", "target": {"name": name, "kind": kind},
             "filenames": [], "fresh": fresh}
        ) + "\n"  # fmt: skip

    class Cargo:
        def __init__(self, command, **kwargs):
            # Like cargo, it makes every crate's fingerprint folder before it
            # reports the first one done.
            for crate in ("jxl-oxide-1111", "numpy-2222"):
                (fingerprints / crate).mkdir()
            lines = [artifact("pyo3_build_config", True), artifact("jxl_oxide", False)]
            self.stdout = iter([*lines, artifact("pyo3", True), artifact("numpy", False)])
            self.stderr = iter([])

        def wait(self):
            return 1  # the crate itself does not matter here

    monkeypatch.setattr(build, "interpreter", lambda python: REGULAR)
    monkeypatch.setattr(build.subprocess, "Popen", Cargo)
    seen = []
    build.build(build.ROOT / "steps" / "step3", sys.executable, progress=lambda *a: seen.append(a))
    assert seen == [(1, 2, "jxl_oxide"), (2, 2, "numpy")]
    assert build.not_built_yet("step3") == set()


@pytest.mark.parametrize(
    ("rustc", "status"),
    [
        ("1.84.1", doctor.FAIL),
        ("1.87.0", doctor.WARN),
        ("1.89.0", doctor.OK),
        ("1.95.0", doctor.OK),
    ],
)
def test_the_doctor_says_which_steps_a_rust_builds(monkeypatch, rustc, status):
    """The workspace needs 1.85; step 6 (jxl-rs) needs 1.89: between the two, a warning."""
    answers = {"rustc": f"rustc {rustc} (0000000 2026-01-01)\n", "cargo": "cargo 1\n"}
    monkeypatch.setattr(
        doctor,
        "_run",
        lambda command, **kwargs: subprocess.CompletedProcess(command, 0, answers[command[0]], ""),
    )
    found, finding, _fix = doctor.check_rust()
    assert found == status, finding
    if status == doctor.WARN:
        assert finding == "Rust 1.87.0: steps 1 to 5 build, step 6 needs 1.89"
