"""Run a small Python program that uses jxl_demo in a process of its own.

The checks of real programs (fork, multiprocessing, Ctrl-C) run their scenario
in a child process, so that a hang fails the check instead of hanging the
checks: the child gets a time limit, and everything it started is killed
when the limit is reached.
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from language import _

# Far more than any scenario needs on a slow machine; reaching it means a hang.
# (The course's own test of these checks, which expects hangs, sets less.)
TIME_LIMIT = float(os.environ.get("COURSE_PROGRAM_TIME_LIMIT", "60"))

# Every scenario starts with this: jxl_demo and the checks' helpers are
# importable as they are here, and Ctrl-C raises KeyboardInterrupt even if the
# process that started the checks ignores it (as shells do for background jobs).
PROLOGUE = """\
import signal
signal.signal(signal.SIGINT, signal.default_int_handler)
"""


@dataclass
class Outcome:
    stdout: str
    stderr: str
    returncode: int | None  # None: killed at the time limit

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def describe(self, sentence: str) -> str:
        """A check's message: `sentence` says what went wrong, then come what
        the program printed and the end of its errors. Each part is a line of
        its own, as the report translates a message line by line."""
        tail = "\n".join(self.stderr.strip().splitlines()[-12:])
        lines = [sentence, _("its output:"), self.stdout.strip(), _("its errors:"), tail]
        return "\n".join(lines)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # A failing check shows the end of a program's errors: a Rust backtrace
    # there would push the panic's own message out of sight.
    env.pop("RUST_BACKTRACE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    env["PYTHONUNBUFFERED"] = "1"
    env["OPENBLAS_NUM_THREADS"] = "1"  # no BLAS threads in the process that forks
    return env


# Every program starts as a fork of one "starter" process, which has imported
# NumPy and the samples once: importing NumPy is most of what a new Python
# process costs, and a re-run of step 6 starts eight programs. Each child then
# runs its program as `python -c` would (as `__main__`, with the interpreter's
# normal exit: threads joined, atexit handlers run, an uncaught exception
# printed). jxl_demo is not imported by the starter: each program imports it
# itself, so every program is the module's first use in its process. The
# starter reports each child's process id when it starts and its exit code
# when it ends, one line each.
STARTER = Path(__file__).with_name("program_starter.py")


class _Starter:
    """The starter process, and what it has said about the programs it forked."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="jxl-demo-programs-")
        self.process = subprocess.Popen(
            [sys.executable, str(STARTER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_environment(),
        )
        self.pids: dict[int, int] = {}  # request id -> process id
        self.codes: dict[int, int] = {}  # process id -> exit code
        self.buffer = b""
        self.count = 0

    def launch(self, code: str) -> _Program:
        self.count += 1
        number = self.count
        out = os.path.join(self.folder, f"{number}.out")
        err = os.path.join(self.folder, f"{number}.err")
        program = PROLOGUE + textwrap.dedent(code)
        request = {"id": number, "code": program, "stdout": out, "stderr": err}
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        self.process.stdin.flush()
        while number not in self.pids:
            if not self.read(time.monotonic() + TIME_LIMIT):
                raise RuntimeError("the process that starts the checks' programs stopped")
        return _Program(self, self.pids[number], out, err)

    def read(self, deadline: float) -> bool:
        """Take in what the starter said, waiting until `deadline` for a line.
        False if it said nothing more (it ended, or the time ran out)."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        ready, _writable, _errors = select.select(
            [fd], [], [], max(0.0, deadline - time.monotonic())
        )
        chunk = os.read(fd, 65536) if ready else b""
        if not chunk:
            return False
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        for line in lines:
            kind, first, second = line.decode().split()
            if kind == "started":
                self.pids[int(first)] = int(second)
            else:
                self.codes[int(first)] = int(second)
        return True

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()  # the starter ends when its input does
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        assert self.process.stdout is not None
        self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class _Program:
    """A program forked by the starter: its process id (and process group)."""

    def __init__(self, starter: _Starter, pid: int, out: str, err: str) -> None:
        self.starter, self.pid, self.out, self.err = starter, pid, out, err

    def wait(self, deadline: float) -> int | None:
        """Its exit code, or None if it had not ended by `deadline`."""
        while self.pid not in self.starter.codes:
            if not self.starter.read(deadline):
                return self.starter.codes.get(self.pid)
        return self.starter.codes[self.pid]

    def kill(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def outcome(self, returncode: int | None) -> Outcome:
        def text(path: str) -> str:
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    return f.read()
            except FileNotFoundError:
                return ""

        return Outcome(text(self.out), text(self.err), returncode)


_starter: _Starter | None = None


def _launch(code: str) -> tuple[_Program, float]:
    global _starter
    if _starter is None:
        _starter = _Starter()
    return _starter.launch(code), time.monotonic() + TIME_LIMIT


# Programs started ahead, while other checks run: the machine's second core
# can run them while the first runs the other checks. conftest.py starts those
# of the checks that are about to run; `run` collects each when its check asks
# for it.
_ahead: dict[str, tuple[_Program, float]] = {}


def ahead(code: str):
    """Mark a check that runs `code`, so that it is started before its turn."""

    def mark(check):
        check.program = code
        return check

    return mark


def stop_all() -> None:
    """Stop the programs started ahead whose checks never ran (`-x`, say), and
    the starter."""
    global _starter
    for program, _started in _ahead.values():
        program.kill()
        program.wait(time.monotonic() + 5)
    _ahead.clear()
    if _starter is not None:
        _starter.stop()
        _starter = None


def start(code: str) -> None:
    """Start `code` now; the check that runs it collects what it printed."""
    if hasattr(os, "fork") and code not in _ahead:  # the programs fork: not on Windows
        _ahead[code] = _launch(code)


class NotWrittenYet(Exception):
    """The program reached a `todo!()` of the learner's (conftest.py reports
    the check as not written yet, rather than wrong)."""


def run(code: str) -> Outcome:
    """Run `code` in a new Python process (or collect it, if it was started
    ahead) and return what it printed. Raises NotWrittenYet if the program, or
    a process it forked, stopped at a `todo!()`."""
    program, deadline = _ahead.pop(code) if code in _ahead else _launch(code)
    try:
        returncode = program.wait(deadline)
        if returncode is None:  # the time limit: it hung
            program.kill()
            program.wait(time.monotonic() + 5)
        outcome = program.outcome(returncode)
    finally:
        # Whatever the program left behind (a forked child that hung, say).
        program.kill()
    todo = re.search(r"panicked at (\S+?:\d+:\d+):\s*not yet implemented", outcome.stderr)
    if todo:
        raise NotWrittenYet(
            _("the program panicked at {where}: not yet implemented").format(where=todo[1])
        )
    return outcome


def hung(outcome: Outcome, what: str) -> str:
    """The message for a program stopped at the time limit; `what` names it,
    marked with N_ in the check so that the report translates it too."""
    return outcome.describe(
        _("{what} did not finish within {seconds} s and was stopped: it hung.").format(
            what=_(what), seconds=format(TIME_LIMIT, ".0f")
        )
    )


# Press Ctrl-C during a call, and find out when Python saw it. A helper thread
# waits until the call has begun (a profile hook sees it start), then sends the
# process SIGINT. The handler notes whether the call was still running when
# Python ran it: only code that looks for signals while it works
# (`Python::check_signals`) lets the handler run before it returns.
INTERRUPTED_CALL = """
import json, os, sys, threading, time
import jxl_demo, samples

{setup}
target = jxl_demo.{function}
state = {{"inside": False, "sent_inside": None, "handled_inside": None, "outcome": None}}

def profile(frame, event, arg):
    if arg is target and event == "c_call":
        state["inside"] = True
    elif arg is target and event in ("c_return", "c_exception"):
        state["inside"] = False

def handler(signum, frame):
    # Python also runs a pending handler when it calls `profile` for the
    # call's return: the call has ended by then, and `frame` is profile's own.
    state["handled_inside"] = state["inside"] and frame.f_code is not profile.__code__
    raise KeyboardInterrupt

def press_ctrl_c():
    while not state["inside"]:
        time.sleep(0.001)
    state["sent_inside"] = state["inside"]
    os.kill(os.getpid(), signal.SIGINT)

signal.signal(signal.SIGINT, handler)
threading.Thread(target=press_ctrl_c, daemon=True).start()
sys.setprofile(profile)
try:
    {call}
    state["outcome"] = "returned"
except BaseException as error:
    chain = []
    while error is not None:
        chain.append(type(error).__name__)
        error = error.__context__
    state["outcome"] = " ".join(chain)
sys.setprofile(None)
print(json.dumps(state))
"""


# A decompression bomb: 2,025 bytes of lossy JPEG XL that decode to 8192 x 8192
# RGBA (256 MiB of pixels, 2**26 pixels: step 6's DEFAULT_MAX_PIXELS exactly,
# four times that of the steps that decode with jxl-oxide), made by libjxl with
# imagecodecs.jpegxl_encode(numpy.zeros((8192, 8192, 4), numpy.uint8),
# distance=25, effort=1), zlib-compressed and base64-encoded here.
BOMB = (
    "eNr7z/XrP6M1o0NkgwHDAWa2BAYgYhRxGEUDiWbmcDM0cE0NPMYbd+5rzc+Fh5NuHStt23Zr24ZJ9poaGhp3moslRJMN"
    "DkmwiEw0PGbA061UKzJjddRNg4rUlQdtj3QpX41Z/2htvmJU/6Lj7k4lL4zW7Vu3+2+6/KPv1nNORDRbfXfIk/q446/E"
    "lz2cYf+X3b/RXGHd+przOlOd7a3S49873+bZfspReB6ZfbDu+415/xi3ykvJH/Pvv/wys+UGu0Cd423trn1ulwttXlR+"
    "+Leo9g7b+5lrps1KTrRMu1sm6v++8In8VM7PzeYrn7dcM193wulfe09i93+L/uATIWe+z2Nkb1zEysXgcC5oQlNS+//r"
    "DAw+DAw8DAdYDvz//+W4CINB5pbPmyZOmTml80Y5I7XEGaeoMDAzGDCOEqPEKDFKjEQCAPjcEFE="
)
BOMB_SETUP = f"import base64, zlib\ndata = zlib.decompress(base64.b64decode({BOMB!r}))"

# Its 16-bit sibling: 652 bytes of lossy JPEG XL that decode to 8192 x 8192
# RGB, made by imagecodecs.jpegxl_encode(numpy.zeros((8192, 8192, 3),
# numpy.uint16), distance=25, effort=1). Step 6 hands 16-bit images to
# jxl-oxide, not jxl-rs, and decoding it there takes many seconds.
BOMB_16 = (
    "eNr7z/Xr/0F/p4tKDmIczAxHGDkaGICIkWEUDCiYmcPN0MA1NfAYb9y5rzU/Fx5OunWstG3brW0bJolqamjccT7fIZ68"
    "4djiLc3qJ5gYzuT4VCauuax5wNbuk50n+yHbluNOFxOWeZvsWWebUTK3xqblXV9kvsi+OMavs3/81+Rtzli+nPdTootb"
    "3a432umKR/n+8/OwHD7FcER4a9PPptrr//9/OS7CYJC55fOmiVNmTum8Uc5Ia3nGKSoMANeZhGU="
)
BOMB_16_SETUP = f"import base64, zlib\ndata = zlib.decompress(base64.b64decode({BOMB_16!r}))"


def bomb_16() -> bytes:
    """The 16-bit bomb's bytes, for a check that only needs it refused."""
    return zlib.decompress(base64.b64decode(BOMB_16))


# Decode the bomb with the default limit and say how much the process's peak
# resident memory rose meanwhile, in MiB: "shape (8192, 8192, 4) rise 270" when
# it was decoded, "refused rise 1" and then the message when a ValueError
# refused it. Any other exception ends the program with its traceback.
BOMB_MEMORY = (
    BOMB_SETUP
    + """
import jxl_demo, resource
def peak_mib():  # the process's peak resident memory so far
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
    except OSError:  # macOS: ru_maxrss, in bytes there
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
before = peak_mib()
try:
    array = jxl_demo.decode_jxl_as_array(data)
except ValueError as error:
    print("refused rise", round(peak_mib() - before))
    print("message", error)
else:
    print("shape", array.shape, "rise", round(peak_mib() - before))
"""
)


def interrupted_program(setup: str, function: str, call: str) -> str:
    """The program that runs `call` (a call of jxl_demo.`function`) after
    `setup` and presses Ctrl-C once the call has begun."""
    return INTERRUPTED_CALL.format(setup=textwrap.dedent(setup), function=function, call=call)


def interrupted_call(code: str) -> tuple[Outcome, dict]:
    """Run an `interrupted_program` and return what happened: `outcome` is
    "returned" or the exception's name followed by those it happened during;
    `handled_inside` says whether Python handled Ctrl-C before the call ended."""
    outcome = run(code)
    state = {}
    if outcome.lines:
        try:
            state = json.loads(outcome.lines[-1])
        except ValueError:
            state = {}
    return outcome, state
