"""Measure the toxicity classifier on labelled comments (``evaluate-moderation``).

Pure Python: ROC AUC (the chance that a toxic comment scores above a
non-toxic one), precision, recall and F1 of each class at a threshold,
macro-F1 (the mean of both classes' F1, which a classifier cannot win by
calling everything toxic when most comments are), and the scoring speed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Return the area under the ROC curve (ties count half)."""
    positives = sum(1 for label in labels if label)
    negatives = len(labels) - positives
    if not positives or not negatives:
        raise ValueError("ROC AUC needs both toxic and non-toxic comments.")
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum = 0.0
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        mid_rank = (i + j) / 2 + 1
        rank_sum += mid_rank * sum(1 for k in order[i : j + 1] if labels[k])
        i = j + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


@dataclass(frozen=True)
class ClassScores:
    """Precision, recall and F1 of one class."""

    precision: float
    recall: float
    f1: float
    support: int


def _class_scores(tp: int, fp: int, fn: int) -> ClassScores:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClassScores(precision, recall, f1, tp + fn)


@dataclass(frozen=True)
class Result:
    """Everything ``evaluate-moderation`` prints."""

    comments: int
    toxic: int
    threshold: float
    roc_auc: float
    toxic_class: ClassScores
    civil_class: ClassScores
    seconds: float

    @property
    def macro_f1(self) -> float:
        return (self.toxic_class.f1 + self.civil_class.f1) / 2

    @property
    def comments_per_second(self) -> float:
        return self.comments / max(self.seconds, 1e-9)

    def summary_line(self) -> str:
        """Return the machine-readable last line."""
        return (
            f"roc_auc={self.roc_auc:.3f} macro_f1={self.macro_f1:.3f} "
            f"comments_per_s={self.comments_per_second:.0f}"
        )


def classify_scores(
    labels: Sequence[int], scores: Sequence[float], threshold: float
) -> tuple[ClassScores, ClassScores]:
    """Return the (toxic, civil) class scores when ``score >= threshold`` is toxic."""
    tp = fp = fn = tn = 0
    for label, score in zip(labels, scores, strict=True):
        predicted = score >= threshold
        if label and predicted:
            tp += 1
        elif label:
            fn += 1
        elif predicted:
            fp += 1
        else:
            tn += 1
    return _class_scores(tp, fp, fn), _class_scores(tn, fn, fp)


# How often the commands say how far they are.
PROGRESS_EVERY = 1000

Progress = Callable[[int, int], None]  # (done, total)


def evaluate(
    texts: Sequence[str],
    labels: Sequence[int],
    score: Callable[[str], float],
    threshold: float,
    progress: Progress | None = None,
) -> Result:
    """Score every text (timed) and measure the scores against the labels.

    The time is this process's CPU time, so that other work on a busy machine
    does not count against the classifier. ``progress(done, total)`` is
    called every ``PROGRESS_EVERY`` texts and at the end (outside the timing).
    """
    scores: list[float] = []
    seconds = 0.0
    for start in range(0, len(texts), PROGRESS_EVERY):
        chunk = texts[start : start + PROGRESS_EVERY]
        started = time.process_time()
        scores += [score(text) for text in chunk]
        seconds += time.process_time() - started
        if progress:
            progress(len(scores), len(texts))
    toxic, civil = classify_scores(labels, scores, threshold)
    return Result(
        comments=len(texts),
        toxic=sum(1 for label in labels if label),
        threshold=threshold,
        roc_auc=roc_auc(labels, scores),
        toxic_class=toxic,
        civil_class=civil,
        seconds=seconds,
    )


# --- The community standards on a labelled set (``evaluate-standards``) ------


@dataclass(frozen=True)
class CategoryCount:
    """How many comments of one category were flagged (held or rejected)."""

    category: str
    violates: bool
    flagged: int
    total: int

    @property
    def share(self) -> float:
        return self.flagged / self.total if self.total else 0.0


@dataclass(frozen=True)
class StandardsResult:
    """Everything ``evaluate-standards`` prints."""

    categories: tuple[CategoryCount, ...]
    millis: tuple[float, ...]  # each decision's time, sorted
    misses: tuple[tuple[str, str, str, str], ...]  # (key, category, outcome, text)

    def _sum(self, violates: bool) -> tuple[int, int]:
        rows = [c for c in self.categories if c.violates == violates]
        return sum(c.flagged for c in rows), sum(c.total for c in rows)

    @property
    def recall(self) -> float:
        flagged, total = self._sum(True)
        return flagged / total if total else 0.0

    @property
    def false_hold(self) -> float:
        flagged, total = self._sum(False)
        return flagged / total if total else 0.0

    def percentile_ms(self, percent: float) -> float:
        """Return the time a comment's decision took at this percentile."""
        if not self.millis:
            return 0.0
        index = min(len(self.millis) - 1, int(len(self.millis) * percent / 100))
        return self.millis[index]

    def summary_line(self) -> str:
        """Return the machine-readable last line."""
        return (
            f"recall={self.recall:.3f} false_hold={self.false_hold:.3f} "
            f"p99_ms={self.percentile_ms(99):.0f}"
        )


def evaluate_standards(
    rows: Sequence[tuple[str, str, bool, str]],
    decide: Callable[[str], str],
    progress: Progress | None = None,
) -> StandardsResult:
    """Decide every comment, timing each, and count the flagged ones per category.

    ``rows`` are (key, text, violates, category); ``decide`` returns
    "publish", "hold" or "reject" and should do the whole decision (score
    and checks). Warm it up first: the first call may load a model. The time
    is this process's CPU time, as in ``evaluate``, so that other work on a
    busy machine does not count against the checks. ``progress(done, total)``
    is called every 100 comments and at the end.
    """
    counts: dict[tuple[str, bool], list[int]] = {}
    millis = []
    misses = []
    for key, text, violates, category in rows:
        started = time.process_time()
        outcome = decide(text)
        millis.append((time.process_time() - started) * 1000)
        flagged = outcome != "publish"
        tally = counts.setdefault((category, violates), [0, 0])
        tally[0] += flagged
        tally[1] += 1
        if flagged != violates:
            misses.append((key, category, outcome, text))
        if progress and (len(millis) % 100 == 0 or len(millis) == len(rows)):
            progress(len(millis), len(rows))
    categories = tuple(
        CategoryCount(category, violates, flagged, total)
        for (category, violates), (flagged, total) in sorted(
            counts.items(), key=lambda item: (not item[0][1], item[0][0])
        )
    )
    return StandardsResult(categories, tuple(sorted(millis)), tuple(misses))
