"""The workshop's talks rendered: reveal.js decks made from the book's
instructor pages, read by tools/maintain/decks.py (which describes their
markup).

mdBook runs this file as a renderer (`nox -s slides` swaps it for the HTML
one). It writes, into the destination folder, one HTML deck per page with every
slide (`step-1.html`), the same decks cut to each talk (`90m/step-1.html`), an
index, reveal.js (from sphinx-revealjs's copy, so the decks open offline) and
book/slides/slides.css; decks.json lists what it made for `nox -s browser`.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from pathlib import Path

# mdBook runs this file as a program, not as a module of the course's package.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.course import ladder
from tools.course.paths import BOOK_SRC, SPANISH, TARGET
from tools.maintain.decks import (
    EVERY,
    HEADING,
    MINUTES,
    Agenda,
    Deck,
    Slide,
    agenda_problems,
    agendas_of,
    blocks,
    deck_of,
    kind,
    listing,
    problems,
    talks,
)

# The slides' frame, in pixels: a 16:9 projector's (tools/maintain/browser.py checks it).
FRAME = (1280, 720)
HTML = TARGET / "slides" / "html"  # `nox -s slides`: html/step-1.html, ..., html/es/
LIST = "decks.json"  # what was made, for `nox -s browser`

HIGHLIGHT = {"console": "bash", "text": "plaintext", "": "plaintext", "toml": "ini"}


def markdown_html(text: str) -> str:
    from markdown_it import MarkdownIt  # tools/slides-requirements.txt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def code_html(block: str) -> str:
    language, options, code = listing(block)
    language = HIGHLIGHT.get(language, language)
    attributes = f'class="language-{html.escape(language)}" data-noescape'
    if "reveal" in options:
        attributes += f' data-line-numbers="{html.escape(options["reveal"])}"'
    return f"<pre><code {attributes}>{html.escape(chr(10).join(code))}</code></pre>\n"


def notes_with_minutes(notes: list[str], minutes: float) -> str:
    """The notes, their opening minutes those of this talk."""
    text = "\n\n".join(notes)
    return MINUTES.sub(lambda m: m[0].replace(m[1], f"{minutes:g}"), text, count=1)


def slide_html(deck: Deck, slide: Slide, number: int, agenda: str | None) -> str:
    minutes = slide.minutes_in(agenda)
    classes = ["title"] if number == 0 else []
    if slide.exercise:
        classes.append("exercise")
    if slide.solution:
        classes.append("solution")
    out = [f'<section data-timing="{round(minutes * 60)}" class="{" ".join(classes)}">']
    level = "h1" if number == 0 else "h2"
    out.append(f"<{level}>{inline(slide.title)}</{level}>")
    for block in slide.body:
        shown = code_html(block) if kind(block) == "code" else markdown_html(block)
        if slide.fragments:
            shown = shown.replace("<li>", '<li class="fragment">')
        out.append(shown)
    if number == 0:
        total = sum(s.minutes_in(agenda) for s in deck.slides if s.in_agenda(agenda))
        out.append(f'<p class="duration">{total:g} min</p>')
    notes = notes_with_minutes(slide.notes, minutes)
    out.append(f'<aside class="notes">\n{markdown_html(notes)}</aside>')
    out.append("</section>")
    return "\n".join(out)


def inline(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").renderInline(text)


PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{title}</title>
<link rel="stylesheet" href="{up}_static/revealjs/dist/reset.css">
<link rel="stylesheet" href="{up}_static/revealjs/dist/reveal.css">
<link rel="stylesheet" href="{up}_static/slides.css">
</head>
<body>
<div class="reveal"><div class="slides">
{slides}
</div></div>
<script src="{up}_static/revealjs/dist/reveal.js"></script>
<script src="{up}_static/revealjs/plugin/notes/notes.js"></script>
<script src="{up}_static/revealjs/plugin/highlight/highlight.js"></script>
<script>
Reveal.initialize({{
  width: {width}, height: {height}, margin: 0.04, center: false, hash: true,
  slideNumber: "c/t", navigationMode: "linear", transition: "none",
  controls: false, progress: true,
  // The presenter window shows its pace only with a default time; every
  // slide has its own (data-timing), so the default is never used.
  defaultTiming: 60,
  plugins: [RevealNotes, RevealHighlight],
}});
</script>
</body>
</html>
"""


