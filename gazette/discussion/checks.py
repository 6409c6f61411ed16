"""The checks of the standards that need no words: they hold in any language.

Email addresses, telephone numbers, the newsroom's off-limits words, links,
repeated posts and capitals. Pure, like ``standards.py``, which applies them
to every comment, including those in a language the grammar and the models
cannot read (``languages.py``). Also ``fold``, the text as every check reads
it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'"})


_WHITESPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Return ``text`` compatibility-normalised, case-folded, without invisibles."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text).translate(_QUOTES).casefold()
    return _WHITESPACE.sub(" ", text).strip()


# --- Personal data ----------------------------------------------------------

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}\b")
_EMAIL_SPELLED = re.compile(
    r"\b[\w.+\-]+ ?[\[(]? ?at ?[\])]? ?[\w\-]+ ?[\[(]? ?dot ?[\])]? ?"
    r"(?:com|net|org|co|uk|de|fr|io|info|edu|gov)\b"
)


def find_email(folded: str) -> str | None:
    """Return the first email address, written or spelled ("at ... dot"), or None."""
    found = _EMAIL.search(folded) if "@" in folded else None
    if found is None and "dot" in folded:
        found = _EMAIL_SPELLED.search(folded)
    return found.group(0) if found else None


_ISO_DATE = re.compile(r"\b[12]\d{3}-\d\d-\d\d\b")
_PHONE = re.compile(r"(?<![\w.,])(?:\+|00)?\d(?:[ ().\-]{0,2}\d){7,16}(?![\w]|[.,]\d)")


def find_phone_number(folded: str) -> str | None:
    """Return the first thing shaped like a telephone number, or None.

    Nine to fifteen digits with the separators people type. Grouped thousands
    ("1 000 000 000") are amounts, not numbers to call.
    """
    for match in _PHONE.finditer(folded):
        found = match.group(0)
        digits = re.sub(r"\D", "", found)
        if not 9 <= len(digits) <= 15:
            continue
        if _ISO_DATE.search(found):
            continue
        groups = re.findall(r"\d+", found)
        if (
            len(groups) > 1
            and all(len(g) == 3 for g in groups[1:])
            and len(groups[0]) <= 3
        ):
            continue
        return found
    return None


# --- Off-limits words -------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _off_limits_patterns(words: tuple[str, ...]) -> tuple[tuple[str, re.Pattern], ...]:
    patterns = []
    for word in words:
        folded = fold(word)
        if folded:
            body = r"\s+".join(re.escape(part) for part in folded.split())
            patterns.append((word, re.compile(rf"(?<!\w){body}(?!\w)")))
    return tuple(patterns)


def find_off_limits(
    folded: str, words: Sequence[str], off_limits: tuple[str, ...]
) -> str | None:
    """Return the first off-limits word or phrase in the text, or None.

    Matched as whole words, in the text as written and with disguises undone.
    """
    if not off_limits:
        return None
    plain = " ".join(words)
    for word, pattern in _off_limits_patterns(tuple(off_limits)):
        if pattern.search(folded) or pattern.search(plain):
            return word
    return None


# --- Spam -------------------------------------------------------------------

_TLDS = (
    "com|net|org|info|biz|io|co|ru|cn|xyz|top|shop|online|site|club|ly|me|uk|de|"
    "fr|nl|eu|us|tv|app|live|store|click|link|win|vip"
)
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    rf"|\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:{_TLDS})\b(?:/[^\s<>\"']*)?"
)


def count_links(folded: str) -> int:
    """Return how many web addresses the text contains."""
    return len(_LINK.findall(folded))


def _canonical(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def count_repeats(text: str, recent_texts: Sequence[str], min_chars: int) -> int:
    """Return how many recent texts this one repeats, when that counts as spam.

    A repeat is the same words, whatever the case, spacing and punctuation. One
    repeat counts for texts of ``min_chars`` or more; shorter ones count from
    the second repeat.
    """
    canonical = _canonical(text)
    if not canonical:
        return 0
    repeats = sum(1 for other in recent_texts if _canonical(other) == canonical)
    if repeats and (len(canonical) >= min_chars or repeats >= 2):
        return repeats
    return 0


def is_shouting(text: str, min_letters: int, ratio: float) -> bool:
    """Return True when the text's letters are (nearly) all capitals."""
    # Counted in C, a character at a time (a long comment has thousands).
    upper = sum(map(str.isupper, text))
    lower = sum(map(str.islower, text))
    letters = upper + lower
    return letters >= min_letters and upper >= ratio * letters
