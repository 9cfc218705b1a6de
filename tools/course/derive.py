"""Starters are derived from solutions: one source of truth for each step.

A solution marks each exercise region in its Rust source:

    // EXERCISE name            (or: // EXERCISE name remove)
    // TODO: what the learner should do, as comments the starter keeps
    //> code the starter gets instead of the solution (optional)
    // SOLUTION
    ...the solution's code...
    // END EXERCISE

In the starter the region becomes its comment lines, then its `//>` lines
(without the marker), or `todo!()` when there are none, unless the region is
marked `remove`. One exercise may have several regions (an attribute here, a
line in the module there): they share its name.

`derive_rust(..., solved={"export"})` keeps the named exercises solved: the
crate a learner has after those exercises, which `nox -s exercises` builds to
check that each exercise's checks wait for that exercise alone. Everything outside the regions is copied as it is, and so are
the crate's other files; in Cargo.toml the package name changes, `solutionN` to
`stepN`, and a lint setting keeps the unwritten functions from warning.

The book shows solutions without these markers: `strip_markers` removes them
(book/exercises.py runs it as an mdBook preprocessor).
"""

from __future__ import annotations

import re
from pathlib import Path

from tools.course.paths import crate_name

# The words of the markers, as the comments of the solutions write them.
MARKERS = ("EXERCISE", "SOLUTION", "END EXERCISE")
BEGIN = re.compile(r"^(?P<indent>\s*)// EXERCISE (?P<name>[\w-]+)(?P<remove> remove)?\s*$")
SOLUTION = re.compile(r"^\s*// SOLUTION\s*$")
END = re.compile(r"^\s*// END EXERCISE\s*$")
STARTER_CODE = re.compile(r"^(?P<indent>\s*)//> ?(?P<code>.*)$")

# Files of a solution crate that are not copied into the starter.
SKIP_DIRS = {"target", "__pycache__", ".venv", ".pytest_cache", ".hypothesis"}


class MarkerError(ValueError):
    """A solution's exercise markers are malformed."""


def derive_rust(
    source: str, origin: str = "<source>", solved: frozenset[str] | set[str] = frozenset()
) -> str:
    """Return the starter's version of one Rust source file of a solution, with
    the exercises named in `solved` left solved (their markers removed)."""
    out: list[str] = []
    state = "copy"  # copy -> header -> solution -> copy
    region: dict = {}
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        where = f"{origin}:{number}"
        if state == "copy":
            match = BEGIN.match(line)
            if match:
                region = {
                    "indent": match["indent"],
                    "remove": bool(match["remove"]),
                    "code": False,
                    "solved": match["name"] in solved,
                }
                state = "header"
            elif SOLUTION.match(line) or END.match(line):
                raise MarkerError(f"{where}: marker outside an EXERCISE region")
            else:
                out.append(line)
        elif state == "header":
            if SOLUTION.match(line):
                if not region["remove"] and not region["code"] and not region["solved"]:
                    out.append(f"{region['indent']}todo!()\n")
                state = "solution"
            elif BEGIN.match(line) or END.match(line):
                raise MarkerError(f"{where}: expected // SOLUTION before this line")
            else:
                code = STARTER_CODE.match(line)
                if code:
                    region["code"] = True
                    if not region["solved"]:
                        out.append(f"{code['indent']}{code['code']}\n")
                elif line.strip().startswith("//"):
                    if not region["solved"]:
                        out.append(line)
                else:
                    raise MarkerError(f"{where}: only comments may stand before // SOLUTION")
        elif state == "solution":
            if END.match(line):
                state = "copy"
            elif BEGIN.match(line) or SOLUTION.match(line):
                raise MarkerError(f"{where}: regions cannot nest")
            elif region["solved"]:
                out.append(line)
    if state != "copy":
        raise MarkerError(f"{origin}: an EXERCISE region is not closed")
    return _balanced_anchors(out)


ANCHOR = re.compile(r"^\s*// ANCHOR(_END)?: (\w+)\s*$")


