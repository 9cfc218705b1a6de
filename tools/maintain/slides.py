"""The workshop's talks: reveal.js decks made from the book's instructor pages.

The sources are pages of the book itself, in its "For instructors" part
(book/src/slides/*.md), so the gettext catalogue (po/es.po) translates the
slides as it translates every chapter, and the Spanish decks come from the same
source. A page is a deck when it carries `<!-- deck -->` (or `<!-- deck: N -->`
for step N); its markup reads as an ordinary page in the book:

    # Step 1: a first Rust function in Python    the title slide (and the
    <!-- deck: 1 -->                             lines under it, up to the
                                                 first `##`)
    ## A title that states the point            one slide per `##` heading
    <!-- agendas: day 3h -->                     only in these talks (default:
                                                 all of them; `<!-- agendas: -->`
                                                 none: the deck of every slide only)
    <!-- minutes: 90m=1 -->                      another time in one talk
    <!-- exercise: count_words -->               the exercise of checks/exercises.py
    <!-- solution: count_words -->               its solution, on a later slide
    <!-- fragments -->                           its list items one at a time

    Up to about five short lines, or one short listing:

    ```rust,lines=3-9,nocomments,reveal=1|2-4
    {{#include ../../../solutions/step1/src/lib.rs:count_words}}
    ```

    > **2 min.** The speaker notes: a blockquote that opens with the
    > slide's minutes, then talking points.

A listing is always `{{#include}}`d from the crates (mdBook's `links`
preprocessor has expanded it, and book/exercises.py has removed the exercise
markers, exactly as for the book); `lines=` keeps some of its lines,
`nocomments` drops its comment-only lines, and `reveal=` walks the room through
it with reveal.js's line highlights.

The talks (the agendas of "Running a workshop") are declared on the index page,
`book/src/slides/index.md`, as `<!-- agenda: 90m 90 -->` under the heading that
names the talk: its key and its minutes. Every slide's minutes become its
`data-timing`, the presenter window's pace; the minutes of a talk's slides must
add up to the talk's. An exercise's slide and its solutions' add up to the
exercise's minutes in checks/exercises.py.

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
import statistics
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOOK_SRC = ROOT / "book" / "src"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MARKER = re.compile(
    r"^<!-- (deck|agendas|minutes|exercise|solution|agenda|fragments)(?::(.*?))? -->$"
)
FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")
HEADING = re.compile(r"^(#{1,6}) (.*)$")
LIST = re.compile(r"^\s*(\d+\.|[-*]) ")
MINUTES = re.compile(r"^\*\*(\d+(?:\.\d+)?) min")
WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
COMMENT = re.compile(r"^\s*(//|#(?!\[))")  # a Rust or Python comment line (not `#[attr]`)

# What a slide may hold, so that the back row can read it.
MAX_LINES = 5  # paragraphs' lines and list items, with no listing
MAX_LISTING = 14  # lines of a listing
MAX_COLUMNS = 74  # characters of a listing's line (26 px code in a 1280 px frame)
MAX_NOTE_WORDS = 160
MAX_MEDIAN_NOTE_WORDS = 60


@dataclass
class Slide:
    title: str
    minutes: float = 0.0
    overrides: dict[str, float] = field(default_factory=dict)
    agendas: set[str] | None = None  # None: every talk
    exercise: str = ""
    solution: str = ""
    fragments: bool = False  # its list items appear one at a time
    body: list[str] = field(default_factory=list)  # Markdown blocks shown
    notes: list[str] = field(default_factory=list)  # Markdown blocks for the presenter

    def minutes_in(self, agenda: str | None) -> float:
        return self.overrides.get(agenda, self.minutes) if agenda else self.minutes

    def in_agenda(self, agenda: str | None) -> bool:
        return agenda is None or self.agendas is None or agenda in self.agendas

    def note_words(self) -> int:
        return len(WORD.findall(" ".join(self.notes)))


@dataclass
class Deck:
    name: str  # the page's file name without .md
    step: int | None
    slides: list[Slide] = field(default_factory=list)  # the first one: the title slide


EVERY = "every"


@dataclass
class Agenda:
    key: str
    title: str
    minutes: float


def blocks(markdown: str) -> list[str]:
    """The page's blocks: paragraphs, lists, tables, quotes, headings, fenced
    code, comments. A blank line outside a fence ends a block."""
    found: list[str] = []
    current: list[str] = []
    fence = None
    for line in markdown.splitlines():
        if fence is not None:
            current.append(line)
            stripped = line.strip()
            if stripped.startswith(fence) and stripped == fence[0] * len(stripped):
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
        elif HEADING.match(line) or MARKER.match(line.strip()):
            if current:
                found.append("\n".join(current))
            found.append(line.strip() if MARKER.match(line.strip()) else line)
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
    if HEADING.match(first):
        return "heading"
    if first.lstrip().startswith(">"):  # mdbook-gettext writes " > "
        return "notes"
    if first.startswith("<!--"):
        return "skip"
    if first.startswith("|"):
        return "table"
    if LIST.match(first):
        return "list"
    return "prose"


def unquote(block: str) -> str:
    return "\n".join(re.sub(r"^\s*> ?", "", line) for line in block.splitlines()).strip()


def agenda_set(value: str) -> set[str]:
    return set(value.split())


def is_deck(markdown: str) -> bool:
    return any((m := MARKER.match(b.splitlines()[0])) and m[1] == "deck" for b in blocks(markdown))


def deck_of(name: str, markdown: str) -> Deck | None:
    """The page's deck, or None when the page is not one."""
    if not is_deck(markdown):
        return None
    deck = Deck(name=name, step=None)
    default_agendas: set[str] | None = None
    slide: Slide | None = None
    for block in blocks(markdown):
        what = kind(block)
        if what == "heading":
            level, text = HEADING.match(block).groups()
            if len(level) <= 2:
                slide = Slide(title=text.strip(), agendas=default_agendas)
                deck.slides.append(slide)
                continue
        if slide is None:
            continue
        if what == "marker":
            name_, value = MARKER.match(block).groups()
            value = (value or "").strip()
            if name_ == "deck":
                deck.step = int(value) if value else None
            elif name_ == "agendas":
                slide.agendas = agenda_set(value)
                if len(deck.slides) == 1:  # on the title slide: the deck's default
                    default_agendas = slide.agendas
            elif name_ == "minutes":
                for item in value.split():
                    key, _, number = item.partition("=")
                    slide.overrides[key] = float(number)
            elif name_ in {"exercise", "solution"}:
                setattr(slide, name_, value)
            elif name_ == "fragments":
                slide.fragments = True
        elif what == "notes":
            text = unquote(block)
            if not slide.notes:
                found = MINUTES.match(text)
                slide.minutes = float(found[1]) if found else 0.0
            slide.notes.append(text)
        elif what != "skip":
            slide.body.append(block)
    return deck


