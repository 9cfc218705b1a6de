"""`nox -s bench`: the figures the book quotes, measured on your machine.

Every comparison runs its contenders side by side in one run, alternating
round after round, and prints ratios: a shared, noisy machine slows both sides
alike, so the ratio means more than either time. Results go to target/bench/
(text, and a plot: bench.png); `-- --book` also copies them into
book/src/bench/, where the book includes them from.

    nox -s bench                    everything
    nox -s bench -- count           count_occurrences on a set of texts: Python, step 1,
                                    step 6; and what an unencoded str costs
    nox -s bench -- decode          a 12-megapixel decode at 1 and 2 threads, time and
                                    peak memory: libjxl (imagecodecs, pillow-jxl-plugin),
                                    jxl-oxide (step 5), jxl-rs (step 6), Rust alone; a
                                    decompression bomb; a perf profile (Linux);
                                    read_jxl_metadata
    nox -s bench -- many            decode_many with 1 and 2 threads
    nox -s bench -- loop            nox -s stepN after a one-line edit, every step
    nox -s bench -- --quick         smaller inputs, fewer rounds
    nox -s bench -- --yours         time your steps/ rather than the solutions
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tools.course import environment, ladder
from tools.course.build import build, cargo_env
from tools.course.derive import derive_starter, renamed
from tools.course.paths import ROOT, TARGET, crate

OUT = TARGET / "bench"
# The plot's bars: (label, ratio), or (a group's title, None), in order.
BARS: list[tuple[str, float | None]] = []

# --------------------------------------------------------------------------
# Contenders run in their own processes (two builds of jxl_demo cannot share
# one), one after another, round after round; each keeps its best time.

TIMER = r"""
import json, resource, sys, time

task, path, repeat, option = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
threads = int(option) if option.isdigit() else 0
# Every import before the measurement starts: the memory of a library's
# loading is not the memory of a decode.
import jxl_demo
import numpy


def python_reference(contents, needle):
    return sum(word == needle for line in contents.splitlines() for word in line.split())


fresh = False
if task in ("python", "count", "count_new_str", "encode"):
    text, needle = open(path, encoding="utf-8", newline="").read(), option
    function = {"python": python_reference, "encode": str.encode}.get(task)
    function = function or jxl_demo.count_occurrences
    args = (text,) if task == "encode" else (text, needle)
    if task == "count":
        function(*args)  # the UTF-8 copy of a non-ASCII str is made once, and kept
    fresh = task in ("count_new_str", "encode")
elif task == "imagecodecs":
    import imagecodecs

    jpegxl_decode = imagecodecs.jpegxl_decode  # loads its extension module now

    def function(data):
        return jpegxl_decode(data, numthreads=threads)

    args = (open(path, "rb").read(),)
elif task == "pillow_jxl":
    from io import BytesIO
    from PIL import Image
    from pillow_jxl import JpegXLImagePlugin

    # The plugin's own setting: 0 decodes on the calling thread alone.
    JpegXLImagePlugin.DECODE_THREADS = 0 if threads == 1 else threads

    def function(data):
        with Image.open(BytesIO(data)) as image:
            image.load()
            return image

    args = (open(path, "rb").read(),)
elif task == "decode_many":
    function, args = jxl_demo.decode_many, ([open(path, "rb").read()] * 4,)
else:
    function, args = getattr(jxl_demo, task), (open(path, "rb").read(),)

# The process's high-water mark: its peak resident memory so far, in KiB. On
# Linux from /proc, as ru_maxrss there starts at the parent's peak when a large
# process started this one; elsewhere ru_maxrss.
def peak_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS


# The high-water mark before and after the first call: how much more memory
# the call needed at its peak.
peak_before = peak_kib()
best, rise = float("inf"), None
for _ in range(repeat):
    if fresh:
        # A new str object: CPython has made no UTF-8 copy of it yet.
        args = ((args[0] + " ")[:-1], *args[1:])
    start = time.perf_counter()
    result = function(*args)
    best = min(best, time.perf_counter() - start)
    if rise is None:
        rise = peak_kib() - peak_before
    del result
