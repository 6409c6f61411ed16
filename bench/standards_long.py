"""Time the community standards' whole decision on long comments.

Run with ``.venv/bin/python bench/standards_long.py`` (about a minute). Every
comment of ``../shared/data/civil-comments-train.csv`` of ``--min-chars``
(500) characters or more, up to ``--limit`` (400), is decided as ``gazette
evaluate-standards`` decides a comment for a new reader (the classifier's
score, then ``standards.check_comment`` with the settings' policy), one at a
time on one core, with the learned second signal off and on, alternated for
``--rounds`` rounds. Times are the process's CPU time (other work on a busy
machine counts less). Prints the median and p99 per comment of each, and the
load average; the last line is for machines: ``p50_ms=N p99_ms=N`` (learned
signal on, the site's default). The budget is 5 ms a comment at p99.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.test")

import django  # noqa: E402

django.setup()

from gazette.discussion import standards, toxicity  # noqa: E402
from gazette.discussion.policy import policy_from_settings  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "civil-comments-train.csv"


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--min-chars", type=int, default=500)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data}: no such file; pass --data FILE.csv (a text column).")
    csv.field_size_limit(sys.maxsize)
    with args.data.open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    texts = [t for t in texts if len(t) >= args.min_chars][: args.limit]
    model = toxicity.get_model()
    policy = policy_from_settings()
    variants = {"learned off": replace(policy, learned_hold=None), "learned on": policy}
    times: dict[str, list[float]] = {name: [] for name in variants}
    for chosen in variants.values():  # warm up: models loaded, caches built
        standards.check_comment("Warming up.", toxicity=0.1, policy=chosen)
    for _ in range(args.rounds):
        for name, chosen in variants.items():
            for text in texts:
                started = time.process_time()
                score = model.score(text)
                standards.check_comment(text, toxicity=score, policy=chosen)
                times[name].append((time.process_time() - started) * 1000)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{len(texts)} comments of {args.min_chars}+ characters x {args.rounds}")
    for name, values in times.items():
        print(
            f"{name:12s} median {statistics.median(values):.2f} ms  "
            f"p99 {_p99(values):.2f} ms  worst {max(values):.2f} ms"
        )
    print(f"load average {load}")
    on = times["learned on"]
    print(f"p50_ms={statistics.median(on):.2f} p99_ms={_p99(on):.2f}")


if __name__ == "__main__":
    main()