def agendas_of(markdown: str) -> list[Agenda]:
    """The talks that the index page declares: `<!-- agenda: KEY MINUTES -->`
    under the heading that names each one."""
    found = []
    title = ""
    for block in blocks(markdown):
        if kind(block) == "heading":
            title = HEADING.match(block)[2].strip()
        elif (m := MARKER.match(block.splitlines()[0])) and m[1] == "agenda":
            key, *minutes = (m[2] or "").split()
            # `<!-- agenda: every -->`: the heading of the decks with every slide.
            found.append(Agenda(key=key, title=title, minutes=float(minutes[0]) if minutes else 0))
    return found


def talks(agendas: list[Agenda]) -> list[Agenda]:
    return [a for a in agendas if a.key != EVERY]


# --------------------------------------------------------------------------
# Listings


def listing(block: str) -> tuple[str, dict[str, str], list[str]]:
    """A fenced block: its language, its options and the lines it shows."""
    lines = block.splitlines()
    info = FENCE.match(lines[0])[2].strip()
    parts = [p.strip() for p in info.split(",") if p.strip()]
    language = parts[0] if parts and "=" not in parts[0] else ""
    options: dict[str, str] = {}
    for part in parts[1:] if language else parts:
        key, _, value = part.partition("=")
        options[key] = value
    code = lines[1:-1]
    if "nocomments" in options:
        code = [line for line in code if not COMMENT.match(line)]
    if "lines" in options:
        first, _, last = options["lines"].partition("-")
        code = code[int(first) - 1 : int(last or first)]
    code = textwrap.dedent("\n".join(code)).splitlines()
    while code and not code[-1].strip():
        code.pop()
    return language, options, code


def text_lines(slide: Slide) -> int:
    count = 0
    for block in slide.body:
        what = kind(block)
        if what == "list":
            count += sum(1 for line in block.splitlines() if LIST.match(line))
        elif what == "prose":
            count += len(block.splitlines())
        elif what == "table":
            count += len(block.splitlines()) - 1
    return count


