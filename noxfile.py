"""Every way to run the course: learners, instructors and CI.

    nox -s step1        build steps/step1 and check it (what learners run)
    nox                 every check, as CI runs it

Without nox installed, `python3 noxfile.py` does the same (see the README).
`nox --list` shows every session with its description.
"""

from __future__ import annotations

import functools
import logging
import platform
import sys
import tempfile
from pathlib import Path

# nox imports this file without putting its folder on sys.path: say where the
# course's `tools` package is, for every way nox was installed.
HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

if __name__ == "__main__":
    from tools.course.bootstrap import ensure_nox

    ensure_nox()

import nox

# The oldest nox whose features the sessions use (`nox.project.load_toml`,
# `session.install_and_run_script`, the `uv|virtualenv` fallback); nox checks
# this before it runs any session and says plainly which version is needed.
nox.needs_version = ">=2025.2.9"

from packaging.specifiers import SpecifierSet  # nox's own dependency

from tools.course import environment, i18n, mdbook, paths, terminal
from tools.course.build import cargo_env
from tools.course.i18n import _
from tools.course.noxline import QuietAboutUv, refuse_keyword_without_dashes
from tools.course.paths import BOOK_BUILD, ROOT, SPANISH_BOOK, crate, crate_name, steps

logging.getLogger("nox").addFilter(QuietAboutUv())
# The sessions share .nox/course (tools/course/environment.py).
nox.options.default_venv_backend = "none"
# What `nox` alone runs: CI's sessions.
CI = "lint rust_tests exercises solutions stubs tooling wheel pythons book browser offline"
nox.options.sessions = CI.split()

STEPS = steps()
refuse_keyword_without_dashes(sys.argv)  # nox would take `-k` for itself


def course_python(session: nox.Session) -> Path:
    return environment.ensure(log=session.log)


def check_crate(session: nox.Session, kind: str, step: int, pytest_args=None) -> bool:
    """Build one crate, run its checks, print the report (tools/course/loop.py).

    `pytest_args`: options for pytest (`-k tabs`, say); by default the session's own."""
    from tools.course import loop

    pytest_args = session.posargs if pytest_args is None else pytest_args
    try:
        return loop.check(kind, step, course_python(session), list(pytest_args))
    except loop.NoCheckMatches as error:
        session.error(_("no check matches {options}").format(options=str(error)))


def make_check_session(kind: str, step: int):
    """The session `stepN` (your crate) or `solutionN` (the course's)."""
    folder = crate_name(kind, step)
    whose = "your " if kind == "step" else ""

    def session(session: nox.Session) -> None:
        if not check_crate(session, kind, step):
            session.error(
                _("not every check of {folder} passes yet (see above)").format(folder=folder)
            )

    which = "step 1" if step == 1 else f"steps 1 to {step}"
    session.__doc__ = f"Build {whose}{folder} and run the checks of {which}."
    return session


for _step in STEPS:
    for _kind in ("step", "solution"):
        nox.session(name=paths.session(_kind, _step))(make_check_session(_kind, _step))


@nox.session
def repl(session: nox.Session) -> None:
    """Open Python with your steps/stepN's jxl_demo importable (`-- N`), to try it."""
    from tools.course import loop

    step = step_argument(session)
    if not loop.repl(step, course_python(session), session.posargs[1:]):
        session.error(_("steps/step{step} does not build yet").format(step=step))


@nox.session
def watch(session: nox.Session) -> None:
    """Check your steps/stepN (`-- N`) again each time you save one of its files."""
    from tools.course import loop

    step = step_argument(session)
    try:
        loop.watch(step, course_python(session), session.posargs[1:])
    except RuntimeError as error:
        session.error(str(error))


@nox.session
def solutions(session: nox.Session) -> None:
    """Build every solution and run its checks: all must pass."""
    failed = [n for n in STEPS if not check_crate(session, "solution", n)]
    if failed:
        session.error(f"solutions that fail their checks: {failed}")


