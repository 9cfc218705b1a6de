"""Step 4 on: JxlError's messages speak the caller's language.

A message is read by someone holding a file, not by the decoder's authors:
it says what is wrong with the data, never how the decoder's insides saw it.
"""

# Checks: run beside the others.

from __future__ import annotations

import re

import jxl_demo
import pytest
import samples
from language import _

hint = pytest.mark.hint

# A Rust path (`jxl_image::color::ColourSpace`), or a Rust debug spelling of a value.
RUST_INTERNALS = re.compile(r"::|\bEnum\(|\bSome\(|\bErr\(|\bOk\(")


@hint(
    "jxl-oxide's own descriptions name its types (`Enum(jxl_image::...)`): say which part "
    "of the data is damaged instead, in your own words.",
    read="step-4.md#the-decoding-cores-own-error-type",
)
def test_messages_name_no_rust_internals():
    """no JxlError message for malformed input names a Rust type or path"""
    offenders: dict[str, str] = {}
    # The outcomes of step 4's check of the same inputs, when it ran just before.
    outcomes = samples.malformed_outcomes(
        lambda data: jxl_demo.decode_jxl_as_array(data, max_pixels=2**20)
    )
    for description, error in outcomes:
        if isinstance(error, jxl_demo.JxlError):
            message = str(error)
            if RUST_INTERNALS.search(message):
                offenders.setdefault(message, description)
    # The first line says how many, then up to three examples, a line each.
    examples = [
        _("{message} (for {description})").format(message=repr(m), description=d)
        for m, d in list(offenders.items())[:3]
    ]
    assert not offenders, "\n".join(
        [
            _("{count} messages show the decoder's internals, for example:").format(
                count=len(offenders)
            ),
            *examples,
        ]
    )
