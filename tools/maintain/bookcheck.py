"""`nox -s book`'s checks: what the built book says is true.

Its Python examples run (below), its minutes add up, its Rust listings come
from the crates, its slide markers are well formed, the errors it quotes for
PyO3's old spellings are rustc's own, and its links name headings that exist.

Every ```python block of a chapter that holds `>>>` prompts is a doctest. The
blocks of one chapter run in order in one namespace, against the solution of
that chapter's step (step-N.md: solutions/stepN; any other chapter: the last
step's solution).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.course.build import cargo_env, diagnostic
from tools.course.headings import code_blocks
from tools.course.paths import BOOK_BUILD, BOOK_SRC, ROOT, step_of_chapter
from tools.course.report import summary
from tools.course.runner import python_path


def run_examples(name: str, blocks: list[tuple[int, str]]) -> int:
    """Run a chapter's doctest blocks in order, in one namespace; print the
    tally and return the exit status. Run in the course's Python with the
    step's jxl_demo importable (see `run`)."""
    import doctest

    parser = doctest.DocTestParser()
    found = []
    for first_line, text in blocks:
        for example in parser.get_examples(text):
            example.lineno += first_line  # doctest counts from 0: this is the chapter's line
            if sys.version_info < (3, 11) and example.exc_msg:  # no exception notes before 3.11
                example.exc_msg = "".join(
                    line
                    for line in example.exc_msg.splitlines(True)
                    if not line.startswith("while processing")
                )
            found.append(example)
    test = doctest.DocTest(found, {"__name__": "book"}, name, name, 0, None)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    runner.run(test)
    failed, attempted = runner.summarize(verbose=False)
    print(summary(name, attempted - failed, failed))
    return 1 if failed or not attempted else 0


def examples(chapter: Path) -> list[tuple[int, str]]:
    """The chapter's doctest blocks, each with the line it starts on."""
    blocks = code_blocks(chapter.read_text(encoding="utf-8"))
    return [
        (block.line + 1, block.code)
        for block in blocks
        if block.language == "python" and ">>> " in block.code
    ]


def chapters_with_examples() -> list[Path]:
    return [p for p in sorted(BOOK_SRC.glob("*.md")) if examples(p)]


def step_of(chapter: Path, last_step: int) -> int:
    step = step_of_chapter(chapter.name)
    return last_step if step is None else step


def run(chapter: Path, python: Path, module_dir: Path, env: dict) -> bool:
    proc = subprocess.run(
        [str(python), "-m", "tools.maintain.bookcheck", f"book/src/{chapter.name}"],
        input=json.dumps(examples(chapter)),
        env=dict(env, PYTHONPATH=python_path(module_dir, str(ROOT))),
        cwd=BOOK_SRC.parent.parent,  # the repository: examples open images/...
        text=True,
        check=False,
    )
    return proc.returncode == 0


def failing_chapters(python: Path, last_step: int) -> list[str]:
    """The chapters whose Python examples fail, each run against its step's solution."""
    from tools.course.build import build
    from tools.course.paths import crate

    failed = []
    for chapter in chapters_with_examples():
        result = build(crate("solution", step_of(chapter, last_step)), python)
        if not result.ok or not run(chapter, python, result.module_dir, os.environ):
            failed.append(chapter.name)
    return failed


