"""Build a step, run its checks, and tell the learner where they stand."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from tools import check_messages
from tools.build import ROOT, Build, dependencies
from tools.translations import N_, SPANISH_BOOK, _, book_message, book_page, language

CHECKS = ROOT / "checks"
BOOK_SRC = ROOT / "book" / "src"


def steps(root: Path = ROOT) -> list[int]:
    """The step numbers that have a solution, in order."""
    found = [int(p.name[4:]) for p in (root / "solutions").glob("step*") if p.name[4:].isdigit()]
    return sorted(found)


def crate(kind: str, step: int) -> Path:
    """The crate of a step: kind is "step" (the starter) or "solution"."""
    return ROOT / ("steps" if kind == "step" else "solutions") / f"step{step}"


def check_files(upto: int, only: int | None = None) -> list[Path]:
    """The check files of steps 1..upto (or of step `only`)."""
    files = []
    for path in sorted(CHECKS.glob("test_step*_*.py")):
        number = int(re.match(r"test_step(\d+)_", path.name)[1])
        if (only is None and number <= upto) or number == only:
            files.append(path)
    return files


def step_of(result: dict) -> int:
    match = re.search(r"test_step(\d+)_", result["file"])
    return int(match[1]) if match else 0


class Style:
    """ANSI colours on a terminal that wants them, plain text elsewhere."""

    on = sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    @classmethod
    def paint(cls, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if cls.on else text


LABEL = {
    "passed": (N_("PASS"), "32"),
    "todo": (N_("TODO"), "33"),
    "wrong": (N_("FAIL"), "31"),
    "broken": (N_("FAIL"), "31"),
    "skipped": (N_("SKIP"), "2"),
}


def label_width() -> int:
    return max(len(_(text)) for text, _colour in LABEL.values())


def label(status: str) -> str:
    """PASS, FAIL, ... in the learner's language and colour, all as wide."""
    text, colour = LABEL[status]
    return Style.paint(_(text).ljust(label_width()), colour)


