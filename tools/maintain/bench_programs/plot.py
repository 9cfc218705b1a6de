"""A bar chart of the bench's ratios (log scale), drawn with Pillow:
`python -m tools.maintain.bench_programs.plot BARS_JSON PATH`.
"""

import json
import math
import sys

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
