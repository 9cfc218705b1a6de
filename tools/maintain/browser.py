"""`nox -s browser`: the decks and the book, opened in a real browser.

Run with the course's Python (Playwright is in tools/slides-requirements.txt),
driving Debian's Chromium; nothing here downloads a browser.

Decks (target/slides/html): they must load nothing from the network, every
slide is shown in a 1280x720 window and must fit the frame, every listing must be readable from the back of the room, the
arrow keys must move between slides, and `S` must open the presenter window
with the notes and a timer. One slide of each deck is saved, small, for the
"Running a workshop" page (book/src/workshop/).

Book (book/build) and its Spanish edition (book/build/es): every picture shows
(the solution decoded them), search finds a word, no link between the book's
pages, or to a heading in one, is broken, and every page links to the same page
in the other edition.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.course.paths import ROOT

SCREENSHOTS = ROOT / "book" / "src" / "workshop"
FRAME = {"width": 1280, "height": 720}

# The smallest code on a slide, in pixels of a 720-pixel-high picture. A
# projector fills the screen with that picture, so the size scales with the
# room: 20 of 720 pixels is 1/36 of the picture's height. Rooms are laid out so
# that the back row sits no further than about six picture heights away (the
# usual rule for reading detail on a projected image); there, a 1/36 letter
# spans (1/36)/6 radians, about 16 minutes of arc, which is the size legibility
# guidance gives for comfortable reading (below about 10, reading slows down).
CODE_MIN_PX = 20

MEASURE = """
() => {
  const frame = document.querySelector('.reveal .slides').getBoundingClientRect();
  const results = [];
  for (const slide of Reveal.getSlides()) {
    const where = Reveal.getIndices(slide);
    Reveal.slide(where.h, where.v);
    const title = (slide.querySelector('h1, h2') || {}).textContent || '';
    const found = {title: title.trim(), overflows: [], fonts: []};
    let right = 0, bottom = 0;
    for (const el of slide.querySelectorAll('h1, h2, p, pre, table, ul, ol, img')) {
      if (el.closest('aside.notes')) continue;
      const box = el.getBoundingClientRect();
      right = Math.max(right, box.right);
      bottom = Math.max(bottom, box.bottom);
    }
    if (bottom > frame.bottom + 1 || right > frame.right + 1) {
      const scale = Reveal.getScale();
      found.overflows.push(`its content reaches ${Math.round((right - frame.left) / scale)}x` +
                           `${Math.round((bottom - frame.top) / scale)}`);
    }
    for (const code of slide.querySelectorAll('pre')) {
      if (code.scrollWidth > code.clientWidth + 1 || code.scrollHeight > code.clientHeight + 1) {
        found.overflows.push('a listing wider or taller than its box');
      }
      const box = code.getBoundingClientRect();
      const scale = box.width / code.offsetWidth;
      found.fonts.push(parseFloat(getComputedStyle(code).fontSize) * scale);
    }
    results.push(found);
  }
  Reveal.slide(0, 0);
  return {slides: results, scale: Reveal.getScale()};
}
"""


def chromium() -> str:
    """Debian's Chromium (`apt-get install chromium`), or $CHROMIUM."""
    found = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not found:
        sys.exit("no Chromium found: install Debian's (`apt-get install chromium`) or set CHROMIUM")
    return found


