"""What `maturin generate-stubs` makes of a solution, next to the stub written by hand.

maturin 1.16 can write a crate's `.pyi` from what PyO3's `experimental-inspect`
feature records in the compiled module. The book's step 5 shows how that stub
differs from solutions/step5/jxl_demo.pyi; `nox -s stubs` generates it again
and fails when the differences are no longer the ones the book lists, so the
book's account of what the generator cannot express stays true.
"""

from __future__ import annotations

import ast
import os
import subprocess
import tempfile
from pathlib import Path

from tools.course import paths
from tools.course.build import MODULE, build, cargo_env
from tools.course.paths import ROOT, crate, crate_name

STEP = 5
EXPECTED = paths.BOOK_SRC / "stubgen" / f"step{STEP}.txt"
STUB = f"{MODULE}.pyi"  # the stub each solution ships beside its Cargo.toml


def generate(maturin: Path, crate: Path, out: Path) -> Path:
    """Run `maturin generate-stubs` on `crate` with PyO3's experimental-inspect.

    The feature is asked for on the command line only, so this build of PyO3
    sits beside the usual one in target/ and rebuilds nothing else."""
    subprocess.run(
        [str(maturin), "generate-stubs", "--quiet", "-m", str(crate / "Cargo.toml"),
         "-F", "pyo3/experimental-inspect", "--out", str(out)],
        cwd=ROOT, env=cargo_env(), check=True,
    )  # fmt: skip
    return out / MODULE / "__init__.pyi"


def _signature(node: ast.FunctionDef) -> list[str]:
    """The parameters as Python writes them, `self` left out, without defaults."""

    def param(a: ast.arg) -> str:
        return f"{a.arg}: {ast.unparse(a.annotation)}" if a.annotation else a.arg

    args = node.args
    out = [param(a) for a in args.posonlyargs if a.arg != "self"]
    out += ["/"] if out else []
    out += [param(a) for a in args.args if a.arg != "self"]
    out += ["*"] + [param(a) for a in args.kwonlyargs] if args.kwonlyargs else []
    return out


def _members(body: list[ast.stmt]) -> dict[str, ast.stmt]:
    members = {}
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            members[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            members[node.target.id] = node
    return members


def _compare(prefix: str, generated: dict, written: dict) -> list[str]:
    out = []
    for name in sorted(set(generated) | set(written)):
        g, w = generated.get(name), written.get(name)
        if g is None:
            out.append(f"{prefix}{name}: not in the generated stub")
        elif w is None:
            out.append(f"{prefix}{name}: only in the generated stub")
        elif isinstance(g, ast.ClassDef) and isinstance(w, ast.ClassDef):
            out += _compare(f"{prefix}{name}.", _members(g.body), _members(w.body))
        elif isinstance(g, ast.FunctionDef) and isinstance(w, ast.FunctionDef):
            if _signature(g) != _signature(w):
                out.append(
                    f"{prefix}{name}: parameters ({', '.join(_signature(g))}), "
                    f"written ({', '.join(_signature(w))})"
                )
            returns = [ast.unparse(f.returns) if f.returns else "?" for f in (g, w)]
            if returns[0] != returns[1]:
                out.append(f"{prefix}{name}: returns {returns[0]}, written {returns[1]}")
        elif isinstance(g, ast.AnnAssign) and isinstance(w, ast.AnnAssign):
            types = [ast.unparse(n.annotation) for n in (g, w)]
            if types[0] != types[1]:
                out.append(f"{prefix}{name}: {types[0]}, written {types[1]}")
    return out


def differences(generated: Path, written: Path) -> list[str]:
    """One line per difference between two stubs, name by name."""
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in (generated, written)]
    return _compare("", *(_members(tree.body) for tree in trees))


def problems(maturin: Path) -> tuple[list[str], list[str]]:
    """(the differences found today, what disagrees with the book's list)."""
    crate = paths.crate("solution", STEP)
    with tempfile.TemporaryDirectory() as out:
        found = differences(generate(maturin, crate, Path(out)), crate / STUB)
    expected = EXPECTED.read_text(encoding="utf-8").splitlines()
    wrong = [f"new: {line}" for line in found if line not in expected]
    wrong += [f"gone: {line}" for line in expected if line not in found]
    return found, wrong


def check(python: Path, steps: list[int], maturin: Path, log=print) -> list[str]:
    """stubtest on each solution's jxl_demo.pyi, then the generated stub of
    step 5 against the differences the book lists. Returns the problems."""
    from tools.course.report import print_build_failure

    found: list[str] = []
    for step in steps:
        path = crate("solution", step)
        result = build(path, python)
        if not result.ok:
            print_build_failure(result)
            found.append(f"{path.relative_to(ROOT).as_posix()} does not build")
            continue
        env = {**os.environ, "PYTHONPATH": str(result.module_dir), "MYPYPATH": str(path)}
        stub = (path / STUB).relative_to(ROOT).as_posix()
        log(stub)
        proc = subprocess.run([str(python), "-m", "mypy.stubtest", MODULE], env=env, check=False)
        if proc.returncode != 0:
            found.append(f"{stub} does not match its module (see above)")
    log(f"maturin generate-stubs on {crate_name('solution', STEP)}, compared with its .pyi")
    differences, wrong = problems(maturin)
    where = EXPECTED.relative_to(ROOT).as_posix()
    print(f"  Differences, as expected (the book quotes them from {where}):")
    print("\n".join(f"    {line}" for line in differences))
    if wrong:
        found.append(f"the differences are not those in {where}:\n" + "\n".join(wrong))
    return found
