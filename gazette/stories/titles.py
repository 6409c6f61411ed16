"""Propose a title for a new story from its articles' headlines.

Pure, on plain data. The proposal is the headline that best covers what the
story's articles share (content words in at least half of them), the earliest
on a tie, trimmed at a word boundary; editors rename stories freely.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from gazette.stories.text_features import extract

MAX_LENGTH = 80
# A story the engine started is titled again from its articles as they arrive,
# up to this many: by then its subject is known, and a title that kept moving
# would confuse readers following it. Editors rename stories freely.
FOLLOWS_UP_TO = 10


def trim(headline: str, limit: int = MAX_LENGTH) -> str:
    """Return ``headline`` cut to ``limit`` characters at a word boundary."""
    headline = " ".join(headline.split())
    if len(headline) <= limit:
        return headline.rstrip(" .:;,-") or headline
    cut = headline[: limit - 1].rsplit(" ", 1)[0].rstrip(" .:;,-")
    return f"{cut}…"


def propose_title(
    articles: Sequence[tuple[str, str]],
    words: Sequence[AbstractSet[str] | None] | None = None,
) -> str:
    """Return a story title for ``articles``, a sequence of (headline, text).

    ``words``: for each article, the words ``extract(headline, text)`` finds
    (the keys of its ``words``), when the caller has them; ``None`` for one
    whose words are read here.
    """
    known = list(words) if words is not None else [None] * len(articles)
    headlines = [
        (title, text, bag)
        for (title, text), bag in zip(articles, known, strict=True)
        if title.strip()
    ]
    if not headlines:
        return "Untitled story"
    if len(headlines) == 1:
        return trim(headlines[0][0])
    bags = [
        set(extract(title, text).words) if bag is None else set(bag)
        for title, text, bag in headlines
    ]
    counts = Counter(word for bag in bags for word in bag)
    floor = max(2, len(bags) / 2)
    shared = {word for word, n in counts.items() if n >= floor}

    def coverage(index: int) -> tuple[int, int]:
        title_words = set(extract(headlines[index][0], "").words)
        return (len(title_words & shared), -index)

    best = max(range(len(headlines)), key=coverage)
    return trim(headlines[best][0])
