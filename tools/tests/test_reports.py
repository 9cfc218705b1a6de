"""What the learner's report says: sections for build errors, filtered runs."""

from __future__ import annotations

import pytest

from tools.course import diagnostics
from tools.course import report as steps


@pytest.mark.parametrize("pattern, title", diagnostics.BUILD_ERROR_SECTIONS)
def test_every_build_error_points_at_a_section_that_exists(pattern, title):
    anchor = diagnostics.section_of(title)
    assert steps.section_title(anchor).endswith(f"› {title}"), f"no heading {title!r}"


@pytest.mark.parametrize(
    "error, section",
    [
        ("error[E0308]: mismatched types\n --> src/lib.rs:3:5", "mismatched-types-e0308"),
        (
            (
                "error[E0308]: mismatched types\n ... expected `&ArrayBase<_, Dim<[usize; 3]>, _>`, "
                "found `&Result<ArrayBase<..., ..., u8>, ...>`"
            ),
            "a-result-where-a-value-was-expected-e0308",
        ),
        (
            "error[E0277]: `?` couldn't convert the error to `PyErr`",
            "-couldnt-convert-the-error-to-pyerr-e0277",
        ),
        (
            "error[E0277]: `*mut u8` cannot be shared between threads safely",
            "cannot-be-shared-between-threads-safely-e0277",
        ),
        (
            "\x1b[1merror[E0425]\x1b[0m: cannot find value `x`",
            "cannot-find-a-function-or-value-e0425",
        ),
    ],
)
def test_a_build_error_finds_its_section(error, section):
    assert diagnostics.build_error_section(error) == f"build-errors.md#{section}"


def test_an_unknown_error_falls_back_to_the_chapter():
    assert diagnostics.build_error_section("error[E9999]: something new") is None


def test_a_filtered_run_says_so_and_announces_nothing(capsys):
    result = {
        "file": "test_step1_x.py",
        "doc": "a check",
        "status": "passed",
        "hint": "",
        "read": "",
    }
    assert steps.print_report([result], "step1", 1, filtered="-k tabs")
    out = capsys.readouterr().out
    assert "Only the checks your options selected ran (-k tabs)" in out
    assert "Next:" not in out and "(filtered)" in out


def test_a_build_error_keeps_the_notes_about_the_learners_code_only():
    lines = [
        "error[E0277]: `*mut Python<'static>` cannot be shared between threads safely",
        "   --> steps/step2/src/lib.rs:72:32",
        "    = help: the trait `Sync` is not implemented",
        "note: required because it appears within the type `NotSend`",
        "   --> /home/me/.cargo/registry/src/pyo3-0.30.1/src/marker.rs:362:8",
        "362 | struct NotSend(PhantomData<*mut Python<'static>>);",
        "note: required because it's used within this closure",
        "   --> steps/step2/src/lib.rs:72:32",
        "note: required by a bound in `detach`",
        "   --> C:\\Users\\me\\.cargo\\registry\\src\\pyo3-0.30.1\\src\\marker.rs:500:8",
    ]
    error = "\n".join(lines)
    shown, left_out = diagnostics.essential(error)
    assert shown.splitlines() == [
        "error[E0277]: `*mut Python<'static>` cannot be shared between threads safely",
        "   --> steps/step2/src/lib.rs:72:32",
        "    = help: the trait `Sync` is not implemented",
        "note: required because it's used within this closure",
        "   --> steps/step2/src/lib.rs:72:32",
    ]
    assert left_out == 5


def test_a_help_after_a_note_about_other_code_is_kept():
    lines = [
        "error[E0599]: no method named `into_pyarray` found for enum `Result<T, E>`",
        "  --> steps/step2/src/lib.rs:86:19",
        "note: the method `into_pyarray` exists on the type `ArrayBase<OwnedRepr<u8>>`",
        "  --> /home/me/.cargo/registry/src/numpy-0.30.0/src/convert.rs:44:5",
        "help: use the `?` operator to extract the value",
        "86 |         Ok(pixels?.into_pyarray(py))",
    ]
    shown, left_out = diagnostics.essential("\n".join(lines))
    assert shown.splitlines() == lines[:2] + lines[4:]
    assert left_out == 2


def test_a_first_build_of_jxl_oxide_is_announced_after_step_1(tmp_path, monkeypatch):
    from tools.course import build

    monkeypatch.setattr(build, "TARGET", tmp_path / "target")
    fingerprints = tmp_path / "target" / "debug" / ".fingerprint"
    step1, step2 = tmp_path / "step1", tmp_path / "step2"
    for crate, dependencies in (
        (step1, "pyo3.workspace = true\n"),
        (step2, "jxl-oxide.workspace = true\n"),
    ):
        crate.mkdir()
        (crate / "Cargo.toml").write_text(f"[dependencies]\n{dependencies}", encoding="utf-8")
    assert build.first_build(crate=step1)
    (fingerprints / "pyo3-build-config-0123").mkdir(parents=True)
    assert not build.first_build(crate=step1)
    assert build.first_build(crate=step2)  # PyO3 is there, jxl-oxide is not yet
    (fingerprints / "jxl-oxide-4567").mkdir()
    assert not build.first_build(crate=step2)


