"""The slide decks' parser (tools/maintain/slides.py): what goes on a slide, what goes
into its speaker notes, and the markers it refuses."""

from __future__ import annotations

import pytest

from tools.maintain import bookcheck, slides

CHAPTER = """# Step 9: a chapter

What this step is about.

## First part

<!-- slide -->

Prose that the presenter says.

```rust
// Illustration
# not a heading: inside a fence
fn main() {}
```

| a | b |
|---|---|
| 1 | 2 |

- a list item, for the notes

<!-- slide lists: Second slide -->

1. a step of the exercise

Said, not shown.

<!-- /slide -->

```console
$ the book only
```

## The exercise

<details>
<summary>Hint</summary>

<!-- slide live-code -->

```console
$ nox -s step9
```

</details>

## For instructors

<details>
<summary>Notes</summary>

**Time:** 20 minutes. 10 for this; 10 for that.

**Live-code:** type it.

</details>

## Further reading

Not a slide.
"""


def test_listings_and_tables_go_on_slides_and_prose_into_notes():
    deck = slides.deck_of("step-9", CHAPTER)
    assert deck is not None
    assert (deck.title, deck.step, deck.minutes) == ("Step 9: a chapter", 9, "20 minutes")
    assert deck.opening[0] == "What this step is about."
    first, second, exercise = deck.slides
    assert first.title == "First part"
    assert [slides.kind(b) for b in first.body] == ["code", "table"]
    assert "# not a heading: inside a fence" in first.body[0]
    assert first.notes == ["Prose that the presenter says.", "- a list item, for the notes"]
    assert second.title == "Second slide"
    assert second.body == ["1. a step of the exercise"]
    assert second.notes == ["Said, not shown."]  # the end marker stops the slide
    assert exercise.title == "The exercise" and "live-code" in exercise.options
    assert exercise.body == ["```console\n$ nox -s step9\n```"]  # the folding is gone
    assert exercise.notes == ["**Live-code:** type it."]


def test_a_chapter_without_markers_has_no_deck():
    assert slides.deck_of("tools", "# Tools\n\n```rust\nfn f() {}\n```\n") is None


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("<!-- slide -->", "<!-- slide big -->"), "unknown slide option"),
        (("<!-- slide live-code -->", "<!-- slide -->"), "needs a `<!-- slide live-code -->`"),
        (("**Time:** 20 minutes.", "Twenty minutes."), "needs **Time:**"),
    ],
)
def test_wrong_markers_are_named(change, complaint):
    old, new = change
    assert slides.problems("step-9", CHAPTER) == []
    found = slides.problems("step-9", CHAPTER.replace(old, new, 1))
    assert any(complaint in problem for problem in found), found


def test_a_slide_that_shows_nothing_is_refused():
    text = CHAPTER.replace("1. a step of the exercise\n\n", "")
    assert any("'Second slide' shows nothing" in p for p in slides.problems("step-9", text))


def test_the_books_markers_are_well_formed():
    assert bookcheck.slide_problems() == []
    decks = [
        p.stem for p in sorted(bookcheck.BOOK_SRC.glob("*.md")) if slides.markers(p.read_text())
    ]
    assert {"introduction", "step-1", "step-2", "step-3", "step-4", "shipping"} <= set(decks)


def test_notes_become_html_for_the_presenter_window():
    pytest.importorskip("markdown_it")  # installed by `nox -s slides`
    deck = slides.deck_of("step-9", CHAPTER)
    text = slides.myst(deck)
    assert '<aside class="notes">' in text
    assert "<p><strong>Live-code:</strong> type it.</p>" in text
    assert "nox -s diff -- 9" in text
