"""The Spanish edition's machinery (tools/course/i18n.py, tools/maintain/catalogues.py) and its catalogues."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tools.course import headings, i18n
from tools.course.paths import ROOT
from tools.maintain import bookcheck, catalogues


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"COURSE_LANG": "es"}, "es"),
        ({"LANG": "es_MX.UTF-8"}, "es"),
        ({"LANG": "es_ES@euro"}, "es"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "es_AR.UTF-8"}, "en"),
        ({"LC_MESSAGES": "es_CL.UTF-8", "LANG": "C"}, "es"),
        ({"COURSE_LANG": "en", "LANG": "es_CO.UTF-8"}, "en"),
        ({"LANG": "et_EE.UTF-8"}, "en"),
    ],
)
def test_the_learner_asks_for_spanish(environ, expected):
    assert i18n.language(environ) == expected


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Whitespace, exactly", "whitespace-exactly"),
        ("Antes del día", "antes-del-día"),
        (
            "`if` y `else` tienen tipos incompatibles (E0308)",
            "if-y-else-tienen-tipos-incompatibles-e0308",
        ),
        ("Probarlo a mano con [maturin](https://www.maturin.rs)", "probarlo-a-mano-con-maturin"),
    ],
)
def test_anchors_are_mdbooks(heading, anchor):
    assert headings.slug(heading) == anchor


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("// a comment in a listing\n", True),
        ('"a string literal"', True),
        ('"not a JPEG XL image: the data start with neither \\\n  signature"', True),
        ('"""A docstring."""', True),
        ("```text\nerror[E0308]\n```", True),
        ("`Vec<T>`", True),
        ("6 (bonus)", False),
        ("`Bound<PyAny>`, `&str`", True),
        ('"Quoted" words in a sentence', False),
        ("Read the step's chapter.", False),
    ],
)
def test_code_needs_no_translation(message, code):
    assert catalogues.is_code(message) is code


def _catalogue(tmp_path: Path, entries: list[polib.POEntry]) -> Path:
    po = polib.POFile()
    for entry in entries:
        po.append(entry)
    path = tmp_path / "xx.po"
    po.save(str(path))
    return path


def test_every_kind_of_gap_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogues, "ROOT", tmp_path)
    path = _catalogue(
        tmp_path,
        [
            polib.POEntry(msgid="done", msgstr="hecho"),
            polib.POEntry(msgid="fuzzy one", msgstr="dudosa", flags=["fuzzy"]),
            polib.POEntry(msgid="empty one", msgstr=""),
            polib.POEntry(msgid="{count} pass", msgstr="{número} bien"),
            polib.POEntry(msgid="// a comment\n", msgstr=""),
        ],
    )
    wanted = ["done", "fuzzy one", "empty one", "new one", "{count} pass", "// a comment\n"]
    found = catalogues.problems(path, wanted, code_exempt=False)
    assert len(found) == 5  # fuzzy, untranslated, missing, wrong fields, the comment
    assert any("fuzzy" in p for p in found)
    assert any("not in the catalogue" in p and "new one" in p for p in found)
    assert any("fields" in p for p in found)
    # In the book's catalogue, a listing's comment may stay as it is; the fields
    # of str.format matter only for the reports.
    book = catalogues.problems(path, wanted, code_exempt=True)
    assert len(book) == 3


def test_the_reports_messages_are_found():
    messages = catalogues.course_messages()
    assert "PASS" in messages  # tools/course/report.py, marked with N_()
    assert "counts words separated by single spaces" in messages  # a check's docstring
    assert any(m.startswith("Start with the plain case") for m in messages)  # a @hint
    assert "decodes a batch" in messages  # English a check puts into its message, with N_()
    assert not any(m.startswith("<a hint that is not plain text") for m in messages)


def test_the_reports_catalogue_is_complete():
    found = catalogues.problems(
        i18n.COURSE_PO, list(catalogues.course_messages()), code_exempt=False
    )
    assert found == [], "\n".join(found)


def test_links_to_missing_headings_are_found(tmp_path):
    (tmp_path / "a.html").write_text(
        '<h2 id="cabecera">Cabecera</h2><a href="b.html#otra">x</a>'
        '<a href="#cabecera">y</a><a href="b.html#heading">z</a><a href="c.html">w</a>'
        '<a href="https://pyo3.rs/#top">outside</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<h2 id="otra">Otra</h2>', encoding="utf-8")
    (tmp_path / "print.html").write_text('<a href="b.html#nowhere">x</a>', encoding="utf-8")
    found, followed = bookcheck.broken_links(tmp_path)
    assert found == [
        f"{tmp_path.name}/a.html: the link b.html#heading names no heading of b.html",
        f"{tmp_path.name}/a.html: the link c.html leads nowhere",
    ]
    assert followed == 4  # mdBook's print.html is not a chapter: its links are not followed


def test_a_pointer_into_the_spanish_edition(tmp_path, monkeypatch):
    """The Spanish page, with the anchor of the translated heading."""
    _level, title, anchor = headings.page_headings("step-1.md")[1]
    monkeypatch.setattr(headings, "book_message", {title: "Título de prueba"}.get)
    monkeypatch.setattr(headings, "ROOT", tmp_path)
    (tmp_path / "book" / "build" / "es").mkdir(parents=True)
    (tmp_path / "book" / "build" / "es" / "index.html").write_text("")
    monkeypatch.setenv("COURSE_LANG", "es")
    assert headings.section_place(f"step-1.md#{anchor}") == (
        "book/build/es/step-1.html#título-de-prueba"
    )
    assert headings.section_place("step-2.md") == "book/build/es/step-2.html"
    assert ROOT.joinpath("po", "es.po").exists()


def _shape(node) -> str | None:
    """A check's message with its values as `{}`: "{} returned {}"."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    return None


