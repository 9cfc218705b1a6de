"""The messages the checks fail with, as templates, so that the report can print
them in the learner's language (po/course-es.po).

A check writes its message with an f-string; `{field}` here stands for a value
it fills in. The report finds the template a line was made from and puts the
same values into the template's translation. tools/tests/test_translations.py
keeps this list honest: each template must be the very f-string of a check,
with its values replaced by fields. A message without a template is printed as
the check wrote it.

A message of several lines is translated a line at a time, so a check that
adds to its sentence (what a program printed, say) starts a new line for it.
A value that is itself English, like the `what` of programs.hung() or of the
GIL checks ("decodes"), is marked in the check with N_ and translated where it
is filled in.
"""

from __future__ import annotations

import re

from tools.course.i18n import N_, _

MESSAGES = [
    # step 1
    N_(
        "count_occurrences({contents}, {needle}) returned {got}; "
        "the Python reference returns {expected}"
    ),
    # step 2
    N_("got a {kind}, not a numpy.ndarray"),
    N_("dtype is {dtype}, not uint8"),
    N_(
        "shape is {shape}; the image is {width} wide and {height} high, "
        "so (height, width, channels) is {expected}"
    ),
    N_("{name}.jxl decoded to shape {shape}; expected {expected}"),
    N_("{name}: shape {shape}, expected {expected}"),
    N_(
        "{name}.jxl: {count} samples differ by more than {tolerance} (at most {worst}); "
        "the first at (row, column, channel) {where}"
    ),
    N_("the array owns its data: NumPy allocated it and the pixels were copied into it"),
    N_("the array's memory belongs to {kind}, not to the Rust Vec"),
    N_("not the first frame's pixels"),
    # step 2: kinds of images
    N_("shape {shape}, expected {expected}"),
    N_("shape {shape}, expected RGBA {expected}"),
    N_(
        "colors differ from the reference by up to {worst}/255 (mean {mean}): "
        "premultiplied color handed over as if it were straight?"
    ),
    N_("alpha differs"),
    N_("colors differ from libjxl's decode by up to {worst}/255"),
    N_(
        "colors differ from the suite's sRGB rendering by {mean}/255 on average, "
        "{worst}/255 at most: more than color-management engines differ"
    ),
    # steps 2 and 6: real programs (checks/programs.py)
    N_("{what} did not finish within {seconds} s and was stopped: it hung."),
    N_("its output:"),
    N_("its errors:"),
    N_("the forked child could not decode, or decoded wrong pixels."),
    N_("the parent could not decode after forking."),
    N_("a child forked during a decode could not decode."),
    N_("the workers did not return the shapes {expected}."),
    N_("Ctrl-C came after the decode: nothing was tested."),
    N_("Ctrl-C during the first decode raised {outcome}, not KeyboardInterrupt."),
    N_("the forked child could not count or decode, or got wrong answers."),
    N_("the workers did not return the right answers."),
    N_("Ctrl-C came after decode_many: nothing was tested."),
    N_("Ctrl-C during decode_many: {outcome}, not KeyboardInterrupt."),
    N_(
        "decode_many went on to the last image after Ctrl-C (it raised JxlError for it) "
        "instead of stopping between images."
    ),
    N_(
        "Python saw Ctrl-C only when decode_many returned: it did not look for signals "
        "between images."
    ),
    N_("Ctrl-C came after the count: nothing was tested."),
    N_("Ctrl-C while counting: {outcome}, not KeyboardInterrupt."),
    N_(
        "Python saw Ctrl-C only when count_occurrences returned: it did not look for "
        "signals between the pieces of the text."
    ),
    # step 3
    N_("got a {kind}, not a PIL image"),
    N_("size is {size}; Pillow's size is (width, height) = {expected}"),
    N_("{name}.jxl gave mode {mode}, not {expected}"),
    N_("{name}: image {shape}, array {expected}"),
    N_("{name}: the image's pixels differ from the array's"),
    N_("image.info has no ICC profile (info is {info})"),
    N_("the profile of an sRGB image is not sRGB"),
    N_(
        "converted with its profile, the image is {distance}/255 away from its colors: "
        "the profile does not describe linear light"
    ),
    N_("the PNG lost the profile"),
    N_("the linear-light image converted to sRGB is up to {worst}/255 off"),
    N_("{name}.jxl changed"),
    # step 4
    N_("jxl_demo.JxlError is not a class"),
    N_("JxlError's bases are {bases}; make it a subclass of ValueError"),
    N_("JxlError belongs to {module}; the first argument of create_exception! names the module"),
    N_("{function}: for {case} input the message is {message}"),
    N_("messages seen: {messages}"),
    N_("only {refused} of {total} inputs were refused"),
    N_("the process grew by {growth} MiB while decoding bad inputs"),
    N_("{count} messages show the decoder's internals, for example:"),
    N_("{message} (for {description})"),
    # step 5
    N_("returned a {kind}"),
    N_("{name}.jxl: {field} is {got}, expected {expected}"),
    N_("two reads of the same file are not equal"),
    N_("the metadata of two different images are equal"),
    N_("comparing with a str should be False, not an error"),
    N_("equal metadata must have equal hashes"),
    N_("{name}.jxl: no prefix of 200 bytes could be read"),
    N_("{description}: raised {kind}: {error}"),
    # step 6, and the GIL checks of steps 2 and 6
    N_("count_occurrences(<{length} characters>, {needle}) = {got}, not {want}"),
    N_("count_occurrences({text}, {needle}) = {got}, not {want}"),
    N_(
        "count_occurrences(<{length} characters: {start} ... repeated>, {needle}) "
        "= {got}, not {want}"
    ),
    N_("decode_many({kind}) says {message}: say that it wants a sequence of bytes objects"),
    N_("{name}: the array was copied"),
    N_("a call took only {seconds} s: too short to tell"),
    N_(
        "another Python thread ran in only {busy} of the {count} 5-ms slices in the middle "
        "of call {number} ({seconds} s) while it {what}: the GIL was held"
    ),
]


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(regex, re.DOTALL)


# The most specific first: the one with the most words of its own.
_PATTERNS = sorted(
    ((template, _pattern(template)) for template in MESSAGES),
    key=lambda pair: -len(re.sub(r"\{\w+\}", "", pair[0])),
)


def _value(text: str) -> str:
    """A value filled into a template: a piece of English that a check marked
    with N_ ("the forked child") comes out translated; any other value (a
    number, a repr, a shape) is not in the catalogue and stays as it is."""
    return _(text) if text.strip() else text  # gettext("") would be the header


def translate(line: str) -> str:
    """One line of a check's message, in the learner's language."""
    for template, pattern in _PATTERNS:
        found = pattern.fullmatch(line)
        if found:
            translated = _(template)
            if translated == template:
                return line
            return translated.format(**{k: _value(v) for k, v in found.groupdict().items()})
    return line
