"""The learner's report: each check's outcome, the first failure's message,
hint and section, and what to do next; and the report of a build that failed."""

from __future__ import annotations

import textwrap

from tools.course import ladder
from tools.course.build import Build
from tools.course.diagnostics import BUILD_ERRORS, build_error_section, essential
from tools.course.headings import next_chapter, section_place, section_title
from tools.course.i18n import N_, _
from tools.course.paths import ROOT, chapter, crate, step_of
from tools.course.runner import FINE, failed_to_load
from tools.course.terminal import paint
from tools.course.todos import todos

LABEL = {
    "passed": (N_("PASS"), "32"),
    "todo": (N_("TODO"), "33"),
    "wrong": (N_("FAIL"), "31"),
    "panic": (N_("FAIL"), "31"),
    "broken": (N_("FAIL"), "31"),
    "skipped": (N_("SKIP"), "2"),
}


FAILING = {"wrong", "panic", "broken", "todo"}

# True while `nox -s watch` runs: the checks run again on every save, so the
# report does not ask the learner to run the command again.
WATCHING = False


def label_width() -> int:
    return max(len(_(text)) for text, _colour in LABEL.values())


def label(status: str) -> str:
    """PASS, FAIL, ... in the learner's language and colour, all as wide."""
    text, code = LABEL[status]
    return paint(_(text).ljust(label_width()), code)


def check_name(doc: str) -> str:
    """A check's name (its docstring's first line) in the learner's language;
    a parametrized check keeps its case, `name [case]`."""
    name, bracket, case = doc.partition(" [")
    return _(name) + (f" [{case}" if bracket else "")


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
                place=section_place(BUILD_ERRORS)
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
        if result["status"] in FAILING and first_failure is None:
            first_failure = result
            print_failure_details(result, indent)
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
        following = next_chapter(chapter(step))
        if title.startswith("step") and following:
            print(
                _("  Next: {title} ({place}).").format(
                    title=section_title(following), place=section_place(following)
                )
            )
    else:
        todo, wrong, broken = counts["todo"], counts["wrong"], counts["broken"]
        panics = counts["panic"]

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
        if panics:
            parts.append(
                counted(panics, N_("{count} stops with a panic"), N_("{count} stop with a panic"))
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
        if WATCHING:
            print(_("  Work on the first one that does not pass: saving a file checks it again."))
        else:
            print(_("  Work on the first one that does not pass, then run the same command again."))
    print(summary(title, passed, failed) + (_(" (filtered)") if filtered else ""))
    return failed == 0


def summary(title: str, passed: int, failed: int) -> str:
    """The report's last line. In English, "step1: 3 passed, 2 failed": the
    closing line test runners print, which CI reads."""
    return _("{title}: {passed} passed, {failed} failed").format(
        title=title, passed=passed, failed=failed
    )


def print_failure_details(result: dict, indent: str) -> None:
    """What a check that does not pass says: its message, hint and section."""
    if result["status"] == "todo" and result.get("where"):
        print(
            indent
            + _("Not written yet: the `todo!()` at {where} is still there.").format(
                where=result["where"]
            )
        )
    elif result["status"] == "todo":
        print(indent + _("Not written yet:") + f" {result['message']}")
    elif result["status"] == "panic":
        # Rust stopped: say where, then what it said and on which input.
        where = result.get("where") or _("a place Rust did not say")
        print(indent + _("Your Rust code panicked at {where}:").format(where=where))
        for line in result["message"].splitlines()[:12]:
            print(f"{indent}  {line}")
    else:
        for line in result["message"].splitlines()[:12]:
            print(f"{indent}{line}")
    if result["hint"]:
        print(indent + _("Hint:") + f" {_(result['hint'])}")
    if result["read"]:
        place = section_place(result["read"])
        print(indent + _("Read:") + f" {section_title(result['read'])} ({place})")


def exercise_heading(number: int, total: int, exercise) -> str:
    """'Exercise 2 of 5: A repr worth reading', in the learner's language."""
    return _("Exercise {number} of {total}: {title}").format(
        number=number, total=total, title=_(exercise.title)
    )


def print_exercise_report(results: list[dict], title: str, step: int) -> bool:
    """The report of the learner's loop: the exercises of step `step` that
    pass, one line each, then the first one that does not, check by check.
    Returns True when every exercise passes (the rest of the checks then run)."""
    exercises = ladder.exercises(step)
    unsolved = ladder.first_unsolved(results, step)
    total = len(exercises)
    indent = " " * (label_width() + 6)
    loaded = [r for r in results if failed_to_load(r)]
    for number, exercise in enumerate(exercises, start=1):
        if unsolved and number == unsolved[0]:
            break
        print(f"  {label('passed')}  " + exercise_heading(number, total, exercise))
    if unsolved is None and not loaded:
        return True
    passed = sum(r["status"] == "passed" for r in results)
    failed = sum(r["status"] not in FINE for r in results)
    if loaded:
        for result in loaded:
            print(f"    {label(result['status'])}  {check_name(result['doc'])}")
            print_failure_details(result, indent)
    else:
        number, exercise = unsolved
        print("\n  " + paint(exercise_heading(number, total, exercise), "1"))
        mine = [r for r in results if r.get("exercise") == exercise.name]
        shown = False
        for group in _cases(mine):
            result = group[0]
            name = check_name(result["doc"])
            if len(group) > 1:  # one check over many cases, all with the same outcome
                name = _("{name} [{count} cases]").format(
                    name=check_name(result["doc"].partition(" [")[0]), count=len(group)
                )
            print(f"    {label(result['status'])}  {name}")
            if result["status"] in FAILING and not shown:
                shown = True
                print_failure_details(result, indent)
        if title.startswith("step"):
            print_todos(step, number)
        print()
        done = number - 1
        if done:
            print(_("  {done} of {total} exercises pass.").format(done=done, total=total))
        if WATCHING:
            again = _("  Work on exercise {number} ({place}): saving a file checks it again.")
        else:
            again = _("  Work on exercise {number} ({place}), then run `nox -s {title}` again.")
        print(again.format(number=number, place=section_place(exercise.read), title=title))
    print(summary(title, passed, failed))
    return False


def print_todos(step: int, number: int) -> None:
    """The TODO comments of exercise `number` in the learner's crate, with
    file and line, in the learner's language."""
    mine = [t for t in todos(crate("step", step)) if t.exercise == number]
    if not mine:
        return
    print("\n  " + _("In your code:"))
    for todo in mine:
        place = f"{todo.path.relative_to(ROOT).as_posix()}:{todo.line}"
        print(f"    {place}")
        for line in textwrap.wrap(
            _(todo.text), width=76, break_long_words=False, break_on_hyphens=False
        ):
            print(f"      {line}")


def _cases(results: list[dict]) -> list[list[dict]]:
    """Results in runs: the cases of one parametrized check that neighbour each
    other with the same outcome make one run; every other result is alone."""
    runs: list[list[dict]] = []
    for result in results:
        base = result["doc"].partition(" [")[0]
        if (
            runs
            and " [" in result["doc"]
            and runs[-1][0]["doc"].partition(" [")[0] == base
            and runs[-1][0]["status"] == result["status"]
            and result["status"] != "wrong"
        ):
            runs[-1].append(result)
        else:
            runs.append([result])
    return runs
