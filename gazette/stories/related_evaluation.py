"""Score the related-article similarity against human judgements of article pairs.

Pure, on plain data. A pairs file is CSV with a header naming at least ``text1``,
``text2`` and ``Overall`` (1 = very similar .. 4 = very dissimilar, means of
several raters allowed), and optionally ``lang1``/``lang2`` (ISO codes) and
``pair_id``. A pair is *English* when both language columns say ``en``; without
them, when ``similarity.guess_language`` guesses English for both texts.

The similarity should rise as ``Overall`` falls, so the figures are Pearson's
correlation of the similarity with ``5 - Overall``: positive is good, 1 perfect.
The document frequencies come from the file's own texts (no labels used).
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gazette.stories import similarity

REQUIRED = ("text1", "text2", "Overall")
Progress = Callable[[str, int, int], None]


class PairsFileError(ValueError):
    """A pairs file that cannot be read; the message names file, line and column."""


@dataclass(frozen=True)
class Pair:
    """One judged pair of articles."""

    line: int
    text1: str
    text2: str
    overall: float
    lang1: str = ""
    lang2: str = ""
    pair_id: str = ""

    @property
    def target(self) -> float:
        """Return the judgement turned into a similarity: 5 - Overall (1 .. 4)."""
        return 5.0 - self.overall


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes (to recognise a model's fit set)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_pairs(path: Path) -> list[Pair]:
    """Return the pairs of a CSV file; raise ``PairsFileError`` on the first fault."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise PairsFileError(f"{path}: cannot read: {error.strerror}") from None
    pairs: list[Pair] = []
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise PairsFileError(f"{path}: empty file, expected a CSV header")
            missing = [name for name in REQUIRED if name not in header]
            if missing:
                raise PairsFileError(
                    f"{path}, line 1: missing column(s) {', '.join(missing)} "
                    f"(the header has: {', '.join(header) or 'nothing'})"
                )
            column = {name: header.index(name) for name in header}
            start = reader.line_num + 1
            for record in reader:
                pair = _pair(path, start, record, header, column)
                start = reader.line_num + 1
                if pair is not None:
                    pairs.append(pair)
        except UnicodeDecodeError as error:
            raise PairsFileError(
                f"{path}: not UTF-8 text (byte {error.start})"
            ) from None
        except csv.Error as error:
            raise PairsFileError(
                f"{path}, line {reader.line_num}: not valid CSV ({error})"
            ) from None
    if not pairs:
        raise PairsFileError(f"{path}: no pairs")
    return pairs


def _pair(
    path: Path,
    line: int,
    record: list[str],
    header: list[str],
    column: dict[str, int],
) -> Pair | None:
    if not any(value.strip() for value in record):
        return None
    if len(record) != len(header):
        raise PairsFileError(
            f"{path}, line {line}: {len(record)} fields, the header has {len(header)}"
        )

    def value(name: str) -> str:
        return record[column[name]] if name in column else ""

    for name in ("text1", "text2"):
        if not value(name).strip():
            raise PairsFileError(f"{path}, line {line}, column {name}: empty text")
    raw = value("Overall").strip()
    try:
        overall = float(raw)
    except ValueError:
        raise PairsFileError(
            f"{path}, line {line}, column Overall: not a number: {raw!r}"
        ) from None
    if not 1.0 <= overall <= 4.0:
        raise PairsFileError(
            f"{path}, line {line}, column Overall: {raw} is outside 1 .. 4"
        )
    return Pair(
        line=line,
        text1=value("text1"),
        text2=value("text2"),
        overall=overall,
        lang1=value("lang1").strip().lower(),
        lang2=value("lang2").strip().lower(),
        pair_id=value("pair_id"),
    )


@dataclass(frozen=True)
class Prepared:
    """The pairs with their profiles, cosines and model rows (computed once)."""

    pairs: list[Pair]
    english: list[bool]
    cosines: list[list[float]]
    rows: list[list[float]]


def prepare(
    pairs: Sequence[Pair],
    progress: Progress | None = None,
    *,
    declared: bool = False,
) -> Prepared:
    """Profile every text, count frequencies over them all, compare every pair.

    With ``declared``, each text is read in the language its column names
    (``lang1``/``lang2``), as the site reads an article in its edition's
    language; a text whose column is empty, or every text without it, has its
    language guessed (``similarity.guess_language``).
    """
    profiles = []
    for n, pair in enumerate(pairs, start=1):
        first = (pair.lang1 or None) if declared else None
        second = (pair.lang2 or None) if declared else None
        profiles.append(
            (
                similarity.profile("", pair.text1, first),
                similarity.profile("", pair.text2, second),
            )
        )
        if progress:
            progress("profiles", n, len(pairs))
    frequencies = similarity.Frequencies.of(p for both in profiles for p in both)
    cosines, rows, english = [], [], []
    for n, (pair, (a, b)) in enumerate(zip(pairs, profiles, strict=True), start=1):
        values = similarity.compare(
            similarity.vectors(a, frequencies), similarity.vectors(b, frequencies)
        )
        cosines.append(values)
        rows.append(similarity.design(values, a, b))
        if pair.lang1 or pair.lang2:
            english.append(pair.lang1 == "en" and pair.lang2 == "en")
        else:
            english.append(a.language == "en" and b.language == "en")
        if progress:
            progress("pairs", n, len(pairs))
    return Prepared(list(pairs), english, cosines, rows)


