"""The talks' parser and checks (tools/maintain/decks.py) and their HTML (slides.py): what goes on a slide
and into its notes, the minutes of each talk, and what it refuses; then the
course's own instructor pages (book/src/slides) against them."""

from __future__ import annotations

import statistics
from types import SimpleNamespace

import pytest

from tools.course.paths import BOOK_SRC
from tools.maintain import decks, slides

DECK = """# Step 9: a deck

<!-- deck: 9 -->

What this step is about.

> **0.5 min.** Say hello.

## One idea, stated

- a short line
- another

> **2 min.** Key point. Ask the room a question.

<!-- minutes: 90m=1 -->

## Exercise 1: do it

<!-- exercise: do_it -->

- Run `nox -s step9` · **10 minutes**

> **8 min.** What the room types.

## Only in the full day

<!-- agendas: day -->

```rust,nocomments,lines=2-3,reveal=1|2
// a comment, dropped
    fn a() {}
    fn b() {}
    fn c() {}
```

> **1.5 min.** A listing, cut and dedented.

## Solution: done

<!-- solution: do_it -->

```text
done
```

> **2 min.** Why it works.
"""

EXERCISES = [SimpleNamespace(name="do_it", minutes=10)]


def test_headings_make_slides_and_quotes_make_notes():
    deck = decks.deck_of("step-9", DECK)
    assert deck is not None and deck.step == 9
    title, idea, exercise, day, solution = deck.slides
    assert title.title == "Step 9: a deck" and title.body == ["What this step is about."]
    assert idea.body == ["- a short line\n- another"]
    assert idea.notes == ["**2 min.** Key point. Ask the room a question."]
    assert (idea.minutes, idea.minutes_in("90m"), idea.minutes_in("day")) == (2, 1, 2)
    assert exercise.exercise == "do_it" and solution.solution == "do_it"
    assert day.agendas == {"day"} and not day.in_agenda("90m") and idea.in_agenda("90m")


def test_a_listing_keeps_the_lines_it_is_asked_for():
    day = decks.deck_of("step-9", DECK).slides[3]
    language, options, code = decks.listing(day.body[0])
    assert language == "rust" and options["reveal"] == "1|2"
    assert code == ["fn b() {}", "fn c() {}"]  # comments dropped, lines 2-3, dedented
    html = slides.code_html(day.body[0])
    assert 'data-line-numbers="1|2"' in html and "comment" not in html


def test_a_page_without_the_deck_marker_is_no_deck():
    assert decks.deck_of("tools", "# Tools\n\n## A heading\n\n> **1 min.** x\n") is None
    assert decks.problems("tools", "# Tools\n") == []


def test_a_well_formed_deck_has_no_problems():
    assert decks.problems("step-9", DECK, EXERCISES) == []


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("> **2 min.** Key point.", "> Key point."), "must open with its minutes"),
        (("> **2 min.** Key point. Ask the room a question.\n", ""), "no speaker notes"),
        (("- a short line\n", "- 1\n- 2\n- 3\n- 4\n- 5\n"), "lines of text"),
        (("lines=2-3,reveal=1|2\n", "reveal=1|2\n" + "x();\n" * 20), "a listing of 23 lines"),
        (("    fn b() {}", "    fn b() { " + "x" * 80 + " }"), "characters"),
        (("reveal=1|2", "reveal=1|5"), "past line"),
        (("<!-- exercise: do_it -->", ""), "exercise slides []"),
        (("> **8 min.** What", "> **7 min.** What"), "takes 9 minutes on the slides, 10"),
        (("<!-- solution: do_it -->", ""), "needs its slide after it"),
        (("<!-- minutes: 90m=1 -->", "<!-- agendas: 3h -->\n<!-- minutes: 90m=1 -->"), "a talk"),
        (("Key point.", "Key point. " + "word " * 170), "notes of"),
    ],
)
def test_what_a_deck_must_not_do(change, complaint):
    old, new = change
    assert old in DECK
    found = decks.problems("step-9", DECK.replace(old, new, 1), EXERCISES)
    assert any(complaint in problem for problem in found), found


def test_the_talks_add_up_to_their_agendas():
    deck = decks.deck_of("step-9", DECK)
    talks = [
        decks.Agenda("90m", "Ninety", 0.5 + 1 + 8 + 2),
        decks.Agenda("day", "Day", 0.5 + 2 + 8 + 1.5 + 2),
    ]
    assert decks.agenda_problems([deck], talks) == []
    talks[0].minutes = 90
    (problem,) = decks.agenda_problems([deck], talks)
    assert "takes 11.5 minutes on its slides, not 90" in problem


def test_the_html_gives_each_slide_its_time_and_its_notes():
    pytest.importorskip("markdown_it")  # installed by `nox -s slides`
    deck = decks.deck_of("step-9", DECK)
    page = slides.deck_html(deck, "90m", "en", "../")
    assert page.count("<section") == 4  # the full day's slide is not in this talk
    assert 'data-timing="60"' in page  # the 90-minute time of "One idea, stated"
    assert "<p><strong>1 min.</strong> Key point." in page  # its notes say so too
    assert '<aside class="notes">' in page and "defaultTiming" in page
    assert '<p class="duration">11.5 min</p>' in page


# The course's own pages


def pages() -> list[tuple[str, str]]:
    folder = BOOK_SRC / "slides"
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.md"))]


def test_the_courses_decks_are_well_formed_and_add_up():
    from checks import exercises

    found, problems = [], []
    agendas = decks.talks(decks.agendas_of(dict(pages())["index"]))
    assert [a.key for a in agendas] == ["90m", "3h", "day"]
    for name, text in pages():
        deck = decks.deck_of(name, text)
        if deck is not None:
            found.append(deck)
            steps = exercises.of_step(deck.step) if deck.step else None
            # Unexpanded: `nox -s slides` checks the listings, once mdBook has included them.
            problems += decks.problems(name, text, steps, expanded=False)
    problems += decks.agenda_problems(found, agendas)
    assert problems == []
    names = [d.name for d in found]
    assert {"opening", "closing"} | {f"step-{n}" for n in range(1, 7)} <= set(names)
    words = [s.note_words() for d in found for s in d.slides]
    assert statistics.median(words) <= decks.MAX_MEDIAN_NOTE_WORDS


def test_the_agendas_are_those_of_running_a_workshop():
    """Each talk lasts what its agenda in workshop.md adds up to."""
    import re

    workshop = (BOOK_SRC / "workshop.md").read_text(encoding="utf-8")
    totals = {int(m) for m in re.findall(r"^\| (\d+) \| Total \|$", workshop, re.MULTILINE)}
    agendas = decks.talks(decks.agendas_of(dict(pages())["index"]))
    assert {int(a.minutes) for a in agendas} == totals


def test_every_instructor_page_is_in_the_summary():
    summary = (BOOK_SRC / "SUMMARY.md").read_text(encoding="utf-8")
    for name, _ in pages():
        assert f"(slides/{name}.md)" in summary
