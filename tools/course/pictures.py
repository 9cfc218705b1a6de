"""Decode the sample images with a step's jxl_demo and save them as PNG files.

`nox -s pictures -- N` does it with your steps/stepN, so you can look at what
your own extension decoded; the book's build does it with the solution, for the
pictures the book shows.
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path

from tools.course.paths import BOOK_SRC, IMAGES, ROOT, crate_name
from tools.course.runner import python_path

PICTURE_STEP = 3  # the first step whose jxl_demo makes Pillow images
BOOK_PICTURES = BOOK_SRC / "pictures"  # made by the book's build, not committed


def save_all(out: Path, images: Path) -> None:
    """Run in the course's Python with a step's jxl_demo importable (see write)."""
    import jxl_demo
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(images.glob("*.jxl")):
        data = path.read_bytes()
        if hasattr(jxl_demo, "decode_jxl"):  # step 3 on: Rust makes the Pillow image
            image = jxl_demo.decode_jxl(data)
        else:  # step 2: the array, handed to Pillow here in Python
            array = jxl_demo.decode_jxl_as_array(data)
            image = Image.fromarray(array[:, :, 0] if array.shape[2] == 1 else array)
        target = out / f"{path.stem}.png"
        image.save(target)
        print(f"  {target}  {image.mode} {image.size[0]}x{image.size[1]}")


def write(python: Path, module_dir: Path, out: Path) -> bool:
    """Save every sample as out/<name>.png; False (after saying why) on failure."""
    proc = subprocess.run(
        [str(python), "-m", "tools.course.pictures", str(out), str(IMAGES)],
        env=dict(os.environ, PYTHONPATH=python_path(module_dir, str(ROOT))),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    print(proc.stdout, end="")
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        print(f"  Could not decode the samples: {last}")
        return False
    return True


if __name__ == "__main__":
    import sys

    save_all(Path(sys.argv[1]), Path(sys.argv[2]))


@functools.cache  # once a run: `nox -s browser` builds the book three times
def for_the_book(python: Path) -> bool:
    """The pictures the book shows, decoded by solutions/step3; False (after
    saying why) when it does not build or decode."""
    from tools.course.building import build_for_learner
    from tools.course.paths import crate

    print(f"Building {crate_name('solution', PICTURE_STEP)}, which decodes the book's pictures ...")
    result = build_for_learner(crate("solution", PICTURE_STEP), python)
    return result.ok and write(python, result.module_dir, BOOK_PICTURES)


def yours(step: int, python: Path) -> str:
    """`nox -s pictures -- N`: your steps/stepN decodes the samples into
    target/pictures/stepN. Returns what went wrong ("": nothing)."""
    from tools.course.building import build_for_learner
    from tools.course.paths import TARGET, crate, steps
    from tools.course.report import print_build_failure

    if step < 2 or step not in steps():
        return f"pictures needs a step from 2 to {steps()[-1]}, not {step}"
    result = build_for_learner(crate("step", step), python)
    if not result.ok:
        print_build_failure(result)
        return f"{crate_name('step', step)} does not build"
    out = TARGET / "pictures" / f"step{step}"
    print(f"Decoding images/*.jxl with your {crate_name('step', step)}:")
    if not write(python, result.module_dir, out):
        return f"run `nox -s step{step}` to see which checks fail"
    print(f"Open them in any image viewer, or in a browser: {out.as_uri()}/")
    return ""