def section_title(read: str) -> str:
    """'step-1.md#whitespace-exactly' -> 'Step 1 › Whitespace, exactly'."""
    page, _, anchor = read.partition("#")
    path = BOOK_SRC / page
    if not path.exists():
        return read
    chapter = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^(#+)\s+(.*?)\s*(\{#([\w-]+)\})?$", line)
        if not heading:
            continue
        title, explicit = heading[2], heading[4]
        if heading[1] == "#" and not chapter:
            chapter = book_message(title)  # in Spanish, when the learner asks for it
        if anchor and (explicit or slug(title)) == anchor:
            return f"{chapter} › {book_message(title)}"
    return chapter or read


def section_place(read: str) -> str:
    """Where to read a section: the chapter's source, or the page of the
    Spanish edition (with the anchor of the translated heading), which exists
    once `nox -s book` has built it."""
    if language() != "es":
        return f"book/src/{read}"
    place = _spanish_page(read)
    if not (ROOT / SPANISH_BOOK).is_dir():
        place += _(", once `nox -s book` has built it")
    return place


def _spanish_page(read: str) -> str:
    page, _sep, anchor = read.partition("#")
    path = BOOK_SRC / page
    if anchor and path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            heading = re.match(r"^(#+)\s+(.*?)\s*(\{#([\w-]+)\})?$", line)
            if not heading:
                continue
            title, explicit = heading[2], heading[4]
            if (explicit or slug(title)) == anchor:
                return book_page(page, title, explicit)
    return book_page(page)


def next_chapter(page: str) -> str | None:
    """The chapter after `page` in the book's table of contents."""
    pages = re.findall(r"\]\(([\w-]+\.md)\)", (BOOK_SRC / "SUMMARY.md").read_text(encoding="utf-8"))
    position = pages.index(page) if page in pages else -1
    return pages[position + 1] if 0 <= position < len(pages) - 1 else None


def check_name(doc: str) -> str:
    """A check's name (its docstring's first line) in the learner's language;
    a parametrized check keeps its case, `name [case]`."""
    name, bracket, case = doc.partition(" [")
    return _(name) + (f" [{case}" if bracket else "")


def python_path(module_dir: Path, existing: str = "", separator: str = os.pathsep) -> str:
    """PYTHONPATH with the step's module first (";" separates folders on Windows)."""
    return separator.join(p for p in [str(module_dir), existing] if p)


# A check file whose checks spend their time waiting for child processes or in
# long runs of decodes says so with this line; `run_checks` runs such files in a
# second pytest process beside the others, so that a learner's re-run uses two
# cores. Files that share work (step 4's two files share one pass over the
# malformed inputs) must be on the same side.
BESIDE = "# Checks: run beside the others."


def runs_beside(path: Path) -> bool:
    return BESIDE in path.read_text(encoding="utf-8").splitlines()[:30]


def run_checks(
    module_dir: Path,
    files: list[Path],
    pytest_args: list[str],
    python: Path,
    environ: dict[str, str] | None = None,
):
    """Run pytest on `files` with jxl_demo taken from `module_dir`: the files
    marked BESIDE in a second pytest process at the same time as the others.

    Returns (results, pytest's exit code, pytest's output), results in the
    order of `files`. `environ`: the processes' environment, if not this one's."""
    groups = [[f for f in files if not runs_beside(f)], [f for f in files if runs_beside(f)]]
    groups = [group for group in groups if group]
    with tempfile.TemporaryDirectory() as tmp:
        running = []
        for number, group in enumerate(groups):
            report = Path(tmp) / f"report-{number}.json"
            env = dict(os.environ if environ is None else environ)
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
        outputs, codes, results = [], [], []
        for report, process in running:
            outputs.append(process.communicate()[0])
            codes.append(process.returncode)
            if report.exists():
                results += json.loads(report.read_text(encoding="utf-8"))
    names = [f.name for f in files]
    results.sort(key=lambda r: names.index(r["file"]) if r["file"] in names else -1)
    # 5 is pytest's "no check selected", which an option like `-k` can make of one group.
    ran = [code for code in codes if code != 5] or [5]
    return results, max(ran), "\n".join(outputs)


def first_build_notice(package: str) -> str:
    """What the learner waits for the first time: which crates, and how long."""
    names = dependencies(package)
    what = _("PyO3, NumPy's bindings and jxl-oxide") if "jxl-oxide" in names else "PyO3"
    minutes = _("about 2 minutes") if "jxl-oxide" in names else _("about a minute")
    notice = _(
        "  This is the first build here: cargo compiles the {count} crates this step\n"
        "  depends on ({what}) once, {minutes} on a laptop. Later builds reuse them\n"
        "  and take seconds."
    )
    return notice.format(count=len(names), what=what, minutes=minutes)


class BuildProgress:
    """Prints how far a long build has come: one line rewritten on a terminal,
    a line every tenth of the way in a log."""

    def __init__(self) -> None:
        self.shown = -1
        self.dirty = False
        self.waited = False

    def __call__(self, done: int, total: int, name: str) -> None:
        if sys.stdout.isatty():
            line = _("  compiled {done} of {total} crates ({name})").format(
                done=done, total=total, name=name
            )
            print(f"\r{line}\033[K", end="", flush=True)
            self.dirty = True
        elif done * 10 // total > self.shown or done == total:
            self.shown = done * 10 // total
            line = _("  compiled {done} of {total} crates ({name})")
            print(line.format(done=done, total=total, name=name), flush=True)

    def waiting(self) -> None:
        if not self.waited:
            self.waited = True
            self.finish()
            print(
                _(
                    "  waiting for another build in this folder to finish (another nox command,\n"
                    "  or your editor checking the code); this one starts as soon as it is done ..."
                ),
                flush=True,
            )

    def finish(self) -> None:
        if self.dirty:
            print()
            self.dirty = False


def build_for_learner(crate_path: Path, python: Path) -> Build:
    """Build a crate the way a waiting learner wants it: a notice before a first
    build, the count of crates compiled, and word when another build holds cargo."""
    from tools.build import build, first_build, package_name

    if first_build(crate=crate_path):
        print(first_build_notice(package_name(crate_path)), flush=True)
    progress = BuildProgress()
    result = build(crate_path, python, progress=progress)
    progress.finish()
    return result


# The first error's section of "When the build fails", by what the error says.
BUILD_ERROR_SECTIONS = [
    (r"cannot be shared between threads safely", "Cannot be shared between threads safely (E0277)"),
    (r"couldn't convert the error to `PyErr`", "`?` couldn't convert the error to `PyErr` (E0277)"),
    (r"the `\?` operator can only", "The question mark operator (E0277)"),
    (r"`if` and `else` have incompatible types", "`if` and `else` have incompatible types (E0308)"),
    (r"error\[E0308\]", "Mismatched types (E0308)"),
    (r"error\[E0382\]", "Borrow of moved value (E0382)"),
    (r"error\[E0425\]", "Cannot find a function or value (E0425)"),
    (r"error\[E0432\]", "Unresolved import (E0432)"),
    (r"error\[E0599\]", "No method named ... found (E0599)"),
    (r"linker `\S+` not found|link\.exe", "Linker not found"),
]


def slug(title: str) -> str:
    """A heading's anchor, as mdBook makes it."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def build_error_section(rendered: str) -> str | None:
    """'build-errors.md#mismatched-types-e0308' for an error that has a section."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", rendered)
    for pattern, title in BUILD_ERROR_SECTIONS:
        if re.search(pattern, plain):
            return f"build-errors.md#{slug(title)}"
    return None


