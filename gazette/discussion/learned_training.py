"""Train and cross-validate the learned second signal (``gazette train-standards``).

One logistic regression per head (``learned.HEADS``: violence, hatred, abuse
of people, spam; ``training._fit``, numpy), each on the same
``learned.extract`` features: the head's categories against everything else.
The examples:

- the labelled standards sets (``id,text,label,category``), each one a
  *group*: a set is what one writer wrote in one sitting;
- for the violent head only, civil-comments' comments typed ``Threat`` as
  positives and the rest of that file (insults, obscenity: rough, but no
  violence) as negatives (its insults are no negatives for the abuse head);
- civil prose (wikinews paragraphs) and Davidson's "neither" tweets as calm
  negatives for every head, with news violence among them.

Each head's positives and negatives are given equal total weight (class
weights). The honest proxy for a new writer is ``cross_validate``: leave one
standards set out, train on the others and the outside data, score the set
left out; ``choose_thresholds`` picks each head's threshold on those scores.
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

from gazette.discussion import learned, toxicity, training
from gazette.discussion.datasets import DataError, StandardsRow

VIOLENT = learned.HEADS["violent"].categories
THREAT = "threat"  # the category of civil-comments' "Threat" comments

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Example:
    """One training text with its category, weight and group (a set's name)."""

    text: str
    category: str  # a violation's category, "" for anything allowed
    weight: float
    group: str  # a standards set's name, or "outside" for the other data
    comments: bool = False  # civil-comments: trains the heads of ``trains`` only
    also: tuple[str, ...] = ()  # its other categories (civil-comments' types)
    trains: tuple[str, ...] = ("violent",)  # with ``comments``: the heads it trains
    head_weights: tuple[tuple[str, float], ...] = ()  # per head, instead of weight

    @property
    def label(self) -> int:
        """1 for threats, wishes of harm and incitement, else 0."""
        return int(self.category in VIOLENT or any(c in VIOLENT for c in self.also))

    def is_a(self, categories: frozenset[str]) -> bool:
        """Return True when the example is of one of ``categories``."""
        return self.category in categories or any(c in categories for c in self.also)

    def weight_for(self, head: str) -> float:
        """Return the example's weight in ``head``'s fit (0: it does not train it)."""
        if self.comments and head not in self.trains:
            return 0.0
        return dict(self.head_weights).get(head, self.weight)


@dataclass(frozen=True)
class Options:
    """How to train; the defaults are the shipped model's."""

    c: float = 1.0  # inverse strength of the L2 penalty
    iterations: int = 200
    min_count: int = 2
    set_weight: float = 4.0  # a standards-set comment against an outside one
    threat_weight: float = 1.0  # civil-comments' "Threat" comments (noisy)
    # civil-comments' "Identity based Attack" and "Insult" types also train the
    # hate and abuse heads (``read_typed_comments``' ``types``), at this weight
    type_weight: float = 0.0
    calm_weight: float = 0.3  # wikinews paragraphs, Davidson's "neither" tweets
    keep_weights: int = 60_000
    threshold: float = 0.5  # every head's, unless ``thresholds`` names it
    thresholds: tuple[tuple[str, float], ...] = ()
    heads: tuple[str, ...] = tuple(learned.HEADS)
    char_grams: bool = True  # also the character n-grams (see learned.extract)

    def threshold_of(self, head: str) -> float:
        """Return the threshold from which ``head`` holds."""
        return dict(self.thresholds).get(head, self.threshold)


def standards_examples(
    name: str, rows: Sequence[StandardsRow], weight: float
) -> list[Example]:
    """Return a standards set's rows as examples (violent categories positive)."""
    return [
        Example(row.text, row.category if row.violates else "", weight, name)
        for row in rows
    ]


# civil-comments' span types that train a head besides "Threat" (the violent
# head's), with the category they stand for and the head they train.
TYPES = {
    "Identity based Attack": ("identity_attack", "hate"),
    "Insult": ("insult", "abuse"),
}


def _typed(
    text: str, types: list[str], toxic: bool, threat_weight: float, type_weight: float
) -> Example:
    """Return one civil comment as an example of the heads its types train.

    ``Threat`` makes it a violent positive and its absence a negative, as
    before. With ``type_weight``, "Identity based Attack" and "Insult" make it
    a positive of the hate and abuse heads when most annotators called it
    toxic; typed but not toxic, it trains neither (an annotator saw an attack,
    most saw none); untyped, it is their negative (rough, but no attack).
    """
    threat = "Threat" in types
    categories = [THREAT] if threat else []
    trains = ["violent"]
    if type_weight:
        for name, (category, head) in TYPES.items():
            if name in types and not toxic:
                continue
            trains.append(head)
            if name in types:
                categories.append(category)
    return Example(
        text,
        categories[0] if categories else "",
        threat_weight if threat else 1.0,
        "outside",
        comments=True,
        also=tuple(categories[1:]),
        trains=tuple(trains),
        head_weights=tuple((head, type_weight) for head in trains if head != "violent"),
    )


def read_typed_comments(
    path: Path, threat_weight: float, type_weight: float = 0.0
) -> list[Example]:
    """Return civil-comments' rows: ``Threat`` in ``types`` positive, others not.

    ``type_weight`` above 0: its insults and identity attacks also train the
    abuse and hate heads, at that weight (``_typed``).
    """
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
                types = (row["types"] or "").split(";")
                toxic = (row.get("toxic") or "1").strip() == "1"
                examples.append(_typed(text, types, toxic, threat_weight, type_weight))
    except OSError as error:
        raise DataError(f"{path}: cannot read ({error.strerror}).") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: not UTF-8 text.") from None
    if not examples:
        raise DataError(f"{path}: no comments after the header.")
    return examples


def calm_examples(texts: Sequence[str], weight: float) -> list[Example]:
    """Return calm texts (news paragraphs, civil tweets) as negatives."""
    return [Example(text, "", weight, "outside") for text in texts if text.strip()]


def targets(examples: Sequence[Example], head: str) -> tuple[Any, Any]:
    """Return one head's (targets, sample weights), its classes weighed equally.

    A civil comment trains only the heads of its ``trains`` (by default the
    violent head alone: weight 0 for the others).
    """
    import numpy as np

    categories = learned.HEADS[head].categories
    labels = np.asarray([int(e.is_a(categories)) for e in examples])
    weights = np.asarray([e.weight_for(head) for e in examples], dtype=np.float64)
    positive = weights[labels == 1].sum()
    negative = weights[labels == 0].sum()
    if not positive or not negative:
        raise ValueError(
            f"Need both {head} and other examples to train on (got "
            f"{int((labels == 1).sum())} {head}, {int((labels == 0).sum())} other)."
        )
    scale = np.where(labels == 1, 0.5 / positive, 0.5 / negative) * len(examples)
    return labels.astype(np.float64), weights * scale


class _Sparse:
    """A scipy CSR matrix with the interface ``training._fit`` expects."""

    def __init__(self, matrix: Any):
        self.matrix = matrix
        self.rows, self.columns = matrix.shape

    def dot(self, weights: Any) -> Any:
        return self.matrix @ weights

    def t_dot(self, values: Any) -> Any:
        return self.matrix.T @ values


class Featurised:
    """Examples with their feature vectors computed once."""

    def __init__(
        self,
        examples: Sequence[Example],
        progress: Progress | None = None,
        char_grams: bool = True,
        toxicity_feature: bool = False,
    ):
        self.examples = list(examples)
        self.vectors: list[dict[str, float]] = []
        self._matrix: Any = None
        self._keys: list[str] = []
        self.char_grams = char_grams
        self.toxicity_feature = toxicity_feature
        self.scores: list[float | None] = []
        for i, example in enumerate(self.examples):
            score = toxicity.score(example.text) if toxicity_feature else None
            self.scores.append(score)
            self.vectors.append(learned.extract(example.text, char_grams, score))
            if progress and (i + 1) % 10_000 == 0:
                progress(f"  features of {i + 1:,} texts")

    def relabelled(self, examples: Sequence[Example]) -> Featurised:
        """Return these vectors with other labels or weights (the same texts)."""
        if [e.text for e in examples] != [e.text for e in self.examples]:
            raise ValueError("Relabelled examples must be the same texts in order.")
        copy = Featurised.__new__(Featurised)
        copy.__dict__.update(self.__dict__)
        copy.examples = list(examples)
        return copy

    def heads(self, options: Options) -> tuple[str, ...]:
        """Return the heads there are examples of (every head of ``options``)."""
        present = {c for e in self.examples for c in (e.category, *e.also)}
        return (
            tuple(h for h in options.heads if learned.HEADS[h].categories & present)
            or options.heads
        )

    def _table(self) -> tuple[list[str], Any]:
        """Return (every feature, a CSR matrix of all examples), built once."""
        if self._matrix is None:
            import numpy as np
            from scipy import sparse

            vocabulary: dict[str, int] = {}
            indptr, indices, data = [0], [], []
            for vector in self.vectors:
                for key, value in vector.items():
                    indices.append(vocabulary.setdefault(key, len(vocabulary)))
                    data.append(value)
                indptr.append(len(indices))
            self._matrix = sparse.csr_matrix(
                (np.asarray(data), np.asarray(indices), np.asarray(indptr)),
                shape=(len(self.vectors), len(vocabulary)),
            )
            self._keys = list(vocabulary)
        return self._keys, self._matrix

    def fit(
        self, rows: Sequence[int], options: Options
    ) -> tuple[tuple[str, ...], dict[str, tuple[float, ...]], tuple[float, ...]]:
        """Return (heads, weights by feature, biases) fitted on the given rows.

        Only features seen in ``min_count`` of those rows are weighed.
        """
        import numpy as np

        keys, table = self._table()
        rows = list(rows)
        sub = table[rows]
        counts = np.bincount(sub.indices, minlength=sub.shape[1])
        columns = np.flatnonzero(counts >= options.min_count)
        matrix = _Sparse(sub[:, columns].tocsr())
        kept = [keys[int(i)] for i in columns]
        picked = [self.examples[i] for i in rows]
        fit_options = training.Options(c=options.c, iterations=options.iterations)
        heads = self.heads(options)
        fitted, biases = [], []
        for head in heads:
            y, sample_weights = targets(picked, head)
            w, b = training._fit(matrix, y, sample_weights, fit_options)
            fitted.append(w)
            biases.append(float(b))
        weights_table = np.vstack(fitted).T  # a row per feature, a column per head
        largest = np.abs(weights_table).max(axis=1)
        order = np.argsort(-largest)[: options.keep_weights]
        weights = {
            kept[int(i)]: tuple(round(float(x), 5) for x in weights_table[i])
            for i in order
            if largest[i] > 0
        }
        return heads, weights, tuple(biases)

    def model(self, rows: Sequence[int], options: Options) -> learned.Model:
        """Return a scoring model fitted on the given rows."""
        heads, weights, biases = self.fit(rows, options)
        thresholds = tuple(options.threshold_of(h) for h in heads)
        return learned.Model(
            heads,
            weights,
            biases,
            thresholds,
            {},
            char_grams=self.char_grams,
            toxicity_feature=self.toxicity_feature,
        )


@dataclass(frozen=True)
class Fold:
    """Sets left out together: their comments' gated probabilities per head."""

    group: str  # the sets' names, joined by "+"
    scores: tuple[dict[str, float], ...]  # ``learned.Model.gated`` per comment
    categories: tuple[str, ...] = ()  # each comment's category, "" if allowed
    model: learned.Model | None = None  # the model that scored them

    @property
    def probabilities(self) -> tuple[float, ...]:
        """The violent head's gated probability of each comment."""
        return tuple(score.get("violent", 0.0) for score in self.scores)


def cross_validate(
    data: Featurised,
    groups: Sequence[str],
    options: Options,
    progress: Progress | None = None,
) -> list[Fold]:
    """Leave each group of sets out in turn; return its comments' scores.

    A group is a set's name, or several joined by "+" (left out together).
    """
    say = progress or (lambda message: None)
    folds = []
    for group in groups:
        names = set(group.split("+"))
        fit_rows = [i for i, e in enumerate(data.examples) if e.group not in names]
        test_rows = [i for i, e in enumerate(data.examples) if e.group in names]
        if not test_rows:
            raise ValueError(f"No comments in the set {group!r}.")
        say(f"Leaving {group} out: fitting on {len(fit_rows):,} texts...")
        model = data.model(fit_rows, options)
        scores = tuple(
            model.gated(data.examples[i].text, data.scores[i]) for i in test_rows
        )
        categories = tuple(data.examples[i].category for i in test_rows)
        folds.append(Fold(group, scores, categories, model))
    return folds


GRID = tuple(round(0.3 + 0.05 * i, 2) for i in range(14))  # 0.30 to 0.95


def choose_thresholds(
    folds: Sequence[Fold], heads: Sequence[str], max_false_hold: float
) -> dict[str, float]:
    """Return each head's lowest threshold whose own false holds stay in bound.

    A head's false holds are the allowed comments it alone would flag, pooled
    over the folds, as a share of all allowed comments. A head no threshold
    of ``GRID`` keeps in bound gets 1.0: it never holds.
    """
    allowed = [
        score
        for fold in folds
        for score, category in zip(fold.scores, fold.categories, strict=True)
        if not category
    ]
    chosen = {}
    for head in heads:
        chosen[head] = 1.0
        for threshold in GRID:
            flagged = sum(score.get(head, 0.0) >= threshold for score in allowed)
            if flagged <= max_false_hold * len(allowed):
                chosen[head] = threshold
                break
    return chosen


def model_data(
    model: learned.Model, data: Featurised, options: Options, seconds: float = 0.0
) -> dict[str, Any]:
    """Return ``model`` as the JSON-able data ``learned.from_dict`` reads."""
    heads = model.heads
    positives = Counter(
        h for e in data.examples for h in heads if e.is_a(learned.HEADS[h].categories)
    )
    return {
        "format": learned.MODEL_FORMAT,
        "version": learned.MODEL_VERSION,
        "heads": list(heads),
        "biases": [round(b, 6) for b in model.biases],
        "thresholds": list(model.thresholds),
        "weights": {k: list(v) for k, v in model.weights.items()},
        "char_grams": model.char_grams,
        "toxicity_feature": model.toxicity_feature,
        "trained": {
            "texts": len(data.examples),
            "violent": positives["violent"],
            "positives": dict(positives),
            "groups": sorted({e.group for e in data.examples}),
            "c": options.c,
            "set_weight": options.set_weight,
            "threat_weight": options.threat_weight,
            "type_weight": options.type_weight,
            "calm_weight": options.calm_weight,
            "seconds": round(seconds, 1),
        },
    }


def train(
    data: Featurised, options: Options, progress: Progress | None = None
) -> dict[str, Any]:
    """Fit every head on every example; return the model as JSON-able data."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    say(f"Fitting on all {len(data.examples):,} texts...")
    model = data.model(range(len(data.examples)), options)
    return model_data(model, data, options, time.perf_counter() - started)


def sample(texts: Sequence[str], limit: int) -> list[str]:
    """Return at most ``limit`` texts, the same ones on every run (by hash)."""
    if len(texts) <= limit:
        return list(texts)
    ranked = sorted(texts, key=lambda t: hashlib.sha256(t.encode()).digest())
    return ranked[:limit]
