"""mdBook and mdbook-i18n-helpers, compiled with cargo into .nox/ the first
time the book is built or served."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import subprocess
from pathlib import Path

from tools.course import paths
from tools.course.environment import program
from tools.course.offline import cargo_settings
from tools.course.paths import NOX_DIR, ROOT, SPANISH_BOOK

# mdBook builds the book. Only the book sessions need it, so it is not in the
# learner's environment: `cargo install` compiles it once into .nox/mdbook, at
# this version, on any platform that has Rust (a prebuilt wheel would cover
# only the platforms its packager built for). It needs Rust 1.88 or newer.
MDBOOK_VERSION = "0.5.4"
MDBOOK_RUST = (1, 88)
MDBOOK_ROOT = NOX_DIR / "mdbook"


def mdbook_executable(root: Path | None = None, platform: str | None = None) -> Path:
    """Where `cargo install --root` puts mdBook: bin/ on every platform (not
    Scripts/: it is cargo's folder, not a virtual environment's)."""
    return (root or MDBOOK_ROOT) / "bin" / program("mdbook", platform)


def mdbook(log=print) -> Path:
    """mdBook's executable, compiled with cargo the first time it is needed."""
    executable = mdbook_executable()
    if not executable.exists() or not _installed(MDBOOK_ROOT, MDBOOK_VERSION):
        _cargo_install(
            "mdbook", "mdBook", MDBOOK_VERSION, MDBOOK_ROOT, "builds the book", "3 to 6", log
        )
    return executable


def _installed(root: Path, version: str) -> bool:
    """Whether `_cargo_install` put `version` into `root` (its stamp says so)."""
    stamp = root / "version"
    return stamp.exists() and stamp.read_text(encoding="utf-8").strip() == version


def _cargo_install(
    crate: str, name: str, version: str, root: Path, purpose: str, minutes: str, log
) -> None:
    """Compile `crate` at `version` into `root` with `cargo install`, saying
    so first, and stamp `root` with the version; a clear message if it fails."""
    log(
        f"Compiling {name} {version}, which {purpose}, into "
        f"{root.relative_to(ROOT)} (once; {minutes} minutes on a laptop) ..."
    )
    command = ["cargo", "install", crate, "--version", version, "--locked", "--root", str(root)]
    root.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(command, cwd=root.parent, env=_mdbook_env(root), check=False)
    if proc.returncode != 0:
        need = ".".join(map(str, MDBOOK_RUST))
        raise SystemExit(
            f"Could not compile {name} {version} (see cargo's message above). It needs "
            f"Rust {need} or newer (`rustup update stable`) and, the first time, the network "
            "(crates.io), or `nox -s prefetch` done earlier."
        )
    (root / "version").write_text(version + "\n", encoding="utf-8")