@nox.session
def stubs(session: nox.Session) -> None:
    """mypy's stubtest: each solution's jxl_demo.pyi matches its compiled module."""
    from tools.course.report import summary
    from tools.maintain import stubgen

    problems = stubgen.check(course_python(session), STEPS, environment.executable("maturin"))
    if problems:
        session.error("\n".join(problems))
    print(summary("stubs", len(STEPS), 0))


# --------------------------------------------------------------------------
# Learners and instructors: readiness, progress, catching up, undoing


@nox.session
def doctor(session: nox.Session) -> None:
    """Is this machine ready for the workshop? Each finding with its fix."""
    from tools.course import doctor as checkup

    if checkup.main():
        session.error("this machine is not ready yet (see above)")


def step_argument(session: nox.Session) -> int:
    from tools.course.learner import CourseError, parse_step

    i18n.prepare(course_python(session))  # a wrong step is said in Spanish too, when asked
    try:
        return parse_step(session.posargs[0] if session.posargs else None)
    except CourseError as error:
        session.error(str(error))


def learner_command(session: nox.Session, action, done: str) -> None:
    """Run solve/reset/restore and say what it did (tools/course/learner.py)."""
    from tools.course.learner import run_telling

    run_telling(action, done, course_python(session), log=session.log, error=session.error)


@nox.session
def solve(session: nox.Session) -> None:
    """Put solution N in place of steps/stepN (`-- N`), saving your files first."""
    from tools.course import learner

    step = step_argument(session)
    done = _("{folder} now holds the solution; `nox -s step{step}` checks it").format(
        folder="{folder}", step=step
    )
    learner_command(session, lambda: learner.solve(step), done)


@nox.session
def reset(session: nox.Session) -> None:
    """Put the starter of step N back (`-- N`), saving your files first."""
    from tools.course import learner

    step = step_argument(session)
    learner_command(session, lambda: learner.reset(step), _("{folder} is the starter again"))


@nox.session
def restore(session: nox.Session) -> None:
    """Bring back a backup (`-- NAME`, or `-- N` for step N's newest of yours); without, list them."""
    from tools.course import learner

    i18n.prepare(course_python(session))  # in Spanish, when the learner asks
    if not session.posargs:
        print(learner.backups_text())
        return
    try:
        name = learner.backup_named(session.posargs[0])  # `-- 2`: step 2's newest of yours
    except learner.CourseError as error:
        session.error(str(error))
    done = _("{folder} holds {name} again").format(folder="{folder}", name=name)
    learner_command(session, lambda: learner.restore(name), done)


@nox.session
def diff(session: nox.Session) -> None:
    """The edit that turns starter N into solution N (`-- N`): what to live-code;
    `-- N mine`: from your own steps/stepN to solution N."""
    from tools.course import learner

    step = step_argument(session)
    try:
        mine = learner.wants_mine(session.posargs[1:])
    except learner.CourseError as error:
        session.error(str(error))
    print(learner.diff(step, colour=terminal.colour(), mine=mine), end="")


@nox.session
def progress(session: nox.Session) -> None:
    """Which of your steps pass, as a checklist, and what to do next."""
    from tools.course.progress import progress_report

    python = course_python(session)
    i18n.prepare(python)  # in Spanish, when the learner asks for it
    progress_report(python, STEPS)


@nox.session
def prefetch(session: nox.Session) -> None:
    """Download every crate and Python package, for working without the network."""
    from tools.course.prefetch import prefetch as fetch

    fetch(log=session.log)
    session.log("offline from now on: set COURSE_OFFLINE=1 if the environment must be rebuilt")


@nox.session
def offline(session: nox.Session) -> None:
    """CI: after a prefetch, a new environment and the checks work with no network."""
    from tools.course import offline as network
    from tools.course.prefetch import prefetch as fetch

    fetch(log=session.log)
    with network.fresh_environment() as env:
        # A fresh nox process, so the environment module reads the new settings.
        step = STEPS[-1]
        check = paths.session("solution", step)
        session.run(sys.executable, "noxfile.py", "-s", check, env=env, external=True)


