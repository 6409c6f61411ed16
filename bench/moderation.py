"""Measure the cost of judging one comment: the toxicity score plus the standards.

Run with ``.venv/bin/python bench/moderation.py`` (under a minute). No database,
no server: every comment of ``../shared/data/civil-comments-train.csv`` (or
``--data FILE`` with a ``text`` column) is scored by the shipped model
(``toxicity.score``) and checked by ``standards.check_comment``, one at a time
on one core, ``--rounds`` times. Times are the process's CPU time (so that other
work on a busy machine does not count), with wall-clock time for both steps
beside. Prints the median, p99 and worst time per comment for each step and
for both, and the longest comments' median, p99 and worst (the budget is
5 ms a comment at p99, long comments included). The last line is for machines:
``p50_ms=N p99_ms=N comments_per_s=N`` (CPU time).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazette.discussion import standards, toxicity  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "civil-comments-train.csv"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data}: no such file; pass --data FILE.csv (a text column).")
    with args.data.open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    # Append two extreme lengths: the longest comment the site accepts and an
    # empty one.
    texts += ["word " * 600, ""]
    toxicity.get_model()  # loading is once per process, not per comment
    policy = standards.Policy()
    score_ms: list[float] = []
    check_ms: list[float] = []
    total_ms: list[float] = []
    wall_ms: list[float] = []
    lengths: list[int] = []
    clock = time.process_time
    for _ in range(args.rounds):
        for text in texts:
            wall = time.perf_counter()
            started = clock()
            score = toxicity.score(text)
            scored = clock()
            standards.check_comment(text, toxicity=score, policy=policy)
            done = clock()
            wall_ms.append((time.perf_counter() - wall) * 1000)
            score_ms.append((scored - started) * 1000)
            check_ms.append((done - scored) * 1000)
            total_ms.append((done - started) * 1000)
            lengths.append(len(text))
    print(f"{len(texts):,} comments x {args.rounds} round(s), one core")
    for name, values in (
        ("toxicity.score", score_ms),
        ("check_comment", check_ms),
        ("both", total_ms),
        ("both, wall", wall_ms),
    ):
        print(
            f"{name:15s} p50 {statistics.median(values):.3f} ms  "
            f"p99 {_percentile(values, 0.99):.3f} ms  worst {max(values):.3f} ms"
        )
    for least in (1000, 700):
        long = [t for t, n in zip(total_ms, lengths, strict=True) if n >= least]
        if long:
            print(
                f"comments of {least:,}+ characters ({len(long):,}): "
                f"p50 {statistics.median(long):.3f} ms  "
                f"p99 {_percentile(long, 0.99):.3f} ms  worst {max(long):.3f} ms"
            )
    per_s = len(total_ms) / (sum(total_ms) / 1000)
    print(
        f"p50_ms={statistics.median(total_ms):.3f} "
        f"p99_ms={_percentile(total_ms, 0.99):.3f} comments_per_s={per_s:.0f}"
    )


if __name__ == "__main__":
    main()
