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
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.html import strip_tags

from gazette.stories import languages
from gazette.stories.languages import Analyser, analyser, light_english_stem


def _mark_ranges() -> str:
    # Every combining mark of the Basic Multilingual Plane, as a character
    # class body: Devanagari's vowel signs, Hebrew points, a decomposed accent
    # belong inside a word, and ``\w`` alone would cut the word at them.
    ranges: list[tuple[int, int]] = []
    for point in range(0x300, 0x10000):
        if unicodedata.category(chr(point))[0] == "M":
            if ranges and ranges[-1][1] == point - 1:
                ranges[-1] = (ranges[-1][0], point)
            else:
                ranges.append((point, point))
    return "".join(
        f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges
    )


# Inside a word: letters, digits, apostrophes, combining marks and the
# zero-width non-joiner Persian writes inside words ("کتاب‌ها").
_IN_WORD = f"[\\w'’{_mark_ranges()}\\u200c]"
_SENTENCE = re.compile(r"(?<=[.!?:;\"”؟۔])\s+|\n+")
# Where a day is written "3." ("am 3. Mai"), a day's full stop ends no sentence.
_DAY_FIRST_SENTENCE = re.compile(r"(?<=[.!?:;\"”؟۔])(?<!\b\d\.)(?<!\b\d\d\.)\s+|\n+")
_TOKEN = re.compile(
    rf"[^\W\d_]{_IN_WORD}*(?:-[^\W\d_]{_IN_WORD}*)*|\d+(?:[.,]\d+)*"
    r"|[,;:()\"“”«»—–|،؛]"
)
# Punctuation that ends a name ("Fred LaRue, Nixon aide"): kept as a token only
# to break runs of capitalised words.
_BREAKS = frozenset(',;:()"“”«»—–|،؛')
# Scripts written without spaces between words: read as character pairs.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")

# English, the site's language until editions: kept importable under the names
# earlier releases used.
STOP_WORDS = languages.ENGLISH_STOP_WORDS
MONTHS = languages.ANALYSERS["en"].months
_WEEKDAYS = languages.ANALYSERS["en"].weekdays
# Capitalised words that join a name without being one ("Bank of America").
_NAME_LINKS = frozenset({"of", "de", "del", "la", "van", "von", "al", "bin", "&"})
# Words between a day and its month ("3 de mayo", "1er mai").
_DAY_LINKS = frozenset({"de", "er"})


def stem(word: str) -> str:
    """Return a crude stem of a lower-cased English word (``light_english_stem``)."""
    return light_english_stem(word)


# Articles repeat their words, and a newsroom its vocabulary: remember the stems
# of the most recent words (bounded, a few megabytes).
@lru_cache(maxsize=1 << 16)
def _word(code: str, lower: str) -> str:
    return analyser(code).stem(lower.replace("’", "'").removesuffix("'s"))


@dataclass
class Features:
    """The feature bags of one article (see the module docstring)."""

    words: Counter[str]
    names: Counter[str]
    numbers: Counter[str]
    dates: Counter[str]


def _pairs(token: str) -> list[str]:
    # A run of Chinese, Japanese or Thai: its character pairs stand for words.
    if len(token) == 1:
        return [token]
    return [token[i : i + 2] for i in range(len(token) - 1)]


def title_words(title: str, language: str | None = None) -> Counter[str]:
    """Return the stemmed content words of a headline, as ``extract`` stems them."""
    rules = analyser(language)
    stop_words = rules.stop_words
    words: Counter[str] = Counter()
    for token in _TOKEN.findall(rules.normalise(title)):
        lower = token.lower()
        if token[0].isdigit() or token in _BREAKS:
            continue
        if token[0] >= "\u0e00" and _UNSPACED.search(token):
            words.update(_pairs(lower))
        elif lower not in stop_words and len(lower) > 1:
            words[_word(rules.code, lower)] += 1
    return words


def _add_name(
    names: Counter[str], run: list[str], weight: int, stop_words: frozenset[str]
) -> None:
    # A run of capitalised words is a name, without the links it ends with.
    while run and run[-1].lower() in _NAME_LINKS:
        run.pop()
    if run:
        parts = [p.lower().replace("’", "'").removesuffix("'s") for p in run]
        if len(parts) > 1:
            names[" ".join(parts)] += weight
        for part in parts:
            if part not in stop_words and part not in _NAME_LINKS:
                names[part] += weight


def _day_first_month(tokens: list[str], position: int, rules: Analyser) -> int:
    # The month after a day ("3 de mayo", "1er mai", "3. Mai", "3 مايو"), or 0.
    following = tokens[position + 1 : position + 3]
    if following and following[0].lower() in _DAY_LINKS:
        following = following[1:]
    return rules.months.get(following[0].lower(), 0) if following else 0


def extract(
    title: str, text: str, title_weight: int = 2, language: str | None = None
) -> Features:
    """Return the feature bags of an article written in ``language``.

    ``language`` is a language code (``None``: the site's ``LANGUAGE_CODE``):
    it chooses the stop words, the stemmer, the month names and how the text
    is normalised (``languages.py``). The title is read first, ``title_weight``
    times; it is often also the first line of the text, which is fine: it is
    what the article is about.
    """
    rules = analyser(language)
    code = rules.code
    stop_words = rules.stop_words
    months = rules.months
    weekdays = rules.weekdays
    years = rules.years
    day_first = rules.day_first
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    numbers: Counter[str] = Counter()
    dates: Counter[str] = Counter()
    body = [(rules.normalise(title), title_weight)] if title else []
    body.append((rules.normalise(text), 1))
    # Words seen capitalised in mid-sentence: a sentence's first word counts as a
    # name only when the article writes it capitalised elsewhere too.
    sentences: list[tuple[list[str], int]] = []
    mid_capitals: set[str] = set()
    sentence_end = _DAY_FIRST_SENTENCE if day_first else _SENTENCE
    for chunk, weight in body:
        for sentence in sentence_end.split(chunk):
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
                if len(number) == 4 and number.isdigit() and number[:2] in years:
                    dates["y" + number] += weight
                elif len(number) > 1 or "." in number:
                    numbers[number.rstrip(".")] += weight
                previous = tokens[position - 1].lower() if position else ""
                if previous in months and len(number) <= 2:
                    dates[f"{months[previous]}-{int(float(number))}"] += weight
                elif day_first and len(number) <= 2 and number.isdigit():
                    month = _day_first_month(tokens, position, rules)
                    if month:
                        dates[f"{month}-{int(number)}"] += weight
            elif initial >= "\u0e00" and _UNSPACED.search(token):
                words.update(dict.fromkeys(_pairs(lower), weight))
            else:
                if lower not in stop_words and len(lower) > 1:
                    words[_word(code, lower)] += weight
                if (
                    initial.isupper()
                    and lower not in months
                    and lower not in weekdays
                    and (
                        position > 0
                        or token in mid_capitals
                        or token.isupper()
                        or opening
                    )
                    and not (shouting and token not in mid_capitals)
                    and not (lower in stop_words and not run)
                ):
                    run.append(token)
                    continue
                if run and lower in _NAME_LINKS:
                    run.append(token)
                    continue
            if run:
                _add_name(names, run, weight, stop_words)
                run = []
        if run:
            _add_name(names, run, weight, stop_words)
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