@nox.session
def wheel(session: nox.Session) -> None:
    """Build your step's abi3 wheel (`-- N`, default 1); install it on another Python."""
    from tools.course import shipping

    step = step_argument(session) if session.posargs else 1
    course_python(session)
    shipping.wheel_tour(crate("step", step), log=session.log)


@nox.session
def pythons(session: nox.Session) -> None:
    """CI: the last step's checks, the tools' tests and the wheel on every other supported CPython."""
    from tools.course.report import summary
    from tools.maintain import pythons as others

    course_python(session)
    passed, failed = others.run(STEPS, log=session.log)
    if failed:
        session.error(f"failed on Python {', '.join(failed)} (see above)")
    if passed:
        print(summary("pythons", len(passed), 0))


@nox.session
def tooling(session: nox.Session) -> None:
    """Tests of the course's own tools: solve, reset, restore, diff, the derivation, the talks."""
    python = course_python(session)
    # The talks' tools need the slides' packages (the browser check installs them too).
    environment.install_extra(environment.extra_requirements("slides"), log=session.log)
    session.run(
        str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tools/tests", external=True
    )


@nox.session
def starters(session: nox.Session) -> None:
    """Derive steps/stepN from solutions/stepN (course authors).

    Files of yours that would change are saved to .backups/ first."""
    from tools.course import learner

    for step in STEPS:
        action = functools.partial(learner.reset, step, why=learner.DERIVED_AGAIN)
        learner_command(session, action, "{folder} is derived from its solution again")


@nox.session
def exercises(session: nox.Session) -> None:
    """CI: starters match their solutions, build, and fail only their new checks."""
    from tools.course.report import summary
    from tools.maintain import exercises as exercise_checks

    problems = exercise_checks.all_problems(course_python(session), STEPS, log=session.log)
    if problems:
        session.error("\n".join(problems))
    print(summary("exercises", len(STEPS), 0))


@nox.session
def lint(session: nox.Session) -> None:
    """rustfmt, clippy (warnings denied) on every crate; ruff on the Python;
    actionlint and zizmor on the CI workflow."""
    from tools.maintain import lint as linters

    for command, env in linters.commands(course_python(session), log=session.log):
        session.run(*command, env=env, external=True)


def book_pictures(session: nox.Session) -> None:
    """The pictures the book shows, decoded by the course's own solution."""
    from tools.course import pictures

    if not pictures.for_the_book(course_python(session)):
        session.error("the solution could not decode the book's pictures")


def run_mdbook(
    session: nox.Session, *args: str, env: dict[str, str] | None = None, language: str = "en"
) -> None:
    """Run mdBook on the book; `language="es"`: the Spanish edition, into book/build/es."""
    book_pictures(session)
    settings = mdbook.settings(language, env, log=session.log)
    session.run(str(mdbook.mdbook(log=session.log)), *args, "book", env=settings, external=True)


def book_template(session: nox.Session, folder: Path) -> Path:
    """The book's English messages, extracted by mdbook-xgettext into folder/messages.pot."""
    run_mdbook(session, "build", env=mdbook.template_settings(folder, log=session.log))
    return folder / mdbook.TEMPLATE


@nox.session(venv_backend="uv|virtualenv")
def images(session: nox.Session) -> None:
    """Make the sample images again with libjxl (`-- --check`: compare, write nothing)."""
    script = paths.SAMPLE_MAKER.relative_to(ROOT).as_posix()
    needs = nox.project.load_toml(script)["requires-python"]  # its pinned wheels need it
    if platform.python_version() not in SpecifierSet(needs):
        session.error(f"{script} needs Python {needs}")
    session.install_and_run_script(script, *session.posargs)  # its `# /// script` dependencies


