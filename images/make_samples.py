# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "imagecodecs==2026.3.6",
#     "numpy==2.4.6",
# ]
# ///
"""Make the course's sample JPEG XL images, their expected pixels and a manifest.

Usage:
    python images/make_samples.py            # (re)write the files in images/
    python images/make_samples.py --check    # regenerate in a temp folder and
                                             # compare with the committed files
    python images/make_samples.py --png DIR  # also write PNG previews to DIR

Requirements (Python >= 3.11, the oldest the pinned wheels support):
    imagecodecs==2026.3.6   its wheel bundles libjxl 0.11.2, the encoder used
    numpy==2.4.6

Only this script needs the encoder. The course's checks read the committed
files (the .jxl samples, expected.npz and samples.json) and need only NumPy.

Every source pixel is synthetic and computed here (fixed seeds, no downloads).
Sizes are deliberately odd (not multiples of 8) so that a decoder bug in the
handling of partial blocks or row strides shows up.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import imagecodecs
import numpy as np

HERE = Path(__file__).resolve().parent
MANIFEST = "samples.json"
EXPECTED = "expected.npz"

# Largest difference per 8-bit sample we accept between another conforming
# decoder (jxl-oxide) and libjxl on the lossy sample. Decoders of lossy JPEG XL
# compute in floating point and may round differently when they convert to
# 8 bits. Measured with jxl-oxide 0.12.6 against libjxl 0.11.2: at most 1 (on
# about a quarter of the samples; see README.md). 2 leaves a margin for other
# versions of either decoder and is still far below what a real bug, such as
# a wrong colour conversion or a skipped filter, typically produces.
LOSSY_TOLERANCE = 2

# When --check regenerates the lossy sample with a *different* libjxl, the
# encoder may choose differently, so the decoded pixels only have to be close.
REENCODE_MAX_DIFF = 24
REENCODE_MEAN_DIFF = 1.0
# With the same libjxl, its lossy path still rounds its floats according to
# the SIMD instructions of the CPU it runs on: one level apart at most.
SAME_ENCODER_MAX_DIFF = 1


# --------------------------------------------------------------------------
# Small helpers for drawing with NumPy
# --------------------------------------------------------------------------


def coords(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (y, x) grids scaled to 0..1, shape (height, width)."""
    y = np.linspace(0.0, 1.0, height)[:, None] * np.ones((1, width))
    x = np.ones((height, 1)) * np.linspace(0.0, 1.0, width)[None, :]
    return y, x


def disc(y: np.ndarray, x: np.ndarray, cy: float, cx: float, r: float) -> np.ndarray:
    """Boolean mask of a round disc.

    The centre is in the 0..1 units of coords(); the radius is a fraction of
    the image height, so the disc stays round in a non-square image.
    """
    height, width = y.shape
    aspect = (width - 1) / (height - 1)
    return (y - cy) ** 2 + ((x - cx) * aspect) ** 2 < r**2


def to_u8(v: np.ndarray) -> np.ndarray:
    """Quantise floats in 0..1 to uint8, rounding half up."""
    return np.clip(np.floor(v * 255.0 + 0.5), 0, 255).astype(np.uint8)


