"""The workshop's talks as data: the decks written in the book's instructor
pages (book/src/slides/*.md), read into slides, and the rules a deck keeps;
tools/maintain/slides.py renders them as reveal.js decks.

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
"""

from __future__ import annotations

import re
import statistics
import textwrap
from dataclasses import dataclass, field

from tools.course.headings import FENCE, HEADING, closes

MARKER = re.compile(
    r"^<!-- (deck|agendas|minutes|exercise|solution|agenda|fragments)(?::(.*?))? -->$"
)
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
            if closes(line, fence):
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
            level, text = HEADING.match(block).group(1, 2)
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
