"""Train the toxicity classifier from labelled comments (``gazette train-moderation``).

The model is a logistic regression on the features of ``features.py``, fitted
with numpy by accelerated gradient descent on soft labels: where a file says
how many of its annotators found a comment toxic (civil-comments'
``toxic_votes`` / ``annotators``), the target is that share, not just yes/no,
which tells a borderline comment from a plain one.

Steps, each reported through ``progress``:

1. read the files (``datasets.py``) and set the held-out comments aside,
   chosen by a hash of each comment's id, so that the same comments are held
   out on every run and training never sees them;
2. build the vocabulary from the training comments (features seen at least
   ``min_count`` times);
3. fit on k-1 folds and score the kth, k times, to choose the decision
   threshold that maximises macro-F1 on comments the fit did not see;
4. fit on all training comments, prune the smallest weights, and measure the
   result on the held-out comments.

numpy is needed here only: ``toxicity.py`` scores with the saved weights in
pure Python.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from gazette.discussion import evaluation, features
from gazette.discussion.datasets import Example

MODEL_FORMAT = "gazette-toxicity"
MODEL_VERSION = 1

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    """How to train; the defaults are the ones the shipped model was trained with."""

    holdout: float = 0.2  # share of the main file's comments never trained on
    folds: int = 4  # for choosing the decision threshold
    c: float = 0.3  # inverse strength of the L2 penalty (as scikit-learn's C)
    min_count: int = 2  # keep features seen in at least this many comments
    iterations: int = 300
    keep_weights: int = 120_000  # the largest weights kept in the saved model
    # Weight of alt-profanity-check's model in the blend (profanity.py); 0: none.
    # Fixed beforehand, not tuned on the held-out comments.
    blend_weight: float = 0.5


@dataclass
class Report:
    """What training did, for the command's summary and the model's metadata."""

    trained: int = 0
    extra: int = 0
    held_out: int = 0
    features: int = 0
    kept: int = 0
    threshold: float = 0.5  # raw probability that became 0.5 after calibration
    cv_macro_f1: float = 0.0
    holdout: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


def in_holdout(key: str, fraction: float) -> bool:
    """Return True for held-out comments: a stable hash of the id under ``fraction``."""
    if fraction <= 0:
        return False
    digest = hashlib.sha256(f"gazette-holdout:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def split(
    examples: Sequence[Example], fraction: float
) -> tuple[list[Example], list[Example]]:
    """Return (training, held out) comments."""
    train: list[Example] = []
    held: list[Example] = []
    for example in examples:
        (held if in_holdout(example.key, fraction) else train).append(example)
    return train, held


class _Matrix:
    """Rows of sparse features over a fixed vocabulary, as numpy CSR arrays."""

    def __init__(self, vectors: Sequence[dict[str, float]], vocabulary: dict[str, int]):
        import numpy as np

        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for vector in vectors:
            for key, value in vector.items():
                column = vocabulary.get(key)
                if column is not None:
                    indices.append(column)
                    data.append(value)
            indptr.append(len(indices))
        self.rows = len(vectors)
        self.columns = len(vocabulary)
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.indices = np.asarray(indices, dtype=np.int64)
        self.data = np.asarray(data, dtype=np.float64)
        self.row_of = np.repeat(np.arange(self.rows), np.diff(self.indptr))

    def dot(self, weights: Any) -> Any:
        import numpy as np

        return np.bincount(
            self.row_of, weights=self.data * weights[self.indices], minlength=self.rows
        )

    def t_dot(self, values: Any) -> Any:
        import numpy as np

        return np.bincount(
            self.indices,
            weights=self.data * values[self.row_of],
            minlength=self.columns,
        )

    def subset(self, rows: Any) -> _Matrix:
        import numpy as np

        picked = object.__new__(_Matrix)
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        # Positions of the picked rows' entries, without a Python loop.
        total = int(lengths.sum())
        offsets = np.repeat(
            starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths
        )
        take = np.arange(total, dtype=np.int64) + offsets
        picked.rows = len(rows)
        picked.columns = self.columns
        picked.indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        picked.indices = self.indices[take]
        picked.data = self.data[take]
        picked.row_of = np.repeat(np.arange(picked.rows), lengths)
        return picked


class Rows(Protocol):
    """Rows of features ``_fit`` can descend on (``_Matrix``, or a scipy one)."""

    columns: int

    def dot(self, weights: Any) -> Any: ...

    def t_dot(self, values: Any) -> Any: ...


def _fit(
    matrix: Rows,
    targets: Any,
    sample_weights: Any,
    options: Options,
    progress: Progress | None = None,
) -> tuple[Any, float]:
    """Return (weights, bias) minimising C * weighted log loss + |w|^2 / 2."""
    import numpy as np

    columns = matrix.columns
    w = np.zeros(columns)
    b = 0.0
    step = 1.0 / _lipschitz(matrix, sample_weights, options.c)
    yw, yb = w.copy(), b
    t = 1.0
    for iteration in range(1, options.iterations + 1):
        z = matrix.dot(yw) + yb
        p = 1.0 / (1.0 + np.exp(-z))
        residual = options.c * sample_weights * (p - targets)
        grad_w = matrix.t_dot(residual) + yw
        grad_b = float(residual.sum())
        new_w = yw - step * grad_w
        new_b = yb - step * grad_b
        if float(grad_w @ (new_w - w)) + grad_b * (new_b - b) > 0:
            # Momentum is carrying the descent uphill: restart it.
            t = 1.0
        t_next = (1 + math.sqrt(1 + 4 * t * t)) / 2
        momentum = (t - 1) / t_next
        yw = new_w + momentum * (new_w - w)
        yb = new_b + momentum * (new_b - b)
        w, b, t = new_w, new_b, t_next
        if progress and (iteration % 100 == 0 or iteration == options.iterations):
            eps = 1e-12
            loss = -float(
                (
                    sample_weights
                    * (targets * np.log(p + eps) + (1 - targets) * np.log(1 - p + eps))
                ).sum()
            ) / float(sample_weights.sum())
            progress(
                f"  iteration {iteration}/{options.iterations}: log loss {loss:.4f}"
            )
    return w, b


def _lipschitz(matrix: Rows, sample_weights: Any, c: float) -> float:
    """Return an upper estimate of the loss gradient's Lipschitz constant.

    That is the largest eigenvalue of C/4 * X^T S X (X with a column of ones
    for the bias) plus 1 for the penalty, found by power iteration.
    """
    import numpy as np

    rng = np.random.default_rng(0)
    v = rng.standard_normal(matrix.columns + 1)
    value = 1.0
    for _ in range(30):
        v /= np.linalg.norm(v)
        xv = matrix.dot(v[:-1]) + v[-1]
        sx = sample_weights * xv
        v = np.concatenate([matrix.t_dot(sx), [sx.sum()]])
        value = float(np.linalg.norm(v))
    return c * 0.25 * value * 1.05 + 1.0


def _vocabulary(vectors: Sequence[dict[str, float]], min_count: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for vector in vectors:
        counts.update(vector.keys())
    kept = sorted(key for key, n in counts.items() if n >= min_count)
    return {key: i for i, key in enumerate(kept)}


def best_threshold(
    labels: Sequence[int], scores: Sequence[float]
) -> tuple[float, float]:
    """Return (threshold, macro-F1) of the cut that maximises macro-F1."""
    pairs = sorted(zip(scores, labels, strict=True), reverse=True)
    positives = sum(labels)
    negatives = len(labels) - positives
    best = (0.5, -1.0)
    tp = fp = 0
    # Predict toxic for the first i comments (highest scores), i = 1..n.
    for i, (score, label) in enumerate(pairs):
        if label:
            tp += 1
        else:
            fp += 1
        if i + 1 < len(pairs) and pairs[i + 1][0] == score:
            continue
        fn = positives - tp
        tn = negatives - fp
        f1_pos = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        f1_neg = 2 * tn / (2 * tn + fn + fp) if tn else 0.0
        macro = (f1_pos + f1_neg) / 2
        if macro > best[1]:
            following = pairs[i + 1][0] if i + 1 < len(pairs) else score - 1e-6
            best = ((score + following) / 2, macro)
    return best


def train(
    examples: Sequence[Example],
    extra: Sequence[Example] = (),
    options: Options = Options(),  # noqa: B008 (frozen)
    progress: Progress | None = None,
) -> tuple[dict[str, Any], Report, list[Example]]:
    """Train a model; return (model as JSON-able data, report, held-out comments)."""
    import numpy as np

    say = progress or (lambda message: None)
    started = time.perf_counter()
    report = Report()
    train_set, held = split(examples, options.holdout)
    if len(train_set) < 10 or len({e.label for e in train_set}) < 2:
        raise ValueError(
            "Too few comments to train on: need at least 10, toxic and not, "
            f"outside the held-out share (got {len(train_set)})."
        )
    report.trained, report.held_out, report.extra = (
        len(train_set),
        len(held),
        len(extra),
    )
    say(
        f"{len(train_set):,} comments to train on, {len(held):,} held out "
        f"({options.holdout:.0%} by hash of id), {len(extra):,} extra."
    )

    say("Extracting features...")
    all_train = list(train_set) + list(extra)
    vectors = [features.extract(e.text) for e in all_train]
    vocabulary = _vocabulary(vectors[: len(train_set)], options.min_count)
    matrix = _Matrix(vectors, vocabulary)
    report.features = len(vocabulary)
    say(f"{len(vocabulary):,} features seen in {options.min_count}+ comments.")
    targets = np.asarray([e.target for e in all_train])
    weights = np.asarray(
        [1.0] * len(train_set) + [e.weight for e in extra], dtype=np.float64
    )

    # Choose the threshold on out-of-fold scores of the main file's comments.
    main_rows = np.arange(len(train_set))
    fold_of = np.asarray([_fold(e.key, options.folds) for e in train_set])
    oof = np.zeros(len(train_set))
    for k in range(options.folds):
        fit_rows = np.concatenate(
            [main_rows[fold_of != k], np.arange(len(train_set), len(all_train))]
        )
        score_rows = main_rows[fold_of == k]
        say(f"Fold {k + 1}/{options.folds}: fitting on {len(fit_rows):,} comments...")
        w, b = _fit(
            matrix.subset(fit_rows), targets[fit_rows], weights[fit_rows], options
        )
        z = matrix.subset(score_rows).dot(w) + b
        oof[score_rows] = 1 / (1 + np.exp(-z))
    labels = [e.label for e in train_set]
    label_array = np.asarray(labels, dtype=np.float64)
    oof_logits = np.log(oof / (1 - oof))
    alone = _calibrate(oof_logits, labels, label_array)
    say(
        f"Out-of-fold: ROC AUC {evaluation.roc_auc(labels, oof.tolist()):.3f}, best "
        f"macro-F1 {alone['macro_f1']:.3f}; slope {alone['slope']:.2f}."
    )
    blend: dict[str, Any] | None = None
    calibration = alone
    if options.blend_weight > 0:
        from gazette.discussion import profanity

        other_model = profanity.get_model()  # Unavailable says what to install
        say(f"Scoring the training comments with {profanity.PACKAGE}...")
        other = np.asarray([other_model.logit(e.text) for e in train_set])
        blend = {
            "package": profanity.PACKAGE,
            "weight": options.blend_weight,
            # Out-of-fold logits: what the final model's logits look like on
            # comments it has not seen.
            "ours": [
                round(float(oof_logits.mean()), 6),
                round(float(oof_logits.std()), 6),
            ],
            "other": [round(float(other.mean()), 6), round(float(other.std()), 6)],
        }
        combined = (1 - options.blend_weight) * (
            oof_logits - oof_logits.mean()
        ) / oof_logits.std() + options.blend_weight * (
            other - other.mean()
        ) / other.std()
        calibration = _calibrate(combined, labels, label_array)
        blend["alone"] = {"offset": alone["offset"], "slope": alone["slope"]}
        say(
            f"Blended with {profanity.PACKAGE} (weight {options.blend_weight}), "
            f"out-of-fold: ROC AUC "
            f"{evaluation.roc_auc(labels, combined.tolist()):.3f}, best macro-F1 "
            f"{calibration['macro_f1']:.3f}; slope {calibration['slope']:.2f}."
        )
    report.threshold = calibration["threshold"]
    report.cv_macro_f1 = calibration["macro_f1"]

    say(f"Fitting on all {len(all_train):,} comments...")
    w, b = _fit(matrix, targets, weights, options, progress=say)
    inverse = {i: key for key, i in vocabulary.items()}
    order = np.argsort(-np.abs(w))[: options.keep_weights]
    kept = {inverse[int(i)]: round(float(w[i]), 5) for i in order if w[i] != 0}
    report.kept = len(kept)
    model = {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "features": {
            "max_chars": features.MAX_CHARS,
            "char_ngrams": features.CHAR_NGRAMS,
        },
        "bias": round(b, 6),
        # Scores are sigmoid(slope * (logit - offset)): the macro-F1 cut reads
        # 0.5 and the slope is fitted to the out-of-fold labels (Platt), so
        # settings' thresholds mean the same whatever model is installed.
        "offset": calibration["offset"],
        "slope": calibration["slope"],
        "weights": kept,
        "trained": {},
    }
    if blend is not None:
        # Scores are then sigmoid(slope * (blend - offset)), see toxicity.Blend;
        # "alone" calibrates the model's own logits where the package is missing.
        model["blend"] = blend
    report.seconds = time.perf_counter() - started
    return model, report, held


def _calibrate(values: Any, labels: list[int], label_array: Any) -> dict[str, float]:
    """Return the macro-F1 cut of ``values`` (log-odds) and the Platt slope."""
    import numpy as np

    threshold, macro = best_threshold(labels, (1 / (1 + np.exp(-values))).tolist())
    return {
        "threshold": threshold,
        "macro_f1": macro,
        "offset": round(math.log(threshold / (1 - threshold)), 6),
        "slope": round(platt_slope(values, label_array), 6),
    }


def platt_slope(logits: Any, labels: Any) -> float:
    """Return a in P(toxic) = sigmoid(a * logit + c), fitted by Newton's method.

    The model's own logits are shrunk by the penalty (and by soft targets);
    this stretches them back to what the labels support.
    """
    import numpy as np

    a, c = 1.0, 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a * logits + c)))
        g = np.array([((p - labels) * logits).sum(), (p - labels).sum()])
        v = p * (1 - p)
        h = np.array(
            [
                [(v * logits * logits).sum(), (v * logits).sum()],
                [(v * logits).sum(), v.sum()],
            ]
        )
        step = np.linalg.solve(h + 1e-9 * np.eye(2), g)
        a, c = a - float(step[0]), c - float(step[1])
        if abs(float(step[0])) < 1e-8:
            break
    return max(a, 1e-3)


def _fold(key: str, folds: int) -> int:
    digest = hashlib.sha256(f"gazette-fold:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % folds


def save(model: dict[str, Any], path: Path) -> int:
    """Write the model (gzipped JSON when the name ends in .gz); return its size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    data = text.encode()
    if path.suffix == ".gz":
        data = gzip.compress(data, compresslevel=9, mtime=0)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return len(data)
