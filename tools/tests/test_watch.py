"""`nox -s watch`'s watcher: it reports a saved source file, and not build output."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from tools.course.paths import ROOT


def test_a_saved_source_file_is_reported_and_build_output_is_not(tmp_path: Path):
    (tmp_path / "src").mkdir()
    (tmp_path / "target").mkdir()
    watcher = subprocess.Popen(
        [sys.executable, "-m", "tools.course.watch", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    arrived = threading.Event()

    def read() -> None:
        for line in watcher.stdout:
            lines.append(line.strip())
            arrived.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert arrived.wait(30), "the watcher never said it was ready"
        assert lines == ["ready"]
        arrived.clear()
        (tmp_path / "target" / "libstep1.so").write_bytes(b"build output")
        (tmp_path / "src" / "notes.swp").write_bytes(b"an editor's swap file")
        (tmp_path / "src" / "lib.rs").write_text("// saved\n")
        # A generous bound: it only keeps a broken watcher from hanging the tests.
        assert arrived.wait(30), "saving src/lib.rs was not reported"
        assert lines[1] == "src/lib.rs", lines
    finally:
        watcher.terminate()
        watcher.wait(10)
