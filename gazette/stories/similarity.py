"""Score how similar two news articles are: pure, on plain data, no model download.

A text becomes a ``Profile``: bags of features in seven families, each compared by a
TF-IDF cosine whose document frequencies come from a ``Frequencies`` table (the
site's candidates, or the file being evaluated):

- ``wn``: stemmed content words and capitalised names of the first
  ``TEXT_CHARS`` characters (``text_features.extract``), compared twice, with raw
  and with sublinear term frequencies;
- ``names``: the names alone; ``numbers``: the figures alone;
- ``uwords``: every script's words cut to 6 letters (a crude stem that works in
  most European languages), Chinese and Japanese as characters and character pairs;
- ``chars``: character 4-grams of the text, ``lead``: of its first 300
  characters (the headline and first sentence); they match names and numbers across
  languages;
- ``caps``: capitalised words of any Latin or Cyrillic script.

Each of the eight cosines goes through three increasing, concave curves (square
root, log(1 + 20x), log(1 + 5x), scaled to 0 .. 1), and a linear model with
non-negative weights combines them, with a block of weights of its own for each
kind of pair: English, two languages, any other single language. Non-negative
weights on increasing curves keep the score monotonic: more of any overlap never
lowers it, and identical texts score highest. The weights are fitted on human
judgements (``fit``: ridge regression under that constraint, solved here by
coordinate descent; the shipped weights are in ``similarity_weights.py``, written
by ``gazette evaluate-related --write-weights``). ``Model.score`` maps the
prediction to 0 (unrelated) .. 1 (the same story).

Ranking an article's related articles compares it with dozens of candidates at
once: ``pack`` turns a profile into arrays (64-bit ids of its features and their
counts) and ``packed_cosines`` computes the same eight cosines for all of them
together with numpy, equal to ``compare``'s up to float rounding (1e-15). A
packed profile depends only on the article's text, so it can be kept with the
article (``dump_packed``/``load_packed``: about 12 kB for 1,000 characters):
``digest`` names the text it was made of and ``PROFILE_FORMAT`` the code that
made it; a stored profile whose digest or format differs is made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from gazette.stories import languages, text_features
from gazette.stories.text_features import extract

# Characters of an article's text that are read (the headline and the lead matter
# most; the cost stays bounded for long articles).
TEXT_CHARS = 1000
LEAD_CHARS = 300
GRAM_SIZES = (4,)
FAMILIES = ("wn", "names", "numbers", "uwords", "chars", "lead", "caps")
# (family, raw term frequency?) of each cosine, in the order the model reads them.
COSINES = (
    ("wn", True),
    ("wn", False),
    ("names", False),
    ("numbers", False),
    ("uwords", False),
    ("chars", False),
    ("lead", False),
    ("caps", False),
)
TRANSFORMS = ("sqrt", "log20", "log5")
# Kinds of pair, each with its own block of weights (after the intercepts).
KINDS = ("one_language", "two_languages", "english")
# Intercept, two indicators (two languages, English), then one block per kind.
FREE_TERMS = 3
BLOCK = len(COSINES) * len(TRANSFORMS)
DESIGN_SIZE = FREE_TERMS + len(KINDS) * BLOCK
_LOG20 = math.log(21.0)
_LOG5 = math.log(6.0)

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][\w'’-]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")

# A handful of each language's most frequent words: enough to tell them apart.
_STOP_WORDS = {
    "en": "the and of to in is that for with was on said are it this from have",
    "de": "der die und das ist nicht mit von den sich ein eine auf dem auch wird",
    "es": "el los las del que y por para con una es se en al lo como más",
    "fr": "le les des et est dans pour qui du au une sur pas par ce sont avec",
    "it": "il di che della una per sono gli non con nel alla anche è ha dei",
    "pl": "się nie na do że jest od za przez po jak ale już oraz dla ich",
    "tr": "ve bir bu için ile olarak çok olan daha gibi de da ne kadar sonra",
}
_LANGUAGE_OF_WORD: dict[str, list[str]] = {}
for _language, _words in _STOP_WORDS.items():
    for _word in _words.split():
        _LANGUAGE_OF_WORD.setdefault(_word, []).append(_language)


def guess_language(text: str) -> str:
    """Return a two-letter guess of ``text``'s language ("" when unsure).

    Scripts decide Chinese/Japanese (``zh``), Arabic and Russian; among Latin
    scripts, the most frequent words decide.
    """
    sample = text[:2000]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return ""
    if len(_CJK.findall(sample)) > 0.2 * letters:
        return "zh"
    if len(_ARABIC.findall(sample)) > 0.3 * letters:
        return "ar"
    if len(_CYRILLIC.findall(sample)) > 0.3 * letters:
        return "ru"
    votes: Counter[str] = Counter()
    for word in _WORD.findall(sample.lower()):
        for language in _LANGUAGE_OF_WORD.get(word, ()):
            votes[language] += 1
    if not votes:
        return ""
    (best, count), *rest = votes.most_common(2) + [("", 0)]
    return best if count >= 3 and count > rest[0][1] else ""


def _uwords(text: str) -> Counter[str]:
    bag: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        if _CJK.search(word):
            bag.update(word)
            bag.update(word[i : i + 2] for i in range(len(word) - 1))
        elif len(word) > 2 or word.isdigit():
            bag[word[:6]] += 1
    return bag


def _grams(text: str) -> Counter[str]:
    flat = _SPACE.sub(" ", text.lower())
    grams: Counter[str] = Counter()
    for n in GRAM_SIZES:
        # zip of shifted copies: the n-grams without a Python-level loop.
        shifted = [flat[i:] for i in range(n)]
        grams.update(map("".join, zip(*shifted, strict=False)))
    return grams


@dataclass(frozen=True)
class Profile:
    """One article's feature bags (see the module docstring) and language."""

    language: str
    bags: dict[str, Counter[str]]