@dataclass(frozen=True)
class Report:
    """Correlations of one run (``nan`` when a set has fewer than 2 pairs)."""

    pearson_en: float
    pearson_all: float
    english_pairs: int
    pairs: int
    baseline_en: float
    baseline_all: float
    by_languages: dict[str, tuple[float, int]]
    scores: list[float]


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    return similarity.pearson(xs, ys) if len(xs) >= 2 else float("nan")


def report(prepared: Prepared, scores: Sequence[float]) -> Report:
    """Return the correlations of ``scores`` (one per pair) with the judgements."""
    targets = [pair.target for pair in prepared.pairs]
    english = [i for i, flag in enumerate(prepared.english) if flag]
    # The plain reference: TF-IDF cosine of words and names (sublinear tf).
    baseline = [values[1] for values in prepared.cosines]
    groups: dict[str, list[int]] = {}
    for i, pair in enumerate(prepared.pairs):
        key = "-".join(sorted([pair.lang1 or "?", pair.lang2 or "?"]))
        groups.setdefault(key, []).append(i)
    by_languages = {
        key: (_pearson([scores[i] for i in ids], [targets[i] for i in ids]), len(ids))
        for key, ids in sorted(groups.items(), key=lambda item: -len(item[1]))
    }
    return Report(
        pearson_en=_pearson(
            [scores[i] for i in english], [targets[i] for i in english]
        ),
        pearson_all=_pearson(list(scores), targets),
        english_pairs=len(english),
        pairs=len(targets),
        baseline_en=_pearson(
            [baseline[i] for i in english], [targets[i] for i in english]
        ),
        baseline_all=_pearson(baseline, targets),
        by_languages=by_languages,
        scores=list(scores),
    )


def score_with(prepared: Prepared, model: similarity.Model) -> list[float]:
    """Return ``model``'s similarity (0 .. 1) of every pair."""
    return [model.scale(model.predict(row)) for row in prepared.rows]


def cross_validate(
    prepared: Prepared,
    folds: int,
    *,
    seed: int = 0,
    penalty: float = 0.3,
    progress: Progress | None = None,
) -> list[float]:
    """Return held-out scores: each fold scored by a model fitted on the others.

    Pairs are dealt into ``folds`` folds at random (``seed``); no pair is ever
    scored by a model that saw its judgement.
    """
    count = len(prepared.rows)
    if not 2 <= folds <= count:
        raise ValueError(f"folds must be between 2 and the number of pairs ({count})")
    order = list(range(count))
    random.Random(seed).shuffle(order)
    scores = [0.0] * count
    targets = [pair.target for pair in prepared.pairs]
    for fold in range(folds):
        held = set(order[fold::folds])
        train = [i for i in range(count) if i not in held]
        model = similarity.fit(
            [prepared.rows[i] for i in train], [targets[i] for i in train], penalty
        )
        for i in held:
            scores[i] = model.scale(model.predict(prepared.rows[i]))
        if progress:
            progress("folds", fold + 1, folds)
    return scores


def fit_all(prepared: Prepared, penalty: float = 0.3) -> similarity.Model:
    """Return the model fitted on every pair of ``prepared``."""
    return similarity.fit(
        prepared.rows, [pair.target for pair in prepared.pairs], penalty
    )


def weights_module(
    model: similarity.Model, source: str, digest: str, pairs: int
) -> str:
    """Return the Python source of ``similarity_weights.py`` for ``model``."""
    lines = [
        '"""Weights of the related-article similarity model (generated).',
        "",
        "Written by ``gazette evaluate-related FILE --write-weights PATH``: a ridge",
        "regression of 5 - Overall on ``similarity.design`` rows of every pair of",
        "FILE. Do not edit by hand; refit instead.",
        '"""',
        "",
        f"FIT_FILE = {source!r}",
        f"FIT_SHA256 = {digest!r}",
        f"FIT_PAIRS = {pairs}",
        "WEIGHTS = (",
    ]
    lines += [f"    {weight!r}," for weight in model.weights]
    lines.append(")")
    return "\n".join(lines) + "\n"
