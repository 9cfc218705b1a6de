"""Run a small Python program that uses jxl_demo in a process of its own.

The checks of real programs (fork, multiprocessing, Ctrl-C) run their scenario
in a child process, so that a hang fails the check instead of hanging the
checks: the child gets a time limit, and everything it started is killed
when the limit is reached.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass

# Far more than any scenario needs on a slow machine; reaching it means a hang.
TIME_LIMIT = 60.0

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
        lines = [sentence, "its output:", self.stdout.strip(), "its errors:", tail]
        return "\n".join(lines)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _launch(code: str) -> tuple[subprocess.Popen, float]:
    process = subprocess.Popen(
        [sys.executable, "-c", PROLOGUE + textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
        start_new_session=True,  # its own process group: we can kill its children too
    )
    return process, time.monotonic() + TIME_LIMIT


# Programs started ahead, while other checks run: most of a program's time is
# Python and NumPy starting up, and the machine's second core can do that while
# the first runs the other checks. conftest.py starts those of the checks that
# are about to run; `run` collects each when its check asks for it.
_ahead: dict[str, tuple[subprocess.Popen, float]] = {}


def ahead(code: str):
    """Mark a check that runs `code`, so that it is started before its turn."""

    def mark(check):
        check.program = code
        return check

    return mark


def stop_all() -> None:
    """Stop the programs started ahead whose checks never ran (`-x`, say)."""
    for process, _ in _ahead.values():
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.communicate()
    _ahead.clear()


def start(code: str) -> None:
    """Start `code` now; the check that runs it collects what it printed."""
    if code not in _ahead:
        _ahead[code] = _launch(code)


def run(code: str, *, interrupt_after: str | None = None, delay: float = 0.0) -> Outcome:
    """Run `code` in a new Python process (or collect it, if it was started
    ahead) and return what it printed.

    interrupt_after: when the program prints this line, wait `delay` seconds
    and send it SIGINT, as Ctrl-C in a terminal does.
    """
    if interrupt_after is None and code in _ahead:
        process, deadline = _ahead.pop(code)
    else:
        process, deadline = _launch(code)
    early: list[str] = []
    try:
        if interrupt_after is not None:
            assert process.stdout is not None
            for line in process.stdout:  # ends when the program exits
                early.append(line)
                if line.strip() == interrupt_after:
                    time.sleep(delay)
                    process.send_signal(signal.SIGINT)
                    break
        stdout, stderr = process.communicate(timeout=max(1.0, deadline - time.monotonic()))
        return Outcome("".join(early) + stdout, stderr, process.returncode)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        return Outcome("".join(early) + stdout, stderr, None)
    finally:
        # Whatever the program left behind (a forked child that hung, say).
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def hung(outcome: Outcome, what: str) -> str:
    """The message for a program stopped at the time limit; `what` names it,
    marked with N_ in the check so that the report translates it too."""
    return outcome.describe(
        f"{what} did not finish within {TIME_LIMIT:.0f} s and was stopped: it hung."
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
    state["handled_inside"] = state["inside"]
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
