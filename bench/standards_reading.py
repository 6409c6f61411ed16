"""Time the standards' decision with and without the clause reading, alternated.

Run with ``.venv/bin/python bench/standards_reading.py`` (a minute or two).
Every comment of ``tests/data/standards-own*.csv`` and
``../shared/data/standards-dev.csv`` is decided as ``gazette
evaluate-standards`` decides it for a new reader (the classifier's score,
then ``standards.check_comment`` with the learned signal on), one at a time,
with the clause reading that opens the violent head's gates
(``learned._harmed``, issue 17's sixth round) switched off ("before") and on
("after"), alternated for ``--rounds`` rounds after one warm-up. Times are the
process's CPU time. Prints the median and p99 per comment of each, with the
load average; the last line is for machines: ``before_p99_ms=N
after_p99_ms=N`` (the last round's).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.test")

import django  # noqa: E402

django.setup()

from gazette.discussion import (  # noqa: E402
    datasets,
    learned,
    standards,
    toxicity,
    violence_clause,
)
from gazette.discussion.policy import policy_from_settings  # noqa: E402

SETS = sorted((ROOT / "tests" / "data").glob("standards-own*.csv")) + [
    ROOT.parent / "shared" / "data" / "standards-dev.csv"
]


def _times(texts: list[str]) -> tuple[float, float]:
    """Return the median and p99 CPU milliseconds of deciding each text."""
    classifier = toxicity.get_model()
    policy = replace(policy_from_settings(), learned_hold=learned.get_model().holds)
    times = []
    for text in texts:
        violence_clause.analyse.cache_clear()
        started = time.process_time()
        standards.check_comment(text, toxicity=classifier.score(text), policy=policy)
        times.append((time.process_time() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(0.99 * len(times)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    texts = [
        row.text
        for path in SETS
        if path.exists()
        for row in datasets.read_standards(path)
    ]
    _times(texts)  # warm-up: models loaded, patterns compiled
    last: dict[str, float] = {}
    for round_ in range(1, args.rounds + 1):
        for name in ("before", "after"):
            if name == "before":
                with mock.patch.object(learned, "_harmed", lambda text: False):
                    median, p99 = _times(texts)
            else:
                median, p99 = _times(texts)
            last[name] = p99
            print(
                f"round {round_} {name}: {len(texts)} comments, median "
                f"{median:.2f} ms, p99 {p99:.2f} ms; load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    print(f"before_p99_ms={last['before']:.2f} after_p99_ms={last['after']:.2f}")


if __name__ == "__main__":
    main()
