"""Turn an article's title and text into the bags of features the threading engine uses.

Pure and stateless: no model, no download. Four bags, each a ``Counter``:

- ``words``: lower-cased, lightly stemmed content words (stop words dropped), title
  words counted ``title_weight`` times;
- ``names``: capitalised names (``Lindsay Lohan``, ``Betty Ford Center``) found in
  running text, as the whole phrase and as each of its words, so that a later
  ``Lohan`` still meets ``Lindsay Lohan``;
- ``numbers``: figures (``6.1``, ``200``, ``23``), as written, without separators;
- ``dates``: years (``y2013``), month-day pairs (``may-3``) and weekdays are left out
  on purpose: every story has a Tuesday.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.html import strip_tags

_SENTENCE = re.compile(r"(?<=[.!?:;\"”])\s+|\n+")
_TOKEN = re.compile(
    r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*|\d+(?:[.,]\d+)*|[,;:()\"“”—–|]"
)
# Punctuation that ends a name ("Fred LaRue, Nixon aide"): kept as a token only
# to break runs of capitalised words.
_BREAKS = frozenset(',;:()"“”—–|')

_STOP_TEXT = """
    a about above after again against ago all almost also although always am among
    an and another any anyone anything are around as at away back be became because
    been before being below between both but by came can cannot could did do does
    doing done down during each either else even ever every few for from further get
    gets getting got had has have having he her here hers herself him himself his
    how however i if in including into is it its itself just last least less let
    like made make many may me might more most much must my myself near need never
    new next no nor not now of off often on once one only onto or other others our
    ours ourselves out over own part per put rather really said same say says see
    seen several shall she should since so some still such take than that the their
    theirs them themselves then there these they thing things this those though
    three through thus to told too took two under until up upon us very via was way
    we well were what when where whether which while who whom whose why will with
    within without would yet you your yours yourself yourselves mr mrs ms dr
    according year years day days week weeks time times first second s t don didn
    doesn isn wasn won ve ll re m d
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAY_TEXT = (
    "monday tuesday wednesday thursday friday saturday sunday today yesterday"
)
_WEEKDAYS = frozenset(_WEEKDAY_TEXT.split())
# Capitalised words that join a name without being one ("Bank of America").
_NAME_LINKS = frozenset({"of", "de", "del", "la", "van", "von", "al", "bin", "&"})


def stem(word: str) -> str:
    """Return a crude stem of a lower-cased word: plurals and -ing/-ed endings off."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


# Articles repeat their words, and a newsroom its vocabulary: remember the stems
# of the most recent words (bounded, a few megabytes).
@lru_cache(maxsize=1 << 16)
def _word(lower: str) -> str:
    return stem(lower.replace("’", "'").removesuffix("'s"))


@dataclass
class Features:
    """The feature bags of one article (see the module docstring)."""

    words: Counter[str]
    names: Counter[str]
    numbers: Counter[str]
    dates: Counter[str]


def title_words(title: str) -> Counter[str]:
    """Return the stemmed content words of a headline, as ``extract`` stems them."""
    words: Counter[str] = Counter()
    for token in _TOKEN.findall(title):
        lower = token.lower()
        if token[0].isdigit() or token in _BREAKS:
            continue
        if lower not in STOP_WORDS and len(lower) > 1:
            words[_word(lower)] += 1
    return words


def _add_name(names: Counter[str], run: list[str], weight: int) -> None:
    # A run of capitalised words is a name, without the links it ends with.
    while run and run[-1].lower() in _NAME_LINKS:
        run.pop()
    if run:
        parts = [p.lower().replace("’", "'").removesuffix("'s") for p in run]
        if len(parts) > 1:
            names[" ".join(parts)] += weight
        for part in parts:
            if part not in STOP_WORDS and part not in _NAME_LINKS:
                names[part] += weight


def extract(title: str, text: str, title_weight: int = 2) -> Features:
    """Return the feature bags of an article.

    The title is read first, ``title_weight`` times; it is often also the first line
    of the text, which is fine: it is what the article is about.
    """
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    numbers: Counter[str] = Counter()
    dates: Counter[str] = Counter()
    body = [(title, title_weight)] if title else []
    body.append((text, 1))
    # Words seen capitalised in mid-sentence: a sentence's first word counts as a
    # name only when the article writes it capitalised elsewhere too.
    sentences: list[tuple[list[str], int]] = []
    mid_capitals: set[str] = set()
    for chunk, weight in body:
        for sentence in _SENTENCE.split(chunk):
            tokens = _TOKEN.findall(sentence)
            if not tokens:
                continue
            sentences.append((tokens, weight))
            mid_capitals.update([token for token in tokens[1:] if token[0].isupper()])
    for tokens, weight in sentences:
        # A headline in title case (or capitals) says nothing about names.
        spoken = [token for token in tokens if token not in _BREAKS]
        shouting = sum([token[0].isupper() for token in spoken]) > 0.6 * len(spoken) > 2
        # Whether the sentence's first word may start a name.
        opening = len(spoken) > 1 and spoken[1][0].isupper()
        run: list[str] = []
        for position, token in enumerate(tokens):
            lower = token.lower()
            initial = token[0]
            # Decimal digits only: "²" is a digit to isdigit() but no number
            # to float(), and "October ²" in an article would stop threading.
            if initial.isdecimal():
                number = token.replace(",", "")
                if len(number) == 4 and number.isdigit() and number[:2] in ("19", "20"):
                    dates["y" + number] += weight
                elif len(number) > 1 or "." in number:
                    numbers[number.rstrip(".")] += weight
                previous = tokens[position - 1].lower() if position else ""
                if previous in MONTHS and len(number) <= 2:
                    dates[f"{MONTHS[previous]}-{int(float(number))}"] += weight
            else:
                if lower not in STOP_WORDS and len(lower) > 1:
                    words[_word(lower)] += weight
                if (
                    initial.isupper()
                    and lower not in MONTHS
                    and lower not in _WEEKDAYS
                    and (
                        position > 0
                        or token in mid_capitals
                        or token.isupper()
                        or opening
                    )
                    and not (shouting and token not in mid_capitals)
                    and not (lower in STOP_WORDS and not run)
                ):
                    run.append(token)
                    continue
                if run and lower in _NAME_LINKS:
                    run.append(token)
                    continue
            if run:
                _add_name(names, run, weight)
                run = []
        if run:
            _add_name(names, run, weight)
    return Features(words, names, numbers, dates)


# Where rich text ends a paragraph, list item, heading or line: strip_tags alone
# would run "said.</p><p>According" together into one sentence.
_BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|blockquote|div)>|<br\s*/?>)", re.IGNORECASE)


def _strings(value: Any) -> Iterable[str]:
    # The text of a block: not the image reference nor a quote's attribution.
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in {"id", "type", "image", "attribution"}:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def body_text(lede: str, blocks: Sequence[dict[str, Any]]) -> str:
    """Return an article's lede and body blocks (StreamField raw data: dicts
    with a ``value``) as plain text, one line per paragraph."""
    parts = [lede]
    for block in blocks:
        parts.extend(
            strip_tags(_BLOCK_END.sub("\\1\n", text))
            for text in _strings(block.get("value"))
        )
    lines = (line.strip() for part in parts for line in part.splitlines())
    return "\n".join(line for line in lines if line)
