"""The course's sample images (images/), and the pixels each must decode to."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

IMAGES = Path(__file__).resolve().parent.parent / "images"


@cache
def manifest() -> dict:
    return json.loads((IMAGES / "samples.json").read_text(encoding="utf-8"))


def names(with_pixels: bool = True) -> list[str]:
    """Sample names; with_pixels: only those whose expected pixels are stored."""
    samples = manifest()["samples"]
    return [n for n, s in samples.items() if not with_pixels or n in expected_names()]


def info(name: str) -> dict:
    return manifest()["samples"][name]


def data(name: str) -> bytes:
    return (IMAGES / info(name)["file"]).read_bytes()


@cache
def _expected():
    import numpy as np

    with np.load(IMAGES / "expected.npz") as stored:
        return {key: stored[key] for key in stored.files}


def expected_names() -> set[str]:
    return set(_expected())


def expected(name: str):
    """The uint8 pixels, shaped (height, width, channels), a decoder must return."""
    return _expected()[name]
