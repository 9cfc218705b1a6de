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


def paint(text: str, code: str) -> str:
    """`text` in the ANSI colour `code` ("32" is green), when colours are on."""
    return f"\033[{code}m{text}\033[0m" if colour() else text
