"""The Spanish edition's catalogues, kept complete: which messages the book and
the reports have, which lack a translation, and whether the reports' pointers
lead to real headings of the Spanish pages.

Both are gettext catalogues in po/, next to the glossary they follow
(po/GLOSARIO.md): po/es.po translates the book (mdbook-i18n-helpers reads it
while mdBook builds book/build/es), po/course-es.po translates what the
learner's tools print (tools/course/i18n.py reads it). English stays the source.

The catalogues are read with polib (installed in the course's environment by
tools/requirements.txt): a small, maintained library that reads and writes PO
files and compiles them, so neither the checks nor a learner need GNU gettext.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from tools.course.diagnostics import BUILD_ERROR_SECTIONS, section_of
from tools.course.headings import html_name, spanish_anchor
from tools.course.i18n import BOOK_PO, COURSE_PO
from tools.course.paths import CHECK_FILES, ROOT, crate, steps
from tools.course.paths import CHECKS as CHECKS_FOLDER
from tools.course.todos import todos

# Where the report's strings are: `_()` / `N_()` calls, and in the checks the
# hints (`@hint("...")`), the first line of each check's docstring and the
# pieces of English a check puts into its message (`N_("the forked child")`).
COURSE_SOURCES = [
    "noxfile.py",
    "tools/course/*.py",
    "checks/conftest.py",
    "checks/exercises.py",
    "checks/programs.py",
    "checks/samples.py",
]
CHECKS = f"{CHECKS_FOLDER.name}/{CHECK_FILES}"


def _marked(tree: ast.AST, marks: set[str]):
    """The calls `_("...")` / `N_("...")` (as `marks` names them) in a module."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in marks
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value, node.lineno


def course_messages(root: Path = ROOT) -> dict[str, str]:
    """Every message the report can print: {English text: where it is}."""
    found: dict[str, str] = {}
    for pattern in COURSE_SOURCES:
        for path in sorted(root.glob(pattern)):
            name = path.relative_to(root).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for text, line in _marked(tree, {"_", "N_"}):
                found.setdefault(text, f"{name}:{line}")
    for path in sorted(root.glob(CHECKS)):
        name = str(path.relative_to(root))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef) or not node.name.startswith("test_"):
                continue
            doc = ast.get_docstring(node)
            if doc:
                found.setdefault(doc.strip().splitlines()[0], f"{name}:{node.lineno}")
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and getattr(decorator.func, "id", getattr(decorator.func, "attr", "")) == "hint"
                    and decorator.args
                ):
                    text = decorator.args[0]
                    if isinstance(text, ast.Constant) and isinstance(text.value, str):
                        found.setdefault(text.value, f"{name}:{decorator.lineno}")
                    else:
                        found.setdefault(
                            f"<a hint that is not plain text at {name}:{decorator.lineno}>", ""
                        )
        for text, line in _marked(tree, {"_", "N_"}):  # a check's messages, and pieces of them
            found.setdefault(text, f"{name}:{line}")
    # The exercises' TODO comments, which the report shows (tools/course/todos.py);
    # read from the solutions, whose regions the starters copy them from.
    for step in steps(root):
        for todo in todos(crate("solution", step, root)):
            found.setdefault(todo.text, f"{todo.path.relative_to(root).as_posix()}:{todo.line}")
    return found


def is_code(message: str) -> bool:
    """Messages that mdbook-xgettext takes out of code blocks (a comment, a
    string literal, a whole fenced block), and table cells that hold only code
    (`Vec<T>`) or a number. Code stays code: such a message needs no
    translation (one may still be given, for a comment)."""
    text = message.strip()
    if text.startswith("```"):
        return True
    if re.match(r"^(//|#|/\*|<!--)", text):
        return True
    if not re.sub(r"`[^`]*`|[\W\d_]", "", text):
        return True  # only code spans, numbers and punctuation: nothing to translate
    literal = (
        r"""[brfu]*(r#*)?('{3}[\s\S]*'{3}|"{3}[\s\S]*"{3}|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')#*"""
    )
    return bool(re.fullmatch(literal, text, flags=re.IGNORECASE | re.DOTALL))


def problems(catalogue: Path, wanted: list[str], code_exempt: bool) -> list[str]:
    """What keeps `catalogue` from being complete and current for `wanted`."""
    import polib  # the course's environment has it (tools/requirements.txt)

    if not catalogue.exists():
        return [f"{catalogue.relative_to(ROOT)} does not exist"]
    po = polib.pofile(str(catalogue))
    entries = {e.msgid: e for e in po if not e.obsolete}
    found = []
    # GNU msgfmt refuses a catalogue that holds a message twice (an obsolete
    # "#~" copy counts); polib reads it without a word, so it is looked for here.
    seen: set[tuple[str | None, str]] = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            short = entry.msgid if len(entry.msgid) < 70 else entry.msgid[:67] + "..."
            found.append(f'the message is there twice (delete the "#~" copy): {short!r}')
        seen.add(key)
    for msgid in wanted:
        entry = entries.get(msgid)
        short = msgid if len(msgid) < 70 else msgid[:67] + "..."
        if entry is None:
            if not (code_exempt and is_code(msgid)):
                found.append(f"not in the catalogue yet (run `nox -s translations`): {short!r}")
        elif "fuzzy" in entry.flags:
            found.append(f"fuzzy (the English changed; check the translation): {short!r}")
        elif not entry.msgstr.strip() and not (code_exempt and is_code(msgid)):
            found.append(f"untranslated: {short!r}")
        elif not code_exempt and _fields(msgid) != _fields(entry.msgstr):
            found.append(
                f"the translation must keep the fields {sorted(_fields(msgid))}: {short!r}"
            )
    name = catalogue.relative_to(ROOT)
    return [f"{name}: {p}" for p in found]


