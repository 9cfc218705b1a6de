"""`nox -s browser`: the talks and the book, opened in a real browser.

Run with the course's Python (Playwright is in tools/slides-requirements.txt),
driving Debian's Chromium; nothing here downloads a browser.

Talks (target/slides/html, and its Spanish edition in html/es): every deck that
tools/maintain/slides.py made (decks.json) is opened in a 1280x720 window, and
every slide, in every state of its fragments and line highlights, must:

- fit the frame, with no listing wider or taller than its box, and listings
  that never wrap (a wrapped line loses its indentation);
- show code at CODE_MIN_PX or more, and any other text at TEXT_MIN_PX or more;
- give every text, code comments included, a contrast of at least
  CONTRAST_MIN against what is behind it (WCAG's ratio for normal text);
- carry its time (`data-timing`), the deck's adding up to its minutes.

The deck must load nothing from the network, the right arrow must move on, and
`S` must open the presenter window with the notes, a timer and the pace.

Book (book/build) and its Spanish edition (book/build/es): every picture shows
(the solution decoded them), search finds a word, no link between the book's
pages, or to a heading in one, is broken, and every page links to the same page
in the other edition.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
from pathlib import Path
from urllib.parse import unquote

from tools.course.paths import SPANISH
from tools.course.report import summary
from tools.maintain import slides
from tools.maintain.bookcheck import book_pages, broken_links

FRAME = dict(zip(("width", "height"), slides.FRAME))

# The smallest code on a slide, in pixels of a 720-pixel-high picture. A
# projector fills the screen with that picture, so the size scales with the
# room: 24 of 720 pixels is 1/30 of the picture's height. Rooms are laid out so
# that the back row sits no further than about six picture heights away (the
# usual rule for reading detail on a projected image); there, a 1/30 letter
# spans (1/30)/6 radians, about 19 minutes of arc: comfortable reading, with a
# margin for a projector that is smaller than the room deserves.
CODE_MIN_PX = 24
TEXT_MIN_PX = 24
# WCAG 2's minimum contrast for normal text (its "AA" level).
CONTRAST_MIN = 4.5

MEASURE = """
() => {
  const frame = document.querySelector('.reveal .slides').getBoundingClientRect();
  const scale = Reveal.getScale();
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(',').map(parseFloat);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const mix = (top, under, a) => ({r: top.r * a + under.r * (1 - a),
    g: top.g * a + under.g * (1 - a), b: top.b * a + under.b * (1 - a)});
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let under = {r: 255, g: 255, b: 255};
    for (const c of layers.reverse()) under = mix(c, under, c.a);
    return under;
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      o *= parseFloat(getComputedStyle(e).opacity);
    }
    return o;
  };
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  window.__contrast = (el) => {
    const color = parse(getComputedStyle(el).color);
    const under = background(el);
    const shown = mix(color, under, color.a * opacity(el));
    const [hi, lo] = [luminance(shown), luminance(under)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  };
  const measure = (slide) => {
    const found = {overflows: [], code: [], text: [], contrast: [], wraps: []};
    const elements = [...slide.querySelectorAll('*')].filter((e) => !e.closest('aside.notes'));
    for (const el of elements) {
      if (!el.getClientRects().length) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || opacity(el) === 0) continue;
      const box = el.getBoundingClientRect();
      if (box.right > frame.right + 1 || box.bottom > frame.bottom + 1 || box.left < frame.left - 1) {
        found.overflows.push(`${el.tagName.toLowerCase()} reaches ` +
          `${Math.round((box.right - frame.left) / scale)}x${Math.round((box.bottom - frame.top) / scale)}`);
      }
      if (el.matches('pre code')) {
        if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
          found.overflows.push('a listing wider or taller than its box');
        }
        if (!style.whiteSpace.startsWith('pre') || style.whiteSpace === 'pre-wrap' || style.whiteSpace === 'pre-line') {
          found.wraps.push(style.whiteSpace);
        }
      }
      const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
      if (!text) continue;
      const size = parseFloat(style.fontSize) * scale;
      (el.closest('pre') ? found.code : found.text).push([size, text.slice(0, 30)]);
      const color = parse(style.color);
      const under = background(el);
      const shown = mix(color, under, color.a * opacity(el));
      const [hi, lo] = [luminance(shown), luminance(under)].sort((a, b) => b - a);
      found.contrast.push([(hi + 0.05) / (lo + 0.05), text.slice(0, 30), style.color]);
    }
    return found;
  };
  const results = [];
  for (const slide of Reveal.getSlides()) {
    const where = Reveal.getIndices(slide);
    Reveal.slide(where.h, where.v, -1);
    const title = (slide.querySelector('h1, h2') || {}).textContent || '';
    const states = [measure(slide)];
    let guard = 0;
    while (Reveal.availableFragments().next && guard++ < 30) {
      Reveal.nextFragment();
      states.push(measure(slide));
    }
    const timing = parseFloat(slide.getAttribute('data-timing') || 'NaN');
    results.push({title: title.trim(), states, timing});
  }
  Reveal.slide(0, 0, -1);
  return results;
}
"""


# Every colour highlight.js may give a listing, on a plain line and on a line a
# step points at: a probe listing is put on the first slide, measured, removed.
TOKENS = ["comment", "keyword", "string", "number", "title function_", "type", "built_in",
          "meta", "attr", "literal", "symbol", "variable language_", "deletion", "addition"]  # fmt: skip
PALETTE = """
(tokens) => {
  const slide = Reveal.getSlides()[0];
  const probe = document.createElement('div');
  const spans = tokens.map((t) => `<span class="${t.split(' ').map((c, i) => i ? c : 'hljs-' + c).join(' ')}">x</span>`).join(' ');
  probe.innerHTML = `<pre><code class="hljs">${spans}</code></pre>` +
    `<pre><code class="hljs has-highlights"><table><tr class="highlight-line"><td class="hljs-ln-code">${spans}</td></tr></table></code></pre>`;
  slide.appendChild(probe);
  const found = [];
  for (const span of probe.querySelectorAll('span')) {
    found.push([span.className, span.closest('tr') ? 'a highlighted line' : 'a plain line',
                getComputedStyle(span).color, window.__contrast(span)]);
  }
  probe.remove();
  return found;
}
"""


INSTALL_CHROMIUM = "install Debian's with `sudo apt-get install chromium`"


def find_chromium() -> str | None:
    """Debian's Chromium (`apt-get install chromium`), or $CHROMIUM."""
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def why_not_here() -> str | None:
    """Why `nox -s browser` skips on this machine, or None: it needs Chromium,
    which CI installs (.ci/run) and must never skip for."""
    if find_chromium() or os.environ.get("CI"):
        return None
    return f"needs Chromium: {INSTALL_CHROMIUM}"