def essential(error: str) -> tuple[str, int]:
    """A compiler error without its notes about code outside the learner's
    crate (PyO3's or the standard library's, at absolute paths such as
    ~/.cargo/registry/...): the error, where it is, and the notes about the
    learner's own code. Returns the text and how many lines were left out."""
    blocks: list[list[str]] = [[]]
    for line in error.rstrip().splitlines():
        # A note or a help of its own starts a block; a help (`use the ? operator`,
        # with the fixed line) is about the learner's code and stays.
        if line.startswith(("note:", "help:")) and blocks[-1]:
            blocks.append([])
        blocks[-1].append(line)
    kept, left_out = blocks[0], 0
    for block in blocks[1:]:
        where = next((line for line in block if line.lstrip().startswith("--> ")), "")
        if where and (where.split("--> ", 1)[1].startswith(("/", "\\")) or ":\\" in where):
            left_out += len(block)
        else:
            kept += block
    return "\n".join(kept), left_out


def print_build_failure(result: Build) -> None:
    if result.install_error:
        indent = " " * (label_width() + 4)  # as wide as "  FAIL  "
        text = textwrap.fill(
            result.install_error, 88, initial_indent=indent, subsequent_indent=indent
        )
        print(f"  {label('broken')}  {text[len(indent) :]}")
        return
    print(f"  {label('broken')}  " + _("it does not build yet.") + "\n")
    if result.errors:
        shown, left_out = essential(result.errors[0])
        print(shown)
        if left_out:
            print(
                "\n"
                + _(
                    "  ({count} lines of notes about code outside your crate left out: "
                    "`cargo build -p {package}` shows them.)"
                ).format(count=left_out, package=result.package)
            )
        more = len(result.errors) - 1
        if more:
            print("\n" + _("  ... and {more} more error(s) after this one.").format(more=more))
        section = build_error_section(result.errors[0])
        read = (
            f"{section_title(section)} ({section_place(section)})"
            if section
            else _('the book\'s chapter "When the build fails" ({place})').format(
                place=section_place("build-errors.md")
            )
        )
        print(
            "\n"
            + _("  Fix the first error first: the others often follow from it.")
            + "\n"
            + _("  All of them: cargo build -p {package}").format(package=result.package)
            + "\n  "
            + _("Read:")
            + f" {read}."
        )
    else:
        print(result.other_output.strip()[-3000:])


