"""The fast similarity path gives the reference path's floats, on real articles.

``similarity_batch`` (every family in one pass, the model on every row at once)
ranks related articles during publishing and imports; ``similarity.packed_cosines``
with ``design``/``predict`` row by row is the reference. Compared on the
Wikinews archive (English, running stories side by side) and on the
multilingual pairs of the similarity judgements (every kind of pair), from
``../shared/data``.
"""

import csv
import datetime
import random
from pathlib import Path

import numpy as np
import pytest

from gazette.stories import related, similarity, similarity_batch

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
WIKINEWS = DATA / "wikinews" / "wikinews_2019.csv"
PAIRS = DATA / "news-similarity-train.csv"

csv.field_size_limit(10_000_000)


def needs(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared data directory)")


def wikinews_items(limit: int = 240) -> list[related.Item]:
    needs(WIKINEWS)
    with WIKINEWS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    return [
        related.Item(
            id=n,
            title=row["title"],
            text=row["text"],
            published=datetime.datetime.fromisoformat(row["date"]).replace(
                tzinfo=datetime.UTC
            ),
            story=n % 7 or None,
            language="en",
        )
        for n, row in enumerate(rows, 1)
    ]


def pair_items(limit: int = 240) -> list[related.Item]:
    needs(PAIRS)
    items = []
    with PAIRS.open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            if len(items) >= limit:
                break
            for side in ("1", "2"):
                # Half with their language given, half guessed.
                language = row[f"lang{side}"] if n % 2 else None
                text = row[f"text{side}"]
                items.append(
                    related.Item(
                        id=len(items) + 1,
                        title=text[:80],
                        text=text,
                        language=language,
                    )
                )
    return items


def reference_and_fast(items, seed):
    packed = {item.id: related.profile_of(item) for item in items}
    # The batch path: every profile's features numbered once.
    index = similarity_batch.FeatureIndex(packed)
    picker = random.Random(seed)
    compared = 0
    for target in picker.sample(items, 30):
        others = picker.sample([i for i in items if i.id != target.id], 60)
        mine = packed[target.id]
        theirs = [packed[o.id] for o in others]
        slow = similarity.packed_cosines(mine, theirs)
        fast = similarity_batch.packed_cosines(mine, theirs)
        assert np.array_equal(fast, slow), f"cosines of {target.id} differ"
        indexed = index.cosines(target.id, [o.id for o in others])
        assert np.array_equal(indexed, slow), f"indexed cosines of {target.id} differ"
        reference = related.packed_similarities(mine, theirs)
        scores = related.similarities(target, others, profiles=packed)
        assert scores == reference, f"scores of {target.id} differ"
        assert (
            related.similarities(target, others, profiles=packed, index=index)
            == reference
        )
        assert related.order(target, others, reference, 6) == related.rank(
            target, others, 6, profiles=packed
        )
        assert related.rank(target, others, 6, index=index) == related.rank(
            target, others, 6, profiles=packed
        )
        compared += 1
    return compared


def test_the_fast_path_ranks_wikinews_exactly_as_the_reference():
    items = wikinews_items()
    assert reference_and_fast(items, seed=21) == 30


def test_the_fast_path_scores_every_kind_of_pair_exactly_as_the_reference():
    items = pair_items()
    kinds = {
        similarity.kind(related.profile_of(a), related.profile_of(b))
        for a, b in zip(items[::2], items[1::2], strict=True)
    }
    assert kinds == set(similarity.KINDS)
    assert reference_and_fast(items, seed=7) == 30


def test_the_fast_path_handles_empty_profiles_and_no_candidates():
    empty = similarity.pack(similarity.profile("", ""))
    full = related.profile_of(related.Item(1, "Quake", "A quake hit Chile."))
    none = similarity_batch.packed_cosines(full, [])
    assert none.shape == (0, len(similarity.COSINES))
    assert np.array_equal(
        similarity_batch.packed_cosines(full, [empty, full]),
        similarity.packed_cosines(full, [empty, full]),
    )
    assert np.array_equal(
        similarity_batch.packed_cosines(empty, [full, empty]),
        similarity.packed_cosines(empty, [full, empty]),
    )


def test_the_batch_index_gives_the_same_cosines_without_shared_data():
    """Without ``../shared``: synthetic texts sharing words, numbers and names,
    an empty profile, a candidate twice, candidate sets of every size."""
    picker = random.Random(5)
    words = [
        "quake",
        "rescue",
        "Chile",
        "Santiago",
        "minister",
        "vote",
        "budget",
        "river",
        "flood",
        "2019",
        "40",
    ]
    items = [
        related.Item(
            n,
            " ".join(picker.sample(words, 3)),
            " ".join(picker.choice(words) for _ in range(picker.randint(0, 60))),
        )
        for n in range(1, 41)
    ]
    packed = {item.id: related.profile_of(item) for item in items}
    packed[99] = similarity.pack(similarity.profile("", ""))
    index = similarity_batch.FeatureIndex(packed)
    keys = list(packed)
    for size in (0, 1, 2, 7, 40):
        for target in keys[:10] + [99]:
            others = picker.sample([k for k in keys if k != target], size)
            if size == 7:
                others.append(others[0])
            mine, theirs = packed[target], [packed[k] for k in others]
            assert np.array_equal(
                index.cosines(target, others),
                similarity.packed_cosines(mine, theirs)
                if theirs
                else np.zeros((0, len(similarity.COSINES))),
            ), (target, others)


def test_the_batch_index_is_used_only_when_it_holds_every_profile():
    """A candidate outside the index: its profile is made from its text."""
    items = [
        related.Item(1, "Quake in Chile", "A quake hit Chile on Monday."),
        related.Item(2, "Chile quake toll", "The quake in Chile killed 40."),
        related.Item(3, "Budget vote", "Parliament votes on the budget."),
    ]
    packed = {item.id: related.profile_of(item) for item in items[:2]}
    index = similarity_batch.FeatureIndex(packed)
    assert related.similarities(items[0], items[1:], index=index) == (
        related.similarities(items[0], items[1:])
    )
