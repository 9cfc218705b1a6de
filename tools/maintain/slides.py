"""The workshop's slide decks, made from the book's own chapters.

A chapter becomes a deck when it marks slides. A marker is an HTML comment on
a line of its own, so the book's reader never sees it:

    <!-- slide -->                  a slide titled after the current heading
    <!-- slide: Another title -->   the same, with its own title
    <!-- slide lists -->            its lists go on the slide too
    <!-- slide live-code -->        the slide during which the instructor
                                    live-codes: it names `nox -s diff -- N`,
                                    and the chapter's live-coding notes and
                                    common mistakes become its speaker notes

A slide runs from its marker to the next marker or heading, or to an
`<!-- /slide -->` (what follows it, up to the next marker, is the book's only). Its listings
(fenced code, which the chapter `{{#include}}`s from the crates) and its tables
go on the slide; its prose becomes the slide's speaker notes: what the book
says is what the presenter says. The chapter's title becomes the first slide,
with the minutes of its "For instructors" notes, and its opening paragraphs as
notes. So adding a slide is one line in one file, next to the text it shows.

mdBook runs this file as a renderer (`nox -s slides` swaps it for the HTML
one), with the book's own configuration: its `links` preprocessor has expanded
every `{{#include}}` and the course's preprocessors have done their work
(book/exercises.py), exactly as for the book. It writes one MyST Markdown file per deck; Sphinx with sphinx-revealjs
turns them into reveal.js decks (book/slides/conf.py, `nox -s slides`).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

MARKER = re.compile(r"^<!-- slide((?: [a-z-]+)*)(?:: (.*?))? -->$")
END = "<!-- /slide -->"
OPTIONS = {"lists", "live-code"}
LIST = re.compile(r"^(\d+\.|[-*]) ")
FENCE = re.compile(r"^(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6}) (.*)$")
# Lines that only fold the book's hints and solutions away: on a slide, the
# content shows, the folding does not.
FOLDING = re.compile(r"^\s*(</?details[^>]*>|<summary>.*</summary>|</?summary>)\s*$")
LINK = re.compile(r"\[([^\]]+)\]\([^)\s]+\)")
INSTRUCTORS = "For instructors"


@dataclass
class Slide:
    title: str
    options: set[str] = field(default_factory=set)
    body: list[str] = field(default_factory=list)  # Markdown blocks shown
    notes: list[str] = field(default_factory=list)  # Markdown blocks for the presenter


@dataclass
class Deck:
    name: str  # the chapter's file name without .md
    title: str
    step: int | None
    minutes: str = ""
    opening: list[str] = field(default_factory=list)
    instructor_notes: list[str] = field(default_factory=list)
    slides: list[Slide] = field(default_factory=list)


def blocks(markdown: str) -> list[str]:
    """The chapter's blocks: paragraphs, lists, tables, headings, fenced code,
    comments. A blank line outside a fence ends a block."""
    found: list[str] = []
    current: list[str] = []
    fence = None
    for line in markdown.splitlines():
        if fence is None and FOLDING.match(line):
            continue
        if fence is not None:
            current.append(line)
            if line.strip().startswith(fence) and line.strip() == fence[0] * len(line.strip()):
                fence = None
                found.append("\n".join(current))
                current = []
            continue
        opening = FENCE.match(line)
        if opening:
            if current:
                found.append("\n".join(current))
            current, fence = [line], opening[1]
            continue
        if not line.strip():
            if current:
                found.append("\n".join(current))
            current = []
        elif HEADING.match(line) or MARKER.match(line) or line == END:
            if current:
                found.append("\n".join(current))
            found.append(line)
            current = []
        else:
            current.append(line)
    if current:
        found.append("\n".join(current))
    return found


def kind(block: str) -> str:
    first = block.splitlines()[0]
    if FENCE.match(first):
        return "code"
    if MARKER.match(first):
        return "marker"
    if first == END:
        return "end"
    if HEADING.match(first):
        return "heading"
    if first.startswith("|"):
        return "table"
    if first.startswith("<!--") or first.lstrip().startswith("<img"):
        return "skip"
    return "prose"


def markers(markdown: str) -> list[re.Match]:
    """Every slide marker of a chapter, outside its code."""
    return [m for b in blocks(markdown) if (m := MARKER.match(b.splitlines()[0]))]


def deck_of(name: str, markdown: str) -> Deck | None:
    """The chapter's deck, or None when it marks no slide."""
    if not markers(markdown):
        return None
    step = re.fullmatch(r"step-(\d+)", name)
    deck = Deck(name=name, title="", step=int(step[1]) if step else None)
    slide: Slide | None = None
    section = ""
    in_instructors = False
    for block in blocks(markdown):
        what = kind(block)
        if what == "heading":
            level, text = HEADING.match(block).groups()
            slide = None
            if level == "#" and not deck.title:
                deck.title = text
                continue
            if len(level) <= 2:
                in_instructors = text.strip() == INSTRUCTORS
            section = text
            continue
        if in_instructors:
            if what == "marker":
                continue
            time = re.match(r"\*\*Time:\*\*\s*(.*)", block, re.DOTALL)
            if time:
                deck.minutes = re.split(r"[.:](?:\s|$)", " ".join(time[1].split()))[0]
                deck.opening.append(block)
            else:
                deck.instructor_notes.append(block)
            continue
        if what == "end":
            slide = None
        elif what == "marker":
            options, title = MARKER.match(block).groups()
            slide = Slide(title=title or section or deck.title, options=set(options.split()))
            deck.slides.append(slide)
        elif not deck.slides and not section and what == "prose":
            deck.opening.append(block)  # the chapter's opening: the first slide's notes
        elif slide is None or what == "skip":
            continue
        elif what in {"code", "table"} or ("lists" in slide.options and LIST.match(block)):
            slide.body.append(block)
        else:
            slide.notes.append(block)
    live = [s for s in deck.slides if "live-code" in s.options]
    if deck.instructor_notes:
        (live or deck.slides)[-1].notes.extend(deck.instructor_notes)
    return deck


