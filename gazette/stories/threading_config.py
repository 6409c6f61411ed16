"""The threading engine's vocabulary and settings: pure, on plain data.

What goes in (``Article``), what comes out (``Decision`` with its
``Candidate`` stories), the weights of the logistic model scoring an
(article, story) pair for each granularity (``Weights``: fitted, and those
earlier releases shipped, which a restored state replaces), and the tuning
knobs (``Config``). The engine is ``threading.py``, which re-exports these.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

# Weights that earlier releases shipped as the defaults. A saved state that still
# has one of them was never refitted by its newsroom: it is restored with the
# current defaults (weights and thresholds) instead, so that it gains what was
# measured since. Any other saved weights are kept as they are.
SHIPPED_WEIGHTS: list[dict[str, float]] = [
    {
        "bias": -0.931,
        "words": 2.983,
        "names": 2.128,
        "member": 5.081,
        "numbers_shared": 0.362,
        "numbers_foreign": -1.987,
        "dates_shared": 1.493,
        "dates_conflict": -1.473,
        "gap_days": -0.5,
        "core_coverage": 0.371,
        "names_novel": -2.075,
        "names_missing": -2.455,
        "cohesion_gap": -4.643,
        "single": 1.249,
    },
]


# How broad a story is. ECB+-style events ("event": one earthquake, one arrest)
# or a newsroom's running stories ("running": one ongoing situation followed for
# weeks, where follow-ups bring new figures, new people and later dates). Each has
# its own fitted weights and thresholds; the engine's stories are shared.
EVENT = "event"
RUNNING = "running"
GRANULARITIES = (EVENT, RUNNING)


@dataclass(frozen=True)
class Article:
    """An article as the engine sees it, and how broad a story it should join.

    ``language`` is the language code its text is read in (stop words,
    stemming: ``languages.py``); ``None`` is the site's ``LANGUAGE_CODE``.
    """

    id: str
    title: str
    text: str
    published: datetime | None = None
    granularity: str = EVENT
    language: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A story the article could join, with the probability that it belongs there."""

    story_id: str
    score: float


@dataclass(frozen=True)
class Decision:
    """What the engine decided for one article.

    ``story_id`` is ``None`` when the article starts a new story; ``confidence`` is
    then the probability that it belongs to none of the candidates.
    """

    article_id: str
    story_id: str | None
    confidence: float
    candidates: tuple[Candidate, ...]

    @property
    def is_new_story(self) -> bool:
        return self.story_id is None


@dataclass(frozen=True)
class Weights:
    """Weights of the logistic model scoring an (article, story) pair.

    Fitted by ``gazette.stories.threading_fit`` on pairs from the ECB+ dev set; see
    ``docs/threading.md`` for how and what that means for unseen data.
    """

    bias: float = -0.137
    words: float = 2.138
    names: float = 2.136
    member: float = 4.902
    numbers_shared: float = 0.294
    numbers_foreign: float = -2.041
    dates_shared: float = 0.472
    dates_conflict: float = -1.297
    # The dev set has no publication dates, so this one is set by hand: a story
    # untouched for a week loses about as much as a missing shared name.
    gap_days: float = -0.5
    core_coverage: float = 0.514
    names_novel: float = -2.619
    names_missing: float = -3.01
    cohesion_gap: float = -5.133
    single: float = 1.308
    year_same: float = 2.833
    year_other: float = -0.181
    # Fitted for running stories only (0 for events: ECB+ was fitted without).
    title: float = 0.0
    shared_rare: float = 0.0


# Fitted by ``gazette.stories.threading_fit --granularity running --events
# ecbplus-dev.jsonl`` on our labelling of the 295 Wikinews articles of 2019-2020
# into running stories, with their publication dates, and on ECB+'s events
# (another topic's story is a negative, the other event of the same topic left
# out), so that different subjects stay apart when they run at the same time
# (docs/threading.md, "Running stories"). The headline and one shared
# distinctive term count for much more than in events.
RUNNING_WEIGHTS = Weights(
    bias=-1.076,
    words=2.256,
    names=2.507,
    member=2.009,
    numbers_shared=-0.15,
    numbers_foreign=-1.274,
    dates_shared=0.477,
    dates_conflict=-0.641,
    gap_days=-0.575,
    core_coverage=2.581,
    names_novel=-2.775,
    names_missing=-1.705,
    cohesion_gap=-3.085,
    single=-0.822,
    year_same=0.312,
    year_other=-1.15,
    title=2.812,
    shared_rare=3.784,
)

# Running-story weights that earlier releases shipped (see SHIPPED_WEIGHTS): the
# first release with granularities used the event weights for both.
SHIPPED_RUNNING_WEIGHTS: list[dict[str, float]] = [
    {
        "bias": -0.137,
        "words": 2.138,
        "names": 2.136,
        "member": 4.902,
        "numbers_shared": 0.294,
        "numbers_foreign": -2.041,
        "dates_shared": 0.472,
        "dates_conflict": -1.297,
        "gap_days": -0.5,
        "core_coverage": 0.514,
        "names_novel": -2.619,
        "names_missing": -3.01,
        "cohesion_gap": -5.133,
        "single": 1.308,
        "year_same": 2.833,
        "year_other": -0.181,
    },
]


@dataclass(frozen=True)
class Config:
    """Tuning knobs; the defaults are the measured ones (docs/threading.md)."""

    title_weight: int = 2
    join_threshold: float = 0.1
    # A story of one article is joined only at this higher probability: most
    # mixed stories start with a second, similar event joining a single article.
    single_threshold: float = 0.5
    story_terms: int = 300
    member_terms: int = 40
    members_kept: int = 6
    query_terms: int = 20
    query_names: int = 12
    index_terms: int = 20
    postings: int = 48
    candidates: int = 12
    shown_candidates: int = 3
    weights: Weights = field(default_factory=Weights)
    # The same, for articles whose granularity is RUNNING.
    running_weights: Weights = field(default_factory=lambda: RUNNING_WEIGHTS)
    running_join_threshold: float = 0.15
    running_single_threshold: float = 0.3

    def scoring(self, granularity: str) -> tuple[Weights, float, float]:
        """Return the weights, join and single-article thresholds of a granularity."""
        if granularity == RUNNING:
            return (
                self.running_weights,
                self.running_join_threshold,
                self.running_single_threshold,
            )
        return self.weights, self.join_threshold, self.single_threshold


def _saved_weights(saved: dict[str, float]) -> Weights:
    # Weights of features added since they were saved stay at zero: the engine
    # keeps deciding as it did.
    known = {f.name for f in fields(Weights)}
    return Weights(
        **{
            **{name: 0.0 for name in known},
            **{k: v for k, v in saved.items() if k in known},
        }
    )
