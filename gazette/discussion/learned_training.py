"""Train and cross-validate the learned second signal (``gazette train-standards``).

A logistic regression (``training._fit``, numpy) on ``learned.extract``'s
features: threats, wishes of harm and incitement (``VIOLENT``) against
everything else. The examples:

- the labelled standards sets (``id,text,label,category``), each one a
  *group*: a set is what one writer wrote in one sitting;
- civil-comments' comments typed ``Threat`` as positives and the rest of that
  file (insults, obscenity: rough, but no violence) as negatives;
- civil prose (wikinews paragraphs) and Davidson's "neither" tweets as calm
  negatives, with news violence among them.

Positives and negatives are given equal total weight (class weights). The
honest proxy for a new writer is ``cross_validate``: leave one standards set
out, train on the others and the outside data, score the set left out.
"""

from __future__ import annotations

import csv
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazette.discussion import learned, training
from gazette.discussion.datasets import DataError, StandardsRow

VIOLENT = frozenset({"threat", "wish_harm", "incitement"})

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Example:
    """One training text with its label, weight and group (a set's name)."""

    text: str
    label: int
    weight: float
    group: str  # a standards set's name, or "outside" for the other data


@dataclass(frozen=True)
class Options:
    """How to train; the defaults are the shipped model's."""

    c: float = 1.0  # inverse strength of the L2 penalty
    iterations: int = 200
    min_count: int = 2
    set_weight: float = 4.0  # a standards-set comment against an outside one
    threat_weight: float = 1.0  # civil-comments' "Threat" comments (noisy)
    calm_weight: float = 0.3  # wikinews paragraphs, Davidson's "neither" tweets
    keep_weights: int = 60_000
    threshold: float = 0.5


def standards_examples(
    name: str, rows: Sequence[StandardsRow], weight: float
) -> list[Example]:
    """Return a standards set's rows as examples (violent categories positive)."""
    return [
        Example(row.text, int(row.violates and row.category in VIOLENT), weight, name)
        for row in rows
    ]


def read_typed_comments(path: Path, threat_weight: float) -> list[Example]:
    """Return civil-comments' rows: ``Threat`` in ``types`` positive, others not."""
    csv.field_size_limit(sys.maxsize)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in ("text", "types") if c not in header]
            if missing:
                raise DataError(
                    f"{path}: no column {', '.join(map(repr, missing))}; "
                    "expected civil-comments' text and types columns."
                )
            examples = []
            for row in reader:
                text = (row["text"] or "").strip()
                if not text:
                    continue
                threat = "Threat" in (row["types"] or "").split(";")
                examples.append(
                    Example(
                        text, int(threat), threat_weight if threat else 1.0, "outside"
                    )
                )
    except OSError as error:
        raise DataError(f"{path}: cannot read ({error.strerror}).") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text.") from None
    if not examples:
        raise DataError(f"{path}: no comments after the header.")
    return examples


def calm_examples(texts: Sequence[str], weight: float) -> list[Example]:
    """Return calm texts (news paragraphs, civil tweets) as negatives."""
    return [Example(text, 0, weight, "outside") for text in texts if text.strip()]


def _balanced(examples: Sequence[Example]) -> Any:
    """Return sample weights giving positives and negatives equal total weight."""
    import numpy as np

    weights = np.asarray([e.weight for e in examples], dtype=np.float64)
    labels = np.asarray([e.label for e in examples])
    positive, negative = weights[labels == 1].sum(), weights[labels == 0].sum()
    if not positive or not negative:
        raise ValueError(
            "Need both violent and other examples to train on (got "
            f"{int((labels == 1).sum())} violent, {int((labels == 0).sum())} other)."
        )
    scale = np.where(labels == 1, 0.5 / positive, 0.5 / negative) * len(examples)
    return weights * scale


class Featurised:
    """Examples with their feature vectors computed once."""

    def __init__(self, examples: Sequence[Example], progress: Progress | None = None):
        self.examples = list(examples)
        self.vectors = []
        for i, example in enumerate(self.examples):
            self.vectors.append(learned.extract(example.text))
            if progress and (i + 1) % 10_000 == 0:
                progress(f"  features of {i + 1:,} texts")

    def fit(
        self, rows: Sequence[int], options: Options
    ) -> tuple[dict[str, float], float]:
        """Return (weights by feature, bias) fitted on the given rows."""
        import numpy as np

        counts: Counter[str] = Counter()
        for i in rows:
            counts.update(self.vectors[i].keys())
        kept = sorted(key for key, n in counts.items() if n >= options.min_count)
        vocabulary = {key: i for i, key in enumerate(kept)}
        matrix = training._Matrix([self.vectors[i] for i in rows], vocabulary)
        picked = [self.examples[i] for i in rows]
        targets = np.asarray([e.label for e in picked], dtype=np.float64)
        fit_options = training.Options(c=options.c, iterations=options.iterations)
        w, b = training._fit(matrix, targets, _balanced(picked), fit_options)
        order = np.argsort(-np.abs(w))[: options.keep_weights]
        weights = {kept[int(i)]: round(float(w[i]), 5) for i in order if w[i] != 0}
        return weights, float(b)

    def model(self, rows: Sequence[int], options: Options) -> learned.Model:
        """Return a scoring model fitted on the given rows."""
        weights, bias = self.fit(rows, options)
        return learned.Model(weights, bias, options.threshold, {})


@dataclass(frozen=True)
class Fold:
    """One set left out: each of its comments' probability and target gate."""

    group: str
    probabilities: tuple[float, ...]
    targeted: tuple[bool, ...]


def cross_validate(
    data: Featurised,
    groups: Sequence[str],
    options: Options,
    progress: Progress | None = None,
) -> list[Fold]:
    """Leave each standards set out in turn; return its comments' scores."""
    say = progress or (lambda message: None)
    folds = []
    for group in groups:
        fit_rows = [i for i, e in enumerate(data.examples) if e.group != group]
        test_rows = [i for i, e in enumerate(data.examples) if e.group == group]
        if not test_rows:
            raise ValueError(f"No comments in the set {group!r}.")
        say(f"Leaving {group} out: fitting on {len(fit_rows):,} texts...")
        model = data.model(fit_rows, options)
        texts = [data.examples[i].text for i in test_rows]
        folds.append(
            Fold(
                group,
                tuple(model.probability(t) for t in texts),
                tuple(learned.has_target(t) for t in texts),
            )
        )
    return folds


def train(
    data: Featurised, options: Options, progress: Progress | None = None
) -> dict[str, Any]:
    """Fit on every example; return the model as JSON-able data."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    say(f"Fitting on all {len(data.examples):,} texts...")
    weights, bias = data.fit(range(len(data.examples)), options)
    positives = sum(e.label for e in data.examples)
    return {
        "format": learned.MODEL_FORMAT,
        "version": 1,
        "bias": round(bias, 6),
        "threshold": options.threshold,
        "weights": weights,
        "trained": {
            "texts": len(data.examples),
            "violent": positives,
            "groups": sorted({e.group for e in data.examples}),
            "c": options.c,
            "set_weight": options.set_weight,
            "threat_weight": options.threat_weight,
            "calm_weight": options.calm_weight,
            "seconds": round(time.perf_counter() - started, 1),
        },
    }


def sample(texts: Sequence[str], limit: int) -> list[str]:
    """Return at most ``limit`` texts, the same ones on every run (by hash)."""
    if len(texts) <= limit:
        return list(texts)
    ranked = sorted(texts, key=lambda t: hashlib.sha256(t.encode()).digest())
    return ranked[:limit]
