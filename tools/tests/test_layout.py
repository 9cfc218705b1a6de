"""The tools' layout: what a learner runs does not depend on the authors' tools,
and no module imports itself back through another."""

from __future__ import annotations

import ast
from pathlib import Path

TOOLS = Path(__file__).resolve().parent.parent
ROOT = TOOLS.parent


def imports(path: Path) -> set[str]:
    """The tools modules a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tools."):
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tools."))
    return found


def modules() -> dict[str, set[str]]:
    graph = {}
    for folder in ("course", "maintain"):
        for path in sorted((TOOLS / folder).rglob("*.py")):  # bench_programs/ too
            name = ".".join(("tools", *path.relative_to(TOOLS).with_suffix("").parts))
            graph[name] = imports(path)
    return {name: {m for m in found if m in graph and m != name} for name, found in graph.items()}


def test_nothing_a_learner_runs_imports_the_authors_tools():
    wrong = {
        name: sorted(m for m in found if m.startswith("tools.maintain"))
        for name, found in modules().items()
        if name.startswith("tools.course")
    }
    assert not any(wrong.values()), {k: v for k, v in wrong.items() if v}
    # Nor does it run them by name (`python -m tools.maintain...`).
    named = [
        path.name
        for path in sorted((TOOLS / "course").rglob("*.py"))
        if "tools.maintain" in path.read_text(encoding="utf-8")
    ]
    assert not named, f"learner's modules that run the authors' tools: {named}"


def test_no_import_cycle():
    graph = modules()

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = [name for name in graph if reaches(name, name, {name})]
    assert not cycles, f"modules that import themselves back: {cycles}"


def test_the_layout_map_names_every_module():
    readme = (TOOLS / "README.md").read_text(encoding="utf-8")
    missing = [
        f"{folder}/{path.name}"
        for folder in ("course", "maintain")
        for path in sorted((TOOLS / folder).glob("*.py"))
        if path.name != "__init__.py" and f"{folder}/{path.name}" not in readme
    ]
    assert not missing, f"tools/README.md does not say where these belong: {missing}"


def test_every_file_names_the_same_oldest_python():
    """Cargo.toml's abi3-py3XX decides (tools/course/paths.py); the steps'
    pyproject.toml, ruff and CI's oldest Python must say the same."""
    from tools.course.paths import PYTHON_MINIMUM, PYTHON_MINIMUM_TEXT, ROOT

    wanted = f'requires-python = ">={PYTHON_MINIMUM_TEXT}"'
    projects = sorted(ROOT.glob("s*/step*/pyproject.toml"))
    assert len(projects) >= 2
    for project in projects:
        assert wanted in project.read_text(encoding="utf-8"), project
    ruff = (ROOT / "ruff.toml").read_text(encoding="utf-8")
    assert 'target-version = "py{}{}"'.format(*PYTHON_MINIMUM) in ruff
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert f'python: ["{PYTHON_MINIMUM_TEXT}", ' in workflow


def test_the_language_link_knows_the_servers_ports():
    """book/theme/language.js keeps its own copy of mdbook.PORTS (the browser
    reads no Python): the two must agree."""
    import re

    from tools.course.mdbook import PORTS
    from tools.course.paths import ROOT

    script = (ROOT / "book" / "theme" / "language.js").read_text(encoding="utf-8")
    found = re.search(r"const ports = \{ en: \"(\d+)\", es: \"(\d+)\" \};", script)
    assert found, "language.js no longer says `const ports = { en: ..., es: ... };`"
    assert (int(found[1]), int(found[2])) == (PORTS["en"], PORTS["es"])


def test_ci_runs_modules_that_exist():
    """.ci/run and the GitHub workflow name the course's modules by hand."""
    import re

    for path in (ROOT / ".ci" / "run", ROOT / ".github" / "workflows" / "ci.yml"):
        text = path.read_text(encoding="utf-8")
        for module in re.findall(r"(?:-m|from)\s+(tools(?:\.\w+)+)", text):
            file = ROOT.joinpath(*module.split(".")).with_suffix(".py")
            assert file.exists(), f"{path.relative_to(ROOT)} names {module}, which does not exist"


def test_the_book_builds_where_the_tools_look():
    import re

    from tools.course.paths import BOOK_BUILD

    # (No tomllib: these tests run on Python 3.10 too.)
    text = (ROOT / "book" / "book.toml").read_text(encoding="utf-8")
    folder = re.search(r'^build-dir = "(.*)"', text, re.MULTILINE)[1]
    assert f"book/{folder}" == BOOK_BUILD
