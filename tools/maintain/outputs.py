"""The book's sample outputs, made by the course's own tools, in each language.

A chapter shows what a command prints with an include of a file made here
(`{{#include samples/step1-starter.txt}}` inside a console block); the
Spanish edition shows the same command's Spanish output, which this module
writes into po/es.po as the translation of that block. `nox -s outputs`
makes them again; `nox -s book` fails when the tools print something else
than the book shows, in either language.

Only what changes from run to run is normalised: nox's "(took 2 seconds)",
and whether the book has been built yet (a reader of the book is reading it).
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tools.course import headings, i18n
from tools.course.derive import compare, derive_starter
from tools.course.i18n import COURSE_PO
from tools.course.paths import (
    BOOK_BUILD,
    BOOK_SRC,
    ROOT,
    SPANISH,
    SPANISH_BOOK,
    crate,
    crate_name,
    served,
)

FOLDER = BOOK_SRC / "samples"


@dataclass(frozen=True)
class Sample:
    name: str
    command: list[str]  # nox's arguments
    shown: str  # the command as the book types it
    # What differs from machine to machine (the free disk space): the book
    # shows the figures of the run that made it, and the check compares the rest.
    varies: str = ""


SAMPLES = [
    Sample("step1-starter", ["-s", "step1"], "nox -s step1"),
    Sample("solution1", ["-s", "solution1"], "nox -s solution1"),
    # The doctor names the Python that runs nox (.nox/bootstrap's, pipx's, ...).
    Sample(
        "doctor",
        ["-s", "doctor"],
        "python3 noxfile.py -s doctor",
        varies=r"\d+ GB|venv \([^()\n]*\)",
    ),
    Sample("progress", ["-s", "progress"], "nox -s progress"),
    Sample("diff-4", ["-s", "diff", "--", "4"], "nox -s diff -- 4"),
]


def normalise(text: str) -> str:
    text = re.sub(r" \(took [^)]*\)\.$", ".", text, flags=re.MULTILINE)
    # nox says how long a session took in words too: "in a second", "in 2 minutes".
    text = re.sub(r" in (a|an|[\d.]+) (seconds?|minutes?|hours?)\.$", ".", text, flags=re.MULTILINE)
    # Whether the book was built when the sample was made, and by `nox -s book`
    # or by `nox -s serve`: not part of the sample.
    for message in (headings.SERVE_OPENS_IT, headings.SERVE_ES_OPENS_IT):
        text = text.replace(message, "").replace(spanish(message), "")
    text = text.replace(f"{served(SPANISH)}/", f"{SPANISH_BOOK}/")
    return text.replace(f"{served('en')}/", f"{BOOK_BUILD}/")


@functools.cache
def spanish(message: str) -> str:
    """A message of the reports in Spanish, from po/course-es.po."""
    import polib

    entry = polib.pofile(str(COURSE_PO)).find(message)
    return entry.msgstr if entry and entry.msgstr else message


# The Python that runs noxfile.py (the one nox itself runs in): main()'s argument.
NOX_PYTHON = sys.executable


def run(sample: Sample, language: str) -> str:
    """What the command prints, as the book shows it: its second run, so that
    no first build's notice or count of crates comes in between."""
    _run_once(sample, language)
    return f"$ {sample.shown}\n" + normalise(_run_once(sample, language))


