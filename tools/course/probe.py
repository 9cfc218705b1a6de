"""What a Python interpreter is: asked of any Python the course's tools meet
(the one building, the others of the machine), in one way.

`ask(python)` runs this file with that interpreter, which prints its answer as
JSON. The file imports only the standard library, so it runs as it is under
any CPython, without the course's packages on its path.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path


def describe() -> dict:
    """This interpreter: {"version": "3.14", "full": "3.14.0", "executable":
    "/usr/bin/python3.14", "free_threaded": false, "ext_suffix": ".cpython-314-x86_64-linux-gnu.so"}."""
    return {
        "version": "{}.{}".format(*sys.version_info[:2]),
        "full": sys.version.split()[0],
        "executable": sys.executable,
        # Built without the GIL (3.13t, 3.14t): such a Python loads no abi3 module.
        "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "ext_suffix": sysconfig.get_config_var("EXT_SUFFIX"),
    }


def ask(python: str | Path | list[str], timeout: float | None = None) -> dict:
    """`describe()` of another interpreter: a path, or a command such as
    ["py", "-3.12"]. Raises OSError when it cannot be started,
    subprocess.CalledProcessError when it fails, and subprocess.TimeoutExpired.
    It gets no input: a launcher that wants to ask something gets no answer,
    not a wait."""
    command = [str(python)] if isinstance(python, (str, Path)) else list(python)
    proc = subprocess.run(
        [*command, str(Path(__file__))],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        timeout=timeout,
        check=True,
    )
    return json.loads(proc.stdout)


if __name__ == "__main__":
    print(json.dumps(describe()))
