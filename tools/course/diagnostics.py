"""Reading a compiler error for the learner: which section of the book's
"When the build fails" explains it, and which of its notes are about the
learner's own code."""

from __future__ import annotations

import re

from tools.course.headings import slug

# The first error's section of "When the build fails", by what the error says.
BUILD_ERROR_SECTIONS = [
    (r"found `&?Result<", "A `Result` where a value was expected (E0308)"),
    # `word == needle` (one `&` too many), or `**word == needle` (one too few).
    (r"can't compare `&?str` with `&?str`", "Can't compare `&str` with `str` (E0277)"),
    (r"cannot be shared between threads safely", "Cannot be shared between threads safely (E0277)"),
    (r"couldn't convert the error to `PyErr`", "`?` couldn't convert the error to `PyErr` (E0277)"),
    (r"the `\?` operator can only", "The question mark operator (E0277)"),
    (r"`if` and `else` have incompatible types", "`if` and `else` have incompatible types (E0308)"),
    (r"error\[E0308\]", "Mismatched types (E0308)"),
    (r"error\[E0382\]", "Borrow of moved value (E0382)"),
    (r"error\[E0425\]", "Cannot find a function or value (E0425)"),
    (r"error\[E0432\]", "Unresolved import (E0432)"),
    (r"error\[E0599\]", "No method named ... found (E0599)"),
    (r"linker `\S+` not found|link\.exe", "Linker not found"),
]


# The chapter "When the build fails", where the report sends a build error.
BUILD_ERRORS = "build-errors.md"


def section_of(title: str) -> str:
    """The pointer to a section of "When the build fails", from its title."""
    return f"{BUILD_ERRORS}#{slug(title)}"


def build_error_section(rendered: str) -> str | None:
    """'build-errors.md#mismatched-types-e0308' for an error that has a section."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", rendered)
    for pattern, title in BUILD_ERROR_SECTIONS:
        if re.search(pattern, plain):
            return section_of(title)
    return None


def essential(error: str) -> tuple[str, int]:
    """A compiler error without its notes about code outside the learner's
    crate (PyO3's or the standard library's, at absolute paths such as
    ~/.cargo/registry/...): the error, where it is, and the notes about the
    learner's own code. Returns the text and how many lines were left out."""
    blocks: list[list[str]] = [[]]
    for line in error.rstrip().splitlines():
        # A note or a help of its own starts a block; a help (`use the ? operator`,
        # with the fixed line) is about the learner's code and stays.
        if line.startswith(("note:", "help:")) and blocks[-1]:
            blocks.append([])
        blocks[-1].append(line)
    kept, left_out = blocks[0], 0
    for block in blocks[1:]:
        where = next((line for line in block if line.lstrip().startswith("--> ")), "")
        if where and (where.split("--> ", 1)[1].startswith(("/", "\\")) or ":\\" in where):
            left_out += len(block)
        else:
            kept += block
    return "\n".join(kept), left_out