def print_report(results: list[dict], title: str, step: int, filtered: str = "") -> bool:
    """Print the learner's report; return True when every check passed.

    `filtered`: the pytest options the learner added (`-k tabs`, say), which
    may have left checks out; the report then says so and announces no next step."""
    first_failure = None
    current = None
    indent = " " * (label_width() + 6)  # under a check's name, in any language's labels
    for result in results:
        number = step_of(result)
        if result["file"] != current:
            current = result["file"]
            checks = _("  Step {number} checks ({file})").format(number=number, file=result["file"])
            print("\n" + checks)
        print(f"    {label(result['status'])}  {check_name(result['doc'])}")
        if result["status"] in {"wrong", "broken", "todo"} and first_failure is None:
            first_failure = result
            if result["status"] == "todo" and result.get("where"):
                print(
                    indent
                    + _("Not written yet: the `todo!()` at {where} is still there.").format(
                        where=result["where"]
                    )
                )
            elif result["status"] == "todo":
                print(indent + _("Not written yet:") + f" {result['message']}")
            else:
                for line in result["message"].splitlines()[:12]:
                    print(f"{indent}{check_messages.translate(line)}")
            if result["hint"]:
                print(indent + _("Hint:") + f" {_(result['hint'])}")
            if result["read"]:
                place = section_place(result["read"])
                print(indent + _("Read:") + f" {section_title(result['read'])} ({place})")
    counts = {s: sum(r["status"] == s for r in results) for s in LABEL}
    passed = counts["passed"]
    failed = len(results) - passed - counts["skipped"]
    print()
    if not results and filtered:
        print(_("  No check matches your options ({filtered}).").format(filtered=filtered))
        return False
    if not results:
        print(_("  No check ran: see pytest's output above."))
        return False
    if filtered:
        print(
            _("  Only the checks your options selected ran ({filtered}).").format(filtered=filtered)
        )
        if failed == 0:
            print(
                _(
                    "  The checks that ran pass ({passed}). Run `nox -s {title}` alone to check the whole step."
                ).format(passed=passed, title=title)
            )
    elif failed == 0:
        if passed > 1:
            print(_("  All {passed} checks pass. Well done!").format(passed=passed))
        else:
            print(_("  The check passes."))
        following = next_chapter(f"step-{step}.md")
        if title.startswith("step") and following:
            print(
                _("  Next: {title} ({place}).").format(
                    title=section_title(following), place=section_place(following)
                )
            )
    else:
        todo, wrong, broken = counts["todo"], counts["wrong"], counts["broken"]

        def counted(count: int, one: str, more: str) -> str:
            return _(one if count == 1 else more).format(count=count)

        parts = [counted(passed, N_("{count} passes"), N_("{count} pass"))]
        if broken:
            parts.append(_("{count} could not run").format(count=broken))
        if wrong:
            parts.append(
                counted(
                    wrong, N_("{count} gives a wrong answer"), N_("{count} give a wrong answer")
                )
            )
        if todo:
            parts.append(
                counted(
                    todo,
                    N_("{count} waits for code you have not written yet"),
                    N_("{count} wait for code you have not written yet"),
                )
            )
        print("  " + ", ".join(parts) + ".")
        print(_("  Work on the first one that does not pass, then run the same command again."))
    # The last line stays in English in every language: CI and scripts read it.
    print(f"{title}: {passed} passed, {failed} failed" + (" (filtered)" if filtered else ""))
    return failed == 0


def _is_starter(step: int) -> bool:
    """Whether steps/stepN is still the starter, exactly as the solution derives it."""
    from tools.exercises import compare, derive_starter

    folder = crate("step", step)
    return folder.exists() and not compare(derive_starter(crate("solution", step), step), folder)


def progress_report(python: Path, numbers: list[int]) -> None:
    """A checklist of the learner's steps: built and checked, one line each."""
    print("\n" + _("Your steps, each with its own checks:") + "\n")
    finished: list[int] = []
    unfinished: list[int] = []
    for step in numbers:
        chapter = BOOK_SRC / f"step-{step}.md"
        title = (
            section_title(chapter.name) if chapter.exists() else _("Step {step}").format(step=step)
        )
        # A starter fails its own new checks (CI makes sure of it): a step you
        # have not touched needs no build to be reported.
        if _is_starter(step):
            print(f"  [ ] {title}: " + _("not started yet"))
            unfinished.append(step)
            continue
        tty = sys.stdout.isatty()
        if tty:
            building = _("  building and checking steps/step{step} ...").format(step=step)
            print(building, end="", flush=True)
        result = build_for_learner(crate("step", step), python)
        if not result.ok:
            line, done = _("does not build"), False
        else:
            results, _code, _output = run_checks(
                result.module_dir, check_files(step, only=step), [], python
            )
            passed = sum(r["status"] == "passed" for r in results)
            done = bool(results) and passed == len(results)
            line = _("{passed} of {total} checks pass").format(passed=passed, total=len(results))
        print(
            f"{chr(13) + chr(27) + '[K' if tty else ''}  [{'x' if done else ' '}] {title}: {line}"
        )
        (finished if done else unfinished).append(step)
    print()
    # Carry on after the last finished step: you may have started in the middle.
    later = [s for s in unfinished if s > max(finished, default=0)]
    next_step = (later or unfinished or [None])[0]
    if next_step is None:
        print(_("Every step passes: you have finished the course. Well done!"))
    else:
        print(
            _(
                "Next: step {step}. Read {chapter}, edit steps/step{step}/src/lib.rs, "
                "and run `nox -s step{step}`."
            ).format(step=next_step, chapter=section_place(f"step-{next_step}.md"))
        )
