"""Run the checks of a step on a built jxl_demo, in pytest processes."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from tools.course import i18n
from tools.course.paths import CHECKS, check_files

# The statuses that hold nothing back ("skipped": a check not meant for this Python).
FINE = frozenset({"passed", "skipped"})


def failed_to_load(result: dict) -> bool:
    """conftest.py's entry for a check file that failed to load: its id is the file's."""
    return result.get("id") is not None and result.get("id") == result.get("file")


def python_path(module_dir: Path, existing: str = "", separator: str = os.pathsep) -> str:
    """PYTHONPATH with the step's module first (";" separates folders on Windows)."""
    return separator.join(p for p in [str(module_dir), existing] if p)


# A check file whose checks spend their time waiting for child processes or in
# long runs of decodes says so with this line; `run_checks` runs such files in a
# second pytest process beside the others, so that a learner's re-run uses two
# cores. Files that share work (step 4's two files share one pass over the
# malformed inputs) must be on the same side. A slow check in a file that is
# not marked so says it with `@pytest.mark.beside`: when no file of the run is
# marked BESIDE (step 1's checks alone), it runs in a second process, and the
# rest of its file in the first.
# (pytest-xdist would share the checks out by itself, but measured slower:
# step 2's checks of its solution took 5.1 to 7.7 s in these two processes
# against 8.9 to 17.8 s with `-n 2`, three runs each taken in turn on 2 CPUs;
# its workers each load every file, and start the programs of the checks that
# checks/programs.py starts ahead, twice.)
BESIDE = "# Checks: run beside the others."
SPLIT = "pytest.mark.beside"


def runs_beside(path: Path) -> bool:
    return BESIDE in path.read_text(encoding="utf-8").splitlines()[:30]


def has_checks_beside(path: Path) -> bool:
    return f"@{SPLIT}" in path.read_text(encoding="utf-8")


def split_sides(files: list[Path], one_process: bool = False) -> list[tuple[str, list[Path]]]:
    """The pytest processes to run `files` in, each with its side for
    checks/conftest.py: "main", then "beside" (BESIDE files, and the files whose
    checks marked `beside` go there); one process of every check ("").
    A side with no file is left out."""
    if one_process:
        return [("", files)]
    main = [f for f in files if not runs_beside(f)]
    # With files marked BESIDE, the second process has work enough already.
    split = [] if len(main) < len(files) else [f for f in main if has_checks_beside(f)]
    sides = [("main", main), ("beside", split + [f for f in files if runs_beside(f)])]
    return [(side, group) for side, group in sides if group]


def merged(results: list[dict], names: list[str]) -> list[dict]:
    """The results of a run's processes as one list: the checks of a file in
    the order they are written (even when its slow ones ran in the other
    process), the files in the order given, a file that both processes could
    not load reported once."""
    seen: set[str] = set()
    loading = [r for r in results if failed_to_load(r)]
    results = [r for r in results if not failed_to_load(r)]
    results += [r for r in loading if not (r["id"] in seen or seen.add(r["id"]))]
    return sorted(
        results,
        key=lambda r: (names.index(r["file"]) if r["file"] in names else -1, r.get("line", 0)),
    )


class Checks:
    """pytest processes running the checks of some files (see `start`)."""

    def __init__(self, files: list[Path], running: list, folder: tempfile.TemporaryDirectory):
        self.files, self.running, self.folder = files, running, folder

    def finish(self):
        """Wait for them: (results in the order of the files, pytest's exit
        code, pytest's output)."""
        outputs, codes, results = [], [], []
        for report, process in self.running:
            outputs.append(process.communicate()[0])
            codes.append(process.returncode)
            if report.exists():
                results += json.loads(report.read_text(encoding="utf-8"))
        self.folder.cleanup()
        results = merged(results, [f.name for f in self.files])
        # 5 is pytest's "no check selected", which an option like `-k` can make of one group.
        ran = [code for code in codes if code != 5] or [5]
        return results, max(ran), "\n".join(outputs)