def _read_text(title: str, text: str) -> str:
    full = f"{title}\n{text}" if title else text
    return full.strip()[:TEXT_CHARS]


def profile(title: str, text: str, language: str | None = None) -> Profile:
    """Return the profile of an article written in ``language`` (a language code).

    Its language is guessed when not given (``guess_language``); words and
    names are read with that language's rules (``languages.py``), or the
    site's language's when the guess is unsure.
    """
    full = _read_text(title, text)
    language = languages.primary_code(language) if language else guess_language(full)
    features = extract("", full, language=language or None)
    wn: Counter[str] = Counter(features.words)
    wn.update({"n:" + name: n for name, n in features.names.items()})
    bags = {
        "wn": wn,
        "names": Counter(features.names),
        "numbers": Counter(features.numbers),
        "uwords": _uwords(full),
        "chars": _grams(full),
        "lead": _grams(full[:LEAD_CHARS]),
        "caps": Counter(w.lower() for w in _CAPITALISED.findall(full)),
    }
    return Profile(language, bags)


# Raise to recompute every stored profile when a change that the source hash
# below cannot see (a dependency's behaviour) alters profiles.
PROFILE_VERSION = 1


def _profile_format() -> str:
    # The code that makes a profile is this module, text_features.py and
    # languages.py, with the stemmer's version: a release that changes any of
    # them (or PROFILE_VERSION) makes stored profiles stale.
    made = hashlib.blake2b(str(PROFILE_VERSION).encode(), digest_size=8)
    made.update(languages.STEMMER_VERSION.encode())
    for source in (__file__, text_features.__file__, languages.__file__):
        with contextlib.suppress(OSError, TypeError):
            made.update(Path(source).read_bytes())
    return made.hexdigest()


PROFILE_FORMAT = _profile_format()


