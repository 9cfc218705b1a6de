"""mdBook preprocessors for the course's listings.

`python exercises.py starters` runs before mdBook expands `{{#include}}`:
a listing included from `steps/stepN/...` shows the starter as it is derived
from solutions/stepN (tools/course/derive.py), not whatever a learner's working
copy holds after they have solved the step. The derived files are written to
target/book-starters/stepN/ (only when they change) and the include points there.

`python exercises.py` (no argument) runs after the includes are expanded: a
listing included from a solution reads like ordinary code, without the
exercise markers or the starter-only lines.

`python exercises.py unchanged` gives the book back as it came: the English
book's stand-in for the Spanish edition's mdbook-gettext (book.toml), so that
mdBook does not warn about a program the English book does not need.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.course.derive import derive_starter, strip_markers

STARTERS = ROOT / "target" / "book-starters"
INCLUDE = re.compile(r"(\{\{#(?:include|rustdoc_include)\s+)((?:\.\./)+)steps/step(\d+)/")


def write_starters() -> None:
    """Derive every starter into STARTERS, rewriting only files that changed
    (so that `mdbook serve` does not see a change where there is none)."""
    for solution in sorted((ROOT / "solutions").glob("step*")):
        if not solution.name[4:].isdigit():
            continue
        for rel, data in derive_starter(solution, int(solution.name[4:])).items():
            target = STARTERS / solution.name / rel
            if not target.exists() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)


def point_at_starters(content: str, chapter_path: str) -> str:
    """Rewrite includes of steps/stepN/ to the derived starters."""
    # Includes are relative to the chapter's own folder (book/src/...).
    depth = len(Path(chapter_path).parent.parts) if chapter_path else 0
    to_root = "../" * (depth + 2)  # from book/src/<chapter folder> to the course's root

    def replace(match: re.Match) -> str:
        return f"{match[1]}{to_root}target/book-starters/step{match[3]}/"

    return INCLUDE.sub(replace, content)


def walk(items: list, change) -> None:
    for item in items:
        chapter = item.get("Chapter") if isinstance(item, dict) else None
        if chapter:
            chapter["content"] = change(chapter["content"], chapter.get("path") or "")
            walk(chapter["sub_items"], change)


def main() -> None:
    arguments = sys.argv[1:]
    modes = {"starters", "unchanged"}
    which = arguments.pop(0) if arguments and arguments[0] in modes else "markers"
    if arguments and arguments[0] == "supports":
        sys.exit(0)  # every renderer
    _context, book = json.load(sys.stdin)
    if which == "unchanged":
        pass
    elif which == "starters":
        write_starters()
        walk(book.get("items", book.get("sections", [])), point_at_starters)
    else:
        walk(book.get("items", book.get("sections", [])), lambda text, _: strip_markers(text))
    json.dump(book, sys.stdout)


if __name__ == "__main__":
    main()
