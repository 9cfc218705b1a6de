"""Sphinx's settings for the workshop's decks (`nox -s slides`).

tools/maintain/slides.py writes the decks' Markdown from the book's chapters; Sphinx with
sphinx-revealjs makes each a reveal.js presentation. Everything the decks load
(reveal.js, its notes plugin, the styles) is copied next to them, so they open
offline, straight from the file system.
"""

project = "Hands-on PyO3"
author = "Hands-on PyO3"
extensions = ["myst_parser", "sphinx_revealjs"]
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["decks.json"]

revealjs_style_theme = "white"
revealjs_static_path = ["_static"]
revealjs_css_files = ["revealjs/plugin/highlight/monokai.css", "slides.css"]
revealjs_script_conf = {
    # The frame every slide is checked against (nox -s browser).
    "width": 1280,
    "height": 720,
    "margin": 0.04,
    "center": False,
    "hash": True,
    "slideNumber": "c/t",
    # Space, the arrow keys and Page Up/Down all walk the slides in order.
    "navigationMode": "linear",
    "transition": "none",
}
revealjs_script_plugins = [
    # `S` opens the presenter window: notes, the next slide, a clock and a timer.
    {"name": "RevealNotes", "src": "revealjs/plugin/notes/notes.js"},
    # Colours the listings (highlight.js, shipped with reveal.js).
    {"name": "RevealHighlight", "src": "revealjs/plugin/highlight/highlight.js"},
]