def _run_once(sample: Sample, language: str) -> str:
    env = {**os.environ, "COURSE_LANG": language, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    # As on a machine where nox is not installed yet (the doctor says so):
    # the same on every machine that makes or checks the samples.
    env["PATH"] = os.pathsep.join(
        folder
        for folder in env.get("PATH", "").split(os.pathsep)
        if not any((Path(folder) / name).exists() for name in ("nox", "nox.exe"))
    )
    proc = subprocess.run(
        [NOX_PYTHON, "noxfile.py", *sample.command],
        check=False,  # a starter's report ends in a failed session, as it should
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # nox's lines where they come, among the report's
        text=True,
        encoding="utf-8",
    )
    return proc.stdout


def path(sample: Sample, language: str) -> Path:
    suffix = "" if language == "en" else f".{language}"
    return FOLDER / f"{sample.name}{suffix}.txt"


def starters_untouched() -> list[str]:
    """The samples show the committed starters: say which steps/ differ."""
    return [
        f"{crate_name('step', n)} is not the committed starter"
        for n in (1,)
        if compare(derive_starter(crate("solution", n), n), crate("step", n))
    ]


def block(text: str) -> str:
    """The console block a chapter shows (the message mdbook-xgettext extracts)."""
    return f"```console\n{text}```"


def write(log=print) -> list[str]:
    """Make every sample again, in English and Spanish, and put the Spanish
    ones in po/es.po. Returns what stopped it (nothing: done)."""
    problems = starters_untouched()
    if problems:
        return problems
    for sample in SAMPLES:
        english, spanish = run(sample, "en"), run(sample, "es")
        FOLDER.mkdir(exist_ok=True)
        path(sample, "en").write_text(english, encoding="utf-8")
        path(sample, "es").write_text(spanish, encoding="utf-8")
        log(f"book/src/samples/{sample.name}.txt and its Spanish: made again")
    into_catalogue()
    return []


def into_catalogue() -> None:
    """Put each sample's Spanish file into po/es.po as the translation of its
    English one. mdbook-xgettext extracts no message from a console block
    without comments, so msgmerge (`nox -s translations`) marks these entries
    obsolete ("#~"): this brings them back, and makes none twice."""
    import polib

    po = polib.pofile(str(i18n.BOOK_PO), wrapwidth=0)
    for sample in SAMPLES:
        if not path(sample, "en").exists() or not path(sample, "es").exists():
            continue
        english = block(path(sample, "en").read_text(encoding="utf-8"))
        spanish = block(path(sample, "es").read_text(encoding="utf-8"))
        entry = po.find(english) or po.find(english, include_obsolete_entries=True)
        if entry is None:
            entry = polib.POEntry(msgid=english, occurrences=[(f"samples/{sample.name}", "")])
            po.append(entry)
        entry.obsolete = False
        entry.msgstr = spanish
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()


def same(sample: Sample, shown: str, printed: str) -> bool:
    """Whether the book shows what the tool printed, but for what varies."""
    if sample.varies:
        shown, printed = (re.sub(sample.varies, "…", t) for t in (shown, printed))
    return shown == printed


def problems() -> list[str]:
    """Where the book's samples differ from what the tools print now."""
    import polib

    po = polib.pofile(str(i18n.BOOK_PO), wrapwidth=0)
    found: list[str] = []
    for sample in SAMPLES:
        english, spanish = run(sample, "en"), run(sample, "es")
        for language, text in (("en", english), ("es", spanish)):
            if not path(sample, language).exists() or not same(
                sample, path(sample, language).read_text(encoding="utf-8"), text
            ):
                found.append(
                    f"book/src/samples/{path(sample, language).name}: the tools print something "
                    "else now (`nox -s outputs` makes it again)"
                )
        shown = (
            path(sample, "en").read_text(encoding="utf-8") if path(sample, "en").exists() else ""
        )
        entry = po.find(block(shown))
        if entry is None or not same(sample, entry.msgstr, block(spanish)):
            found.append(
                f"po/es.po: the Spanish of samples/{sample.name} is not what the tools print "
                "in Spanish (`nox -s outputs` puts it there)"
            )
    return found


def main(argv: list[str]) -> int:
    """Run with the course's Python (it has polib): `write NOX_PYTHON` or
    `check NOX_PYTHON`, NOX_PYTHON being the interpreter that runs nox."""
    global NOX_PYTHON
    if len(argv) != 2 or argv[0] not in {"write", "check"}:
        print(main.__doc__)
        return 2
    NOX_PYTHON = argv[1]
    if argv[0] == "check" and starters_untouched():
        # The samples show the starters as committed: a learner's own steps/
        # print other reports, which says nothing about the book.
        print("the book's sample outputs: not compared, as steps/ is not the committed starters")
        return 0
    found = write() if argv[0] == "write" else problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