def _mdbook_env(root: Path) -> dict[str, str]:
    """cargo's environment for compiling a book tool into `root`: the course's
    own settings (a PYO3_* variable, a target directory) have nothing to do with it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYO3_", "CARGO_TARGET"))}
    # The course runs the tools by their full paths: without this, cargo would
    # advise adding `root`'s bin folder to PATH, which nobody needs to do.
    env["PATH"] = os.pathsep.join([str(root / "bin"), env.get("PATH", "")])
    return {**env, **cargo_settings()}  # `cargo install` stays offline too


# mdbook-i18n-helpers translates the book: gettext catalogues (po/es.po) for
# mdBook, the machinery Comprehensive Rust uses for its 20+ languages and the
# Rust community's common one for mdBook. Its mdbook-xgettext renderer extracts
# the English messages, its mdbook-gettext preprocessor puts the translation in.
# Version 0.4.0 is the first built on mdBook 0.5 (its CHANGELOG: "Update to
# mdbook 0.5"); like mdBook it is compiled once with cargo, for the book sessions.
I18N_VERSION = "0.4.0"
I18N_ROOT = NOX_DIR / "mdbook-i18n"


def i18n_helpers(log=print) -> Path:
    """The folder holding mdbook-gettext and mdbook-xgettext, compiled the first
    time a book session needs them (and again when I18N_VERSION changes)."""
    folder = I18N_ROOT / "bin"
    programs = all((folder / program(p)).exists() for p in ("mdbook-gettext", "mdbook-xgettext"))
    if not programs or not _installed(I18N_ROOT, I18N_VERSION):
        _cargo_install(
            "mdbook-i18n-helpers",
            "mdbook-i18n-helpers",
            I18N_VERSION,
            I18N_ROOT,
            "makes the Spanish edition",
            "2 to 5",
            log,
        )
    return folder


def command(program: Path) -> str:
    """A program as mdBook reads a command: split like a POSIX shell, so quoted
    (a folder's name may hold a space) and with / (a backslash would be lost)."""
    return shlex.quote(program.as_posix())


def edition(language: str, log=print) -> dict[str, str]:
    """mdBook's settings for one edition. book.toml declares the gettext
    preprocessor, mdbook-gettext (of mdbook-i18n-helpers): a translated edition
    runs the one the course compiles, into book/build/<language>. The English
    book needs none (it is the source text), so it runs book/exercises.py's
    `unchanged` instead: the helpers are compiled only when a translation is
    built, and mdBook has no missing program to warn about."""
    if language == "en":
        return {"MDBOOK_PREPROCESSOR__GETTEXT__COMMAND": "python exercises.py unchanged"}
    helpers = i18n_helpers(log=log)
    return {
        "MDBOOK_BOOK__LANGUAGE": language,
        "MDBOOK_PREPROCESSOR__GETTEXT__COMMAND": command(helpers / program("mdbook-gettext")),
        "MDBOOK_BUILD__BUILD_DIR": Path(SPANISH_BOOK).relative_to("book").as_posix(),
    }


# What mdbook-xgettext writes: the English messages, for po/es.po.
TEMPLATE = "messages.pot"


def template_settings(folder: Path, log=print) -> dict[str, str]:
    """mdBook's settings for extracting the book's English messages with
    mdbook-xgettext into folder/messages.pot."""
    helpers = i18n_helpers(log=log)
    renderer = {
        "command": command(helpers / program("mdbook-xgettext")),
        "pot-file": TEMPLATE,
        "granularity": 0,  # no line numbers: an edit elsewhere in a chapter changes no entry
    }
    return {
        "MDBOOK_OUTPUT": json.dumps({"xgettext": renderer}),
        "MDBOOK_BUILD__BUILD_DIR": str(folder),
    }


def settings(language: str = "en", extra: dict[str, str] | None = None, log=print) -> dict:
    """The environment mdBook runs in: the course's programs on PATH (the
    book's preprocessor, book/exercises.py, runs with the course's Python and
    must write no __pycache__ into the folders `serve` watches), the links to
    the sources for the HTML book, and a translated edition's settings."""
    from tools.course import booklinks, environment

    env = {**edition(language, log), **(extra or {})}  # a renderer's own settings come last
    env.update({**environment.path_with_programs(), "PYTHONDONTWRITEBYTECODE": "1"})
    if "MDBOOK_OUTPUT" not in env:  # the HTML book: links to the sources, if origin has a web page
        env.update(booklinks.environment())
    return env


# `nox -s serve` serves each edition on a port of its own, into a folder of its
# own: mdBook's server empties its folder on every rebuild, so the Spanish
# edition cannot live inside the English one as it does in book/build. The
# language link of book/theme/language.js knows these ports.
PORTS = {"en": 3000, "es": 3001}
SERVED = ROOT / paths.SERVED


def serve_arguments(posargs: list[str]) -> tuple[str, list[str]]:
    """`nox -s serve -- es --hostname 0.0.0.0`: the edition to open first
    ("en" unless named), and the rest for mdBook's server."""
    if posargs and posargs[0] in PORTS:
        return posargs[0], list(posargs[1:])
    return "en", list(posargs)


def serve_command(language: str, log=print) -> list[str]:
    """mdBook's server for one edition, on its port, into target/serve/<language>."""
    destination = ROOT / paths.served(language)
    return [
        str(mdbook(log=log)),
        "serve",
        "book",
        "--port",
        str(PORTS[language]),
        "--dest-dir",
        str(destination),
    ]


@contextlib.contextmanager
def serving_other(language: str, log=print):
    """The other edition served in the background while the block runs (its
    server's messages go to target/serve/<other>.log)."""
    other = "es" if language == "en" else "en"
    SERVED.mkdir(parents=True, exist_ok=True)
    logfile = SERVED / f"{other}.log"
    with open(logfile, "w", encoding="utf-8") as output:
        server = subprocess.Popen(
            serve_command(other, log=log),
            cwd=ROOT,
            env={**os.environ, **settings(other, log=log)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        log(
            f"the other edition: http://localhost:{PORTS[other]} "
            f"(its server's messages: {logfile.relative_to(ROOT)})"
        )
        # `kill` (SIGTERM) stops the session as Ctrl-C does: nox then stops
        # the server it runs, and `finally` this one. (Python's default for
        # SIGTERM ends the process at once, leaving both servers running.)
        stopped = signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGTERM, stopped)
            server.terminate()
            server.wait()