def check_deck(page, path: Path, deck: dict, smallest: list) -> list[str]:
    problems = []
    page.goto(path.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    measured = page.evaluate(MEASURE)
    slides = measured["slides"]
    if len(slides) != deck["slides"]:
        problems.append(f"{path.name}: {len(slides)} slides shown, {deck['slides']} made")
    for number, slide in enumerate(slides, 1):
        where = f"{path.name}, slide {number} ({slide['title']})"
        problems += [f"{where}: overflows the 1280x720 frame: {o}" for o in slide["overflows"]]
        for size in slide["fonts"]:
            smallest.append((size, where))
            if size < CODE_MIN_PX:
                problems.append(f"{where}: code at {size:.1f} px, under {CODE_MIN_PX} px")
    # The keyboard: the right arrow goes to the next slide.
    page.locator("body").press("ArrowRight")
    if page.evaluate("() => Reveal.getSlidePastCount()") != 1:
        problems.append(f"{path.name}: the right arrow does not go to the second slide")
    page.evaluate("() => Reveal.slide(0, 0)")
    # The presenter window: `S` opens it, with this slide's notes and a timer.
    with page.expect_popup() as opened:
        page.locator("body").press("s")
    presenter = opened.value
    presenter.wait_for_selector(".speaker-controls-notes", state="attached")
    presenter.wait_for_function(
        "() => document.querySelector('.speaker-controls-notes .value')"
        " && document.querySelector('.speaker-controls-notes .value').textContent.trim()"
    )
    if not presenter.locator(".speaker-controls-time .timer").count():
        problems.append(f"{path.name}: the presenter window shows no timer")
    presenter.close()
    return problems


def screenshot(page, path: Path, deck: dict) -> Path:
    """One slide of the deck, at half size, for the workshop page."""
    from PIL import Image

    page.goto(f"{path.as_uri()}#/{deck['shown']}")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    page.evaluate(f"() => Reveal.slide({deck['shown']}, 0)")
    picture = Image.open(io.BytesIO(page.screenshot()))
    picture = picture.convert("RGB").resize((640, 360), Image.LANCZOS)
    picture = picture.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / f"{path.stem}.png"
    if out.exists() and same_picture(Image.open(out), picture):
        return out  # no commit for a pixel's worth of anti-aliasing
    picture.save(out, optimize=True)
    return out


def same_picture(old, new) -> bool:
    """Whether two screenshots differ by no more than rendering noise."""
    from PIL import ImageChops, ImageStat

    if old.size != new.size:
        return False
    difference = ImageChops.difference(old.convert("RGB"), new.convert("RGB"))
    return max(ImageStat.Stat(difference).mean) < 1.0  # of 255, on average


def book_pages(book: Path) -> list[Path]:
    skip = {"print.html", "toc.html", "404.html"}
    return sorted(p for p in book.glob("*.html") if p.name not in skip)


def check_book(page, book: Path) -> tuple[list[str], int, int]:
    problems = []
    ids: dict[Path, set[str]] = {}
    links: list[tuple[Path, str]] = []
    pictures = 0
    for path in book_pages(book):
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        found = page.evaluate(
            """() => ({
              ids: [...document.querySelectorAll('[id]')].map(e => e.id),
              links: [...document.querySelectorAll('main a[href], nav a[href]')]
                       .map(a => a.getAttribute('href')),
              images: [...document.querySelectorAll('main img')]
                       .map(i => ({src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0})),
              other: document.querySelector('.language-switch')?.getAttribute('href') ?? null,
            })"""
        )
        ids[path] = set(found["ids"])
        # The menu bar's link to the same page in the other edition (book/theme/language.js).
        if found["other"] is None:
            problems.append(f"{path.name}: no link to the other edition in the menu bar")
        elif not (path.parent / unquote(found["other"])).resolve().exists():
            problems.append(
                f"{path.name}: the link to the other edition, {found['other']}, leads nowhere"
            )
        links += [(path, href) for href in found["links"]]
        for image in found["images"]:
            if not image["ok"]:
                problems.append(f"{path.name}: the picture {image['src']} does not show")
            elif image["src"].startswith("pictures/"):
                pictures += 1
    if pictures == 0:
        problems.append("no page shows a picture decoded by the solution (pictures/*.png)")
    for source, href in links:
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            continue  # outside the book
        target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            problems.append(f"{source.name}: the link {href} leads nowhere")
        elif parts.fragment and target.suffix == ".html":
            if target not in ids:
                page.goto(target.as_uri())
                ids[target] = set(
                    page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
                )
            if unquote(parts.fragment) not in ids[target]:
                problems.append(f"{source.name}: the link {href} names no heading of {target.name}")
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
    return problems, pictures, len(links)


def main(decks_dir: Path, book: Path) -> int:
    from playwright.sync_api import sync_playwright

    decks = json.loads((decks_dir.parent / "markdown" / "decks.json").read_text())
    problems: dict[str, list[str]] = {}
    smallest: list = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium())
        page = browser.new_page(viewport=FRAME)
        # Offline means offline: the decks may load nothing but their own files.
        outside: list[str] = []
        browser.contexts[0].on(
            "request",
            lambda request: (
                None
                if request.url.split(":")[0] in {"file", "data", "about", "blob"}
                else outside.append(request.url)
            ),
        )
        for deck in decks:
            path = decks_dir / f"{deck['name']}.html"
            problems[path.name] = check_deck(page, path, deck, smallest)
            saved = screenshot(page, path, deck)
            print(
                f"  {path.name}: {deck['slides']} slides; slide {deck['shown'] + 1} saved in "
                f"{saved.relative_to(ROOT)} ({saved.stat().st_size // 1024} kB)"
            )
        problems["offline"] = [f"a deck loads {url} from the network" for url in outside]
        found, pictures, links = check_book(browser.new_page(viewport=FRAME), book)
        problems["the book"] = found
        # The Spanish edition (book/build/es): its translated headings have anchors of their own.
        spanish, _, spanish_links = check_book(browser.new_page(viewport=FRAME), book / "es")
        problems["the Spanish edition"] = spanish
        browser.close()
    total = sum(d["slides"] for d in decks)
    size, where = min(smallest)
    print(f"  {len(decks)} decks, {total} slides; the smallest code: {size:.1f} px ({where})")
    print(f"  the book: {len(book_pages(book))} pages, {pictures} pictures, {links} links")
    print(f"  the Spanish edition: {len(book_pages(book / 'es'))} pages, {spanish_links} links")
    for found in problems.values():
        for problem in found:
            print(f"  {problem}")
    failed = sum(1 for found in problems.values() if found)
    print(f"browser: {len(problems) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()))