def _balanced_anchors(lines: list[str]) -> str:
    """The lines without the book's anchor markers that lost their partner
    to a region (an anchor may start before a solution and end inside it),
    or everything between them (a region that was all the anchor held): a
    marker around nothing would only puzzle the learner."""
    opened = {m[2]: i for i, line in enumerate(lines) if (m := ANCHOR.match(line)) and not m[1]}
    closed = {m[2]: i for i, line in enumerate(lines) if (m := ANCHOR.match(line)) and m[1]}
    kept = {
        name
        for name in opened.keys() & closed.keys()
        if any(line.strip() for line in lines[opened[name] + 1 : closed[name]])
    }
    out: list[str] = []
    for line in lines:
        if (m := ANCHOR.match(line)) and m[2] not in kept:
            continue
        if not line.strip() and out and not out[-1].strip():
            continue  # the blank lines that stood either side of a dropped pair: one is enough
        out.append(line)
    return "".join(out)


def strip_markers(source: str) -> str:
    """Return a solution's source as the book shows it: without the markers
    and without the starter's lines."""
    out: list[str] = []
    in_header = False
    for line in source.splitlines(keepends=True):
        if BEGIN.match(line):
            in_header = True
        elif in_header:
            in_header = not SOLUTION.match(line)
        elif not END.match(line):
            out.append(line)
    return "".join(out)


# A crate's package name in its Cargo.toml (the first `name = ` line is the package's).
PACKAGE_NAME = re.compile(r'^name = "(\w+)"$', re.MULTILINE)


def renamed(cargo_toml: str, name: str) -> str:
    """A crate's Cargo.toml with its package called `name` (the starter
    `stepN`, or a scratch copy's own name beside the course's crates)."""
    new, count = PACKAGE_NAME.subn(f'name = "{name}"', cargo_toml, count=1)
    if count != 1:
        raise MarkerError('Cargo.toml: no line `name = "..."`')
    return new


def derive_cargo_toml(text: str, step: int) -> str:
    return renamed(text, f"step{step}") + STARTER_LINTS


# A `todo!()` leaves arguments, imports and helpers unused; no warnings for those,
# so that the workspace builds cleanly before anyone has written a line.
STARTER_LINTS = """
[lints.rust]
# Until you write the exercises, their functions do not use their arguments, the
# imports they need, or the helpers they should call, and the code after a
# `todo!()` is never reached. No warnings for those.
unused_variables = "allow"
unused_imports = "allow"
dead_code = "allow"
unreachable_code = "allow"
"""


def crate_files(crate: Path) -> list[Path]:
    """The files of a crate, relative to it, build output left out."""
    files = []
    for path in sorted(crate.rglob("*")):
        rel = path.relative_to(crate)
        if path.is_file() and not SKIP_DIRS.intersection(rel.parts):
            files.append(rel)
    return files


def exercise_names(source: str) -> list[str]:
    """The exercises a Rust source file marks, in the order they first appear."""
    names: list[str] = []
    for line in source.splitlines():
        match = BEGIN.match(line)
        if match and match["name"] not in names:
            names.append(match["name"])
    return names


def derive_starter(
    solution: Path, step: int, solved: frozenset[str] | set[str] = frozenset()
) -> dict[Path, bytes]:
    """Every file of the starter for `step`, derived from its solution crate
    (with the exercises in `solved` left solved)."""
    files: dict[Path, bytes] = {}
    for rel in crate_files(solution):
        data = (solution / rel).read_bytes()
        if rel.suffix == ".rs":
            text = derive_rust(
                data.decode("utf-8"), f"{crate_name('solution', step)}/{rel.as_posix()}", solved
            )
            data = text.encode("utf-8")
        elif rel == Path("Cargo.toml"):
            data = derive_cargo_toml(data.decode("utf-8"), step).encode("utf-8")
        files[rel] = data
    return files


def compare(expected: dict[Path, bytes], starter: Path) -> list[str]:
    """What differs between a derived starter and the one in the tree."""
    problems = []
    present = set(crate_files(starter)) if starter.exists() else set()
    for rel, data in expected.items():
        if rel not in present:
            problems.append(f"missing: {rel.as_posix()}")
        elif (starter / rel).read_bytes() != data:
            problems.append(f"differs: {rel.as_posix()}")
    for rel in sorted(present - set(expected)):
        problems.append(f"not in the solution: {rel.as_posix()}")
    return problems
