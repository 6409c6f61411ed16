"""Measure the related lists' cosines of a batch: one article at a time against
the batch's feature index (issue 21).

Run with ``.venv/bin/python bench/related_batch.py`` (``--articles``, ``--rounds``).

It writes the synthetic newsroom's articles (``gazette.demo.synthetic_plan``,
no database), makes their packed profiles as an import does, and gives each
article the candidates an archive import gives it: up to 20 earlier articles
of its story and the 15 newest earlier ones of its section. Then, alternately
for ``--rounds`` rounds, it computes every article's cosines both ways, on the
process's CPU clock:

- ``each``: ``similarity_batch.packed_cosines`` (each article's candidates'
  features sorted to count their document frequencies);
- ``index``: a ``similarity_batch.FeatureIndex`` built for each chunk of 500
  articles and their candidates, as an import builds it (its building
  counted), and ``cosines`` per article.

It checks both give the same floats and prints the medians, their ratio and
the load average; the last line is for machines.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.test")
    import django

    django.setup()
    import numpy as np

    from gazette.demo import synthetic_plan
    from gazette.stories import related, similarity_batch
    from gazette.stories.text_features import body_text

    plan = synthetic_plan.plan_newsroom(
        articles=options.articles,
        stories=max(1, options.articles // 8),
        sections=6,
        authors=10,
        seed=7,
        end=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
    )
    packed = {}
    story_of: dict[int, list[int]] = defaultdict(list)
    section_of: dict[int, list[int]] = defaultdict(list)
    cases: list[tuple[int, list[int]]] = []
    for pk, article in enumerate(plan.articles, 1):
        text = synthetic_plan.write_article(
            plan.stories[article.story], synthetic_plan.article_rng(7, article)
        )
        item = related.Item(
            pk, text.title, body_text(text.lede, text.body)[:1500], language="en"
        )
        packed[pk] = related.profile_of(item)
        picks = dict.fromkeys(story_of[article.story][-20:])
        picks.update(dict.fromkeys(section_of[article.section][-15:]))
        cases.append((pk, list(picks)))
        story_of[article.story].append(pk)
        section_of[article.section].append(pk)

    def each() -> list:
        return [
            similarity_batch.packed_cosines(packed[pk], [packed[o] for o in others])
            for pk, others in cases
        ]

    def index() -> list:
        # As an import: an index per chunk of 500, of its articles and their
        # candidates.
        found = []
        for start in range(0, len(cases), 500):
            chunk = cases[start : start + 500]
            wanted = {pk for case in chunk for pk in [case[0], *case[1]]}
            built = similarity_batch.FeatureIndex({pk: packed[pk] for pk in wanted})
            found += [built.cosines(pk, others) for pk, others in chunk]
        return found

    first, second = each(), index()
    assert all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))
    timings: dict[str, list[float]] = {"each": [], "index": []}
    for _ in range(options.rounds):
        for name, run in (("each", each), ("index", index)):
            started = time.process_time()
            run()
            timings[name].append(time.process_time() - started)
    mean_candidates = sum(len(o) for _, o in cases) / len(cases)
    each_s = statistics.median(timings["each"])
    index_s = statistics.median(timings["index"])
    load = os.getloadavg()
    print(
        f"{len(cases)} articles, {mean_candidates:.1f} candidates each, "
        f"the same cosines both ways"
    )
    for name in ("each", "index"):
        per = statistics.median(timings[name]) / len(cases) * 1000
        rounds = ", ".join(f"{t:.2f}" for t in timings[name])
        print(f"{name:>5}: {per:.2f} ms CPU an article (rounds, s: {rounds})")
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(
        f"each_ms={each_s / len(cases) * 1000:.3f} "
        f"index_ms={index_s / len(cases) * 1000:.3f} "
        f"ratio={index_s / each_s:.3f} load={load[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