def timing_problems() -> list[str]:
    """Minutes in the book must add up: each agenda to its total, each step's
    instructor notes ("**Time:** 45 minutes. 10 for ...; 5 for ...") to theirs."""
    problems = []
    workshop = BOOK_SRC / "workshop.md"
    tables = re.findall(
        r"^\| Minutes \| Part \|\n\|[-:| ]+\|\n((?:\|.*\|\n)+)",
        workshop.read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    if len(tables) < 3:  # 90 minutes, 3 hours, a day
        problems.append("workshop.md: expected an agenda table for each talk")
    for table in tables:
        rows = [
            re.match(r"\|\s*(\d+)\s*\|\s*(.*?)\s*\|", line).groups() for line in table.splitlines()
        ]
        *parts, (total, label) = rows
        if label != "Total" or sum(int(m) for m, _ in parts) != int(total):
            problems.append(f"workshop.md: an agenda's parts do not add up to its total of {total}")
    for chapter in sorted(BOOK_SRC.glob("step-*.md")):
        match = re.search(
            r"\*\*Time:\*\*([^\n]*(?:\n[^\n*]+)*)", chapter.read_text(encoding="utf-8")
        )
        if not match:
            problems.append(f"{chapter.name}: no **Time:** in its instructor notes")
            continue
        text = " ".join(match[1].split())
        total = int(re.search(r"(\d+) minutes", text)[1])
        parts = [int(n) for n in re.findall(r"(\d+) for\b", text)]
        if sum(parts) != total:
            problems.append(f"{chapter.name}: its parts ({parts}) do not add up to {total} minutes")
    return problems


def listing_problems() -> list[str]:
    """Every Rust listing in the book comes from the crates ({{#include}}), or
    says on its first line that it is an illustration: pasted step code would
    drift from what the checks test."""
    problems = []
    for chapter in sorted(BOOK_SRC.glob("*.md")):
        for block in code_blocks(chapter.read_text(encoding="utf-8")):
            body = block.code.strip()
            if block.language != "rust" or body.startswith("{{#include"):
                continue
            if body.lower().startswith("// illustration"):
                continue
            line = block.line + 1
            problems.append(
                f"{chapter.name}:{line}: a Rust listing neither included from the crates "
                "nor marked `// Illustration`"
            )
    return problems


def slide_problems() -> list[str]:
    """The slide markers of every chapter are well formed (tools/maintain/decks.py).

    The decks take their listings only from the chapters' fenced blocks, after
    mdBook's includes: listing_problems() above therefore covers the decks too,
    and a slide can show no code that the chapters do not."""
    from tools.maintain import decks

    problems = []
    for chapter in sorted(BOOK_SRC.glob("*.md")):
        problems += decks.problems(chapter.stem, chapter.read_text(encoding="utf-8"))
    return problems


# An old spelling the book shows (included from book/porting/snippets/), then
# the compiler's error as the book quotes it.
OLD_SPELLING = re.compile(
    r"\{\{#include \.\./porting/snippets/(\w+_old)\.rs\}\}\n```\n+```text\n(.*?)^```",
    re.MULTILINE | re.DOTALL,
)


def porting_problems(env: dict) -> list[str]:
    """Every error message the book quotes for an old PyO3 spelling is the one
    rustc gives today: each snippet is built (an example of book/porting that
    needs the feature `old-spellings`) and each quoted line must appear in the
    compiler's errors. A snippet that compiles is a problem too."""
    problems = []
    snippets = BOOK_SRC.parent / "porting" / "snippets"
    unquoted = {path.stem for path in snippets.glob("*_old.rs")}
    for chapter in sorted(BOOK_SRC.glob("*.md")):
        for match in OLD_SPELLING.finditer(chapter.read_text(encoding="utf-8")):
            name, quoted = match[1], match[2]
            unquoted.discard(name)
            proc = subprocess.run(
                ["cargo", "build", "--quiet", "-p", "porting", "--features", "old-spellings",
                 "--example", name, "--message-format=json", "--color=never"],
                cwd=BOOK_SRC.parent.parent, env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            found = [diagnostic(json.loads(line)) for line in proc.stdout.splitlines()]
            errors = [rendered for kind, rendered in found if kind == "error"]
            if proc.returncode == 0 or not errors:
                problems.append(f"{chapter.name}: snippets/{name}.rs compiles, or cargo failed")
                continue
            seen = {line.strip() for error in errors for line in error.splitlines()}
            for line in quoted.splitlines():
                if line.strip() and line.strip() not in seen:
                    problems.append(f"{chapter.name}: rustc does not say, for {name}: {line}")
    problems += [
        f"book/porting/snippets/{name}.rs: no chapter quotes its error" for name in unquoted
    ]
    return problems


def problems(python: Path, last_step: int) -> list[str]:
    """Everything `nox -s book` checks in the built English book: its Python
    examples run, its minutes add up, its listings and slide markers are well
    formed, its links lead somewhere, the errors it quotes for PyO3's old
    spellings are rustc's own, and the reports it shows are the tools' own."""
    failed = failing_chapters(python, last_step)
    found = [f"the Python examples of these chapters fail: {', '.join(failed)}"] if failed else []
    found += timing_problems() + listing_problems() + slide_problems()
    found += broken_links(ROOT / BOOK_BUILD)[0]
    return found + porting_problems(cargo_env(python)) + samples_problems(python)


def course_module(python: Path, *args: str) -> bool:
    """Run `python -m tools.maintain.<args>` in the course's environment, its
    output shown as it comes; whether it passed."""
    return subprocess.run([str(python), "-m", *args], cwd=ROOT, check=False).returncode == 0


def samples_problems(python: Path) -> list[str]:
    """The reports the book shows are what the tools print now, in English and Spanish."""
    if course_module(python, "tools.maintain.outputs", "check", sys.executable):
        return []
    return ["the book's sample outputs are not what the tools print (see above)"]


def spanish_problems(python: Path, template: Path, spanish: Path) -> list[str]:
    """The built Spanish edition: its links, and its catalogues, which must
    hold every message of the English `template` (messages.pot), translated
    and not fuzzy, in po/es.po and po/course-es.po."""
    found = broken_links(spanish)[0]
    if not course_module(python, "tools.maintain.catalogues", "check", str(template), str(spanish)):
        found.append("the Spanish catalogues are not up to date (see above)")
    return found


# The pages mdBook makes beside the chapters.
NOT_CHAPTERS = {"print.html", "toc.html", "404.html"}


def book_pages(folder: Path) -> list[Path]:
    """The chapters of a built edition, and the instructors' pages in slides/
    (the talks' sources)."""
    pages = [*folder.glob("*.html"), *folder.glob("slides/*.html")]
    return sorted(p for p in pages if p.name not in NOT_CHAPTERS)


class _Page(HTMLParser):
    """The ids and the link targets of one HTML page (the standard library's
    parser: mdBook writes every heading's id into the page, no script needed)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        if tag == "a" and found.get("href"):
            self.links.append(found["href"])


def _parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def page_ids(path: Path) -> set[str]:
    """The ids of a built page: the anchors its links may name."""
    return _parsed(path).ids


def broken_links(folder: Path) -> tuple[list[str], int]:
    """(links between the pages of a built edition that lead nowhere, or whose
    #anchor names no heading there; how many links were followed). A
    translated heading has another anchor than the English one, so a link in
    po/es.po must use the Spanish heading's."""
    parsed: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in parsed:
            parsed[path] = _parsed(path)
        return parsed[path]

    found, followed = [], 0
    for source in book_pages(folder):
        for href in page(source).links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue  # outside the book
            followed += 1
            target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
            if target.is_dir():
                target = target / "index.html"
            where = source.relative_to(folder).as_posix()
            if not target.exists():
                found.append(f"{folder.name}/{where}: the link {href} leads nowhere")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in page(target).ids
            ):
                found.append(
                    f"{folder.name}/{where}: the link {href} names no heading of {target.name}"
                )
    return found, followed


if __name__ == "__main__":
    sys.exit(run_examples(sys.argv[1], json.load(sys.stdin)))