def problems(
    name: str, markdown: str, exercises: list | None = None, expanded: bool = True
) -> list[str]:
    """What is wrong with a deck page (empty: nothing, or not a deck).
    `expanded=False`: the page as written, its `{{#include}}`s not expanded, so
    its listings' lines are not checked."""
    deck = deck_of(name, markdown)
    if deck is None:
        return []
    found = []
    if not deck.slides:
        return [f"{name}.md: a deck needs a `# title`"]
    for number, slide in enumerate(deck.slides):
        where = f"{name}.md, {slide.title!r}"
        if not slide.notes:
            found.append(f"{where}: no speaker notes (a `> **N min.** ...` blockquote)")
        elif not MINUTES.match(slide.notes[0]):
            found.append(f"{where}: its notes must open with its minutes, `**N min.**`")
        if slide.note_words() > MAX_NOTE_WORDS:
            found.append(f"{where}: notes of {slide.note_words()} words (at most {MAX_NOTE_WORDS})")
        listings = [b for b in slide.body if kind(b) == "code"]
        if len(listings) > 1:
            found.append(f"{where}: {len(listings)} listings (one a slide)")
        limit = 2 if listings else MAX_LINES
        if text_lines(slide) > limit:
            found.append(f"{where}: {text_lines(slide)} lines of text (at most {limit})")
        for block in listings if expanded else []:
            _, options, code = listing(block)
            if len(code) > MAX_LISTING:
                found.append(f"{where}: a listing of {len(code)} lines (at most {MAX_LISTING})")
            wide = [line for line in code if len(line) > MAX_COLUMNS]
            if wide:
                found.append(f"{where}: a listing line over {MAX_COLUMNS} characters: {wide[0]}")
            if not code:
                found.append(f"{where}: a listing that shows nothing")
            for step in options.get("reveal", "").split("|") if "reveal" in options else []:
                for part in step.split(","):
                    last = int(part.split("-")[-1])
                    if last > len(code):
                        found.append(f"{where}: reveal={options['reveal']} past line {len(code)}")
        if number and not slide.body:
            found.append(f"{where}: shows nothing")
        for key in slide.overrides:
            if slide.agendas is not None and key not in slide.agendas:
                found.append(f"{where}: minutes for {key}, a talk it is not in")
    words = [s.note_words() for s in deck.slides]
    if words and statistics.median(words) > MAX_MEDIAN_NOTE_WORDS:
        found.append(f"{name}.md: notes of {statistics.median(words)} words at the median")
    if deck.step is not None and exercises is not None:
        found += exercise_problems(deck, exercises)
    return found


def exercise_problems(deck: Deck, exercises: list) -> list[str]:
    """Each exercise of the step has its slide, in order, and its solution
    after it; together they take the exercise's minutes."""
    found = []
    name = f"{deck.name}.md"
    marked = [s.exercise for s in deck.slides if s.exercise]
    expected = [e.name for e in exercises]
    if marked != expected:
        found.append(f"{name}: exercise slides {marked}, but checks/exercises.py has {expected}")
    for exercise in exercises:
        where = [n for n, s in enumerate(deck.slides) if s.exercise == exercise.name]
        solved = [n for n, s in enumerate(deck.slides) if s.solution == exercise.name]
        if not where:
            continue
        if not solved or min(solved) < where[0]:
            found.append(f"{name}: the solution of {exercise.name} needs its slide after it")
        minutes = sum(deck.slides[n].minutes for n in where + solved)
        if minutes != exercise.minutes:
            found.append(
                f"{name}: {exercise.name} takes {minutes:g} minutes on the slides, "
                f"{exercise.minutes} in checks/exercises.py"
            )
    return found


def agenda_problems(decks: list[Deck], agendas: list[Agenda]) -> list[str]:
    found = []
    for agenda in agendas:
        total = sum(
            s.minutes_in(agenda.key) for d in decks for s in d.slides if s.in_agenda(agenda.key)
        )
        if total != agenda.minutes:
            found.append(
                f"the talk {agenda.key!r} ({agenda.title}) takes {total:g} minutes on its "
                f"slides, not {agenda.minutes:g}"
            )
    return found


# --------------------------------------------------------------------------
# HTML

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
  width: 1280, height: 720, margin: 0.04, center: false, hash: true,
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
    return PAGE.format(lang=lang, title=title, up=up, slides=slides)


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
    from checks import exercises as exercise_list

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
        exercises = exercise_list.of_step(deck.step) if deck.step else None
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
    (destination / "decks.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return []


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
