"""The checks' messages in the learner's language.

A check writes its message as `_("... {value} ...").format(value=...)`, so the
message is translated where it is made: the runner passes the compiled
po/course-es.po in COURSE_CATALOGUE when the learner asks for Spanish
(tools/course/runner.py). `N_` only marks a piece of English for the
catalogue; it is translated where it is filled into a message. This module
imports nothing but the standard library: the checks' child programs use it.
"""

from __future__ import annotations

import functools
import gettext
import os


@functools.cache  # the catalogue is read once per process
def _catalogue() -> gettext.NullTranslations:
    path = os.environ.get("COURSE_CATALOGUE", "")
    if not path:
        return gettext.NullTranslations()
    with open(path, "rb") as compiled:
        return gettext.GNUTranslations(compiled)


def _(text: str) -> str:
    """`text` in the learner's language."""
    return _catalogue().gettext(text) if text else text


def N_(text: str) -> str:
    """Marks a text for the Spanish catalogue (po/course-es.po): a hint here,
    or in a check a piece of English it puts into its message, such as the
    `N_("decodes")` of `samples.assert_other_threads_run(call, N_("decodes"))`:
    it is translated where it is filled into a message."""
    return text