def chromium() -> str:
    found = find_chromium()
    if not found:
        sys.exit(f"no Chromium found: {INSTALL_CHROMIUM}, or set CHROMIUM")
    return found


class Measures:
    """The extremes over every slide: the smallest code and text, the lowest contrast."""

    def __init__(self) -> None:
        self.code: tuple[float, str] = (1e9, "")
        self.text: tuple[float, str] = (1e9, "")
        self.contrast: tuple[float, str] = (1e9, "")
        self.slides = 0

    def line(self) -> str:
        return (
            f"{self.slides} slides; the smallest code {self.code[0]:.1f} px ({self.code[1]}), "
            f"text {self.text[0]:.1f} px ({self.text[1]}); "
            f"the lowest contrast {self.contrast[0]:.2f}:1 ({self.contrast[1]})"
        )


def check_deck(page, path: Path, deck: dict, measures: Measures, presenter: bool) -> list[str]:
    problems = []
    page.goto(path.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    shown = page.evaluate(MEASURE)
    name = str(Path(deck["path"]))
    if len(shown) != deck["slides"]:
        problems.append(f"{name}: {len(shown)} slides shown, {deck['slides']} made")
    seconds = 0.0
    for number, slide in enumerate(shown, 1):
        where = f"{name}, slide {number} ({slide['title']})"
        measures.slides += 1
        if not slide["timing"] or slide["timing"] != slide["timing"]:  # 0 or NaN
            problems.append(f"{where}: no time (data-timing)")
        else:
            seconds += slide["timing"]
        found: dict[str, str] = {}  # one problem of each kind a slide
        for state in slide["states"]:
            for overflow in state["overflows"]:
                frame = "x".join(map(str, slides.FRAME))
                found.setdefault("frame", f"{where}: outside the {frame} frame: {overflow}")
            for wrap in state["wraps"]:
                found.setdefault("wrap", f"{where}: a listing that wraps its lines ({wrap})")
            for size, text in state["code"]:
                measures.code = min(measures.code, (size, where))
                if size < CODE_MIN_PX:
                    found.setdefault("code", f"{where}: code at {size:.1f} px (under "
                                     f"{CODE_MIN_PX}): {text!r}")  # fmt: skip
            for size, text in state["text"]:
                measures.text = min(measures.text, (size, where))
                if size < TEXT_MIN_PX:
                    found.setdefault("text", f"{where}: text at {size:.1f} px (under "
                                     f"{TEXT_MIN_PX}): {text!r}")  # fmt: skip
            for ratio, text, color in state["contrast"]:
                measures.contrast = min(measures.contrast, (ratio, f"{where}: {text!r}"))
                if ratio < CONTRAST_MIN:
                    found.setdefault("contrast", f"{where}: {text!r} in {color} at "
                                     f"{ratio:.2f}:1 (under {CONTRAST_MIN}:1)")  # fmt: skip
        problems += found.values()
    for token, line, color, ratio in page.evaluate(PALETTE, TOKENS):
        where = f"{name}: highlight.js's {token.split()[0]} colour on {line}"
        measures.contrast = min(measures.contrast, (ratio, where))
        if ratio < CONTRAST_MIN:
            problems.append(f"{where}, {color}, at {ratio:.2f}:1 (under {CONTRAST_MIN}:1)")
    if abs(seconds - deck["minutes"] * 60) > 1:
        problems.append(f"{name}: its slides' times add up to {seconds / 60:g} minutes, not "
                        f"{deck['minutes']:g}")  # fmt: skip
    # The keyboard: the right arrow goes on (to a fragment or to the next slide).
    page.evaluate("() => Reveal.slide(0, 0, -1)")
    page.locator("body").press("ArrowRight")
    if page.evaluate("() => Reveal.getIndices().h + (Reveal.getIndices().f ?? -1) + 1") < 1:
        problems.append(f"{name}: the right arrow does not move on")
    page.evaluate("() => Reveal.slide(0, 0, -1)")
    if presenter:
        problems += check_presenter(page, name)
    return problems


def check_presenter(page, name: str) -> list[str]:
    """`S` opens the presenter window, with this slide's notes, a timer and the pace."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    problems = []
    with page.expect_popup() as opened:
        page.locator("body").press("s")
    window = opened.value
    window.wait_for_selector(".speaker-controls-notes", state="attached")
    window.wait_for_function(
        "() => document.querySelector('.speaker-controls-notes .value')"
        " && document.querySelector('.speaker-controls-notes .value').textContent.trim()"
    )
    if not window.locator(".speaker-controls-time .timer").count():
        problems.append(f"{name}: the presenter window shows no timer")
    try:
        window.wait_for_selector(".speaker-controls-time .pacing", state="visible", timeout=5000)
    except PlaywrightTimeout:
        problems.append(f"{name}: the presenter window shows no pace (the slides' times)")
    window.close()
    return problems


def check_talks(browser, html: Path, language: str, outside: list[str]) -> tuple[list[str], str]:
    """Every deck of one language; its problems, and a line of what was measured."""
    summary = json.loads((html / slides.LIST).read_text(encoding="utf-8"))
    page = browser.new_page(viewport=FRAME)
    page.on(
        "request",
        lambda request: (
            None
            if request.url.split(":")[0] in {"file", "data", "about", "blob"}
            else outside.append(request.url)
        ),
    )
    measures = Measures()
    problems = []
    words = []
    for deck in summary["decks"]:
        # The presenter window, once per deck of every slide (the talks are cut from them).
        presenter = deck["agenda"] is None
        problems += check_deck(page, html / deck["path"], deck, measures, presenter)
        if deck["agenda"] is None:
            words += deck["notes_words"]
    page.close()
    complete = [d for d in summary["decks"] if d["agenda"] is None]
    talks = ", ".join(
        f"{a['key']}: {sum(d['minutes'] for d in summary['decks'] if d['agenda'] == a['key']):g}"
        f" of {a['minutes']:g} min"
        for a in summary["agendas"]
    )
    line = (
        f"  {language}: {len(complete)} decks ({sum(d['slides'] for d in complete)} slides), "
        f"talks {talks}; notes {statistics.median(words):g} words at the median, "
        f"{max(words)} at most\n  {language}: {measures.line()}"
    )
    return problems, line


def check_book(page, book: Path) -> tuple[list[str], int, int]:
    problems = []
    pictures = 0
    for path in book_pages(book):
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        found = page.evaluate(
            """() => ({
              images: [...document.querySelectorAll('main img')]
                       .map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0})),
              other: document.querySelector('.language-switch')?.getAttribute('href') ?? null,
            })"""
        )
        # The menu bar's link to the same page in the other edition (book/theme/language.js).
        if found["other"] is None:
            problems.append(f"{path.name}: no link to the other edition in the menu bar")
        elif not (path.parent / unquote(found["other"])).resolve().exists():
            problems.append(
                f"{path.name}: the link to the other edition, {found['other']}, leads nowhere"
            )
        for image in found["images"]:
            if not image["ok"]:
                problems.append(f"{path.name}: the picture {image['src']} does not show")
            elif image["src"].startswith("pictures/"):
                pictures += 1
    if pictures == 0:
        problems.append("no page shows a picture decoded by the solution (pictures/*.png)")
    # Links and anchors: the same check as `nox -s book`'s.
    broken, followed = broken_links(book)
    problems += broken
    # Search: type a word the book explains, and results must come.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto((book / "index.html").as_uri())
    page.locator("#mdbook-search-toggle").click()
    page.locator("#mdbook-searchbar").press_sequentially("pyfunction")
    try:
        page.wait_for_function(
            "() => document.querySelectorAll('#mdbook-searchresults li').length > 0",
            timeout=10_000,
        )
    except PlaywrightTimeout:
        problems.append("the book's search finds nothing for 'pyfunction'")
    return problems, pictures, followed


def main(talks: Path, book: Path) -> int:
    from playwright.sync_api import sync_playwright

    problems: dict[str, list[str]] = {}
    lines = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium())
        outside: list[str] = []
        for language, html in slides.edition_folders(talks):
            found, line = check_talks(browser, html, language, outside)
            problems[f"the talks ({language})"] = found
            lines.append(line)
        problems["offline"] = [f"a deck loads {url} from the network" for url in outside]
        found, pictures, links = check_book(browser.new_page(viewport=FRAME), book)
        problems["the book"] = found
        # The Spanish edition (book/build/es): its translated headings have anchors of their own.
        spanish_book = book / SPANISH
        spanish, _, spanish_links = check_book(browser.new_page(viewport=FRAME), spanish_book)
        problems["the Spanish edition"] = spanish
        browser.close()
    for line in lines:
        print(line)
    print(f"  the book: {len(book_pages(book))} pages, {pictures} pictures, {links} links")
    print(f"  the Spanish edition: {len(book_pages(spanish_book))} pages, {spanish_links} links")
    for found in problems.values():
        for problem in found:
            print(f"  {problem}")
    failed = sum(1 for found in problems.values() if found)
    print(summary("browser", len(problems) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()))
