"""Links from every page of the book to its source, when the book has a home.

The course has no fixed public address: wherever it is cloned from is its
home. When this clone's `origin` is a GitHub or GitLab repository, the book
gets mdBook's repository link and an "edit this page" link that open the
chapter's file there, so a reader can report a mistake on the page where they
found it. Otherwise (no remote, another host) the book has neither link.
mdBook reads them from MDBOOK_OUTPUT__HTML__... environment variables, which
override book.toml.
"""

from __future__ import annotations

import re
import subprocess

from tools.course.paths import ROOT

# git@github.com:owner/name.git, ssh://git@gitlab.com/group/name, https://github.com/owner/name
REMOTE = re.compile(
    r"^(?:https://(?:[^@/]+@)?|ssh://git@|git@)(github\.com|gitlab\.com)[:/](.+?)(?:\.git)?/?$"
)


def _git(*args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def web_address(remote: str) -> tuple[str, str] | None:
    """(host, https address of the repository) for a GitHub or GitLab remote."""
    match = REMOTE.match(remote.strip())
    return (match[1], f"https://{match[1]}/{match[2]}") if match else None


def environment(remote: str | None = None, branch: str | None = None) -> dict[str, str]:
    """The MDBOOK_ variables for this clone's origin, or none."""
    found = web_address(_git("remote", "get-url", "origin") if remote is None else remote)
    if not found:
        return {}
    host, address = found
    env = {"MDBOOK_OUTPUT__HTML__GIT_REPOSITORY_URL": address}
    if branch is None:  # origin's default branch, as the last fetch saw it
        branch = _git("symbolic-ref", "--short", "refs/remotes/origin/HEAD").removeprefix("origin/")
    if branch:
        # mdBook replaces {path} with the chapter's path from book.toml's folder (src/...).
        edit = "edit" if host == "github.com" else "-/edit"
        env["MDBOOK_OUTPUT__HTML__EDIT_URL_TEMPLATE"] = f"{address}/{edit}/{branch}/book/{{path}}"
    return env
