"""Collects each check's outcome for the report that `nox -s stepN` prints.

Do not edit the checks to make them pass: they are the same for every learner
and for the solutions.
"""

from __future__ import annotations

import contextlib
import json
import os
import re

import pytest
from language import N_, _  # noqa: F401 - N_ and _ for the checks, as before

_results: list[dict] = []


@contextlib.contextmanager
def on_input(description: str):
    """Say on which input the code under test panicked: a Rust panic (other than
    a `todo!()`) inside `with on_input("count_occurrences('a b', 'a')"):` is
    reported with that call, and still as a panic."""
    try:
        yield
    except BaseException as error:
        if type(error).__name__ == "PanicException" and "not yet implemented" not in str(error):
            raise AssertionError(
                f"{description}: {error}"
            ) from error  # the call, then Rust's words
        raise


def _classify(excinfo: pytest.ExceptionInfo) -> str:
    """'todo' when the code under test is not written yet, 'panic' when Rust
    stopped with a panic (PanicException), else 'wrong'."""
    kind = type(excinfo.value).__name__
    text = str(excinfo.value)
    if kind == "PanicException" and "not yet implemented" in text:
        return "todo"  # a `todo!()` the learner has not replaced yet
    if kind == "NotWrittenYet":
        return "todo"  # the same, met by a program a check ran (programs.py)
    if isinstance(excinfo.value, AttributeError) and "module 'jxl_demo' has no" in text:
        return "todo"  # the function or class does not exist in the module yet
    for inner in getattr(excinfo.value, "exceptions", ()):  # an ExceptionGroup
        if type(inner).__name__ == "PanicException" and "not yet implemented" in str(inner):
            return "todo"
    if kind == "PanicException" or (
        isinstance(excinfo.value.__cause__, BaseException)
        and type(excinfo.value.__cause__).__name__ == "PanicException"
    ):
        return "panic"
    return "wrong"


def _message(excinfo: pytest.ExceptionInfo) -> str:
    text = str(excinfo.value).strip()
    # pytest appends its own rewriting of the assert; the check's message says enough.
    text = re.split(r"\nassert ", text, maxsplit=1)[0]
    if not text:
        text = type(excinfo.value).__name__
    elif not isinstance(excinfo.value, AssertionError):
        text = f"{type(excinfo.value).__name__}: {text}"
    return text


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        hint = item.get_closest_marker("hint")
        doc = (item.obj.__doc__ or item.name).strip().splitlines()[0]
        callspec = getattr(item, "callspec", None)
        if callspec is not None:  # a parametrized check: say which case
            doc = f"{doc} [{callspec.id}]"
        marker = item.get_closest_marker("exercise")
        entry = {
            "id": item.nodeid,
            "file": item.path.name,
            "line": item.location[1],
            "exercise": marker.args[0] if marker else "",
            "doc": doc,
            "outcome": report.outcome,
            "starter_passes": item.get_closest_marker("starter_passes") is not None,
            "hint": hint.args[0] if hint else "",
            "read": hint.kwargs.get("read", "") if hint else "",
        }
        if report.failed and call.excinfo is not None:
            entry["status"] = _classify(call.excinfo)
            entry["message"] = _message(call.excinfo)
            # Rust's panic message says where: "panicked at src/lib.rs:24:9".
            where = re.search(r"panicked at (\S+?):(\d+):\d+", report.capstderr + entry["message"])
            if where:
                entry["where"] = f"{where[1]}:{where[2]}"
        elif report.skipped:
            entry["status"] = "skipped"
        else:
            entry["status"] = "passed"
        _results.append(entry)
        if entry["status"] not in {"passed", "skipped"} and entry["exercise"]:
            _unsolved.add(entry["exercise"])


_unsolved: set[str] = set()


def _step_of(item: pytest.Item) -> int:
    match = re.match(r"test_step(\d+)_", item.path.name)
    return int(match[1]) if match else 0


