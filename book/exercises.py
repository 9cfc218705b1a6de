"""mdBook preprocessor: show solutions without the exercise markers.

The solution crates mark each exercise region (see tools/exercises.py); the
starters are derived from those marks. In the book, a listing included from a
solution should read like ordinary code, so this removes the marker lines and
the starter-only lines from every chapter, after mdBook's includes are expanded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.exercises import strip_markers


def walk(items: list) -> None:
    for item in items:
        chapter = item.get("Chapter") if isinstance(item, dict) else None
        if chapter:
            chapter["content"] = strip_markers(chapter["content"])
            walk(chapter["sub_items"])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "supports":
        sys.exit(0)  # every renderer
    _context, book = json.load(sys.stdin)
    walk(book.get("items", book.get("sections", [])))
    json.dump(book, sys.stdout)


if __name__ == "__main__":
    main()