def test_a_keyword_without_dashes_is_caught():
    from tools.course.noxline import keyword_without_dashes

    assert keyword_without_dashes(["nox", "-s", "step1", "-k", "tabs"])
    assert not keyword_without_dashes(["nox", "-s", "step1", "--", "-k", "tabs"])
    assert not keyword_without_dashes(["nox", "-k", "lint"])  # nox's own -k, on purpose


def test_the_todo_comments_of_each_exercise_are_found(tmp_path):
    """A TODO comment runs over its following comment lines; one numbered for
    another exercise, or not numbered, is not shown."""
    from tools.course.todos import todos

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "lib.rs").write_text(
        "fn f() {\n"
        "    // TODO (exercise 2): split the text,\n"
        "    // then count.\n"
        "    // ANCHOR_END: f\n"
        "    // TODO (homework, exercise 3): a class.\n"
        "    // TODO: not numbered.\n"
        "}\n",
        encoding="utf-8",
    )
    found = todos(tmp_path)
    assert [(t.line, t.exercise, t.text) for t in found] == [
        (2, 2, "split the text, then count."),
        (5, 3, "a class."),
    ]


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_each_exercise_of_the_starters_has_a_todo_the_report_shows(step):
    """Steps 1 to 4 mark where each exercise is written (step 5's class takes
    exercises 2 to 4 in one place, which exercise 1's comment names)."""
    from tools.course import ladder
    from tools.course.paths import crate
    from tools.course.todos import todos

    numbers = {t.exercise for t in todos(crate("step", step))}
    assert numbers == set(range(1, len(ladder.exercises(step)) + 1))


def test_the_second_process_takes_the_slow_checks_of_step_1_alone(tmp_path):
    from tools.course.runner import BESIDE, split_sides

    plain = tmp_path / "test_step1_count.py"
    plain.write_text("def test_a():\n    pass\n", encoding="utf-8")
    slow = tmp_path / "test_step1_slow.py"
    slow.write_text("@pytest.mark.beside\ndef test_b():\n    pass\n", encoding="utf-8")
    forks = tmp_path / "test_step2_programs.py"
    forks.write_text(f"{BESIDE}\n\ndef test_c():\n    pass\n", encoding="utf-8")
    # Step 1 alone: the file with slow checks runs on both sides.
    assert split_sides([plain, slow]) == [("main", [plain, slow]), ("beside", [slow])]
    # With a file marked BESIDE, the second process has it, and nothing else.
    assert split_sides([plain, slow, forks]) == [("main", [plain, slow]), ("beside", [forks])]
    assert split_sides([plain, forks], one_process=True) == [("", [plain, forks])]


def test_results_of_two_processes_come_back_in_the_files_order():
    from tools.course.runner import merged

    results = [
        {"id": "b.py::test_x", "file": "b.py", "line": 3},
        {"id": "a.py::test_late", "file": "a.py", "line": 40},
        {"id": "a.py", "file": "a.py"},  # a file that could not be loaded, in both processes
        {"id": "a.py::test_early", "file": "a.py", "line": 10},
        {"id": "a.py", "file": "a.py"},
    ]
    assert [r["id"] for r in merged(results, ["a.py", "b.py"])] == [
        "a.py",
        "a.py::test_early",
        "a.py::test_late",
        "b.py::test_x",
    ]


def test_a_solved_steps_report_of_exercises_is_read_from_every_check():
    from tools.course import ladder

    names = [e.name for e in ladder.exercises(2)]
    results = [
        {"id": "test_step1_x.py::test_a", "file": "test_step1_x.py", "exercise": names[0]},
        {"id": "test_step2_y.py::test_b", "file": "test_step2_y.py", "exercise": names[0]},
        {"id": "test_step2_y.py::test_c", "file": "test_step2_y.py", "exercise": ""},
        {"id": "test_step2_z.py", "file": "test_step2_z.py"},
    ]
    kept = [r["id"] for r in ladder.of_this_step(results, 2)]
    assert kept == ["test_step2_y.py::test_b", "test_step2_z.py"]


@pytest.mark.parametrize(
    "message",
    [
        "error[E0277]: can't compare `&str` with `str`",  # word == needle
        "error[E0277]: can't compare `str` with `&str`",  # **word == needle
    ],
)
def test_both_ways_of_comparing_a_word_wrongly_find_their_section(message):
    assert diagnostics.build_error_section(message) == (
        "build-errors.md#cant-compare-str-with-str-e0277"
    )
