"""The bench's large images, made with libjxl (imagecodecs):
`python -m tools.maintain.bench_programs.make_images photo PATH` (a 4032 x
3024 photo-like image, from images/make_samples.py's generator) or
`... bomb PATH` (2 KB that decode to 8192 x 8192 RGBA)."""

import runpy
import sys
from pathlib import Path

import imagecodecs
import numpy

from tools.course.paths import SAMPLE_MAKER

kind, path = sys.argv[1], Path(sys.argv[2])
if kind == "photo":
    make = runpy.run_path(str(SAMPLE_MAKER))
    path.write_bytes(imagecodecs.jpegxl_encode(make["make_photo"](3024, 4032), distance=1.0))
else:
    pixels = numpy.zeros((8192, 8192, 4), numpy.uint8)
    path.write_bytes(imagecodecs.jpegxl_encode(pixels, distance=25, effort=1))
