"""Combine a search backend's relevance score with the age of an article.

Pure functions on plain data, tested without a database. The backend ranks
every match by relevance; the first ``WINDOW`` of them are re-ranked here by

    score × (1 + RECENCY_BOOST × 0.5 ** (age in days / HALF_LIFE_DAYS))

so an article published today counts up to twice its relevance, one a month
old one and a half times, one a year old barely more than its relevance. A
recency boost that multiplies by a bounded factor, rather than a decay that
tends to zero, keeps a much better match from years ago above a passing
mention from this morning.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

RECENCY_BOOST = 1.0
HALF_LIFE_DAYS = 30.0
# How many of the most relevant matches are re-ranked by age; beyond it,
# results follow relevance alone (readers rarely page that far).
WINDOW = 200


@dataclass(frozen=True)
class Candidate:
    pk: int
    score: float
    published_at: datetime.datetime | None


def recency_factor(
    published_at: datetime.datetime | None,
    now: datetime.datetime,
    *,
    boost: float = RECENCY_BOOST,
    half_life_days: float = HALF_LIFE_DAYS,
) -> float:
    """Return the multiplier, from 1 (old or undated) to 1 + ``boost`` (now)."""
    if published_at is None:
        return 1.0
    age_days = max((now - published_at).total_seconds(), 0.0) / 86400
    return 1.0 + boost * 0.5 ** (age_days / half_life_days)


def rerank(
    candidates: Iterable[Candidate],
    now: datetime.datetime,
    *,
    boost: float = RECENCY_BOOST,
    half_life_days: float = HALF_LIFE_DAYS,
) -> Sequence[int]:
    """Return the candidates' keys, best first: boosted score, then newest, then key.

    Scores are made positive first: backends differ in sign and scale (SQLite's
    bm25 is negative-better in FTS5, PostgreSQL's ts_rank a small positive
    number, the fallback backend gives none), and a multiplier only means
    "better" on a positive scale.
    """
    candidates = list(candidates)
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)

    def key(c: Candidate):
        factor = recency_factor(
            c.published_at, now, boost=boost, half_life_days=half_life_days
        )
        return (
            -(abs(c.score or 0.0) * factor),
            -(c.published_at or epoch).timestamp(),
            c.pk,
        )

    return [c.pk for c in sorted(candidates, key=key)]
