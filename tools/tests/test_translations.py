"""The Spanish edition's machinery (tools/course/i18n.py, tools/maintain/catalogues.py) and its catalogues."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tools.course import headings, i18n
from tools.course.paths import ROOT
from tools.maintain import catalogues


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
        '<a href="#cabecera">y</a><a href="b.html#heading">z</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<h2 id="otra">Otra</h2>', encoding="utf-8")
    assert catalogues.broken_anchors(tmp_path) == [
        f"{tmp_path.name}/a.html: a link to b.html#heading, which is no heading there"
    ]


def test_a_pointer_into_the_spanish_edition(monkeypatch):
    monkeypatch.setattr(headings, "book_message", {"The exercise": "El ejercicio"}.get)
    assert headings.book_page("step-1.md", "The exercise") == (
        "book/build/es/step-1.html#el-ejercicio"
    )
    assert headings.book_page("step-2.md") == "book/build/es/step-2.html"
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


def test_every_message_template_is_a_checks_message():
    import ast
    import re

    from tools.course import check_messages

    written = set()
    for path in (ROOT / "checks").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            shape = _shape(node)
            if shape:
                written.add(shape)
    for template in check_messages.MESSAGES:
        assert re.sub(r"\{\w+\}", "{}", template) in written, template


def test_a_message_in_spanish(monkeypatch):
    from tools.course import check_messages

    spanish = {
        "count_occurrences({contents}, {needle}) returned {got}; "
        "the Python reference returns {expected}": "count_occurrences({contents}, {needle}) "
        "devolvió {got}; la referencia de Python devuelve {expected}"
    }
    monkeypatch.setattr(check_messages, "_", lambda text: spanish.get(text, text))
    line = "count_occurrences('a, b', 'a') returned 0; the Python reference returns 1"
    assert check_messages.translate(line) == (
        "count_occurrences('a, b', 'a') devolvió 0; la referencia de Python devuelve 1"
    )
    assert check_messages.translate("TypeError: something else") == "TypeError: something else"


def test_a_field_value_in_spanish(monkeypatch):
    """A piece of English that a check fills into its message (marked with N_
    there) is translated too; other values stay as the check wrote them."""
    from tools.course import check_messages

    template = (
        "another Python thread ran in only {busy} of the {count} 5-ms slices in the middle "
        "of call {number} ({seconds} s) while it {what}: the GIL was held"
    )
    spanish = {
        template: "otro hilo de Python se ejecutó solo en {busy} de los {count} intervalos "
        "de 5 ms en medio de la llamada {number} ({seconds} s) mientras la función {what}: "
        "no soltó el GIL",
        "decodes a batch": "decodificaba un lote",
    }
    monkeypatch.setattr(check_messages, "_", lambda text: spanish.get(text, text))
    line = template.format(busy=0, count=19, number=1, seconds="0.12", what="decodes a batch")
    assert check_messages.translate(line) == (
        "otro hilo de Python se ejecutó solo en 0 de los 19 intervalos de 5 ms en medio de "
        "la llamada 1 (0.12 s) mientras la función decodificaba un lote: no soltó el GIL"
    )
    line = template.format(busy=0, count=19, number=1, seconds="0.12", what="sorts")
    assert check_messages.translate(line).endswith("mientras la función sorts: no soltó el GIL")


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


# One line of each kind of message, as a failing check prints it, and the
# line the Spanish report prints for it.
FAILING_LINES = [
    (  # checks/test_step2_kinds_of_images.py
        (
            "colors differ from the suite's sRGB rendering by 5.2/255 on average, 61/255 at most: "
            "more than color-management engines differ"
        ),
        (
            "los colores difieren del renderizado sRGB de la batería de conformidad en 5.2/255 de "
            "media y 61/255 como máximo: más de lo que difieren entre sí los motores de gestión "
            "de color"
        ),
    ),
    (  # checks/test_step2_kinds_of_images.py
        "shape (64, 64, 3), expected RGBA (64, 64, 4)",
        "forma (64, 64, 3), se esperaba RGBA (64, 64, 4)",
    ),
    (  # checks/test_step2_real_programs.py
        "the workers did not return the shapes [[60, 80, 3], [300, 520, 3]].",
        "los workers no devolvieron las formas [[60, 80, 3], [300, 520, 3]].",
    ),
    (  # checks/test_step2_real_programs.py
        (
            "Ctrl-C during the first decode raised PanicException KeyboardInterrupt, "
            "not KeyboardInterrupt."
        ),
        (
            "Ctrl-C durante la primera decodificación lanzó PanicException KeyboardInterrupt, "
            "no KeyboardInterrupt."
        ),
    ),
    (  # checks/test_step3_color_profiles.py
        (
            "converted with its profile, the image is 23/255 away from its colors: "
            "the profile does not describe linear light"
        ),
        (
            "convertida con su perfil, la imagen se aleja 23/255 de sus colores: "
            "el perfil no describe luz lineal"
        ),
    ),
    (  # checks/test_step4_messages.py
        "3 messages show the decoder's internals, for example:",
        "3 mensajes muestran los detalles internos del decodificador, por ejemplo:",
    ),
    (  # checks/test_step6_fast.py
        "count_occurrences(<1200000 characters: 'the x' ... repeated>, 'the') = 3, not 4",
        "count_occurrences(<1200000 caracteres: 'the x' ... repetido>, 'the') = 3, no 4",
    ),
    (  # checks/test_step6_fast.py, a GIL check: what the call does is translated too
        (
            "another Python thread ran in only 0 of the 19 5-ms slices in the middle of call 1 "
            "(0.16 s) while it decodes a batch: the GIL was held"
        ),
        (
            "otro hilo de Python se ejecutó solo en 0 de los 19 intervalos de 5 ms en medio de "
            "la llamada 1 (0.16 s) mientras la función decodificaba un lote: no soltó el GIL"
        ),
    ),
    (  # checks/test_step6_messages.py
        (
            "decode_many(bytes) says \"'int' object cannot be converted to 'PyBytes'\": "
            "say that it wants a sequence of bytes objects"
        ),
        (
            "decode_many(bytes) dice \"'int' object cannot be converted to 'PyBytes'\": "
            "di que quiere una secuencia de objetos bytes"
        ),
    ),
    (  # checks/test_step6_real_programs.py
        (
            "Python saw Ctrl-C only when count_occurrences returned: it did not look for "
            "signals between the pieces of the text."
        ),
        (
            "Python vio el Ctrl-C solo cuando count_occurrences terminó: no buscó señales "
            "entre los trozos del texto."
        ),
    ),
]


@pytest.mark.parametrize(("line", "spanish"), FAILING_LINES)
def test_failing_checks_in_spanish(spanish_reports, line, spanish):
    from tools.course import check_messages

    assert check_messages.translate(line) == spanish


def test_a_hung_program_in_spanish(spanish_reports, monkeypatch):
    """checks/programs.py's own message, made as a check makes it: each line
    of it comes out in Spanish but what the program printed."""
    from tools.course import check_messages

    monkeypatch.syspath_prepend(str(ROOT / "checks"))
    import programs

    outcome = programs.Outcome("child 3\n", "Traceback (most recent call last):\nOSError", None)
    message = programs.hung(outcome, "the forked child")
    assert [check_messages.translate(line) for line in message.splitlines()] == [
        "el hijo creado con fork no terminó en 60 s y fue detenido: se colgó.",
        "su salida:",
        "child 3",
        "sus errores:",
        "Traceback (most recent call last):",
        "OSError",
    ]
    message = outcome.describe("the parent could not decode after forking.")
    assert check_messages.translate(message.splitlines()[0]) == (
        "el padre no pudo decodificar después de hacer fork."
    )
