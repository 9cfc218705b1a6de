"""The learner's language: English, or Spanish under COURSE_LANG=es or a
Spanish locale.

The reports read the compiled catalogues of po/ (po/course-es.po for what the
tools print, po/es.po for the book's headings) with Python's own `gettext`.
tools/maintain/catalogues.py keeps those catalogues complete.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

from tools.course import environment
from tools.course.paths import ROOT

PO = ROOT / "po"

BOOK_PO = PO / "es.po"  # the book's messages, as mdbook-gettext expects: po/<language>.po

COURSE_PO = PO / "course-es.po"  # what `nox -s stepN` prints

LOCALE = environment.VENV / "locale"  # the compiled catalogues (.mo), made from po/


def language(environ=os.environ) -> str:
    """ "es" when the learner asks for Spanish: COURSE_LANG=es, or (without
    COURSE_LANG) a Spanish locale in LC_ALL, LC_MESSAGES or LANG; else "en"."""
    chosen = environ.get("COURSE_LANG", "").strip()
    if not chosen:
        chosen = next((environ[v] for v in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(v)), "")
    code = re.split(r"[_.@-]", chosen.strip().lower(), maxsplit=1)[0]
    return "es" if code == "es" else "en"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def compiled(name: str) -> Path:
    """Where `prepare` puts a compiled catalogue ("course": the reports')."""
    return LOCALE / "es" / "LC_MESSAGES" / f"{name}.mo"


def prepare(python: Path, environ=os.environ) -> None:
    """Compile po/*.po for the report when the learner wants Spanish (once per
    change of the catalogues; polib is in the course's environment)."""
    if language(environ) != "es":
        return
    target = compiled("course").parent

    def is_stale(name: str, po: Path) -> bool:
        stamp = target / f"{name}.sha256"
        if not stamp.exists() or not (target / f"{name}.mo").exists():
            return True
        return stamp.read_text(encoding="utf-8").strip() != _digest(po)

    wanted = {"course": COURSE_PO, "book": BOOK_PO}
    stale = {name: po for name, po in wanted.items() if po.exists() and is_stale(name, po)}
    if not stale:
        return
    target.mkdir(parents=True, exist_ok=True)
    jobs = {str(target / f"{name}.mo"): str(po) for name, po in stale.items()}
    # polib is in the course's environment, not necessarily in nox's Python.
    compile_command = [str(python), "-m", "tools.course.i18n", "compile", json.dumps(jobs)]
    subprocess.run(compile_command, check=True, cwd=ROOT)
    for name, po in stale.items():
        (target / f"{name}.sha256").write_text(_digest(po) + "\n", encoding="utf-8")
    _catalogue.cache_clear()


def _load(name: str) -> gettext.NullTranslations:
    if language() != "es":
        return gettext.NullTranslations()
    try:
        with open(compiled(name), "rb") as catalogue:
            return gettext.GNUTranslations(catalogue)
    except OSError:
        return gettext.NullTranslations()


# functools.cache: the compiled catalogues are read once, and again after
# `prepare` compiles them anew (it clears the cache).
_catalogue = functools.cache(_load)


def _(text: str) -> str:
    """`text` in the learner's language (English when there is no translation)."""
    return _catalogue("course").gettext(text)


def N_(text: str) -> str:
    """Marks `text` for the catalogue; it is translated where it is printed."""
    return text


def book_message(text: str) -> str:
    """A message of the book (a heading, say) in the learner's language."""
    return _catalogue("book").gettext(text)


def compile_catalogues(jobs: dict[str, str]) -> None:
    """{compiled .mo: its .po}, with polib (run in the course's Python)."""
    import polib

    for mo, po in jobs.items():
        polib.pofile(po).save_as_mofile(mo)


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["compile"]:
        compile_catalogues(json.loads(sys.argv[2]))
