"""The learner's loop: build a step, run its checks, print the report; the
same again on every save (`nox -s watch`); Python with the step's module
(`nox -s repl`). noxfile.py's sessions are thin doors onto these."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
from pathlib import Path

from tools.course import i18n, ladder, report
from tools.course.build import MODULE, MODULES
from tools.course.building import build_for_learner
from tools.course.i18n import _
from tools.course.paths import ROOT, check_files, crate, session
from tools.course.runner import run_checks, run_exercises, start_the_rest


class NoCheckMatches(Exception):
    """The pytest options the learner gave select no check."""


# pytest's options that only choose checks; any other (`-v`, `-s`, `--pdb`)
# asks for pytest's own output.
CHOOSING = {"-k", "-x", "--exitfirst", "--lf", "--last-failed", "--ff", "--failed-first"}


def check(kind: str, step: int, python: Path, pytest_args: list[str]) -> bool:
    """Build one crate, run its checks, print the report; True when all pass.

    `kind`: "step" (the learner's crate: its exercises in order, up to the
    first that does not pass, the rest once they all do) or "solution"
    (every check of steps 1..step). Raises NoCheckMatches when `pytest_args`
    select nothing."""
    path = crate(kind, step)
    title = session(kind, step)
    i18n.prepare(python)  # the report in Spanish, when the learner asks for it
    building = _("{folder}: building with cargo ...").format(folder=path.relative_to(ROOT))
    print(f"\n{building}", flush=True)
    result = build_for_learner(path, python)
    if not result.ok:
        report.print_build_failure(result)
        print(report.summary(title, 0, 1))
        return False
    print(
        _("  built {package} (copied as jxl_demo into {folder})").format(
            package=result.package, folder=result.module_dir.relative_to(ROOT)
        )
    )
    if kind == "step" and not pytest_args:
        passed_before = MODULES / f"step{step}.exercises-passed"
        results = None
        if passed_before.exists():
            # The step's exercises passed last time: every check at once, in
            # the same processes as `solutionN` (the second core takes the
            # slow files), and the exercises' report read from their results.
            # A separate run of the exercises first would start one more
            # pytest, the slowest part of a re-run of a solved step.
            results, _code, output = run_checks(result.module_dir, check_files(step), [], python)
            first = ladder.of_this_step(results, step)
        else:
            first, _code, output = run_exercises(result.module_dir, step, python)
        if not report.print_exercise_report(first, title, step):
            passed_before.unlink(missing_ok=True)
            if not first:
                print(output)
            return False
        passed_before.parent.mkdir(parents=True, exist_ok=True)
        passed_before.touch()
        if results is None:
            rest = start_the_rest(result.module_dir, step, python)
            results = first + (rest.finish()[0] if rest is not None else [])
    else:
        results, _code, output = run_checks(
            result.module_dir, check_files(step), pytest_args, python
        )
    asks_for_output = any(
        arg.startswith("-") and arg.split("=")[0] not in CHOOSING for arg in pytest_args
    )
    if asks_for_output or (not results and not pytest_args):
        print(output)
    passed = report.print_report(results, title, step, filtered=" ".join(pytest_args))
    if not results and pytest_args:
        raise NoCheckMatches(" ".join(pytest_args))
    if not passed and result.warnings:
        # A warning often explains a failure: code after a `todo!()` never runs, say.
        warned = _("  The compiler also warned ({count}); the first warning:")
        print("\n" + warned.format(count=len(result.warnings)) + "\n")
        print(result.warnings[0].rstrip())
    return passed


def repl(step: int, python: Path, script: list[str]) -> bool:
    """Python with the learner's steps/stepN importable: their `script` if
    given, else a prompt with jxl_demo imported. False when it does not build."""
    i18n.prepare(python)
    result = build_for_learner(crate("step", step), python)
    if not result.ok:
        report.print_build_failure(result)
        return False
    env = {**os.environ, "PYTHONPATH": str(result.module_dir), "PYTHONDONTWRITEBYTECODE": "1"}
    if script:  # a script of the learner's, say: Python as they asked for it
        subprocess.run([str(python), *script], check=False, env=env)
        return True
    welcome = _(
        "Python with your steps/step{step}'s jxl_demo, imported already. Leave with exit()."
    )
    print(welcome.format(step=step))
    # Not nox's session.run: it would print the interpreter's full path first,
    # and call the session failed when the last line typed raised an exception.
    command = [str(python), "-i", "-c", f"import {MODULE}"]
    # Ctrl-C is for Python's prompt (it clears the line): this process lets it
    # pass. A handler of our own, not SIG_IGN, which Python would inherit.
    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    try:
        subprocess.run(command, check=False, env=env)
    finally:
        signal.signal(signal.SIGINT, previous)
    return True


def watch(step: int, python: Path, pytest_args: list[str]) -> None:
    """Check steps/stepN, then again each time one of its files is saved,
    until Ctrl-C. Raises RuntimeError when the file watcher stops."""
    folder = crate("step", step)
    report.WATCHING = True
    watcher = subprocess.Popen(
        [str(python), "-m", "tools.course.watch", str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    saves: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in watcher.stdout:
            saves.put(line.strip())
        saves.put(None)  # the watcher has stopped

    def next_save() -> str:
        line = saves.get()
        if line is None:
            raise RuntimeError(_("the file watcher stopped (see above)"))
        return line

    threading.Thread(target=read, daemon=True).start()
    try:
        next_save()  # "ready": from here on, every save is seen
        while True:
            try:
                check("step", step, python, pytest_args)
            except NoCheckMatches:
                pass  # the report said so
            again = _("Watching steps/step{step}: save a file to check again; Ctrl-C to stop.")
            print("\n" + again.format(step=step))
            changed = [next_save()]
            while not saves.empty():  # saves made during the same moment
                changed.append(next_save())
            print("\n" + _("--- saved: {files} ---").format(files=" ".join(changed)))
    except KeyboardInterrupt:
        print(_("stopped watching"))
    finally:
        watcher.terminate()
        watcher.wait()
