"""Times one contender in a process of its own: the best of `repeat` calls, and the
peak memory the first call added. Run by tools/maintain/bench.py as
`python -m tools.maintain.bench_programs.timer TASK PATH REPEAT OPTION`, with
the jxl_demo to time first on PYTHONPATH. For a decoding function of jxl_demo,
OPTION `max_pixels=N` passes that limit; a call that refuses the image with
ValueError (too large, say) is timed all the same, and the output says it
refused, with the message.
"""

import functools
import json
import resource
import sys
import time
from pathlib import Path

task, path, repeat, option = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
threads = int(option) if option.isdigit() else 0
# Every import before the measurement starts: the memory of a library's
# loading is not the memory of a decode.
import jxl_demo


def python_reference(contents, needle):
    return sum(word == needle for line in contents.splitlines() for word in line.split())


fresh = False
if task in ("python", "count", "count_new_str", "encode"):
    with open(path, encoding="utf-8", newline="") as file:  # the text as written, \r\n too
        text = file.read()
    needle = option
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

    args = (Path(path).read_bytes(),)
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

    args = (Path(path).read_bytes(),)
elif task == "decode_many":
    function, args = jxl_demo.decode_many, ([Path(path).read_bytes()] * 4,)
else:
    function, args = getattr(jxl_demo, task), (Path(path).read_bytes(),)
    if option.startswith("max_pixels="):
        function = functools.partial(function, max_pixels=int(option.split("=")[1]))


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
best, rise, refused = float("inf"), None, None
for _ in range(repeat):
    if fresh:
        # A new str object: CPython has made no UTF-8 copy of it yet.
        args = ((args[0] + " ")[:-1], *args[1:])
    start = time.perf_counter()
    try:
        result = function(*args)
    except ValueError as error:  # refused: how fast, and at what cost, still counts
        result, refused = None, str(error)
    best = min(best, time.perf_counter() - start)
    if rise is None:
        rise = peak_kib() - peak_before
    del result
print(json.dumps({"seconds": best, "rise_mib": rise / 1024, "refused": refused}))
