"""Measure writing and reading the threading engine's snapshot.

Run with ``.venv/bin/python bench/threading_snapshot.py [--articles 100000]``
(about 3 minutes at 100,000). No database: the engine of
``bench/threading_engine.py``'s stream at ``--articles`` stored is packed the
way ``ThreadingState.pack`` does (orjson, Zstandard level 1) and read back the
way ``ThreadingState.read_snapshot`` does, against the standard library's json
and zlib (level 1) measured in the same run on the same state as the reference.
Each step is timed ``--rounds`` times; the medians are printed. The last line is
for machines: ``articles=N json_mb=N write_s=N read_s=N ref_write_s=N
ref_read_s=N``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from threading_engine import real_articles, synthetic_stream  # noqa: E402

from gazette.stories.threading import Article, ThreadingEngine  # noqa: E402


def median_seconds(step: Callable[[], Any], rounds: int) -> tuple[float, Any]:
    """Return the median wall-clock seconds of ``step`` and its last result."""
    times = []
    result = None
    for _ in range(rounds):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)

    from gazette.stories.models import ThreadingState

    real = real_articles()
    synthetic = synthetic_stream(options.seed)
    rng = random.Random(options.seed)
    engine = ThreadingEngine()
    started = time.perf_counter()
    for stored in range(options.articles):
        if real and rng.random() < 0.05:
            title, text = rng.choice(real)
        else:
            title, text = next(synthetic)
        engine.add(Article(f"a{stored}", title, text))
        if (stored + 1) % 10_000 == 0:
            print(
                f"  {stored + 1} stored, {time.perf_counter() - started:.0f} s",
                flush=True,
            )
    print(f"{options.articles} articles in {len(engine.stories)} stories")

    to_dict, state = median_seconds(engine.to_dict, options.rounds)
    pack, packed = median_seconds(lambda: ThreadingState.pack(state), options.rounds)
    row = ThreadingState(snapshot_data=packed)
    read, restored = median_seconds(row.read_snapshot, options.rounds)
    assert restored == state, "the snapshot did not read back as written"
    from_dict, _ = median_seconds(
        lambda: ThreadingEngine.from_dict(restored), options.rounds
    )

    def reference_pack() -> bytes:
        return zlib.compress(json.dumps(state, separators=(",", ":")).encode(), 1)

    ref_pack, ref_packed = median_seconds(reference_pack, options.rounds)
    ref_read, _ = median_seconds(
        lambda: json.loads(zlib.decompress(ref_packed)), options.rounds
    )
    json_mb = len(json.dumps(state, separators=(",", ":"))) / 1e6
    print(f"state: {json_mb:.1f} MB of JSON; to_dict {to_dict:.3f} s")
    print(f"{'':28}{'write s':>10}{'read s':>10}{'MB':>8}")
    print(
        f"{'orjson + zstd 1 (Gazette)':28}{pack:10.3f}{read:10.3f}"
        f"{len(packed) / 1e6:8.1f}"
    )
    print(
        f"{'json + zlib 1 (reference)':28}{ref_pack:10.3f}{ref_read:10.3f}"
        f"{len(ref_packed) / 1e6:8.1f}"
    )
    print(
        f"ratio (Gazette / reference): write {pack / ref_pack:.2f}, "
        f"read {read / ref_read:.2f}; from_dict after reading {from_dict:.3f} s"
    )
    print(
        f"articles={options.articles} json_mb={json_mb:.1f} write_s={pack:.3f} "
        f"read_s={read:.3f} ref_write_s={ref_pack:.3f} ref_read_s={ref_read:.3f}"
    )
    return 0


if __name__ == "__main__":
    import django

    # ThreadingState is a model: Django must be set up (no database is used).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.demo")
    django.setup()
    raise SystemExit(main())