@pytest.fixture
def spanish_reports(tmp_path, monkeypatch):
    """The report in Spanish with the real po/course-es.po, compiled and loaded
    as `nox -s stepN` does it for a learner who asks for Spanish."""
    import sys

    monkeypatch.setenv("COURSE_LANG", "es")
    monkeypatch.setattr(i18n, "LOCALE", tmp_path / "locale")
    i18n.prepare(Path(sys.executable))
    yield
    i18n._catalogue.cache_clear()  # English again for the other tests


@pytest.fixture
def checks_in_spanish(spanish_reports, monkeypatch):
    """checks/language.py as a check sees it when the learner asks for
    Spanish: the runner hands it the compiled po/course-es.po."""
    monkeypatch.setenv("COURSE_CATALOGUE", str(i18n.LOCALE / "es" / "LC_MESSAGES" / "course.mo"))
    monkeypatch.syspath_prepend(str(ROOT / "checks"))
    import language

    language._catalogue.cache_clear()
    yield language
    language._catalogue.cache_clear()


# A message of each kind, as a check makes it, and the Spanish the report prints.
FAILING_MESSAGES = [
    (  # checks/test_step1_count_occurrences.py
        (
            "count_occurrences({contents}, {needle}) returned {got}; "
            "the Python reference returns {expected}"
        ),
        {"contents": "'a\\tb'", "needle": "'a'", "got": 0, "expected": 1},
        "count_occurrences('a\\tb', 'a') devolvió 0; la referencia de Python devuelve 1",
    ),
    (  # checks/test_step6_fast.py, a GIL check: what the call does is translated too
        (
            "the GIL was held while it {what}: another Python thread ran in {busy} of {count} "
            "moments 5 ms apart, in call {number}, which took {seconds} s"
        ),
        {"busy": 0, "count": 19, "number": 1, "seconds": "0.16", "what": "decodes a batch"},
        (
            "no soltó el GIL mientras la función decodificaba un lote: otro hilo de Python se "
            "ejecutó en 0 de 19 momentos separados por 5 ms, en la llamada 1, que tardó 0.16 s"
        ),
    ),
]


@pytest.mark.parametrize(("template", "values", "spanish"), FAILING_MESSAGES)
def test_failing_checks_in_spanish(checks_in_spanish, template, values, spanish):
    _ = checks_in_spanish._
    values = {k: _(v) if k == "what" else v for k, v in values.items()}
    assert _(template).format(**values) == spanish


def test_a_hung_program_in_spanish(checks_in_spanish):
    """checks/programs.py's own message: each line of it comes out in Spanish
    but what the program printed."""
    import programs

    outcome = programs.Outcome("child 3\n", "Traceback (most recent call last):\nOSError", None)
    message = programs.hung(outcome, "the forked child")
    assert message.splitlines() == [
        "el hijo creado con fork no terminó en 60 s y se detuvo a la fuerza: se colgó.",
        "su salida:",
        "child 3",
        "sus errores:",
        "Traceback (most recent call last):",
        "OSError",
    ]


def test_every_check_message_is_marked():
    """A check's assert message is a `_("...")` (translated where it is made),
    never an f-string the Spanish report would print in English."""
    import ast

    unmarked = []
    for path in sorted((ROOT / "checks").glob("test_step*_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            literal = (ast.JoinedStr, ast.Constant)
            if isinstance(node, ast.Assert) and isinstance(node.msg, literal):
                unmarked.append(f"{path.name}:{node.lineno}")
            # outcome.describe("...") and programs.hung(...): their sentence too
            called = isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "describe"
            if called and node.args and isinstance(node.args[0], literal):
                unmarked.append(f"{path.name}:{node.lineno}")
    assert not unmarked, f"assert messages not marked with _(): {unmarked}"


def test_a_pointer_into_the_book_names_a_built_copy(tmp_path, monkeypatch):
    """book/build when `nox -s book` made it, else the copy `nox -s serve`
    made, else book/build with how to build it."""
    monkeypatch.setattr(headings, "ROOT", tmp_path)
    monkeypatch.setenv("COURSE_LANG", "en")
    pointer = "step-1.md#the-exercise"
    assert headings.section_place(pointer) == (
        "book/build/step-1.html#the-exercise" + headings.SERVE_OPENS_IT
    )
    (tmp_path / "target" / "serve" / "en").mkdir(parents=True)
    (tmp_path / "target" / "serve" / "en" / "index.html").write_text("")
    assert headings.section_place(pointer) == "target/serve/en/step-1.html#the-exercise"
    (tmp_path / "book" / "build").mkdir(parents=True)
    (tmp_path / "book" / "build" / "index.html").write_text("")
    assert headings.section_place(pointer) == "book/build/step-1.html#the-exercise"
