"""Turn a comment into the sparse features the toxicity classifier weighs.

Pure Python, shared by training (``training.py``) and scoring (``toxicity.py``)
so that both see exactly the same features. Three blocks, each scaled to unit
length on its own so that no block drowns the others:

- words and word pairs (``w:``), which carry meaning ("you idiot");
- character 2- to 5-grams inside word boundaries (``c:``), which survive
  misspellings, disguises and inflections ("idiots", "st*pid", "moronic");
- a few shape marks (``m:``): length, share of capitals, exclamation marks,
  second-person address.

Term counts are damped (1 + log count); there is no IDF, so a word's weight
is all in the model and a pruned model scores exactly like the full one for
the features it keeps.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

# Longer comments are scored on their start: the features of the first
# 2,000 characters decide as well as those of all 3,000, at two thirds the cost.
MAX_CHARS = 2000
CHAR_NGRAMS = (2, 5)

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_SPACE = re.compile(r"\s+")
_SECOND_PERSON = frozenset({"you", "your", "you're", "youre", "u", "ur", "yourself"})


def normalise(text: str) -> str:
    """Return the text as the features see it: NFKC, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text[: MAX_CHARS * 2])[:MAX_CHARS]
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return _SPACE.sub(" ", text.lower()).strip()


def _unit(counts: Counter[str], into: dict[str, float]) -> None:
    if not counts:
        return
    damped = {key: 1.0 + math.log(n) for key, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in damped.values()))
    for key, value in damped.items():
        into[key] = value / norm


def _shape(raw: str, words: list[str]) -> Counter[str]:
    letters = [ch for ch in raw[:MAX_CHARS] if ch.isalpha()]
    upper = sum(1 for ch in letters if ch.isupper())
    caps = upper / len(letters) if letters else 0.0
    length = len(words)
    marks: Counter[str] = Counter()
    marks["m:bias"] = 1
    marks[f"m:len{min(6, int(math.log2(length + 1)))}"] = 1
    marks[f"m:caps{min(4, int(caps * 5))}"] = 1
    if "!" in raw:
        marks["m:bang"] = 1
    if "?" in raw:
        marks["m:ask"] = 1
    if any(word in _SECOND_PERSON for word in words):
        marks["m:you"] = 1
    return marks


def extract(text: str) -> dict[str, float]:
    """Return the feature vector of ``text`` as {feature: value}."""
    clean = normalise(text)
    words = _WORD.findall(clean)
    word_counts: Counter[str] = Counter("w:" + word for word in words)
    word_counts.update(f"w:{a} {b}" for a, b in zip(words, words[1:], strict=False))
    char_counts: Counter[str] = Counter()
    low, high = CHAR_NGRAMS
    for token in clean.split(" "):
        if not token:
            continue
        padded = f" {token} "
        size = len(padded)
        for n in range(low, min(high, size) + 1):
            char_counts.update("c:" + padded[i : i + n] for i in range(size - n + 1))
    vector: dict[str, float] = {}
    _unit(word_counts, vector)
    _unit(char_counts, vector)
    _unit(_shape(text, words), vector)
    return vector
