"""`nox -s bench -- count`: count_occurrences on a set of texts, pure Python
against step 1 and step 6, and what an unencoded str costs (bench_utf8)."""

from __future__ import annotations

from pathlib import Path

from tools.maintain.bench_common import BARS, OUT, release_module, time_contenders


# The count set: one text for every case that makes a count easy or hard.
# English-like words drawn with Zipf's law (the n-th word n times rarer than
# the first), so "the" is as frequent as in English, and so are the words that
# hold it ("there", "other", "then"), each a false hit for a substring search.
def words(text: str) -> list[str]:
    return text.split()


ENGLISH = words(
    "the of and to a in is it you that he was for on are with as I his they be at one "
    "have this from or had by hot word but what some we can out other were all there "
    "when up use your how said an each she which do their time if will way about many "
    "then them write would like so these her long make thing see him two has look more "
    "day could go come did number sound no most people my over know water than call "
    "first who may down side been now find any new work part take get place made live "
    "where after back little only round man year came show every good me give our under "
    "name very through just form sentence great think say help low line differ turn "
    "cause much mean before move right boy old too same tell does set three want air "
    "well also play small end put home read hand port large spell add even land here "
    "must big high such follow act why ask men change went light kind off need house "
    "picture try us again animal point mother world near build self earth father head "
    "stand own page should country found answer school grow study still learn plant "
    "cover food sun four between state keep eye never last let thought city tree cross "
    "farm hard start might story saw far sea draw left late run while press close night "
    "real life few north together weather rather whether either breathe theory"
)
# Words with "the" inside and hardly ever the word itself.
THE_INSIDE = words(
    "other there then them these they their whether together weather rather mother "
    "father brother either neither breathe theory thesis athlete another bathe clothes "
    "southern northern gather lather leather anthem theme"
)
RUSSIAN = words(
    "и в не на я быть он с что а по это она этот к но они мы как из у который то за "
    "свой весь год от так о для ты же все тот мочь вы человек такой его сказать только "
    "или еще бы себя один как уже до время если сам когда другой вот говорить наш мой "
    "знать стать при чтобы дело жизнь кто первый очень два день её новый рука даже во"
)


def zipf_text(vocabulary: list[str], megabytes: float, separators, seed: int = 1) -> str:
    """A deterministic text of `words` (the n-th drawn n times less often)."""
    import random

    rng = random.Random(seed)
    weights = [1 / rank for rank in range(1, len(vocabulary) + 1)]
    pieces, size = [], 0
    while size < megabytes * 1_000_000:
        chunk = rng.choices(vocabulary, weights, k=4096)
        glue = rng.choices(separators[0], separators[1], k=4096)
        pieces.append("".join(w + g for w, g in zip(chunk, glue)))
        size += sum(len(w.encode()) + len(g) for w, g in zip(chunk, glue))
    return "".join(pieces)


SPACES = ([" ", "  ", "\t", "\n", "\r\n"], [80, 2, 2, 12, 4])  # lines of ~8 words
# A sixth of the separators are U+3000, the ideographic space of Chinese and
# Japanese text: whitespace to Python, three bytes in UTF-8.
IDEOGRAPHIC = ([" ", "\u3000", "\n"], [71, 17, 12])
# English with accented words mixed in (two bytes each accented letter).
ACCENTED = words("café né résumé naïve señor año façade über déjà élève")
ONE_LINE = ([" ", "  ", "\t"], [96, 2, 2])
SHORT_LINES = ([" ", "\n"], [1, 2])  # lines of one or two words

# name: (how the text is made, the needle)
COUNT_SET = {
    "needle absent ('zebra')": ("english", "zebra"),
    "needle rare ('theory', 0.06% of words)": ("english", "theory"),
    "needle frequent as a word ('the', 16%)": ("english", "the"),
    "needle mostly inside words ('the', 0.8%)": ("inside", "the"),
    "one long line ('the')": ("one_line", "the"),
    "many short lines of 1-2 words ('the')": ("short_lines", "the"),
    "non-ASCII: Russian ('и', 20% of words)": ("russian", "и"),
    "U+3000 spaces, accented words ('the')": ("ideographic", "the"),
}


