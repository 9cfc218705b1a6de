"""The learner's-loop benchmark edits code, not a comment, and puts it back."""

from __future__ import annotations

import shutil

import pytest

from tools.course.paths import crate, steps
from tools.maintain import bench_loop as bench


@pytest.mark.parametrize("step", steps())
def test_the_edit_is_a_line_of_code_in_count_occurrences(step, tmp_path):
    lib = tmp_path / "lib.rs"
    shutil.copy(crate("solution", step) / "src" / "lib.rs", lib)
    before = lib.read_text(encoding="utf-8")

    bench.one_line_edit(lib)
    edited = lib.read_text(encoding="utf-8").splitlines()
    added = edited.index(bench.EDIT.rstrip("\n"))
    assert "fn count_occurrences(" in "\n".join(edited[max(0, added - 5) : added])
    assert edited[added].strip().startswith("let "), "the edit must be code"
    assert len(edited) == len(before.splitlines()) + 1

    bench.one_line_edit(lib)
    assert lib.read_text(encoding="utf-8") == before
