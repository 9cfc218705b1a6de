"""The `// TODO (exercise K): ...` comments of a step's Rust code.

The report shows the unsolved exercise's TODO comments with their file and
line, in the learner's language: the comments stay English in the crate (one
copy of each crate), and their Spanish is in po/course-es.po, where
tools/maintain/catalogues.py puts each comment's text as one message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tools.course.derive import MARKERS

# "// TODO (exercise 2): ...", "// TODO (homework, exercise 1): ..."
_START = re.compile(r"^\s*// TODO \((?:[a-z]+, )?exercise (\d+)\): (.*)$")
_MORE = re.compile(rf"^\s*// (?!{'|'.join(('TODO', 'ANCHOR', *MARKERS))})(.*)$")


@dataclass(frozen=True)
class Todo:
    path: Path
    line: int  # from 1
    exercise: int
    text: str  # the comment's lines joined into one paragraph


def todos(crate: Path) -> list[Todo]:
    """Every numbered TODO comment of the crate's Rust sources, in file order."""
    found = []
    for path in sorted((crate / "src").rglob("*.rs")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the build reports a file it cannot read
        for index, line in enumerate(lines):
            start = _START.match(line)
            if not start:
                continue
            words = [start[2].strip()]
            for following in lines[index + 1 :]:
                more = _MORE.match(following)
                if not more:
                    break
                words.append(more[1].strip())
            text = " ".join(w for w in words if w)
            found.append(Todo(path, index + 1, int(start[1]), text))
    return found
