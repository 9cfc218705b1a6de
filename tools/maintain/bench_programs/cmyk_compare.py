"""How far a step's sRGB rendering of the suite's CMYK image is from its ref.png:
`python -m tools.maintain.bench_programs.cmyk_compare FOLDER` prints the
mean, the 99.9th percentile and the largest difference, as JSON.
"""

import json
import sys
from pathlib import Path

import jxl_demo
import numpy as np
from PIL import Image

folder = sys.argv[1]
got = jxl_demo.decode_jxl_as_array((Path(folder) / "input.jxl").read_bytes()).astype(int)
with Image.open(folder + "/ref.png") as ref:
    want = np.asarray(ref.convert("RGBA")).astype(int)
visible = want[..., 3] > 0  # under alpha 0 the color is undefined
difference = np.abs(got - want)[visible][:, :3]
print(
    json.dumps([difference.mean(), float(np.percentile(difference, 99.9)), int(difference.max())])
)