def start(
    module_dir: Path,
    files: list[Path],
    pytest_args: list[str],
    python: Path,
    environ: dict[str, str] | None = None,
    one_process: bool = False,
) -> Checks:
    """Start pytest on `files` with jxl_demo taken from `module_dir`: the files
    marked BESIDE, and the checks marked `beside`, in a second pytest process
    at the same time as the others.
    `environ`: the processes' environment, if not this one's. `one_process`:
    all the files in one pytest process (they are few)."""
    sides = split_sides(files, one_process)
    folder = tempfile.TemporaryDirectory()
    running = []
    for number, (side, group) in enumerate(sides):
        report = Path(folder.name) / f"report-{number}.json"
        env = dict(os.environ if environ is None else environ)
        # checks/conftest.py keeps the checks of this side (`-m` would do it,
        # but it cannot tell the files of one side from the other).
        env["COURSE_SIDE"] = side
        env["COURSE_SPLIT"] = ",".join(f.name for f in group if not runs_beside(f))
        env["PYTHONPATH"] = python_path(module_dir, env.get("PYTHONPATH", ""))
        env["COURSE_REPORT"] = str(report)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        # NumPy's OpenBLAS starts a thread per core when NumPy is imported,
        # and they spin for a while: a tenth of a second of CPU in every
        # process, the checks' child programs included, for matrix products
        # no check makes.
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
        # The checks need no pytest plugin but their conftest.py; the
        # course's environment has two that load themselves (Hypothesis's
        # and anyio's), half a second of every re-run. `@given` works
        # without its plugin, and says what it found in the check's message.
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        # The checks write their messages in the learner's language
        # (checks/language.py): give them the compiled catalogue.
        catalogue = i18n.compiled("course")
        if i18n.language(env) == "es" and catalogue.exists():
            env["COURSE_CATALOGUE"] = str(catalogue)
        command = [str(python), "-m", "pytest", "-q", *map(str, group), *pytest_args]
        process = subprocess.Popen(
            command,
            cwd=CHECKS,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        running.append((report, process))
    return Checks(files, running, folder)


def run_checks(
    module_dir: Path,
    files: list[Path],
    pytest_args: list[str],
    python: Path,
    environ: dict[str, str] | None = None,
    one_process: bool = False,
):
    """`start`, then `finish`: (results, pytest's exit code, pytest's output)."""
    return start(module_dir, files, pytest_args, python, environ, one_process).finish()


def run_exercises(module_dir: Path, step: int, python: Path):
    """The checks of step `step`'s exercises, in the order the chapter teaches
    them, up to the first exercise that does not pass (checks/conftest.py)."""
    environ = dict(os.environ, COURSE_EXERCISES=str(step))
    # Only the files that hold an exercise's check: loading the others (their
    # imports, their samples) would only slow the learner's re-run down.
    files = [f for f in check_files(step, only=step) if kinds_of_checks(f)[0]]
    return run_checks(module_dir, files, [], python, environ, True)


def kinds_of_checks(path: Path) -> tuple[bool, bool]:
    """Whether the check file holds a check of an exercise, and one of none.

    checks/conftest.py reads the same `@exercise(...)` marker through pytest,
    once the file is imported. Here it is read from the file's text: the
    runner chooses which files pytest loads before pytest starts, and
    importing a check file imports jxl_demo, NumPy and Pillow."""
    import ast

    exercises = others = False
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            marks = [ast.unparse(d) for d in node.decorator_list]
            if any(m.startswith("exercise(") for m in marks):
                exercises = True
            else:
                others = True
    return exercises, others


def the_rest(step: int) -> list[Path]:
    """The check files with checks beyond step `step`'s exercises: the earlier
    steps', and this step's files that hold a check of no exercise."""
    earlier = [f for f in check_files(step) if f not in check_files(step, only=step)]
    return earlier + [f for f in check_files(step, only=step) if kinds_of_checks(f)[1]]


def start_the_rest(module_dir: Path, step: int, python: Path) -> Checks | None:
    """Start every check of steps 1..`step` but those of step `step`'s
    exercises (None: there is none)."""
    files = the_rest(step)
    if not files:
        return None
    environ = dict(os.environ, COURSE_AFTER_EXERCISES=str(step))
    return start(module_dir, files, [], python, environ)
