"""`python -m tools.course.watch FOLDER`: print one line each time files of FOLDER are saved.

`nox -s watch -- N` reads these lines and checks step N again. The watching is
done by watchfiles (PyPI), which asks the operating system to report changes
(inotify, FSEvents, ReadDirectoryChangesW) instead of polling, and groups the
several events of one save into one batch; uvicorn and others rely on it.
It runs in the course's environment, where it is installed, while nox itself
may run from any Python.
"""

from __future__ import annotations

import sys
from pathlib import Path

import watchfiles

from tools.course.derive import SKIP_DIRS

WATCHED = {".rs", ".toml", ".py", ".pyi"}  # what a step's build or checks read


def relevant(_change: watchfiles.Change, path: str) -> bool:
    """Source files only: no build output, no editor's swap or backup files."""
    parts = Path(path).parts
    return Path(path).suffix in WATCHED and not SKIP_DIRS.intersection(parts)


def main() -> None:
    folder = Path(sys.argv[1]).resolve()
    ready = False
    # yield_on_timeout: an empty batch after 200 ms without changes, which also
    # says that the operating system's watch is in place.
    changes_seen = watchfiles.watch(
        folder,
        watch_filter=relevant,
        raise_interrupt=False,
        rust_timeout=200,
        yield_on_timeout=True,
    )
    try:
        for changes in changes_seen:
            if not ready:
                print("ready", flush=True)  # saves from now on are seen
                ready = True
            names = sorted({Path(path).relative_to(folder).as_posix() for _, path in changes})
            if names:
                print(" ".join(names), flush=True)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