def to_u16_8bit(v16: np.ndarray) -> np.ndarray:
    """What a decoder returning 8 bits must give for 16-bit samples.

    round(v * 255 / 65535) in exact integer arithmetic. There are no ties:
    v * 255 / 65535 = v / 257 never ends in exactly .5.
    """
    return ((v16.astype(np.uint32) * 255 + 32767) // 65535).astype(np.uint8)


def checkerboard(height: int, width: int, cell: int) -> np.ndarray:
    """Boolean checkerboard with square cells of `cell` pixels."""
    yy, xx = np.mgrid[0:height, 0:width]
    return ((yy // cell) + (xx // cell)) % 2 == 0


# --------------------------------------------------------------------------
# The source images
# --------------------------------------------------------------------------


def make_gray() -> np.ndarray:
    """37x23: a left-to-right ramp, a light disc, a dark square, a checker strip."""
    h, w = 23, 37
    y, x = coords(h, w)
    v = 0.1 + 0.8 * x
    v = np.where(disc(y, x, 0.45, 0.25, 0.3), 0.95, v)
    v[5:14, 24:33] = 0.05
    img = to_u8(v)
    # The bottom two rows are a 1-pixel checkerboard: any smoothing shows.
    img[-2:] = np.where(checkerboard(2, w, 1), 255, 0)
    return img[:, :, None]


def make_gray_alpha() -> np.ndarray:
    """41x29 gray + alpha: concentric rings; alpha fades from top to bottom."""
    h, w = 29, 41
    y, x = coords(h, w)
    r = np.hypot((x - 0.5) * w / h, y - 0.5)
    gray = to_u8(0.5 + 0.45 * np.cos(2 * np.pi * 3.0 * r))
    alpha = to_u8(1.0 - y)  # 255 at the top row, 0 at the bottom row
    alpha[disc(y, x, 0.65, 0.2, 0.2)] = 255  # an opaque spot in the faded part
    alpha[4:10, 28:37] = 0  # a fully transparent hole near the top
    return np.stack([gray, alpha], axis=-1)


def make_rgb_shapes(h: int, w: int) -> np.ndarray:
    """Colour gradient background with a red disc, green triangle, blue square."""
    y, x = coords(h, w)
    rgb = np.stack([0.15 + 0.7 * x, 0.15 + 0.7 * y, 0.55 - 0.3 * x], axis=-1)
    rgb[disc(y, x, 0.35, 0.22, 0.22)] = (0.9, 0.1, 0.1)
    # Triangle: pointing up, centred at x = 0.55, from y = 0.2 to y = 0.8.
    tri = (y > 0.2) & (y < 0.8) & (np.abs(x - 0.55) < (y - 0.2) * 0.3)
    rgb[tri] = (0.1, 0.75, 0.2)
    rgb[(y > 0.55) & (y < 0.9) & (x > 0.75) & (x < 0.95)] = (0.1, 0.2, 0.9)
    return to_u8(rgb)


def make_rgb() -> np.ndarray:
    """61x45 RGB: shapes on a gradient, a checkerboard corner, a white frame."""
    h, w = 45, 61
    img = make_rgb_shapes(h, w)
    cb = checkerboard(h, w, 3)
    corner = np.zeros((h, w), dtype=bool)
    corner[2:14, 44:59] = True
    img[corner & cb] = (255, 255, 255)
    img[corner & ~cb] = (0, 0, 0)
    img[0, :] = img[-1, :] = img[:, 0] = img[:, -1] = (255, 255, 255)
    return img


def make_rgba() -> np.ndarray:
    """53x39 RGBA: rainbow stripes, alpha fading outwards, transparent holes.

    Some fully transparent pixels keep bright colours. A decoder that returns
    straight (non-premultiplied) alpha must give those colours back unchanged;
    one that premultiplies would turn them black.
    """
    h, w = 39, 53
    y, x = coords(h, w)
    hue = x * 6.0  # six colour bands from left to right
    rgb = np.stack(
        [
            np.clip(np.abs(hue - 3.0) - 1.0, 0, 1),
            np.clip(2.0 - np.abs(hue - 2.0), 0, 1),
            np.clip(2.0 - np.abs(hue - 4.0), 0, 1),
        ],
        axis=-1,
    )
    rgb = rgb * (0.6 + 0.4 * (1.0 - y))[..., None]  # darker towards the bottom
    r = np.hypot((x - 0.5) * w / h, y - 0.5)
    alpha = to_u8(np.clip(1.6 - 2.0 * r, 0.0, 1.0))  # opaque centre, clear corners
    img = np.concatenate([to_u8(rgb), alpha[..., None]], axis=-1)
    img[disc(y, x, 0.5, 0.3, 0.15), 3] = 0  # a transparent hole, colours kept
    img[0:3, :, :3] = (255, 0, 255)  # magenta, but invisible (alpha 0 here)
    img[0:3, :, 3] = 0
    img[-12:-8, 10:43, 3] = 128  # a half-transparent strip
    return img


def make_rgb16() -> np.ndarray:
    """47x31 RGB, 16 bits: smooth ramps over the whole 0..65535 range."""
    h, w = 31, 47
    yy, xx = np.mgrid[0:h, 0:w].astype(np.int64)
    # Integer arithmetic keeps the values exact and platform independent.
    # Ramps over 0..65535 make the low bytes vary, so most values are not
    # multiples of 257, and for many of them rounding to 8 bits gives another
    # result than keeping the high byte (v >> 8), a common decoder mistake.
    red = xx * 65535 // (w - 1)
    green = yy * 65535 // (h - 1)
    blue = 65535 - xx * yy * 65535 // ((w - 1) * (h - 1))  # a bilinear saddle
    img = np.stack([red, green, blue], axis=-1)
    img[12:19, 18:29] = (65535, 65535, 0)  # the extremes: yellow square
    img[0, 0] = (0, 0, 0)
    img[-1, -1] = (65535, 65535, 65535)
    # Values just either side of an 8-bit rounding boundary (v / 257 = k + 0.5):
    # 128 must become 0, 129 must become 1, 25828 must become 100.
    img[-1, 0] = (128, 129, 257 * 100 + 128)
    return img.astype(np.uint16)


ANIMATION_FRAMES = 4


def make_animation() -> np.ndarray:
    """45x33, 4 full-size frames: a ball crossing a sky that darkens.

    The number of white bars in the top-left corner is the frame number
    (1 to 4), so a learner can tell which frame a decoder returned.
    """
    h, w = 33, 45
    y, x = coords(h, w)
    frames = []
    for k in range(ANIMATION_FRAMES):
        t = k / (ANIMATION_FRAMES - 1)
        red = 0.3 + 0.4 * (1 - y) * (1 - t)
        sky = np.stack([red, 0.5 + 0.3 * (1 - y), np.full_like(y, 0.9 - 0.3 * t)], axis=-1)
        sky[y > 0.8] = (0.2, 0.5, 0.15)  # grass
        # The ball flies in an arc from left to right.
        ball = disc(y, x, 0.55 - 0.3 * np.sin(np.pi * t), 0.15 + 0.7 * t, 0.17)
        sky[ball] = (1.0, 0.55, 0.1)
        frame = to_u8(sky)
        for bar in range(k + 1):
            frame[2:7, 2 + 3 * bar] = 255
        frames.append(frame)
    return np.stack(frames)


def make_photo(h: int = 117, w: int = 161) -> np.ndarray:
    """A 'landscape' (161x117 unless told): sky, soft sun, hills, a house with
    sharp edges. The benchmarks make a 12-megapixel one (4032x3024)."""
    y, x = coords(h, w)
    rgb = np.stack([0.35 + 0.45 * y, 0.55 + 0.35 * y, 0.95 - 0.1 * y], axis=-1)
    # A soft sun: a Gaussian glow added to the sky.
    glow = np.exp(-(((x - 0.78) ** 2 + (y - 0.22) ** 2) / 0.006))
    rgb += glow[..., None] * np.array([0.6, 0.5, 0.1])
    # Two rolling hills with a smooth light-to-dark shading.
    for base, amp, freq, phase, colour in [
        (0.62, 0.06, 1.5, 0.3, (0.35, 0.6, 0.25)),
        (0.75, 0.05, 2.3, 1.7, (0.2, 0.45, 0.15)),
    ]:
        horizon = base + amp * np.sin(2 * np.pi * freq * x + phase)
        shade = np.clip(1.1 - 0.8 * (y - horizon), 0.4, 1.2)[..., None]
        rgb = np.where((y > horizon)[..., None], np.array(colour) * shade, rgb)
    # A house: sharp edges are where lossy coding has to work hardest.
    house = (x > 0.2) & (x < 0.36) & (y > 0.58) & (y < 0.8)
    rgb[house] = (0.85, 0.8, 0.7)
    roof = (y > 0.45) & (y <= 0.58) & (np.abs(x - 0.28) < (y - 0.45) * 0.75)
    rgb[roof] = (0.7, 0.15, 0.1)
    rgb[(x > 0.26) & (x < 0.3) & (y > 0.68) & (y < 0.8)] = (0.3, 0.2, 0.1)
    # Mild sensor-like noise, from a fixed seed.
    rng = np.random.default_rng(20240611)
    rgb += rng.normal(0.0, 0.012, rgb.shape)
    return to_u8(rgb)


def make_large(h: int = 2003, w: int = 3001) -> np.ndarray:
    """3001x2003 RGB (or h x w): ramps, flat discs and a checker band.

    Built only from integer arithmetic and flat colours, which the lossless
    predictors code almost for free, so the file stays small although a
    decoder still has to produce about 6 million pixels.
    """
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.stack(
        [
            xx * 255 // (w - 1),
            yy * 255 // (h - 1),
            255 - (xx + yy) * 255 // (w + h - 2),
        ],
        axis=-1,
    ).astype(np.uint8)
    scale = h / 2003  # the shapes keep their place on a smaller canvas
    for cy, cx, r, colour in [
        (600, 900, 350, (250, 220, 40)),
        (1300, 2100, 500, (30, 60, 200)),
        (1500, 700, 250, (200, 40, 40)),
    ]:
        cy, cx, r = int(cy * scale), int(cx * scale), int(r * scale)
        img[(yy - cy) ** 2 + (xx - cx) ** 2 < r * r] = colour
    band = (yy > 180) & (yy < 300)
    cells = ((xx // 40) + (yy // 40)) % 2 == 0
    img[band & cells] = 240
    img[band & ~cells] = 20
    return img


# --------------------------------------------------------------------------
# The list of samples
# --------------------------------------------------------------------------

LOSSLESS = {"lossless": True, "effort": 7}
LOSSY = {"lossless": False, "distance": 1.0, "effort": 7}
# A stronger distance makes libjxl filter more across group borders: with it,
# the narrow_edge sample shows jxl-rs 0.8's threads disagreeing (see below).
LOSSY_FILTERED = {"lossless": False, "distance": 1.5, "effort": 7}


@dataclass
class Sample:
    name: str
    make: Callable[[], np.ndarray]
    encode: dict
    description: str
    bits: int = 8
    store_expected: bool = True
    color_encoding: str = "sRGB"


SAMPLES = [
    Sample(
        "gray",
        make_gray,
        LOSSLESS,
        "8-bit grayscale, lossless: ramp, light disc, dark square, checker rows.",
    ),
    Sample(
        "gray_alpha",
        make_gray_alpha,
        LOSSLESS,
        "8-bit gray + alpha, lossless: rings; alpha fades top to bottom, with holes.",
    ),
    Sample(
        "rgb",
        make_rgb,
        LOSSLESS,
        "8-bit RGB, lossless: shapes on a gradient, checkerboard corner, white frame.",
    ),
    Sample(
        "rgba",
        make_rgba,
        LOSSLESS,
        "8-bit RGBA, lossless, straight alpha: rainbow, alpha fading outwards; "
        "invisible pixels keep their colour.",
    ),
    Sample(
        "rgb16",
        make_rgb16,
        LOSSLESS,
        "16-bit RGB, lossless: ramps over the full 0..65535 range; 8-bit "
        "expectation is round(v * 255 / 65535).",
        bits=16,
        # imagecodecs tags 16-bit input as linear sRGB; a decoder that returns
        # the stored samples (as jxl-oxide and libjxl do) is not affected.
        color_encoding="linear sRGB",
    ),
    Sample(
        "animation",
        make_animation,
        LOSSLESS,
        "8-bit RGB animation, lossless: 4 full-size frames of 100 ms, a ball "
        "moving; expected pixels are frame 1 (one white bar top left).",
    ),
    Sample(
        "photo_lossy",
        make_photo,
        LOSSY,
        "8-bit RGB, lossy (distance 1.0): photo-like landscape with noise and "
        "sharp edges; expected pixels are libjxl's decode.",
    ),
    Sample(
        "large",
        make_large,
        LOSSLESS,
        "8-bit RGB, lossless, 3001x2003 but small file: for timing a decode "
        "that releases the GIL. No expected pixels are stored.",
        store_expected=False,
    ),
    Sample(
        "medium",
        lambda: make_large(801, 1201),
        LOSSLESS,
        "8-bit RGB, lossless, 1201x801: the large sample's pattern on a sixth of "
        "its pixels, for checks that need a decode long enough to watch (a tenth "
        "of a second or more) yet quick to repeat. No expected pixels are stored.",
        store_expected=False,
    ),
    Sample(
        "tiles",
        lambda: make_large(300, 520),
        LOSSLESS,
        "8-bit RGB, lossless, 520x300: the large sample's pattern in six groups of "
        "256x256 pixels, which a decoder hands to its threads: a decode that uses "
        "the thread pool yet takes a few milliseconds, for the checks that fork.",
    ),
    Sample(
        "narrow_edge",
        lambda: make_photo(300, 517),
        LOSSY_FILTERED,
        "8-bit RGB, lossy (distance 1.5), 517x300: the photo-like pattern, its last "
        "column of 256-pixel groups 5 pixels wide, where jxl-rs 0.8 decoding on "
        "several threads gives pixels that change from run to run; expected pixels "
        "are libjxl's decode.",
    ),
]


# --------------------------------------------------------------------------
# Encoding, decoding, expected pixels
# --------------------------------------------------------------------------


def encode(source: np.ndarray, settings: dict) -> bytes:
    """Encode with libjxl through imagecodecs.

    `source` is (height, width, channels) or, for an animation,
    (frames, height, width, channels); imagecodecs writes each leading index
    as a full-size frame. One thread, so the output does not depend on the
    machine. The alpha channel is stored as straight alpha (libjxl's default:
    imagecodecs never asks for premultiplied alpha).
    """
    if source.shape[-1] == 1:
        source = source[..., 0]  # imagecodecs wants (height, width) for gray
    return imagecodecs.jpegxl_encode(source, numthreads=1, **settings)


def decode_libjxl(data: bytes, frame: int | None = None) -> np.ndarray:
    """Decode with libjxl (imagecodecs); always return a channels axis."""
    pixels = imagecodecs.jpegxl_decode(data, index=frame, numthreads=1)
    if pixels.ndim == 2:
        pixels = pixels[..., None]
    return pixels


def first_frame(source: np.ndarray, sample: Sample) -> np.ndarray:
    return source[0] if sample.name == "animation" else source


def encoder_info() -> dict:
    return {
        "name": "libjxl via the imagecodecs wheel (imagecodecs.jpegxl_encode)",
        "imagecodecs": imagecodecs.__version__,
        "libjxl": imagecodecs.jpegxl_version().removeprefix("libjxl "),
    }


def generate(outdir: Path, png_dir: Path | None = None) -> dict:
    """Write every sample, expected.npz and samples.json to `outdir`."""
    outdir.mkdir(parents=True, exist_ok=True)
    expected: dict[str, np.ndarray] = {}
    entries = {}
    for sample in SAMPLES:
        source = sample.make()
        data = encode(source, sample.encode)
        (outdir / f"{sample.name}.jxl").write_bytes(data)
        frames = source.shape[0] if sample.name == "animation" else 1
        still = first_frame(source, sample)
        height, width, channels = still.shape
        lossless = sample.encode["lossless"]

        if not sample.store_expected:
            pixels = None
        elif not lossless:
            # No "exact" answer exists for lossy: store what libjxl decodes.
            pixels = decode_libjxl(data, 0 if frames > 1 else None)
        elif sample.bits == 16:
            expected[f"{sample.name}_u16"] = still
            pixels = to_u16_8bit(still)
        else:
            pixels = still
        if pixels is not None:
            expected[sample.name] = np.ascontiguousarray(pixels, dtype=np.uint8)
            if png_dir is not None:
                write_png(png_dir / f"{sample.name}.png", pixels)

        entries[sample.name] = {
            "file": f"{sample.name}.jxl",
            "width": width,
            "height": height,
            "channels": channels,
            "bits_per_sample": sample.bits,
            "frames": frames,
            "lossless": lossless,
            "tolerance": 0 if lossless else LOSSY_TOLERANCE,
            "has_alpha": channels in (2, 4),
            "color_encoding": sample.color_encoding,
            "expected_key": sample.name if sample.store_expected else None,
            "expected_16bit_key": f"{sample.name}_u16" if sample.bits == 16 else None,
            "description": sample.description,
        }

    np.savez_compressed(outdir / EXPECTED, **expected)
    write_conformance_expected(outdir)
    manifest = {
        "about": "Sample JPEG XL images for the jxl_demo course; made by "
        "images/make_samples.py (see images/README.md).",
        "encoder": encoder_info(),
        "numpy": np.__version__,
        "expected_file": EXPECTED,
        "expected_layout": "uint8 arrays shaped (height, width, channels); "
        "the *_u16 entry is the exact 16-bit source",
        "tolerance_meaning": "largest allowed absolute difference per 8-bit "
        "sample between a decoder's output and the expected array",
        "samples": entries,
    }
    (outdir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


# --------------------------------------------------------------------------
# The JPEG XL conformance suite's files in conformance/ (see its README.md):
# what libjxl decodes them to, as 8-bit straight alpha, for the checks to
# compare with.

CONFORMANCE = HERE / "conformance"
CONFORMANCE_EXPECTED = "libjxl.png"  # beside each input.jxl
# Only blendmodes: its ref.png is out of date (see images/conformance/README.md),
# so libjxl's own decode is the reference. alpha_premultiplied's ref.png is
# right (and libjxl through imagecodecs returns premultiplied color), and
# libjxl through imagecodecs does not convert CMYK, so those two are compared
# with their ref.png only.
CONFORMANCE_DECODED = ("blendmodes",)


def straight_8bit(decoded: np.ndarray, premultiplied: bool) -> np.ndarray:
    """libjxl's samples (12-bit values in uint16 here) as 8-bit straight alpha.

    Premultiplied color is divided by alpha before rounding, as a decoder
    handing Pillow straight alpha must do."""
    top = 4095.0 if decoded.dtype == np.uint16 and decoded.max() <= 4095 else None
    top = top or float(np.iinfo(decoded.dtype).max)
    values = decoded.astype(np.float64) / top
    if premultiplied:
        alpha = values[..., 3:4]
        color = np.divide(
            values[..., :3], alpha, out=np.zeros_like(values[..., :3]), where=alpha > 0
        )
        values = np.concatenate([color, alpha], axis=-1)
    return np.clip(np.floor(values * 255.0 + 0.5), 0, 255).astype(np.uint8)


def write_conformance_expected(outdir: Path) -> None:
    for name in CONFORMANCE_DECODED:
        data = (CONFORMANCE / name / "input.jxl").read_bytes()
        decoded = imagecodecs.jpegxl_decode(data, numthreads=1)
        pixels = straight_8bit(decoded, premultiplied=name == "alpha_premultiplied")
        (outdir / "conformance" / name).mkdir(parents=True, exist_ok=True)
        write_png(outdir / "conformance" / name / CONFORMANCE_EXPECTED, pixels)


def write_png(path: Path, pixels: np.ndarray) -> None:
    """PNG preview for people (not committed); gray is written as gray."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if pixels.shape[-1] == 1:
        pixels = pixels[..., 0]
    path.write_bytes(imagecodecs.png_encode(pixels))


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------


def verify(folder: Path) -> list[str]:
    """Decode every .jxl in `folder` with libjxl and compare with expected.npz.

    Returns a list of problems (empty when all is well) and prints a summary.
    """
    problems = []
    manifest = json.loads((folder / MANIFEST).read_text())
    with np.load(folder / EXPECTED) as npz:
        expected = {key: npz[key] for key in npz.files}
    print(f"{'sample':<12} {'size':>9} {'bytes':>8}  result")
    for name, entry in manifest["samples"].items():
        data = (folder / entry["file"]).read_bytes()
        frames = entry["frames"]
        decoded = decode_libjxl(data)
        if frames > 1:
            if decoded.shape[0] != frames:
                problems.append(f"{name}: {decoded.shape[0]} frames, not {frames}")
            decoded = decoded[0]
        shape = (entry["height"], entry["width"], entry["channels"])
        size = f"{entry['width']}x{entry['height']}"
        if decoded.shape != shape:
            problems.append(f"{name}: decoded shape {decoded.shape}, not {shape}")
            continue
        if entry["bits_per_sample"] == 16:
            if decoded.dtype != np.uint16:
                problems.append(f"{name}: decoded as {decoded.dtype}, not uint16")
            elif not np.array_equal(decoded, expected[entry["expected_16bit_key"]]):
                problems.append(f"{name}: 16-bit pixels differ from the source")
            elif not np.array_equal(to_u16_8bit(decoded), expected[name]):
                problems.append(f"{name}: 8-bit expectation is not the scaled source")
            result = "exact (16-bit source and 8-bit scaling)"
        elif entry["expected_key"] is None:
            # No stored pixels: regenerate the source and compare.
            source = next(s for s in SAMPLES if s.name == name).make()
            if entry["lossless"] and not np.array_equal(decoded, source):
                problems.append(f"{name}: decoded pixels differ from the source")
            result = "exact (against the regenerated source)"
        else:
            want = expected[entry["expected_key"]]
            diff = np.abs(decoded.astype(np.int16) - want.astype(np.int16))
            if diff.max() > entry["tolerance"]:
                problems.append(f"{name}: max difference {diff.max()} > {entry['tolerance']}")
            result = "exact" if diff.max() == 0 else f"max diff {diff.max()}"
        frames_note = f", {frames} frames" if frames > 1 else ""
        print(f"{name:<12} {size:>9} {len(data):>8}  {result}{frames_note}")
    return problems


def compare(committed: Path, fresh: Path) -> list[str]:
    """Compare a fresh generation with the committed one, pixels not bytes."""
    problems = []
    old = json.loads((committed / MANIFEST).read_text())
    new = json.loads((fresh / MANIFEST).read_text())
    same_encoder = old["encoder"] == new["encoder"]
    if not same_encoder:
        # Not an error in itself: the point of comparing pixels is to allow it.
        print(f"note: committed with {old['encoder']}, now {new['encoder']}")
    for key in sorted(set(old) | set(new)):
        if key not in ("encoder", "numpy", "samples") and old.get(key) != new.get(key):
            problems.append(f"manifest field {key!r} differs")
    if old["samples"].keys() != new["samples"].keys():
        problems.append("the manifests list different samples")
    for name in old["samples"].keys() & new["samples"].keys():
        a, b = old["samples"][name], new["samples"][name]
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                problems.append(f"{name}: manifest field {key!r} differs")

    with np.load(committed / EXPECTED) as a, np.load(fresh / EXPECTED) as b:
        if set(a.files) != set(b.files):
            problems.append(f"{EXPECTED} keys differ: {a.files} vs {b.files}")
        for key in set(a.files) & set(b.files):
            x, y = a[key], b[key]
            if x.shape != y.shape or x.dtype != y.dtype:
                problems.append(f"{key}: shape/dtype {x.shape} {x.dtype} vs {y.shape}")
                continue
            entry = new["samples"].get(key, {})
            if entry.get("lossless", True):
                if not np.array_equal(x, y):
                    problems.append(f"{key}: expected pixels differ")
            elif same_encoder:
                diff = np.abs(x.astype(np.int16) - y.astype(np.int16))
                if diff.max() > SAME_ENCODER_MAX_DIFF:
                    problems.append(f"{key}: expected pixels differ by {diff.max()}")
            else:
                # A different libjxl may encode the lossy sample differently.
                diff = np.abs(x.astype(np.int16) - y.astype(np.int16))
                if diff.max() > REENCODE_MAX_DIFF or diff.mean() > REENCODE_MEAN_DIFF:
                    problems.append(f"{key}: re-encoded lossy pixels too different")
    for name in CONFORMANCE_DECODED:
        path = Path("conformance") / name / CONFORMANCE_EXPECTED
        a = imagecodecs.png_decode((committed / path).read_bytes())
        b = imagecodecs.png_decode((fresh / path).read_bytes())
        if same_encoder and not np.array_equal(a, b):
            problems.append(f"{path}: libjxl's decode differs")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate in a temporary folder and compare with images/",
    )
    parser.add_argument("--png", type=Path, help="also write PNG previews here")
    parser.add_argument(
        "--out",
        type=Path,
        default=HERE,
        help="folder to write or check (default: the folder of this script)",
    )
    args = parser.parse_args()

    if args.check:
        print(f"Checking the committed files in {args.out}")
        problems = verify(args.out)
        with tempfile.TemporaryDirectory() as tmp:
            print("\nRegenerating in a temporary folder")
            generate(Path(tmp), args.png)
            problems += verify(Path(tmp))
            problems += compare(args.out, Path(tmp))
    else:
        generate(args.out, args.png)
        print(f"Wrote the samples to {args.out}")
        problems = verify(args.out)

    total = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(f"\n{args.out.name}/ holds {total / 1024:.1f} KiB in all")
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