def deck_html(deck: Deck, agenda: str | None, lang: str, up: str) -> str:
    shown = [(n, s) for n, s in enumerate(deck.slides) if n == 0 or s.in_agenda(agenda)]
    slides = "\n".join(slide_html(deck, s, n, agenda) for n, s in shown)
    title = html.escape(deck.slides[0].title)
    width, height = FRAME
    return PAGE.format(lang=lang, title=title, up=up, slides=slides, width=width, height=height)


def in_talk(deck: Deck, agenda: str) -> bool:
    return any(s.in_agenda(agenda) for s in deck.slides[1:])


INDEX = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="_static/slides.css"></head>
<body class="index">
<h1>{title}</h1>
{other}
{talks}
</body>
</html>
"""


def index_html(title: str, decks: list[Deck], agendas: list[Agenda], lang: str) -> str:
    listed = []
    every = next((a for a in agendas if a.key == EVERY), Agenda(EVERY, "*", 0))
    for agenda in [*talks(agendas), every]:
        key = None if agenda.key == EVERY else agenda.key
        prefix = f"{key}/" if key else ""
        items = []
        for deck in decks:
            if key and not in_talk(deck, key):
                continue
            count = sum(1 for s in deck.slides if s.in_agenda(key))
            minutes = sum(s.minutes_in(key) for s in deck.slides if s.in_agenda(key))
            items.append(
                f'<li><a href="{prefix}{deck.name}.html">{inline(deck.slides[0].title)}</a>'
                f" · {count} · {minutes:g} min</li>"
            )
        total = f" · {agenda.minutes:g} min" if key else ""
        listed.append(
            f"<h2>{inline(agenda.title)}{total}</h2>\n<ul>\n" + "\n".join(items) + "\n</ul>"
        )
    other = (
        '<p><a href="es/index.html" lang="es">Español</a></p>'
        if lang == "en"
        else '<p><a href="../index.html" lang="en">English</a></p>'
    )
    return INDEX.format(lang=lang, title=inline(title), other=other, talks="\n".join(listed))


IMAGE = re.compile(r'<img src="([^"]+)"')


def with_pictures(page: str, destination: Path, up: str) -> str:
    """A picture of the book (book/src/...) is copied next to the decks."""

    def copy(match: re.Match) -> str:
        source = (BOOK_SRC / "slides" / match[1]).resolve()
        if not source.is_file():
            sys.exit(f"a slide shows {match[1]}, which is not in the book")
        target = destination / "_static" / "pictures" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        return f'<img src="{up}_static/pictures/{source.name}"'

    return IMAGE.sub(copy, page)


def copy_assets(destination: Path) -> None:
    """reveal.js and its two plugins (sphinx-revealjs ships them), and our styles."""
    import sphinx_revealjs

    source = Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"
    static = destination / "_static"
    for part in ["dist", "plugin/notes", "plugin/highlight"]:
        target = static / "revealjs" / part
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source / part, target, ignore=shutil.ignore_patterns("*.map", "*.esm.js"))
    shutil.copy(ROOT / "book" / "slides" / "slides.css", static / "slides.css")


def chapters(items: list) -> list[dict]:
    found = []
    for item in items:
        chapter = item.get("Chapter") if isinstance(item, dict) else None
        if chapter:
            found.append(chapter)
            found.extend(chapters(chapter["sub_items"]))
    return found


def build(pages: list[tuple[str, str]], destination: Path, lang: str) -> list[str]:
    """Write every deck of `pages` ((name, Markdown) of book/src/slides/*.md)."""
    wrong: list[str] = []
    decks = []
    agendas: list[Agenda] = []
    title = "Hands-on PyO3"
    for name, markdown in pages:
        if name == "index":
            agendas = agendas_of(markdown)
            heading = next((b for b in blocks(markdown) if kind(b) == "heading"), None)
            title = HEADING.match(heading)[2] if heading else title
        deck = deck_of(name, markdown)
        if deck is None:
            continue
        exercises = ladder.exercises(deck.step) if deck.step else None
        wrong += problems(name, markdown, exercises)
        decks.append(deck)
    wrong += agenda_problems(decks, talks(agendas))
    if wrong:
        return wrong
    destination.mkdir(parents=True, exist_ok=True)
    copy_assets(destination)
    made = []
    for agenda in [None, *(a.key for a in talks(agendas))]:
        folder = destination / agenda if agenda else destination
        folder.mkdir(exist_ok=True)
        for deck in decks:
            if agenda and not in_talk(deck, agenda):
                continue
            up = "../" if agenda else ""
            page = deck_html(deck, agenda, lang, up)
            (folder / f"{deck.name}.html").write_text(
                with_pictures(page, destination, up), encoding="utf-8"
            )
            shown = [s for n, s in enumerate(deck.slides) if n == 0 or s.in_agenda(agenda)]
            made.append(
                {
                    "path": f"{agenda}/{deck.name}.html" if agenda else f"{deck.name}.html",
                    "agenda": agenda,
                    "slides": len(shown),
                    "minutes": sum(s.minutes_in(agenda) for s in shown),
                    "notes_words": [s.note_words() for s in shown],
                    "fragments": [bool(s.exercise) for s in shown],
                }
            )
    (destination / "index.html").write_text(
        index_html(title, decks, agendas, lang), encoding="utf-8"
    )
    listed = [{"key": a.key, "title": a.title, "minutes": a.minutes} for a in talks(agendas)]
    summary = {"lang": lang, "decks": made, "agendas": listed}
    (destination / LIST).write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return []


def editions() -> list[tuple[str, Path]]:
    """(language, folder) of each edition of the talks, HTML emptied first so
    that no deck of a page the book no longer has stays behind."""
    if HTML.exists():
        shutil.rmtree(HTML)
    return edition_folders(HTML)


def edition_folders(html: Path) -> list[tuple[str, Path]]:
    """(language, folder) of each edition of the talks built into `html`."""
    return [("en", html), (SPANISH, html / SPANISH)]


def renderer_settings(folder: Path, language: str, log=print) -> dict[str, str]:
    """mdBook's settings for `nox -s slides`: the book read as for `nox -s book`
    (book/book.toml: its sources, its preprocessors, its {{#include}}s; for
    Spanish, mdbook-gettext with po/es.po), but rendered by this file alone
    (MDBOOK_OUTPUT replaces [output]) into `folder`."""
    from tools.course import mdbook

    return {
        **mdbook.edition(language, log=log),
        "MDBOOK_OUTPUT": json.dumps(
            {"slides": {"command": f"python {mdbook.command(Path(__file__))}"}}
        ),
        "MDBOOK_BUILD__BUILD_DIR": str(folder),
    }


def main() -> None:
    """mdBook's renderer: the book comes on stdin, the decks go to the
    destination folder."""
    context = json.load(sys.stdin)
    book = context["book"]
    lang = context["config"]["book"].get("language", "en")
    destination = Path(context["destination"])
    pages = []
    for chapter in chapters(book.get("items", book.get("sections", []))):
        source = Path(chapter.get("source_path") or chapter.get("path") or "")
        if source.parent.name == "slides":
            pages.append((source.stem, chapter["content"]))
    wrong = build(pages, destination, lang)
    if wrong:
        sys.exit("\n".join(wrong))


if __name__ == "__main__":
    main()
