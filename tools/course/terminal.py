"""One decision for the whole course: does this output go to a terminal that
wants colours and rewritten lines, or to a log?"""

from __future__ import annotations

import os
import sys


def tty() -> bool:
    """Whether standard output is a terminal (lines may be rewritten in place)."""
    return sys.stdout.isatty()


def colour() -> bool:
    """Colours on a terminal, unless NO_COLOR is set or the terminal is dumb
    (https://no-color.org)."""
    return tty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


# Back to the start of the line, and erase it: the line is then written again.
REWRITE = "\r\033[K"


def paint(text: str, code: str, on: bool | None = None) -> str:
    """`text` in the ANSI colour `code` ("32" is green), when colours are on
    (`on`: whether they are, if the caller has decided)."""
    return f"\033[{code}m{text}\033[0m" if (colour() if on is None else on) else text