print(json.dumps({"seconds": best, "rise_mib": rise / 1024}))
"""


KIND = "solution"  # "step" with `-- --yours`: time your own steps/ instead


def release_module(step: int, python: Path) -> Path:
    result = build(crate(KIND, step), python, release=True)
    if not result.ok:
        folder = "steps" if KIND == "step" else "solutions"
        raise SystemExit(f"{folder}/step{step} does not build: " + "".join(result.errors[:1]))
    return result.module_dir


def run_contenders(
    python: Path, contenders: dict, path: Path, rounds: int, repeat: int, option: str = "-"
) -> dict:
    """contenders: name -> (module folder, task, extra environment), each run in a
    fresh process, in turn, round after round: name -> the median over rounds
    of each process's best time (seconds)
    and the median memory rise (MiB)."""
    times = {name: [] for name in contenders}
    rises = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, (module_dir, task, extra) in contenders.items():
            env = dict(os.environ, PYTHONPATH=str(module_dir), **extra)
            task_option = env.pop("BENCH_OPTION", option)
            out = subprocess.run(
                [str(python), "-c", TIMER, task, str(path), str(repeat), task_option],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out)
            times[name].append(result["seconds"])
            rises[name].append(result["rise_mib"])
    return {
        name: {
            "seconds": statistics.median(times[name]),
            "rise_mib": statistics.median(rises[name]),
        }
        for name in contenders
    }


def time_contenders(
    python: Path, contenders: dict, path: Path, rounds: int, repeat: int, option: str = "-"
) -> dict:
    """The best time of each contender, in seconds."""
    measured = run_contenders(python, contenders, path, rounds, repeat, option)
    return {name: value["seconds"] for name, value in measured.items()}


def table(title: str, rows: list[tuple[str, float]], base: str) -> str:
    """Rows of (name, seconds), each with how many times faster than `base` it is."""
    reference = dict(rows)[base]
    lines = [title]
    for name, seconds in rows:
        shown = f"{seconds * 1000:10.3f} ms" if seconds < 0.01 else f"{seconds * 1000:10.1f} ms"
        lines.append(f"  {name:<46}{shown}  {reference / seconds:9.1f}x")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# count_occurrences


# The count set: one text for every case that makes a count easy or hard.
# English-like words drawn with Zipf's law (the n-th word n times rarer than
# the first), so "the" is as frequent as in English, and so are the words that
# hold it ("there", "other", "then"), each a false hit for a substring search.
def words(text: str) -> list[str]:
    return text.split()


ENGLISH = words(
    "the of and to a in is it you that he was for on are with as I his they be at one "
    "have this from or had by hot word but what some we can out other were all there "
    "when up use your how said an each she which do their time if will way about many "
    "then them write would like so these her long make thing see him two has look more "
    "day could go come did number sound no most people my over know water than call "
    "first who may down side been now find any new work part take get place made live "
    "where after back little only round man year came show every good me give our under "
    "name very through just form sentence great think say help low line differ turn "
    "cause much mean before move right boy old too same tell does set three want air "
    "well also play small end put home read hand port large spell add even land here "
    "must big high such follow act why ask men change went light kind off need house "
    "picture try us again animal point mother world near build self earth father head "
    "stand own page should country found answer school grow study still learn plant "
    "cover food sun four between state keep eye never last let thought city tree cross "
    "farm hard start might story saw far sea draw left late run while press close night "
    "real life few north together weather rather whether either breathe theory"
)
# Words with "the" inside and hardly ever the word itself.
THE_INSIDE = words(
    "other there then them these they their whether together weather rather mother "
    "father brother either neither breathe theory thesis athlete another bathe clothes "
    "southern northern gather lather leather anthem theme"
)
RUSSIAN = words(
    "и в не на я быть он с что а по это она этот к но они мы как из у который то за "
    "свой весь год от так о для ты же все тот мочь вы человек такой его сказать только "
    "или еще бы себя один как уже до время если сам когда другой вот говорить наш мой "
    "знать стать при чтобы дело жизнь кто первый очень два день её новый рука даже во"
)


def zipf_text(vocabulary: list[str], megabytes: float, separators, seed: int = 1) -> str:
    """A deterministic text of `words` (the n-th drawn n times less often)."""
    import random

    rng = random.Random(seed)
    weights = [1 / rank for rank in range(1, len(vocabulary) + 1)]
    pieces, size = [], 0
    while size < megabytes * 1_000_000:
        chunk = rng.choices(vocabulary, weights, k=4096)
        glue = rng.choices(separators[0], separators[1], k=4096)
        pieces.append("".join(w + g for w, g in zip(chunk, glue)))
        size += sum(len(w.encode()) + len(g) for w, g in zip(chunk, glue))
    return "".join(pieces)


SPACES = ([" ", "  ", "\t", "\n", "\r\n"], [80, 2, 2, 12, 4])  # lines of ~8 words
# A sixth of the separators are U+3000, the ideographic space of Chinese and
# Japanese text: whitespace to Python, three bytes in UTF-8.
IDEOGRAPHIC = ([" ", "\u3000", "\n"], [71, 17, 12])
# English with accented words mixed in (two bytes each accented letter).
ACCENTED = words("café né résumé naïve señor año façade über déjà élève")
ONE_LINE = ([" ", "  ", "\t"], [96, 2, 2])
SHORT_LINES = ([" ", "\n"], [1, 2])  # lines of one or two words

# name: (how the text is made, the needle)
COUNT_SET = {
    "needle absent ('zebra')": ("english", "zebra"),
    "needle rare ('theory', 0.06% of words)": ("english", "theory"),
    "needle frequent as a word ('the', 16%)": ("english", "the"),
    "needle mostly inside words ('the', 0.8%)": ("inside", "the"),
    "one long line ('the')": ("one_line", "the"),
    "many short lines of 1-2 words ('the')": ("short_lines", "the"),
    "non-ASCII: Russian ('и', 20% of words)": ("russian", "и"),
    "U+3000 spaces, accented words ('the')": ("ideographic", "the"),
}


def count_text(kind: str, megabytes: float) -> str:
    if kind == "english":
        return zipf_text(ENGLISH, megabytes, SPACES)
    if kind == "inside":
        return zipf_text(THE_INSIDE + ["the"], megabytes, SPACES)
    if kind == "one_line":
        return zipf_text(ENGLISH, megabytes, ONE_LINE)
    if kind == "short_lines":
        return zipf_text(ENGLISH, megabytes, SHORT_LINES)
    if kind == "russian":
        return zipf_text(RUSSIAN, megabytes, SPACES)
    if kind == "ideographic":
        vocabulary = [w for pair in zip(ENGLISH, ACCENTED * 30) for w in pair]
        return zipf_text(vocabulary + ENGLISH[len(ACCENTED) * 30 :], megabytes, IDEOGRAPHIC)
    if kind == "latin1":
        # One "é" and CPython stores the whole str one byte a character, but
        # no longer as ASCII, which is also UTF-8.
        return "é " + zipf_text(ENGLISH, megabytes, SPACES)
    raise ValueError(kind)


def text_file(kind: str, megabytes: float) -> Path:
    path = OUT / f"text-{kind}-{megabytes}MB.txt"
    if not path.exists():
        path.write_text(count_text(kind, megabytes), encoding="utf-8", newline="")
    return path


def bench_count(python: Path, quick: bool) -> str:
    megabytes = 2 if quick else 15
    step1, step6 = release_module(1, python), release_module(6, python)
    rows = []
    for case, (kind, needle) in COUNT_SET.items():
        path = text_file(kind, megabytes)
        contenders = {
            "python": (step1, "python", {}),
            "step1": (step1, "count", {}),
            "one": (step6, "count", {"RAYON_NUM_THREADS": "1"}),
            "two": (step6, "count", {"RAYON_NUM_THREADS": "2"}),
        }
        best = time_contenders(
            python, contenders, path, 2 if quick else 5, 2 if quick else 3, needle
        )
        rows.append((case, best))
    header = f"  {'text':<42}{'Python':>10}{'step 1':>9}{'step 6, 1 thread':>18}{'2 threads':>11}"
    lines = [
        (
            f"count_occurrences on texts of {megabytes} MB: pure Python's time, and how many "
            "times faster each is (the median of the rounds, taken in turn, of each process's best "
            "time; each str counted once before, as a program counting it again would):"
        ),
        header,
    ]
    BARS.append(("count_occurrences, 1 thread (times faster than Python)", None))
    for case, best in rows:
        base = best["python"]
        BARS.append((case, base / best["one"]))
        lines.append(
            f"  {case:<42}{base * 1000:7.1f} ms{base / best['step1']:8.1f}x"
            f"{base / best['one']:17.1f}x{base / best['two']:10.1f}x"
        )
    return "\n".join(lines) + "\n"


def bench_utf8(python: Path, quick: bool) -> str:
    """What the conversion of a str to &str costs, when CPython has no UTF-8
    copy of it yet."""
    megabytes = 2 if quick else 15
    step6 = release_module(6, python)
    one = {"RAYON_NUM_THREADS": "1"}
    cases = {
        "ASCII (English)": ("english", "the"),
        "Latin-1 (the same, after one 'é')": ("latin1", "the"),
        "Cyrillic (Russian)": ("russian", "и"),
    }
    lines = [
        (
            f"The UTF-8 cost: step 6's count_occurrences (1 thread) on {megabytes} MB texts, "
            "called again with the same str, and with a new str each call (which CPython has "
            "not yet encoded); and str.encode('utf-8') alone:"
        ),
        (
            f"  {'text':<40}{'same str':>11}{'new str':>11}{'encode()':>11}{'Python':>11}"
            f"{'new str vs Python':>19}"
        ),
    ]
    for case, (kind, needle) in cases.items():
        path = text_file(kind, megabytes)
        contenders = {
            "same": (step6, "count", one),
            "new": (step6, "count_new_str", one),
            "encode": (step6, "encode", one),
            "python": (step6, "python", one),
        }
        best = time_contenders(
            python, contenders, path, 2 if quick else 5, 2 if quick else 3, needle
        )
        lines.append(
            f"  {case:<40}"
            + "".join(f"{best[k] * 1000:8.2f} ms" for k in contenders)
            + f"{best['python'] / best['new']:17.1f}x"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Decoding a 12-megapixel photo, and reading its header


def photo_12mp(python: Path) -> Path:
    """A 4032 x 3024 photo-like JPEG XL (an iPhone photo's size), made with libjxl."""
    path = OUT / "photo-12mp.jxl"
    if not path.exists():
        script = (
            "import imagecodecs, runpy, sys\n"
            "make = runpy.run_path(sys.argv[1])\n"
            "pixels = make['make_photo'](3024, 4032)\n"
            "open(sys.argv[2], 'wb').write(imagecodecs.jpegxl_encode(pixels, distance=1.0))\n"
        )
        sample_script = ROOT / "images" / "make_samples.py"
        subprocess.run([str(python), "-c", script, str(sample_script), str(path)], check=True)
    return path


def rust_alone(step: int, image: Path, rounds: int) -> dict[str, float]:
    """The same decode, timed by a Rust test with no Python around it.

    A test binary is a program, and the release build of one that holds a
    PyO3 module cannot be linked without libpython; the test profile can.
    Its dependencies are optimised as in release (see Cargo.toml), and here
    without debug assertions either, built in a target folder of their own
    so that the course's other builds are not redone."""
    unchecked = 'profile.dev.package."*".{}=false'
    command = ["cargo", "test", "--lib", "-p", f"solution{step}", "--quiet"]
    command += ["--target-dir", str(TARGET / "bench-rust")]
    command += ["--config", unchecked.format("debug-assertions")]
    command += ["--config", unchecked.format("overflow-checks")]
    command += ["--", "--ignored", "--nocapture", "time_decode"]
    settings = {"BENCH_IMAGE": str(image), "BENCH_ROUNDS": str(rounds), "RAYON_NUM_THREADS": "2"}
    proc = subprocess.run(
        command,
        cwd=ROOT,
        env=dict(cargo_env(), **settings),
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in proc.stdout.splitlines() if line.startswith("BENCH "))
    return {key: float(value) for key, value in (part.split("=") for part in line.split()[1:])}


LIBJXL = "libjxl (imagecodecs.jpegxl_decode)"
PILLOW_JXL = "libjxl (pillow-jxl-plugin, Image.open + load)"
OXIDE = "jxl-oxide (step 5's decode_jxl_as_array)"
JXL_RS = "jxl-rs (step 6's decode_jxl_as_array)"


def decode_rows(measured: dict, threads: tuple[int, ...]) -> list[str]:
    """Rows of time and memory rise, each with its ratio to libjxl (imagecodecs)
    at the same number of threads."""
    lines = [f"  {'':<48}{'time':>9}{'':>9}{'memory rise':>14}"]
    for n in threads:
        lines.append(f" {n} thread{'s' if n > 1 else ''}:")
        base = measured[(n, LIBJXL)]
        for (count, name), value in measured.items():
            if count != n:
                continue
            seconds, rise = value["seconds"], value["rise_mib"]
            lines.append(
                f"  {name:<48}{seconds * 1000:6.0f} ms{seconds / base['seconds']:7.2f}x"
                f"{rise:9.0f} MiB{rise / base['rise_mib']:7.2f}x"
            )
    return lines


def bench_decode(python: Path, quick: bool) -> dict[str, str]:
    image = photo_12mp(python)
    step5, step6 = release_module(5, python), release_module(6, python)
    contenders = {}
    for n in (1, 2):
        # Each decoder's own thread setting: imagecodecs' numthreads, the
        # plugin's DECODE_THREADS, and for jxl-oxide and jxl-rs the size of
        # the module's thread pool, which it takes from RAYON_NUM_THREADS.
        same = {"BENCH_OPTION": str(n), "RAYON_NUM_THREADS": str(n)}
        contenders[(n, LIBJXL)] = (step6, "imagecodecs", same)
        contenders[(n, PILLOW_JXL)] = (step6, "pillow_jxl", same)
        contenders[(n, OXIDE)] = (step5, "decode_jxl_as_array", same)
        contenders[(n, JXL_RS)] = (step6, "decode_jxl_as_array", same)
    contenders[(2, "read_jxl_metadata")] = (step6, "read_jxl_metadata", {})
    rounds = 2 if quick else 5
    measured = run_contenders(python, contenders, image, rounds, 2 if quick else 3)
    metadata = measured.pop((2, "read_jxl_metadata"))["seconds"]
    size = image.stat().st_size // 1024
    lines = [
        (
            f"Decoding a 4032 x 3024 photo-like JPEG XL ({size} KiB, lossy), each decoder on "
            "the same number of threads. Time: the median of each process's best; memory: how "
            "much the process's peak resident memory rose during its first decode (the "
            "array itself is 35 MiB). x = times libjxl's (imagecodecs') figure:"
        ),
        *decode_rows(measured, (1, 2)),
    ]
    from_python = measured[(2, JXL_RS)]["seconds"]
    if quick:  # the Rust-alone timing needs a build of the tests
        handover = "In Rust alone: not measured with --quick\n"
    else:
        # The two in turn, twice, each the best of as many decodes in a row,
        # so that a busy moment of the machine slows both alike.
        alone, called = [], []
        python_side = {JXL_RS: (step6, "decode_jxl_as_array", {"RAYON_NUM_THREADS": "2"})}
        for _ in range(2):
            alone.append(rust_alone(6, image, 2 * rounds)["decode"])
            called.append(
                run_contenders(python, python_side, image, 1, 2 * rounds)[JXL_RS]["seconds"]
            )
        handover = (
            f"jxl-rs, 2 threads, the best of {2 * rounds} decodes in a row: "
            f"{min(alone) * 1000:.0f} ms in Rust alone, {min(called) * 1000:.0f} ms called from "
            f"Python (from Python / in Rust alone: {min(called) / min(alone):.2f})\n"
        )
    decode = "\n".join(lines) + "\n"
    meta = table(
        "The same 12-megapixel file: its header only, against a full decode:",
        [("decode_jxl_as_array, 2 threads", from_python), ("read_jxl_metadata", metadata)],
        "decode_jxl_as_array, 2 threads",
    )
    for n in (1, 2):
        base = measured[(n, LIBJXL)]["seconds"]
        BARS.append((f"decode, {n} thread{'s' if n > 1 else ''} (speed against libjxl)", None))
        for (threads, name), value in measured.items():
            if threads == n:
                BARS.append((name, base / value["seconds"]))
    return {"decode": decode, "metadata": meta, "handover": handover}


def bomb(python: Path) -> Path:
    """A decompression bomb: 2 KB of JPEG XL that decode to 8192 x 8192 RGBA
    (256 MiB as 8-bit samples), at the default size limit exactly."""
    path = OUT / "bomb-8192.jxl"
    if not path.exists():
        script = (
            "import imagecodecs, numpy, sys\n"
            "pixels = numpy.zeros((8192, 8192, 4), numpy.uint8)\n"
            "data = imagecodecs.jpegxl_encode(pixels, distance=25, effort=1)\n"
            "open(sys.argv[1], 'wb').write(data)\n"
        )
        subprocess.run([str(python), "-c", script, str(path)], check=True)
    return path


def bench_bomb(python: Path, quick: bool) -> str:
    path = bomb(python)
    step5, step6 = release_module(5, python), release_module(6, python)
    contenders = {}
    for n in (1, 2):
        same = {"BENCH_OPTION": str(n), "RAYON_NUM_THREADS": str(n)}
        contenders[(n, LIBJXL)] = (step6, "imagecodecs", same)
        contenders[(n, JXL_RS)] = (step6, "decode_jxl_as_array", same)
    measured = run_contenders(python, contenders, path, 1 if quick else 3, 1)
    # jxl-oxide takes seconds and gigabytes on it: one run, at 2 threads.
    slow = {(2, OXIDE): (step5, "decode_jxl_as_array", {"RAYON_NUM_THREADS": "2"})}
    measured |= run_contenders(python, slow, path, 1, 1)
    size = path.stat().st_size
    lines = [
        (
            f"A decompression bomb: {size:,} bytes of JPEG XL (lossy) that decode to 8192 x 8192 "
            "RGBA, 256 MiB as 8-bit samples, at DEFAULT_MAX_PIXELS exactly. One decode each "
            "(jxl-oxide: one run, at 2 threads); x = times libjxl's (imagecodecs') figure:"
        ),
        *decode_rows(measured, (1, 2)),
    ]
    return "\n".join(lines) + "\n"


CMYK_COMPARE = r"""
import json, sys
import numpy as np
import jxl_demo
from PIL import Image

folder = sys.argv[1]
got = jxl_demo.decode_jxl_as_array(open(folder + "/input.jxl", "rb").read()).astype(int)
with Image.open(folder + "/ref.png") as ref:
    want = np.asarray(ref.convert("RGBA")).astype(int)
visible = want[..., 3] > 0  # under alpha 0 the color is undefined
difference = np.abs(got - want)[visible][:, :3]
print(json.dumps([difference.mean(), float(np.percentile(difference, 99.9)), int(difference.max())]))
"""


def bench_cmyk(python: Path) -> str:
    """How far each step's sRGB rendering of the suite's CMYK image is from its ref.png."""
    folder = ROOT / "images" / "conformance" / "cmyk_layers"
    rows = {
        "step 5: moxcms, the profile's own intent": release_module(5, python),
        "step 6: moxcms, perceptual intent": release_module(6, python),
    }
    lines = [
        (
            "cmyk_layers (conformance suite) converted to sRGB, against its ref.png, in "
            "8-bit levels, where ref.png's alpha is above 0:"
        ),
        f"  {'':<44}{'mean':>8}{'99.9th percentile':>19}{'largest':>9}",
    ]
    for name, module in rows.items():
        out = subprocess.run(
            [str(python), "-c", CMYK_COMPARE, str(folder)],
            env=dict(os.environ, PYTHONPATH=str(module)),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        mean, p999, largest = json.loads(out)
        lines.append(f"  {name:<44}{mean:8.2f}{p999:19.1f}{largest:9d}")
    return "\n".join(lines) + "\n"


def short_symbol(symbol: str) -> str:
    """jxl_render::filter::impls::x86_64::epf_sse41::epf_row_x86_64_sse41 ->
    jxl_render::...::epf_row_x86_64_sse41: the crate and the function."""
    parts = [p for p in symbol.replace("::{{closure}}", "").split("::") if p]
    if len(parts) > 2:
        parts = [parts[0], "...", parts[-1]]
    return "::".join(parts)


def bench_profile(python: Path, threads: int) -> str | None:
    """Where a decode spends its time, sampled by perf (Linux), when installed."""
    perf = shutil.which("perf")
    if not perf or sys.platform != "linux":
        return None
    image, step6 = photo_12mp(python), release_module(6, python)
    data = OUT / f"perf-{threads}.data"
    env = dict(os.environ, PYTHONPATH=str(step6), RAYON_NUM_THREADS=str(threads))
    script = [str(python), "-c", TIMER, "decode_jxl_as_array", str(image), "3", "-"]
    recorded = subprocess.run(
        [perf, "record", "-q", "-F", "999", "-o", str(data), "--", *script],
        check=False,
        env=env,
        capture_output=True,
        text=True,
    )
    if recorded.returncode != 0:  # perf not allowed here (perf_event_paranoid)
        return None

    def report(sort: str) -> list[tuple[float, list[str]]]:
        out = subprocess.run(
            [perf, "report", "-i", str(data), "--stdio", "--no-children", "-g", "none"]
            + ["--sort", sort, "--percent-limit", "0.5"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows = []
        for line in out.splitlines():
            fields = line.split()
            if fields and fields[0].endswith("%") and not line.startswith("#"):
                rows.append((float(fields[0][:-1]), fields[1:]))
        return rows

    kernel = sum(pct for pct, fields in report("dso") if fields[0].startswith("[kernel"))
    lines = [
        (
            f"Where a {threads}-thread decode of the same photo spends its time (perf record, "
            "3 decodes in one process; share of samples, self time):"
        ),
        f"  {'in the kernel, all of it':<64}{kernel:5.1f}%",
    ]
    for pct, fields in report("dso,sym")[:10]:
        dso, symbol = fields[0], " ".join(fields[2:])
        where = "kernel" if dso.startswith("[kernel") else dso
        lines.append(f"  {short_symbol(symbol)[:54]:<54}{where[:9]:>9} {pct:5.1f}%")
    return "\n".join(lines) + "\n"


def bench_many(python: Path, quick: bool) -> str:
    step6 = release_module(6, python)
    names = {n: f"decode_many(4 images), {n} thread{'s' if n > 1 else ''}" for n in (1, 2)}
    contenders = {names[n]: (step6, "decode_many", {"RAYON_NUM_THREADS": str(n)}) for n in (1, 2)}
    best = time_contenders(python, contenders, ROOT / "images" / "large.jxl", 2 if quick else 3, 1)
    title = "decode_many on 4 copies of images/large.jxl (3001 x 2003 each):"
    BARS.append(("decode_many (times faster than 1 thread)", None))
    BARS.extend((name, best[names[1]] / best[name]) for name in names.values())
    return table(title, list(best.items()), names[1])


PLOT = r"""
import json, math, sys
from PIL import Image, ImageDraw

bars, path = json.loads(sys.argv[1]), sys.argv[2]
width, row, left = 960, 22, 380
image = Image.new("RGB", (width, row * (len(bars) + 2)), "white")
draw = ImageDraw.Draw(image)
top = max(value for _, value in bars if value is not None)
scale = (width - left - 80) / math.log10(max(top, 10.0))
for i, (label, value) in enumerate(bars):
    y = 6 + i * row
    if value is None:
        draw.text((8, y + 5), label, fill="black")
        continue
    draw.text((20, y + 5), label, fill="#333333")
    start = left + scale * math.log10(min(value, 1.0))
    end = left + scale * math.log10(max(value, 1.0))
    colour = "#2a7ab9" if value >= 1 else "#c0504d"
    draw.rectangle((min(start, end - 2), y + 3, max(end, start + 2), y + row - 4), fill=colour)
    draw.text((max(end, left) + 6, y + 5), f"{value:.1f}x", fill="black")
draw.line((left, 0, left, image.height - row), fill="#999999")
note = "ratios as each group title says; log scale; the grey line is 1x"
draw.text((8, image.height - row + 4), note, fill="#777777")
image.save(path)
"""


def plot(path: Path, python: Path) -> None:
    """A bar chart of every ratio in BARS (log scale), drawn by Pillow in the course's Python."""
    subprocess.run([str(python), "-c", PLOT, json.dumps(BARS), str(path)], check=True)


# --------------------------------------------------------------------------
# The learner's loop: `nox -s stepN` after a one-line edit, for every step,
# in a scratch copy of the workspace where every step is solved.

LOOP = TARGET / "bench-loop"  # the copy; your steps/ stay untouched
# A line of code in `count_occurrences`, a function every step has: the edit
# changes what the compiler makes, as a learner's edits do (a comment alone
# would let cargo reuse almost all of its last build).
EDIT = "        let _one_line_edit = 0; // made and undone by nox -s bench -- loop\n"


def prepare_loop_copy(steps: list[int], solved: bool = True) -> Path:
    """A copy of the workspace in target/bench-loop, every step of `steps`
    solved in its steps/ folder, as a learner has it once the checks pass;
    or (`solved=False`) with every exercise solved but the step's last one,
    as a learner has it while working on it: `nox -s stepN` then runs the
    checks of all its exercises and stops there."""
    LOOP.mkdir(parents=True, exist_ok=True)
    for name in ("Cargo.toml", "Cargo.lock", "noxfile.py", "ruff.toml"):
        shutil.copy2(ROOT / name, LOOP / name)
    for name in (".cargo", "tools", "checks", "book", "images"):
        if (LOOP / name).exists():
            shutil.rmtree(LOOP / name)
        shutil.copytree(
            ROOT / name, LOOP / name, ignore=shutil.ignore_patterns("build", "__pycache__")
        )
    for kind in ("steps", "solutions"):
        if (LOOP / kind).exists():
            shutil.rmtree(LOOP / kind)
        for step in steps:
            folder = LOOP / kind / f"step{step}"
            shutil.copytree(
                crate("solution", step), folder, ignore=shutil.ignore_patterns("target")
            )
            if kind == "steps" and not solved:
                names = [e.name for e in ladder.exercises(step)]
                files = derive_starter(crate("solution", step), step, frozenset(names[:-1]))
                for rel, data in files.items():
                    (folder / rel).write_bytes(data)
            elif kind == "steps":
                cargo = folder / "Cargo.toml"
                text = cargo.read_text(encoding="utf-8")
                cargo.write_text(
                    renamed(text, f"step{step}"),
                    encoding="utf-8",
                )
    return LOOP


def one_line_edit(lib: Path) -> None:
    """Add a line of code at the start of `count_occurrences`, or take it
    away again: the crate is compiled again either way, as after any edit."""
    text = lib.read_text(encoding="utf-8")
    if EDIT in text:
        lib.write_text(text.replace(EDIT, "", 1), encoding="utf-8")
        return
    lines = text.splitlines(keepends=True)
    start = next(
        i
        for i, line in enumerate(lines)
        if "fn count_occurrences(" in line and not line.lstrip().startswith("//")
    )
    body = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith("{"))
    lines.insert(body + 1, EDIT)
    lib.write_text("".join(lines), encoding="utf-8")


def children_cpu() -> float | None:
    """CPU seconds used so far by this process's finished children and theirs
    (None where the system does not say: Windows)."""
    try:
        import resource
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_loop(
    python: Path, steps: list[int], rounds: int, solved: bool = True
) -> dict[int, tuple[float, float | None]]:
    """Each step's median time after a one-line edit, and the median CPU
    time it used (all its processes: nox, cargo, pytest, the checks' programs)."""
    copy = prepare_loop_copy(steps, solved)

    def learner_command(step: int) -> None:
        subprocess.run(
            [sys.executable, "noxfile.py", "-s", f"step{step}"],
            cwd=copy,
            # Share the course's environment rather than making a second one
            # (an environment variable, not a symbolic link: Windows allows
            # those only to administrators and in developer mode).
            env=dict(os.environ, COURSE_VENV=str(environment.VENV)),
            check=solved,  # an unsolved exercise fails the session, as it should
            capture_output=True,
        )

    # Warm up: the copy's first build of each step compiles it (and, the very
    # first time, every dependency) once.
    for step in steps:
        learner_command(step)
    times: dict[int, list[float]] = {step: [] for step in steps}
    cpus: dict[int, list[float]] = {step: [] for step in steps}
    for number in range(rounds):
        # Every step once a round, the order turned each round.
        shift = number % len(steps)
        for step in steps[shift:] + steps[:shift]:
            one_line_edit(copy / f"steps/step{step}/src/lib.rs")
            cpu, start = children_cpu(), time.perf_counter()
            learner_command(step)
            times[step].append(time.perf_counter() - start)
            if cpu is not None:
                cpus[step].append(children_cpu() - cpu)
    return {
        step: (
            statistics.median(times[step]),
            statistics.median(cpus[step]) if cpus[step] else None,
        )
        for step in steps
    }


def bench_loop_text(python: Path, quick: bool) -> str:
    steps = [1, 2] if quick else list(range(1, 7))
    rounds = 2 if quick else 5
    lines = [
        (
            f"The learner's loop: nox -s stepN after a one-line edit to count_occurrences in "
            f"steps/stepN/src/lib.rs, in a copy of the workspace (debug builds, as nox -s stepN "
            f"makes them; median of {rounds} rounds, the steps in turn; the CPU time is that "
            f"of all the processes of a run, which {os.cpu_count()} CPUs share)."
        ),
    ]
    states = [
        (False, "While the step's last exercise is unsolved (its exercises' checks, then a stop):"),
        (True, "Once the step is solved (every check of steps 1 to N and the real programs):"),
    ]
    for solved, title in states:
        medians = bench_loop(python, steps, rounds, solved)
        first = medians[steps[0]][0]
        lines.append(title)
        for step, (seconds, cpu) in medians.items():
            used = f"  {cpu:5.1f} s of CPU" if cpu is not None else ""
            lines.append(
                f"  {f'nox -s step{step}':<40}{seconds:8.2f} s  {seconds / first:5.2f}x step 1{used}"
            )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------


def cpu_name() -> str:
    """The CPU's model name, with family and model numbers when the name alone
    (as under some hypervisors) does not say which generation it is."""
    cpu, family, model = platform.processor() or platform.machine(), "", ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = (part.strip() for part in line.partition(":"))
            if key == "model name" and cpu == (platform.processor() or platform.machine()):
                cpu = value
            elif key == "cpu family" and not family:
                family = value
            elif key == "model" and not model:
                model = value
    except OSError:
        pass
    return f"{cpu}, family {family} model {model}" if family and model else cpu


def python_version() -> str:
    return subprocess.run(
        [str(environment.python()), "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def machine() -> str:
    rustc = subprocess.run(
        ["rustc", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu_name()}); "
        f"Python {python_version()}; {rustc}"
    )


def main(
    python: Path, which: set[str], quick: bool, book: bool = False, yours: bool = False
) -> None:
    global KIND
    KIND = "step" if yours else "solution"
    OUT.mkdir(parents=True, exist_ok=True)
    if "decode" in which:
        environment.install_extra(ROOT / "tools" / "bench-requirements.txt")
    whose = "your steps/" if yours else "the course's solutions/"
    sections = {
        "machine": f"Measured on: {machine()}\n"
        f"Timed: {whose} (release builds), except the learner's loop, which says what it times\n"
    }
    print("\n" + sections["machine"])
    # Beside every table: what it was measured on.
    on = f"  (on {os.cpu_count()} CPUs, {cpu_name()}; Python {python_version()})\n"
    runs = {
        "count": lambda: {"count": bench_count(python, quick), "utf8": bench_utf8(python, quick)},
        "decode": lambda: (
            bench_decode(python, quick)
            | {"bomb": bench_bomb(python, quick), "cmyk": bench_cmyk(python)}
            | ({} if quick else {"profile": bench_profile(python, 2) or "perf: not available\n"})
        ),
        "many": lambda: {"many": bench_many(python, quick)},
        "loop": lambda: {"loop": bench_loop_text(python, quick)},
    }
    for name, run in runs.items():
        if name in which:
            for key, text in run().items():
                sections[key] = text if key == "handover" else text + on
                print(sections[key])
    for key, text in sections.items():
        (OUT / f"{key}.txt").write_text(text, encoding="utf-8")
    plotted = bool(BARS)
    if plotted:
        plot(OUT / "bench.png", python)
        print(f"The plot: {OUT / 'bench.png'}")
    if book:
        folder = ROOT / "book" / "src" / "bench"
        folder.mkdir(exist_ok=True)
        for key, text in sections.items():
            (folder / f"{key}.txt").write_text(text, encoding="utf-8")
        if plotted:
            shutil.copyfile(OUT / "bench.png", folder / "bench.png")
        print(f"Copied into {folder.relative_to(ROOT)} for the book.")
