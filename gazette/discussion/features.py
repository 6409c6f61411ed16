"""Turn a comment into the sparse features the toxicity classifier weighs.

Pure Python, shared by training (``training.py``) and scoring (``toxicity.py``)
so that both see exactly the same features. Two blocks, each scaled to unit
length on its own so that neither drowns the other:

- words and word pairs (``w:``), which carry meaning ("you idiot");
- character 2- to 5-grams inside word boundaries (``c:``), which survive
  misspellings, disguises and inflections ("idiots", "st*pid", "moronic").

Shape marks (length, capitals, "!") measured no better on held-out comments
and taught the model that short comments are rude, as they are in the
training data but not under a news article; they are left out.

Term counts are damped (1 + log count); there is no IDF, so a word's weight
is all in the model and a pruned model scores exactly like the full one for
the features it keeps.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from itertools import chain, compress
from operator import mul

# Longer comments are scored on their start: the features of the first
# 2,000 characters decide as well as those of all 3,000, at two thirds the cost.
MAX_CHARS = 2000
CHAR_NGRAMS = (2, 5)

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return the text as the features see it: NFKC, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text[: MAX_CHARS * 2])[:MAX_CHARS]
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return _SPACE.sub(" ", text.lower()).strip()


# 1 + log n for the counts a comment has (most are 1 or 2), looked up rather
# than computed: a long comment has a thousand or more distinct n-grams.
_DAMPED = tuple(1.0 + math.log(n) if n else 0.0 for n in range(256))


def _damp(n: int) -> float:
    return _DAMPED[n] if n < 256 else 1.0 + math.log(n)


# One block: its features, their damped counts and the block's length.
Block = tuple[tuple[str, ...], tuple[float, ...], float]


def _block(counts: Counter[str]) -> Block:
    keys = tuple(counts)
    damped = tuple(_DAMPED[n] if n < 256 else _damp(n) for n in counts.values())
    return keys, damped, math.sqrt(sum(map(mul, damped, damped)))


# A long comment brings a score of words not seen before: each is cut once.
@functools.lru_cache(maxsize=16384)
def _char_grams(token: str) -> tuple[str, ...]:
    padded = f" {token} "
    size = len(padded)
    low, high = CHAR_NGRAMS
    return tuple(
        "c:" + padded[i : i + n]
        for n in range(low, min(high, size) + 1)
        for i in range(size - n + 1)
    )


# The classifier, the profanity blend and the learned signal (``learned.py``)
# read the same comment one after the other: each reads the first's blocks.
@functools.lru_cache(maxsize=8)
def blocks(text: str) -> tuple[Block, Block]:
    """Return the word block and the character block of ``text``, unscaled."""
    clean = normalise(text)
    words = _WORD.findall(clean)
    word_counts: Counter[str] = Counter(["w:" + word for word in words])
    word_counts.update([f"w:{a} {b}" for a, b in zip(words, words[1:], strict=False)])
    # Each distinct word's n-grams are cut once (cached) and counted once, then
    # again for each repeat: the same counts, in the same order (of first
    # occurrence), as counting word after word.
    tokens = Counter(filter(None, clean.split(" ")))
    char_counts: Counter[str] = Counter(chain.from_iterable(map(_char_grams, tokens)))
    repeats = [token for token, n in tokens.items() if n > 1 for _ in range(n - 1)]
    char_counts.update(chain.from_iterable(map(_char_grams, repeats)))
    return _block(word_counts), _block(char_counts)


@functools.lru_cache(maxsize=8)
def extract(text: str) -> dict[str, float]:
    """Return the feature vector of ``text`` as {feature: value} (do not modify).

    Each block scaled to unit length, as training sees it.
    """
    vector: dict[str, float] = {}
    for keys, damped, norm in blocks(text):
        if norm:
            vector.update(zip(keys, (value / norm for value in damped), strict=True))
    return vector


def linear_logit(weights: Mapping[str, float], bias: float, text: str) -> float:
    """Return ``bias`` plus the weighted sum of ``text``'s features.

    The linear part of every model scored on these features (the toxicity
    classifier, the learned second signal); features without a weight count 0.
    """
    total = bias
    for keys, damped, norm in blocks(text):
        if norm:
            # Summed in C: a long comment has a thousand or more features;
            # scaled once per block rather than feature by feature. Features
            # without a weight (None) are left out before multiplying (a
            # weight of 0.0 too, which adds nothing).
            found = list(map(weights.get, keys))
            total += sum(map(mul, filter(None, found), compress(damped, found))) / norm
    return total