@nox.session
def pictures(session: nox.Session) -> None:
    """Decode images/*.jxl with your steps/stepN (`-- N`; else the book's pictures' step), as PNGs."""
    from tools.course import pictures as png

    step = step_argument(session) if session.posargs else png.PICTURE_STEP
    wrong = png.yours(step, course_python(session))
    if wrong:
        session.error(wrong)


@nox.session
def book(session: nox.Session) -> None:
    """Build the book into book/build, and run the Python examples it shows."""
    from tools.maintain import bookcheck

    run_mdbook(session, "build")
    python = course_python(session)
    problems = bookcheck.problems(python, STEPS[-1])
    # The Spanish edition, after the English one (mdBook empties book/build first).
    run_mdbook(session, "build", language="es")
    with tempfile.TemporaryDirectory() as folder:
        template = book_template(session, Path(folder))
        problems += bookcheck.spanish_problems(python, template, ROOT / SPANISH_BOOK)
    if problems:
        session.error("\n".join(problems))
    session.log(f"the book: {ROOT / BOOK_BUILD}/index.html; en español: {ROOT / SPANISH_BOOK}")


@nox.session
def outputs(session: nox.Session) -> None:
    """Make the book's sample outputs again with the tools, in English and Spanish."""
    python = course_python(session)
    session.run(str(python), "-m", "tools.maintain.outputs", "write", sys.executable, external=True)


@nox.session
def translations(session: nox.Session) -> None:
    """Bring po/es.po and po/course-es.po up to the English text (translators)."""
    python = course_python(session)
    with tempfile.TemporaryDirectory() as folder:
        template = book_template(session, Path(folder))
        update = [str(python), "-m", "tools.maintain.catalogues", "update", str(template)]
        session.run(*update, external=True, success_codes=[0, 1])


@nox.session
def slides(session: nox.Session) -> None:
    """Build the workshop's talks, in English and Spanish, from book/src/slides (target/slides)."""
    from tools.maintain import slides as decks

    environment.install_extra(environment.extra_requirements("slides"), log=session.log)
    for language, folder in decks.editions():
        run_mdbook(session, "build", env=decks.renderer_settings(folder, language, log=session.log))
    session.log(f"the talks are in {decks.HTML}; open its index.html, press S for notes")


@nox.session
def browser(session: nox.Session) -> None:
    """CI: the talks in Chromium, in both languages (frame, code size, contrast, times), and the book."""
    from tools.maintain.browser import why_not_here
    from tools.maintain.slides import HTML as slides_html

    if why_not_here():
        session.skip(why_not_here())
    run_mdbook(session, "build")  # the book's pages, with the pictures the solution decodes
    run_mdbook(session, "build", language="es")  # and its Spanish edition, in book/build/es
    slides(session)
    # Debian's Chromium, driven by Playwright from the course's environment.
    python = str(course_python(session))
    book_html = ROOT / BOOK_BUILD
    session.run(python, "-m", "tools.maintain.browser", slides_html, book_html, external=True)


@nox.session
def rust_tests(session: nox.Session) -> None:
    """cargo test: the Rust unit tests of every crate."""
    env = cargo_env(course_python(session))
    session.run("cargo", "test", "--workspace", "--quiet", env=env, external=True)


@nox.session
def serve(session: nox.Session) -> None:
    """Serve the book with live reload, English and Spanish side by side (`-- es` opens Spanish)."""
    language, args = mdbook.serve_arguments(session.posargs)
    book_pictures(session)
    with mdbook.serving_other(language, log=session.log):
        command = mdbook.serve_command(language, log=session.log)
        settings = mdbook.settings(language, log=session.log)
        session.run(*command, "--open", *args, env=settings, external=True)


@nox.session
def bench(session: nox.Session) -> None:
    """Measure the book's figures here: `-- count|decode|many|loop`, `--quick`, `--yours`."""
    from tools.maintain import bench as benchmarks

    try:
        benchmarks.main(course_python(session), *benchmarks.arguments(session.posargs))
    except ValueError as error:
        session.error(str(error))


if __name__ == "__main__":
    nox.main()
