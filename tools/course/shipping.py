"""`nox -s wheel -- N`: build the abi3 wheel of your step N with maturin, and
install it on another Python of this machine, to see the stable ABI at work.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from tools.course import environment, interpreters
from tools.course.build import cargo_env
from tools.course.paths import PYTHON_MINIMUM_TEXT, ROOT, TARGET


def build_wheel(crate: Path, log=print) -> Path:
    """`maturin build --release` of a step; returns the wheel's path."""
    out = TARGET / "wheels" / crate.name
    if out.exists():
        shutil.rmtree(out)
    maturin = environment.executable("maturin")
    # A target folder of its own: maturin builds with settings of its own, and
    # sharing target/ would make the next `nox -s stepN` rebuild PyO3.
    command = [str(maturin), "build", "--release", "--manifest-path", str(crate / "Cargo.toml")]
    command += ["--out", str(out), "--target-dir", str(TARGET / "maturin"), "--quiet"]
    log(" ".join(["maturin", *command[1:]]).replace(str(ROOT) + os.sep, ""))
    subprocess.run(command, cwd=ROOT, env=cargo_env(), check=True)
    return next(out.glob("*.whl"))


def smoke() -> None:
    """Run in the environment the wheel went into: import it and call it."""
    import jxl_demo

    print(f"Python {sys.version.split()[0]} imported {jxl_demo.__file__}")
    try:
        print('count_occurrences("a b a", "a") =', jxl_demo.count_occurrences("a b a", "a"))
    except BaseException as error:  # noqa: BLE001 - a starter's todo!() raises PanicException
        print(f"count_occurrences raised {type(error).__name__}: {error}")


def install_elsewhere(wheel: Path, python: Path, log=print) -> str:
    """Install the wheel into a new virtual environment of `python`; run it."""
    tool = environment.uv()
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        environment.make_venv(python, venv, tool)
        install = environment.installer(environment.python(venv), tool)
        log(f"installing {wheel.name} into a new environment of {python}")
        subprocess.run([*install, str(wheel)], check=True)
        proc = subprocess.run(
            [str(environment.python(venv)), "-m", "tools.course.shipping", "smoke"],
            cwd=tmp,
            # The course's tools only: jxl_demo comes from the environment's wheel.
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            check=True,
            capture_output=True,
            text=True,
        )
        return re.sub(re.escape(tmp), "<temporary folder>", proc.stdout)


def wheel_contents(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return sorted(archive.namelist())


if __name__ == "__main__" and sys.argv[1:] == ["smoke"]:
    smoke()


def wheel_tour(crate: Path, log=print) -> None:
    """`nox -s wheel`: build the crate's wheel, show what it holds, and install
    it on another Python of this machine, if there is one."""
    built = build_wheel(crate, log=log)
    print(f"\nBuilt {built.relative_to(ROOT)}, which holds:")
    for name in wheel_contents(built):
        print(f"  {name}")
    others = interpreters.other_pythons()
    if not others:
        log(
            f"no other Python {PYTHON_MINIMUM_TEXT}+ found on this machine: nothing to install it on"
        )
        return
    print()
    print(install_elsewhere(built, others[0], log=log), end="")
