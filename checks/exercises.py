"""The exercises of each step, in the order its chapter teaches them.

Each exercise is a region of the step's solution (`// EXERCISE name`), a few
checks marked `@exercise("name")`, and a section of the book. `nox -s stepN`
runs the exercises of step N in this order and stops at the first one that
does not pass; once they all pass, it runs everything else: the checks of the
earlier steps and the checks without an exercise (real programs: fork, Ctrl-C,
the conformance images, malformed files).

`minutes` is the time the workshop's agendas give the exercise.
"""

from __future__ import annotations

from typing import NamedTuple


def N_(text: str) -> str:
    """Marks a title for the Spanish catalogue (po/course-es.po)."""
    return text


class Exercise(NamedTuple):
    name: str
    title: str
    read: str
    minutes: int


EXERCISES: dict[int, list[Exercise]] = {
    1: [
        Exercise(
            "export",
            N_("Export the function"),
            "step-1.md#exercise-1-export-the-function",
            5,
        ),
        Exercise(
            "count_words",
            N_("Count the words"),
            "step-1.md#exercise-2-count-the-words",
            10,
        ),
        Exercise(
            "python_whitespace",
            N_("Python's whitespace, exactly"),
            "step-1.md#exercise-3-pythons-whitespace-exactly",
            10,
        ),
        Exercise(
            "every_str",
            N_("Every str"),
            "step-1.md#exercise-4-every-str",
            15,
        ),
    ],
    2: [
        Exercise(
            "borrow_bytes", N_("Borrow the bytes"), "step-2.md#exercise-1-borrow-the-bytes", 5
        ),
        Exercise(
            "raise_error", N_("Raise ValueError"), "step-2.md#exercise-2-raise-valueerror", 10
        ),
        Exercise(
            "release_gil",
            N_("Let other threads run"),
            "step-2.md#exercise-3-let-other-threads-run",
            10,
        ),
        Exercise(
            "hand_over",
            N_("Hand the pixels over without a copy"),
            "step-2.md#exercise-4-hand-the-pixels-over-without-a-copy",
            5,
        ),
    ],
    3: [
        Exercise("call_pillow", N_("Call Pillow"), "step-3.md#exercise-1-call-pillow", 10),
        Exercise("gray_mode", N_("Gray images"), "step-3.md#exercise-2-gray-images", 10),
        Exercise(
            "colour_profile",
            N_("Attach the color profile"),
            "step-3.md#exercise-3-attach-the-color-profile",
            10,
        ),
    ],
    4: [
        Exercise(
            "jxl_error",
            N_("A Python exception defined in Rust"),
            "step-4.md#exercise-1-a-python-exception-defined-in-rust",
            10,
        ),
        Exercise(
            "from_decode_error",
            N_("From DecodeError to JxlError"),
            "step-4.md#exercise-2-from-decodeerror-to-jxlerror",
            10,
        ),
        Exercise(
            "max_pixels",
            N_("A keyword-only limit"),
            "step-4.md#exercise-3-a-keyword-only-limit",
            15,
        ),
    ],
    5: [
        Exercise("metadata_class", N_("A frozen class"), "step-5.md#exercise-1-a-frozen-class", 20),
        Exercise(
            "repr", N_("A repr worth reading"), "step-5.md#exercise-2-a-repr-worth-reading", 10
        ),
        Exercise(
            "eq_hash",
            N_("Equality and hashing"),
            "step-5.md#exercise-3-equality-and-hashing",
            10,
        ),
        Exercise("pickle", N_("Pickle and copy"), "step-5.md#exercise-4-pickle-and-copy", 15),
        Exercise(
            "header_reader",
            N_("Stretch: a mutable class"),
            "step-5.md#exercise-5-stretch-a-mutable-class",
            20,
        ),
    ],
    6: [
        Exercise(
            "count_occurrences_parallel",
            N_("Count in parallel, without the GIL"),
            "step-6.md#exercise-1-count-in-parallel-without-the-gil",
            20,
        ),
        Exercise(
            "decode_many", N_("Many images at once"), "step-6.md#exercise-2-many-images-at-once", 20
        ),
    ],
}


def of_step(step: int) -> list[Exercise]:
    return EXERCISES.get(step, [])
