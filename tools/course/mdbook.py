"""mdBook and mdbook-i18n-helpers, compiled with cargo into .nox/ the first
time the book is built or served."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tools.course.build import offline
from tools.course.environment import program
from tools.course.paths import ROOT

# mdBook builds the book. Only the book sessions need it, so it is not in the
# learner's environment: `cargo install` compiles it once into .nox/mdbook, at
# this version, on any platform that has Rust (a prebuilt wheel would cover
# only the platforms its packager built for). It needs Rust 1.88 or newer.
MDBOOK_VERSION = "0.5.4"
MDBOOK_RUST = (1, 88)
MDBOOK_ROOT = ROOT / ".nox" / "mdbook"


def mdbook_executable(root: Path | None = None, platform: str | None = None) -> Path:
    """Where `cargo install --root` puts mdBook: bin/ on every platform (not
    Scripts/: it is cargo's folder, not a virtual environment's)."""
    return (root or MDBOOK_ROOT) / "bin" / program("mdbook", platform)


def mdbook(log=print) -> Path:
    """mdBook's executable, compiled with cargo the first time it is needed."""
    executable = mdbook_executable()
    if not executable.exists() or not _installed(MDBOOK_ROOT, MDBOOK_VERSION):
        _cargo_install(
            "mdbook", "mdBook", MDBOOK_VERSION, MDBOOK_ROOT, "builds the book", "3 to 6", log
        )
    return executable


def _installed(root: Path, version: str) -> bool:
    """Whether `_cargo_install` put `version` into `root` (its stamp says so)."""
    stamp = root / "version"
    return stamp.exists() and stamp.read_text(encoding="utf-8").strip() == version


def _cargo_install(
    crate: str, name: str, version: str, root: Path, purpose: str, minutes: str, log
) -> None:
    """Compile `crate` at `version` into `root` with `cargo install`, saying
    so first, and stamp `root` with the version; a clear message if it fails."""
    log(
        f"Compiling {name} {version}, which {purpose}, into "
        f"{root.relative_to(ROOT)} (once; {minutes} minutes on a laptop) ..."
    )
    command = ["cargo", "install", crate, "--version", version, "--locked", "--root", str(root)]
    if offline():
        command.append("--offline")
    root.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(command, cwd=root.parent, env=_mdbook_env(root), check=False)
    if proc.returncode != 0:
        need = ".".join(map(str, MDBOOK_RUST))
        raise SystemExit(
            f"Could not compile {name} {version} (see cargo's message above). It needs "
            f"Rust {need} or newer (`rustup update stable`) and, the first time, the network "
            "(crates.io), or `nox -s prefetch` done earlier."
        )
    (root / "version").write_text(version + "\n", encoding="utf-8")


def _mdbook_env(root: Path) -> dict[str, str]:
    """cargo's environment for compiling a book tool into `root`: the course's
    own settings (a PYO3_* variable, a target directory) have nothing to do with it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYO3_", "CARGO_TARGET"))}
    # The course runs the tools by their full paths: without this, cargo would
    # advise adding `root`'s bin folder to PATH, which nobody needs to do.
    env["PATH"] = os.pathsep.join([str(root / "bin"), env.get("PATH", "")])
    if offline():
        env["CARGO_NET_OFFLINE"] = "true"
    return env


# mdbook-i18n-helpers translates the book: gettext catalogues (po/es.po) for
# mdBook, the machinery Comprehensive Rust uses for its 20+ languages and the
# Rust community's common one for mdBook. Its mdbook-xgettext renderer extracts
# the English messages, its mdbook-gettext preprocessor puts the translation in.
# Version 0.4.0 is the first built on mdBook 0.5 (its CHANGELOG: "Update to
# mdbook 0.5"); like mdBook it is compiled once with cargo, for the book sessions.
I18N_VERSION = "0.4.0"
I18N_ROOT = ROOT / ".nox" / "mdbook-i18n"


def i18n_helpers(log=print) -> Path:
    """The folder holding mdbook-gettext and mdbook-xgettext, compiled the first
    time a book session needs them (and again when I18N_VERSION changes)."""
    folder = I18N_ROOT / "bin"
    programs = all((folder / program(p)).exists() for p in ("mdbook-gettext", "mdbook-xgettext"))
    if not programs or not _installed(I18N_ROOT, I18N_VERSION):
        _cargo_install(
            "mdbook-i18n-helpers",
            "mdbook-i18n-helpers",
            I18N_VERSION,
            I18N_ROOT,
            "makes the Spanish edition",
            "2 to 5",
            log,
        )
    return folder