def count_text(kind: str, megabytes: float) -> str:
    if kind == "english":
        return zipf_text(ENGLISH, megabytes, SPACES)
    if kind == "inside":
        return zipf_text(THE_INSIDE + ["the"], megabytes, SPACES)
    if kind == "one_line":
        return zipf_text(ENGLISH, megabytes, ONE_LINE)
    if kind == "short_lines":
        return zipf_text(ENGLISH, megabytes, SHORT_LINES)
    if kind == "russian":
        return zipf_text(RUSSIAN, megabytes, SPACES)
    if kind == "ideographic":
        vocabulary = [w for pair in zip(ENGLISH, ACCENTED * 30) for w in pair]
        return zipf_text(vocabulary + ENGLISH[len(ACCENTED) * 30 :], megabytes, IDEOGRAPHIC)
    if kind == "latin1":
        # One "é" and CPython stores the whole str one byte a character, but
        # no longer as ASCII, which is also UTF-8.
        return "é " + zipf_text(ENGLISH, megabytes, SPACES)
    raise ValueError(kind)


def text_file(kind: str, megabytes: float) -> Path:
    path = OUT / f"text-{kind}-{megabytes}MB.txt"
    if not path.exists():
        path.write_text(count_text(kind, megabytes), encoding="utf-8", newline="")
    return path


def bench_count(python: Path, quick: bool) -> str:
    megabytes = 2 if quick else 15
    step1, step6 = release_module(1, python), release_module(6, python)
    rows = []
    for case, (kind, needle) in COUNT_SET.items():
        path = text_file(kind, megabytes)
        contenders = {
            "python": (step1, "python", {}),
            "step1": (step1, "count", {}),
            "one": (step6, "count", {"RAYON_NUM_THREADS": "1"}),
            "two": (step6, "count", {"RAYON_NUM_THREADS": "2"}),
        }
        best = time_contenders(
            python, contenders, path, 2 if quick else 5, 2 if quick else 3, needle
        )
        rows.append((case, best))
    header = f"  {'text':<42}{'Python':>10}{'step 1':>9}{'step 6, 1 thread':>18}{'2 threads':>11}"
    lines = [
        (
            f"count_occurrences on texts of {megabytes} MB: pure Python's time, and how many "
            "times faster each is (the median of the rounds, taken in turn, of each process's best "
            "time; each str counted once before, as a program counting it again would):"
        ),
        header,
    ]
    BARS.append(("count_occurrences, 1 thread (times faster than Python)", None))
    for case, best in rows:
        base = best["python"]
        BARS.append((case, base / best["one"]))
        lines.append(
            f"  {case:<42}{base * 1000:7.1f} ms{base / best['step1']:8.1f}x"
            f"{base / best['one']:17.1f}x{base / best['two']:10.1f}x"
        )
    return "\n".join(lines) + "\n"


def bench_utf8(python: Path, quick: bool) -> str:
    """What the conversion of a str to &str costs, when CPython has no UTF-8
    copy of it yet."""
    megabytes = 2 if quick else 15
    step6 = release_module(6, python)
    one = {"RAYON_NUM_THREADS": "1"}
    cases = {
        "ASCII (English)": ("english", "the"),
        "Latin-1 (the same, after one 'é')": ("latin1", "the"),
        "Cyrillic (Russian)": ("russian", "и"),
    }
    lines = [
        (
            f"The UTF-8 cost: step 6's count_occurrences (1 thread) on {megabytes} MB texts, "
            "called again with the same str, and with a new str each call (which CPython has "
            "not yet encoded); and str.encode('utf-8') alone:"
        ),
        (
            f"  {'text':<40}{'same str':>11}{'new str':>11}{'encode()':>11}{'Python':>11}"
            f"{'new str vs Python':>19}"
        ),
    ]
    for case, (kind, needle) in cases.items():
        path = text_file(kind, megabytes)
        contenders = {
            "same": (step6, "count", one),
            "new": (step6, "count_new_str", one),
            "encode": (step6, "encode", one),
            "python": (step6, "python", one),
        }
        best = time_contenders(
            python, contenders, path, 2 if quick else 5, 2 if quick else 3, needle
        )
        lines.append(
            f"  {case:<40}"
            + "".join(f"{best[k] * 1000:8.2f} ms" for k in contenders)
            + f"{best['python'] / best['new']:17.1f}x"
        )
    return "\n".join(lines) + "\n"