def _fields(text: str) -> set[str]:
    """The `{name}` fields that str.format fills in a report's message."""
    return set(re.findall(r"\{(\w*)\}", text))


def counts(catalogue: Path, wanted: list[str], code_exempt: bool) -> tuple[int, int, int]:
    """(messages, translated, code messages left as they are)."""
    import polib

    po = polib.pofile(str(catalogue))
    done = {e.msgid for e in po if not e.obsolete and e.msgstr.strip() and "fuzzy" not in e.flags}
    code = [m for m in wanted if code_exempt and is_code(m) and m not in done]
    return len(wanted), sum(m in done for m in wanted), len(code)


def report_pointers(root: Path = ROOT) -> set[str]:
    """The sections the reports send the learner to ("step-1.md#the-exercise"):
    every such string in the checks, and the sections of "When the build fails"
    that a build error leads to."""
    found = {section_of(title) for _pattern, title in BUILD_ERROR_SECTIONS}
    for path in sorted((root / "checks").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and re.fullmatch(r"[\w-]+\.md#[\w-]+", text):
                found.add(text)
    return found


def pointer_problems(edition: Path, root: Path = ROOT) -> list[str]:
    """Each section a report points to must be a heading of the Spanish page it
    names, under the anchor its translated heading gets."""
    import polib

    from tools.maintain.bookcheck import page_ids

    spanish = {e.msgid: e.msgstr for e in polib.pofile(str(BOOK_PO)) if e.msgstr}
    found = []
    for pointer in sorted(report_pointers(root)):
        page, _sep, _anchor = pointer.partition("#")
        wanted = spanish_anchor(pointer, lambda t: spanish.get(t, t), root / "book" / "src")
        if wanted is None:
            found.append(f"the checks point to {pointer}, which is no heading of {page}")
            continue
        html = edition / html_name(page)
        if not html.exists() or wanted not in page_ids(html):
            found.append(f"the Spanish edition has no {html.name}#{wanted} (for {pointer})")
    return found


def template_messages(pot: Path) -> list[str]:
    import polib

    return [e.msgid for e in polib.pofile(str(pot)) if e.msgid]


def write_course_template(target: Path) -> None:
    """po/course.pot: the report's messages, for msgmerge."""
    import polib

    pot = polib.POFile(wrapwidth=0)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid, where in course_messages().items():
        # The file only, not the line: an edit elsewhere in it changes no entry.
        pot.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[(where.split(":")[0], "")]))
    pot.save(str(target))


def update(book_pot: Path) -> int:
    """msgmerge both catalogues with their templates (the book's, made by
    mdbook-xgettext; the reports', made here); then list what is left to do."""
    import shutil
    import subprocess
    import tempfile

    msgmerge = shutil.which("msgmerge")
    if not msgmerge:
        print(
            "needs GNU gettext's msgmerge: `sudo apt-get install gettext`, `brew install gettext`"
        )
        return 2
    with tempfile.TemporaryDirectory() as folder:
        course_pot = Path(folder) / "course.pot"
        write_course_template(course_pot)
        for catalogue, template in ((BOOK_PO, book_pot), (COURSE_PO, course_pot)):
            if catalogue.exists():
                merge = [msgmerge, "--quiet", "--update", "--backup=off", "--no-wrap", "--previous"]
                subprocess.run([*merge, str(catalogue), str(template)], check=True)
            else:
                shutil.copy(template, catalogue)
    from tools.maintain import outputs

    outputs.into_catalogue()  # the book's sample outputs, which msgmerge cannot see
    return main(["check", str(book_pot)])


def main(argv: list[str]) -> int:
    """Run with the course's Python (it has polib):

    check BOOK_POT [EDITION]  both catalogues complete and current (BOOK_POT:
                     the book's messages, made by mdbook-xgettext just before;
                     EDITION: the built Spanish book, which the reports point into)
    course-pot FILE  write the report's template
    update BOOK_POT  bring po/es.po and po/course-es.po up to the English text
                     with GNU gettext's msgmerge, then say what to translate
    """
    command = argv[0] if argv else ""
    if command == "check" and len(argv) in {2, 3}:
        book = template_messages(Path(argv[1]))
        course = list(course_messages())
        found = problems(BOOK_PO, book, code_exempt=True)
        found += problems(COURSE_PO, course, code_exempt=False)
        if len(argv) == 3:  # the built Spanish edition: the reports' pointers into it
            found += pointer_problems(Path(argv[2]))
        for label, po, wanted, exempt in (
            ("book", BOOK_PO, book, True),
            ("reports", COURSE_PO, course, False),
        ):
            if po.exists():
                total, done, code = counts(po, wanted, exempt)
                extra = f", {code} of them code left as it is" if code else ""
                print(f"translations: {label}: {total} messages, {done} translated{extra}")
        for problem in found[:40]:
            print(problem)
        if len(found) > 40:
            print(f"... and {len(found) - 40} more")
        if found:
            print(
                "The Spanish edition must keep up with the English text: `nox -s translations` "
                "brings po/ up to date; then translate what it lists, with the words of "
                "po/GLOSARIO.md."
            )
        return 1 if found else 0
    if command == "course-pot" and len(argv) == 2:
        write_course_template(Path(argv[1]))
        return 0
    if command == "update" and len(argv) == 2:
        return update(Path(argv[1]))
    print(main.__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
