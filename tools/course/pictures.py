"""Decode the sample images with a step's jxl_demo and save them as PNG files.

`nox -s pictures -- N` does it with your steps/stepN, so you can look at what
your own extension decoded; the book's build does it with the solution, for the
pictures the book shows.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tools.course.paths import ROOT

IMAGES = ROOT / "images"


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
        env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(module_dir), str(ROOT)])),
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
