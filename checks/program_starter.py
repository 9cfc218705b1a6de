"""The starter of the checks' programs (checks/programs.py runs it).

It imports NumPy and the samples once, then forks one child per program it is
sent (a JSON line on stdin), and each child runs its program as `__main__`.
It reports each child's process id when it starts and its exit code when it
ends, one line each on stdout.
"""

import json
import os
import signal
import sys

import numpy  # noqa: F401 (imported once here, for every child)
import samples  # noqa: F401

signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the programs (PROLOGUE)


def _reap(signum, frame):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        os.write(1, f"ended {pid} {os.waitstatus_to_exitcode(status)}\n".encode())


def _serve():
    signal.signal(signal.SIGCHLD, _reap)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.setsid()  # a process group of its own: a hang is killed with all it started
            for fd, path, flags in (
                (0, os.devnull, os.O_RDONLY),
                (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            ):
                opened = os.open(path, flags, 0o600)
                os.dup2(opened, fd)
                os.close(opened)
            return request["code"]
        os.write(1, f"started {request['id']} {pid}\n".encode())
    sys.exit(0)


def _become(code):
    main = sys.modules["__main__"].__dict__
    for name in [name for name in main if not name.startswith("__")]:
        del main[name]
    exec(compile(code, "<string>", "exec"), main)  # noqa: S102 (running programs is its job)


_become(_serve())