def problems(name: str, markdown: str) -> list[str]:
    """What is wrong with a chapter's slide markers (empty: nothing)."""
    found = []
    for match in markers(markdown):
        unknown = set(match[1].split()) - OPTIONS
        if unknown:
            found.append(f"{name}.md: unknown slide option(s) {sorted(unknown)} in {match[0]}")
    deck = deck_of(name, markdown)
    if deck is None:
        return found
    for slide in deck.slides:
        if not slide.body:
            found.append(
                f"{name}.md: the slide {slide.title!r} shows nothing (no listing, table, list)"
            )
    if deck.step is not None and not deck.minutes:
        found.append(f"{name}.md: a deck of a step needs **Time:** in its instructor notes")
    if deck.step is not None and not any("live-code" in s.options for s in deck.slides):
        found.append(f"{name}.md: a step's deck needs a `<!-- slide live-code -->`")
    return found


# --------------------------------------------------------------------------
# MyST Markdown for Sphinx


def raw_html(content: str) -> str:
    ticks = "`" * max(3, max((len(r) for r in re.findall(r"`+", content)), default=0) + 1)
    return f"{ticks}{{raw}} html\n{content}\n{ticks}"


def notes_html(parts: list[str]) -> str:
    """Speaker notes, as HTML: reveal.js shows an `<aside class="notes">` in the
    presenter window only."""
    from markdown_it import MarkdownIt  # installed with myst-parser

    text = "\n\n".join(LINK.sub(r"\1", part) for part in parts)
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    return raw_html(f'<aside class="notes">\n{rendered}</aside>')


def heading(text: str) -> str:
    return "# " + LINK.sub(r"\1", text)


def myst(deck: Deck) -> str:
    """The deck as one MyST document: each slide a top-level section."""
    out = ["---", "orphan: true", "---", "", heading(deck.title), ""]
    subtitle = []
    if deck.minutes:
        subtitle.append(deck.minutes[0].upper() + deck.minutes[1:])
    if deck.step is not None:
        subtitle.append(f"`nox -s step{deck.step}`")
    if subtitle:
        out += [" · ".join(subtitle), ""]
    out += [notes_html(deck.opening or [deck.title]), ""]
    for slide in deck.slides:
        out += [heading(slide.title), ""]
        for block in slide.body:
            out += [LINK.sub(r"\1", block) if kind(block) != "code" else block, ""]
        if "live-code" in slide.options and deck.step is not None:
            command = f"nox -s diff -- {deck.step}"
            line = f"Live-coding: <code>{command}</code> prints the whole edit"
            out += [raw_html(f'<p class="live-code">{line}</p>'), ""]
        if slide.notes:
            out += [notes_html(slide.notes), ""]
    return "\n".join(out)


def index(decks: list[Deck]) -> str:
    lines = ["# Hands-on PyO3: the decks", ""]
    lines += [f"- [{d.title}]({d.name}.md)" for d in decks]
    return "\n".join(lines) + "\n"


def shown(deck: Deck) -> int:
    """The slide the workshop page pictures: the live-coding one, or the fullest."""
    live = [n for n, s in enumerate(deck.slides, 1) if "live-code" in s.options]
    if live or not deck.slides:
        return live[0] if live else 0
    lines = [sum(len(b.splitlines()) for b in s.body) for s in deck.slides]
    return 1 + lines.index(max(lines))


def chapters(items: list) -> list[dict]:
    found = []
    for item in items:
        chapter = item.get("Chapter") if isinstance(item, dict) else None
        if chapter:
            found.append(chapter)
            found.extend(chapters(chapter["sub_items"]))
    return found


def main() -> None:
    """mdBook's renderer: the book comes on stdin, the decks go to the
    destination folder (the working directory)."""
    context = json.load(sys.stdin)
    book = context["book"]
    destination = Path(context["destination"])
    destination.mkdir(parents=True, exist_ok=True)
    decks = []
    for chapter in chapters(book.get("items", book.get("sections", []))):
        name = Path(chapter.get("source_path") or chapter["path"]).stem
        deck = deck_of(name, chapter["content"])
        if deck is None:
            continue
        wrong = problems(name, chapter["content"])
        if wrong:
            sys.exit("\n".join(wrong))
        decks.append(deck)
        (destination / f"{name}.md").write_text(myst(deck), encoding="utf-8")
    (destination / "index.md").write_text(index(decks), encoding="utf-8")
    (destination / "decks.json").write_text(
        json.dumps(
            [{"name": d.name, "slides": 1 + len(d.slides), "shown": shown(d)} for d in decks]
        )
    )


if __name__ == "__main__":
    main()