def digest(title: str, text: str, language: str | None = None) -> str:
    """Return a hash of the part of an article ``profile`` reads (32 hex digits),
    and of the language it is read in when one is given."""
    read = _read_text(title, text).encode("utf-8", "surrogatepass")
    if language:
        read += b"\0" + languages.primary_code(language).encode()
    return hashlib.blake2b(read, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Packed:
    """A profile as arrays: the features of family ``FAMILIES[i]`` are
    ``ids[offsets[i]:offsets[i + 1]]`` (64-bit hashes of the features, distinct
    within a family) with their ``counts`` (positive)."""

    language: str
    offsets: npt.NDArray[np.int64]
    ids: npt.NDArray[np.uint64]
    counts: npt.NDArray[np.uint16]


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
# The most times a feature is counted in one article (1,000 characters of text
# never come near it).
_MOST = 65535


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    # SplitMix64's finaliser: every bit of the input moves every bit of the output.
    values = (values ^ (values >> np.uint64(30))) * _MIX_1
    values = (values ^ (values >> np.uint64(27))) * _MIX_2
    return values ^ (values >> np.uint64(31))


def _positions(width: int) -> npt.NDArray[np.uint64]:
    # One odd 64-bit multiplier per character position.
    return _mix(np.arange(1, width + 1, dtype=np.uint64) * _GOLDEN) | np.uint64(1)


# Features are at most as long as the text read (and a prefix).
_POSITIONS = _positions(TEXT_CHARS + 8)


def feature_ids(keys: Sequence[str]) -> npt.NDArray[np.uint64]:
    """Return a 64-bit hash of each feature, the same on every machine and run.

    The sum, modulo 2**64, of each code point times its position's odd
    multiplier, with the length mixed in, through SplitMix64's finaliser.
    """
    if not keys:
        return np.zeros(0, dtype=np.uint64)
    text = np.array(keys, dtype=str)
    points = text.view(np.uint32).reshape(len(keys), -1).astype(np.uint64)
    width = points.shape[1]
    positions = _POSITIONS if width <= len(_POSITIONS) else _positions(width)
    # Padding is zeros: a feature's hash does not depend on the longest one's.
    summed = (points * positions[:width]).sum(axis=1, dtype=np.uint64)
    lengths = np.char.str_len(text).astype(np.uint64)
    return _mix(summed ^ (lengths * _GOLDEN))


def pack(item: Profile) -> Packed:
    """Return ``item`` as arrays (its features with a positive count)."""
    ids = []
    counts = []
    offsets = [0]
    for family in FAMILIES:
        bag = item.bags[family]
        if bag and min(bag.values()) <= 0:
            bag = Counter({key: n for key, n in bag.items() if n > 0})
        ids.append(feature_ids(list(bag)))
        counts.append(np.minimum(np.fromiter(bag.values(), np.int64, len(bag)), _MOST))
        offsets.append(offsets[-1] + len(bag))
    return Packed(
        item.language,
        np.array(offsets, dtype=np.int64),
        np.concatenate(ids),
        np.concatenate(counts).astype(np.uint16),
    )


_LANGUAGE_BYTES = 8
_OFFSETS = len(FAMILIES) + 1


def dump_packed(item: Packed) -> bytes:
    """Return ``item`` as bytes: language, offsets, ids, counts (little-endian)."""
    return b"".join(
        [
            item.language.encode()[:_LANGUAGE_BYTES].ljust(_LANGUAGE_BYTES, b"\0"),
            item.offsets.astype("<i4").tobytes(),
            item.ids.astype("<u8").tobytes(),
            item.counts.astype("<u2").tobytes(),
        ]
    )


def load_packed(data: bytes | memoryview) -> Packed:
    """Return the profile ``dump_packed`` wrote (PostgreSQL gives a memoryview)."""
    data = bytes(data)
    language = data[:_LANGUAGE_BYTES].rstrip(b"\0").decode()
    at = _LANGUAGE_BYTES
    offsets = np.frombuffer(data, "<i4", _OFFSETS, at).astype(np.int64)
    total = int(offsets[-1])
    at += 4 * _OFFSETS
    ids = np.frombuffer(data, "<u8", total, at).astype(np.uint64)
    counts = np.frombuffer(data, "<u2", total, at + 8 * total).astype(np.uint16)
    return Packed(language, offsets, ids, counts)


def packed_cosines(target: Packed, others: Sequence[Packed]) -> npt.NDArray[np.float64]:
    """Return the cosines of ``target`` with each of ``others``, one row each.

    The columns are ``COSINES``; the document frequencies are counted over the
    target and the others, as ``Frequencies.of`` would. Equal to ``compare`` of
    ``vectors`` up to float rounding.
    """
    docs = [target, *others]
    count = len(docs)
    result = np.zeros((len(others), len(COSINES)))
    total = math.log(1 + count)
    columns: dict[str, tuple] = {}
    for column, (family, raw) in enumerate(COSINES):
        if family not in columns:
            at = FAMILIES.index(family)
            spans = [(d.offsets[at], d.offsets[at + 1]) for d in docs]
            ids = np.concatenate(
                [d.ids[a:b] for d, (a, b) in zip(docs, spans, strict=True)]
            )
            counts = np.concatenate(
                [d.counts[a:b] for d, (a, b) in zip(docs, spans, strict=True)]
            )
            sizes = np.array([b - a for a, b in spans], dtype=np.int64)
            owner = np.repeat(np.arange(count), sizes)
            distinct, where, documents = np.unique(
                ids, return_inverse=True, return_counts=True
            )
            idf = total - np.log1p(documents.astype(np.float64)) + 1.0
            columns[family] = (
                counts.astype(np.float64),
                idf[where],
                owner,
                where,
                int(sizes[0]),
                len(distinct),
            )
        counts, idf, owner, where, mine, distinct = columns[family]
        weights = (counts if raw else 1.0 + np.log(counts)) * idf
        norms = np.sqrt(np.bincount(owner, weights * weights, minlength=count))
        norms[norms == 0.0] = 1.0
        unit = np.zeros(distinct)
        unit[where[:mine]] = weights[:mine] / norms[0]
        dots = np.bincount(owner, weights * unit[where], minlength=count)
        result[:, column] = np.clip(dots[1:] / norms[1:], 0.0, 1.0)
    return result


@dataclass
class Frequencies:
    """Document frequencies of every family's features over a set of profiles."""

    documents: int = 0
    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {family: Counter() for family in FAMILIES}
    )
    _tables: dict[tuple[str, int], dict[str, float]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def of(cls, profiles: Iterable[Profile]) -> Frequencies:
        """Return the frequencies of ``profiles``."""
        frequencies = cls()
        for item in profiles:
            frequencies.add(item)
        return frequencies

    def add(self, item: Profile) -> None:
        """Count one more document."""
        self.documents += 1
        for family in FAMILIES:
            self.counts[family].update(item.bags[family].keys())

    def idf(self, family: str, key: str) -> float:
        """Return the smoothed inverse document frequency of one feature."""
        return self.table(family).get(key, self.unseen())

    def unseen(self) -> float:
        """Return the IDF of a feature no counted document has."""
        return math.log(1 + self.documents) + 1.0

    def table(self, family: str) -> dict[str, float]:
        """Return the IDF of every counted feature of ``family`` (cached)."""
        key = (family, self.documents)
        cached = self._tables.get(key)
        if cached is None:
            total = math.log(1 + self.documents)
            cached = {
                feature: total - math.log(1 + n) + 1.0
                for feature, n in self.counts[family].items()
            }
            self._tables = {k: v for k, v in self._tables.items() if k[1] == key[1]}
            self._tables[key] = cached
        return cached


Vectors = tuple[dict[str, float], ...]


def vectors(item: Profile, frequencies: Frequencies) -> Vectors:
    """Return the unit TF-IDF vectors of ``item``, one per entry of ``COSINES``.

    Compute them once per article and compare many times with ``compare``.
    """
    result = []
    default = frequencies.unseen()
    for family, raw in COSINES:
        idf = frequencies.table(family)
        bag = item.bags[family]
        if raw:
            vector = {key: n * idf.get(key, default) for key, n in bag.items() if n > 0}
        else:
            vector = {
                key: (1.0 + _log(n)) * idf.get(key, default)
                for key, n in bag.items()
                if n > 0
            }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        scale = 1.0 / norm
        result.append({key: v * scale for key, v in vector.items()})
    return tuple(result)


def _log(n: int) -> float:
    return _LOGS[n] if n < 64 else math.log(n)


_LOGS = [0.0] + [math.log(n) for n in range(1, 64)]


def compare(first: Vectors, second: Vectors) -> list[float]:
    """Return the cosines of two articles' ``vectors``, in ``COSINES`` order."""
    values = []
    for a, b in zip(first, second, strict=True):
        total = sum(a[key] * b[key] for key in a.keys() & b.keys())
        values.append(min(1.0, max(0.0, total)))
    return values


def cosines(a: Profile, b: Profile, frequencies: Frequencies) -> list[float]:
    """Return the eight TF-IDF cosines of two profiles, in ``COSINES`` order."""
    return compare(vectors(a, frequencies), vectors(b, frequencies))


class _HasLanguage(Protocol):
    @property
    def language(self) -> str: ...


def kind(a: _HasLanguage, b: _HasLanguage) -> str:
    """Return which block of weights scores the pair of ``a`` and ``b``."""
    if a.language == "en" and b.language == "en":
        return "english"
    if a.language and b.language and a.language != b.language:
        return "two_languages"
    return "one_language"


def design(values: Sequence[float], a: _HasLanguage, b: _HasLanguage) -> list[float]:
    """Return the model's input row for a pair with cosines ``values``."""
    terms = []
    for value in values:
        terms += [
            math.sqrt(value),
            math.log1p(20.0 * value) / _LOG20,
            math.log1p(5.0 * value) / _LOG5,
        ]
    which = kind(a, b)
    row = [1.0, float(which == "two_languages"), float(which == "english")]
    for name in KINDS:
        row += terms if name == which else [0.0] * BLOCK
    return row


@dataclass(frozen=True)
class Model:
    """A linear model over ``design`` rows predicting 5 - Overall (1 .. 4)."""

    weights: tuple[float, ...]

    def predict(self, row: Sequence[float]) -> float:
        """Return the predicted similarity on the 1 (dissimilar) .. 4 scale."""
        return sum(w * x for w, x in zip(self.weights, row, strict=True))

    def score(self, a: Profile, b: Profile, frequencies: Frequencies) -> float:
        """Return the similarity of two articles, 0 (unrelated) .. 1 (same story)."""
        return self.scale(self.predict(design(cosines(a, b, frequencies), a, b)))

    @staticmethod
    def scale(predicted: float) -> float:
        """Map a prediction on the 1 .. 4 scale to 0 .. 1, clipped."""
        return min(1.0, max(0.0, (predicted - 1.0) / 3.0))


def fit(
    rows: Sequence[Sequence[float]],
    targets: Sequence[float],
    penalty: float = 0.3,
    sweeps: int = 300,
) -> Model:
    """Return the ridge-regression model of ``targets`` on ``rows``.

    The first ``FREE_TERMS`` columns (intercept, indicators) are free and not
    penalised; every other weight is kept at 0 or above. Solved by coordinate
    descent on the normal equations, ``sweeps`` passes over the weights.
    """
    if not rows or len(rows) != len(targets):
        raise ValueError("fit needs as many rows as targets, at least one")
    size = len(rows[0])
    gram = [[0.0] * size for _ in range(size)]
    moment = [0.0] * size
    for row, target in zip(rows, targets, strict=True):
        present = [(i, x) for i, x in enumerate(row) if x != 0.0]
        for i, x in present:
            moment[i] += x * target
            line = gram[i]
            for j, z in present:
                line[j] += x * z
    for i in range(size):
        gram[i][i] += penalty if i >= FREE_TERMS else 1e-9
    weights = [0.0] * size
    for _ in range(sweeps):
        for i in range(size):
            line = gram[i]
            if line[i] <= 0.0:
                continue
            rest = moment[i] - sum(g * w for g, w in zip(line, weights, strict=True))
            value = weights[i] + rest / line[i]
            weights[i] = value if i < FREE_TERMS else max(0.0, value)
    return Model(tuple(weights))


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Return Pearson's correlation of two equally long series (0 when flat)."""
    if len(xs) != len(ys):
        raise ValueError("pearson needs two series of the same length")
    n = len(xs)
    if n < 2:
        return 0.0
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    spread = math.sqrt(sum(d * d for d in dx) * sum(d * d for d in dy))
    return sum(a * b for a, b in zip(dx, dy, strict=True)) / spread if spread else 0.0


def default_model() -> Model:
    """Return the shipped model (``similarity_weights.WEIGHTS``)."""
    from gazette.stories.similarity_weights import WEIGHTS

    if len(WEIGHTS) != DESIGN_SIZE:
        raise ValueError("similarity_weights.py does not match this design")
    return Model(tuple(WEIGHTS))
