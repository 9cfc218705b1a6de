"""The book's Markdown as the tools read it: its headings and their anchors,
and its code blocks.

One heading parser and one slug (mdBook's own rule), used by the report's
"Read:" pointers, the Spanish pages they lead to and the book's checks; one
code-block parser, used by the book's checks and the talks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tools.course.i18n import N_, _, book_message, language
from tools.course.paths import BOOK_BUILD, BOOK_SRC, ROOT, SPANISH, SPANISH_BOOK, served

# "## Title {#explicit-anchor}": a heading line, with mdBook's optional anchor.
HEADING = re.compile(r"^(#+)\s+(.*?)\s*(\{#([\w-]+)\})?$")


# A code block's opening fence: three or more ` or ~, then its info string
# ("python", "rust,ignore"). It closes at a line of the same character, at
# least as many, and nothing else (CommonMark).
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def closes(line: str, fence: str) -> bool:
    """Whether `line` closes the code block that `fence` ("```") opened."""
    stripped = line.strip()
    return stripped.startswith(fence) and stripped == fence[0] * len(stripped)


@dataclass(frozen=True)
class Block:
    """A fenced code block of a chapter."""

    info: str  # "python", "rust,ignore", "" ...
    code: str  # its lines, without the fences
    line: int  # the line of its opening fence, counted from 0

    @property
    def language(self) -> str:
        return self.info.split(",")[0].split()[0] if self.info.strip() else ""


def code_blocks(text: str) -> list[Block]:
    """The fenced code blocks of a chapter's Markdown, in order."""
    found, lines = [], text.splitlines()
    number = 0
    while number < len(lines):
        opening = FENCE.match(lines[number])
        if not opening:
            number += 1
            continue
        end = number + 1
        while end < len(lines) and not closes(lines[end], opening[1]):
            end += 1
        code = "".join(line + "\n" for line in lines[number + 1 : end])
        found.append(Block(opening[2].strip(), code, number))
        number = end + 1
    return found


def headings(text: str) -> list[tuple[int, str, str]]:
    """Each heading of a chapter's Markdown: (level, title, anchor), code blocks left out."""
    inside = set()
    for block in code_blocks(text):
        inside.update(range(block.line, block.line + block.code.count("\n") + 2))
    found = []
    for number, line in enumerate(text.splitlines()):
        match = None if number in inside else HEADING.match(line)
        if match:
            found.append((len(match[1]), match[2], match[4] or slug(match[2])))
    return found


def slug(heading: str) -> str:
    """The anchor mdBook gives a heading (mdbook-html's id_from_content), from
    its Markdown: code marks, emphasis and links reduced to their text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text)
    kept = []
    for ch in text.strip().lower():
        if ch.isalnum() or ch in "_-":
            kept.append(ch)
        elif ch.isspace():
            kept.append("-")
    return "".join(kept)


def page_headings(page: str) -> list[tuple[int, str, str]]:
    path = BOOK_SRC / page
    return headings(path.read_text(encoding="utf-8")) if path.exists() else []


def html_name(page: str) -> str:
    """The file mdBook makes of a page: 'step-1.md' -> 'step-1.html'."""
    return f"{page.removesuffix('.md')}.html"


def section_title(read: str) -> str:
    """'step-1.md#whitespace-exactly' -> 'Step 1 › Whitespace, exactly'."""
    page, _sep, anchor = read.partition("#")
    found = page_headings(page)
    if not found:
        return read
    chapter = next((book_message(title) for level, title, _a in found if level == 1), "")
    for _level, title, name in found:
        if anchor and name == anchor:
            return f"{chapter} › {book_message(title)}"
    return chapter or read


def section_place(read: str) -> str:
    """Where to read a section: the page of the book as built (in Spanish,
    with the anchor of the translated heading), and how to open it when it
    has not been built yet."""
    # The built page, not its source: the source shows `{{#include}}` lines
    # where the book shows the code. In Spanish, with the anchor of the
    # translated heading.
    spanish = language() == "es"
    page, _sep, anchor = read.partition("#")
    if spanish:
        anchor = spanish_anchor(read) or ""
    book = SPANISH_BOOK if spanish else BOOK_BUILD
    copy = served(SPANISH if spanish else "en")
    built = next((f for f in (book, copy) if (ROOT / f / "index.html").exists()), None)
    place = f"{built or book}/{html_name(page)}" + (f"#{anchor}" if anchor else "")
    if built is None:
        place += _(SERVE_ES_OPENS_IT if spanish else SERVE_OPENS_IT)
    return place


# What a pointer into the book adds when no book has been built yet, by
# `nox -s book` (into book/build) or by `nox -s serve` (into target/serve).
SERVE_OPENS_IT = N_(" (not built yet: `nox -s book` builds it, `nox -s serve` shows it)")
SERVE_ES_OPENS_IT = N_(" (not built yet: `nox -s book` builds it, `nox -s serve -- es` shows it)")


def spanish_anchor(read: str, translate=None, book_src: Path = BOOK_SRC) -> str | None:
    """The anchor that 'step-1.md#whitespace-exactly' has in the Spanish
    edition: the slug of its translated heading, or the heading's own
    `{#name}` when it gives one (None: the page has no such heading).
    `translate`: English heading -> Spanish (the compiled catalogue's, by default)."""
    page, _sep, anchor = read.partition("#")
    path = book_src / page
    found = headings(path.read_text(encoding="utf-8")) if path.exists() else []
    for _level, title, name in found:
        if anchor and name == anchor:
            if name != slug(title):  # an explicit {#name}: the same in every edition
                return name
            return slug((translate or book_message)(title))
    return None


def next_chapter(page: str) -> str | None:
    """The chapter after `page` in the book's table of contents (a page
    nested under a chapter, such as its "going deeper", is not a next chapter)."""
    summary = (BOOK_SRC / "SUMMARY.md").read_text(encoding="utf-8")
    pages = re.findall(r"^(?:- )?\[[^\]]*\]\(([\w-]+\.md)\)", summary, flags=re.MULTILINE)
    position = pages.index(page) if page in pages else -1
    return pages[position + 1] if 0 <= position < len(pages) - 1 else None