def _exercise(item: pytest.Item) -> str:
    marker = item.get_closest_marker("exercise")
    return marker.args[0] if marker else ""


def _choose(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The learner's loop (tools/course/runner.py sets these):

    COURSE_EXERCISES=N: only the checks of step N's exercises, in the order of
    checks/exercises.py, stopping after the first exercise that does not pass.
    COURSE_EXERCISES_ALL=N: the same checks, without stopping (`nox -s exercises`).
    COURSE_AFTER_EXERCISES=N: everything but those checks."""
    from exercises import of_step

    only = os.environ.get("COURSE_EXERCISES", "") or os.environ.get("COURSE_EXERCISES_ALL", "")
    after = os.environ.get("COURSE_AFTER_EXERCISES", "")
    if not only and not after:
        return
    step = int(only or after)
    order = [e.name for e in of_step(step)]

    def is_exercise(item: pytest.Item) -> bool:
        return _step_of(item) == step and _exercise(item) in order

    kept = [item for item in items if is_exercise(item) == bool(only)]
    if only:
        kept.sort(key=lambda item: order.index(_exercise(item)))  # stable: file order within
    dropped = [item for item in items if item not in kept]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = kept


def _side(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The learner's loop runs two pytest processes (tools/course/runner.py):
    COURSE_SIDE=main leaves out the checks marked `beside`; COURSE_SIDE=beside
    runs, of the files in COURSE_SPLIT, only those."""
    side = os.environ.get("COURSE_SIDE", "")
    split = set(filter(None, os.environ.get("COURSE_SPLIT", "").split(",")))

    def here(item: pytest.Item) -> bool:
        beside = item.get_closest_marker("beside") is not None
        if side == "main":
            return not beside
        return beside or item.path.name not in split

    if side:
        dropped = [item for item in items if not here(item)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if here(item)]


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """Under COURSE_EXERCISES, stop once an exercise with a failing check is over."""
    if not os.environ.get("COURSE_EXERCISES") or nextitem is None:
        return
    if _exercise(item) in _unsolved and _exercise(nextitem) != _exercise(item):
        item.session.shouldstop = "the first exercise that does not pass is over"


def pytest_collectreport(report: pytest.CollectReport):
    if report.failed:
        text = str(report.longrepr)
        # pytest's "E   ..." lines hold the exception; its own advice is about test files.
        errors = [line[4:] for line in text.splitlines() if line.startswith("E   ")]
        message = "\n".join(errors) or text[-2000:]
        hint, read = N_("The checks could not even be loaded: `import jxl_demo` failed."), ""
        if "PyInit_jxl_demo" in message:
            hint = N_(
                "The checks could not even be loaded: `import jxl_demo` failed. "
                "The `#[pymodule]` must be called `jxl_demo`."
            )
            read = "build-errors.md#dynamic-module-does-not-define-module-export-function"
        _results.append(
            {
                "id": report.nodeid,
                "file": report.nodeid,
                "doc": f"loading {report.nodeid}",
                "outcome": "failed",
                "status": "broken",
                "starter_passes": False,
                "message": message,
                "hint": hint,
                "read": read,
            }
        )


def pytest_sessionfinish(session: pytest.Session):
    import programs

    programs.stop_all()
    path = os.environ.get("COURSE_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(_results, f, indent=1)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    """`-k` finds a check by the words of its name as the report prints it
    (`-k tabs`, `-k unicode`), as well as by its function's name."""
    _choose(config, items)
    _side(config, items)
    for item in items:
        doc = (getattr(getattr(item, "obj", None), "__doc__", None) or "").strip()
        if doc:
            item.extra_keyword_matches.add(doc.splitlines()[0])


def pytest_collection_finish(session: pytest.Session):
    """Start the programs of the checks about to run (programs.ahead), so that
    they run beside the other checks instead of one after another."""
    import programs

    for item in session.items:
        code = getattr(getattr(item, "function", None), "program", None)
        if code is not None:
            programs.start(code)
