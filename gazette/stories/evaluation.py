"""Score a predicted grouping of articles into stories against a gold grouping.

Pure functions on plain data: ``gold`` and ``predicted`` map the same article ids to
story labels (any hashable). Two standard clustering measures:

- pairwise: a true positive is a pair of articles that share a gold story *and* a
  predicted story; precision divides by the predicted pairs, recall by the gold pairs.
- BCubed: for each article, the share of its predicted story that is in its gold
  story (precision) and the share of its gold story found in its predicted story
  (recall), averaged over articles.

With no predicted pairs at all (every article alone) pairwise precision is 1.0:
nothing wrong was claimed. With no gold pairs, pairwise recall is 1.0 likewise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one measure."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class ClusteringReport:
    """Every figure ``evaluate-threading`` prints, for one run."""

    pairwise: Scores
    bcubed: Scores
    articles: int
    stories: int
    gold_stories: int


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _check(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> None:
    if gold.keys() != predicted.keys():
        missing = sorted(set(gold) ^ set(predicted))[:5]
        raise ValueError(f"gold and predicted cover different articles: {missing}")


def pairwise_scores(
    gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]
) -> Scores:
    """Return pairwise precision and recall of ``predicted`` against ``gold``."""
    _check(gold, predicted)
    both = Counter((gold[a], predicted[a]) for a in gold)
    true_pairs = sum(_pairs(n) for n in both.values())
    gold_pairs = sum(_pairs(n) for n in Counter(gold.values()).values())
    predicted_pairs = sum(_pairs(n) for n in Counter(predicted.values()).values())
    precision = true_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    return Scores(precision, recall)


def bcubed_scores(
    gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]
) -> Scores:
    """Return BCubed precision and recall of ``predicted`` against ``gold``."""
    _check(gold, predicted)
    if not gold:
        return Scores(1.0, 1.0)
    both = Counter((gold[a], predicted[a]) for a in gold)
    gold_sizes = Counter(gold.values())
    predicted_sizes = Counter(predicted.values())
    # Every article of one (gold, predicted) cell has the same two ratios.
    precision = sum(n * n / predicted_sizes[p] for (_, p), n in both.items())
    recall = sum(n * n / gold_sizes[g] for (g, _), n in both.items())
    return Scores(precision / len(gold), recall / len(gold))


def evaluate(
    gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]
) -> ClusteringReport:
    """Return pairwise and BCubed scores and story counts of one grouping."""
    return ClusteringReport(
        pairwise=pairwise_scores(gold, predicted),
        bcubed=bcubed_scores(gold, predicted),
        articles=len(gold),
        stories=len(set(predicted.values())),
        gold_stories=len(set(gold.values())),
    )
