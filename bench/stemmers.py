"""Measure the Snowball stemmers: PyStemmer (C) against snowballstemmer (Python).

Run with ``.venv/bin/python bench/stemmers.py``. No database. For each
language, the words of ``../shared/data/news-similarity-train.csv``'s texts in
that language (``lang1``/``lang2``), normalised and tokenised as
``text_features`` does, are stemmed by both packages: every distinct word once
(what threading pays, since stems are cached), then every word as it comes.
Each is timed ``--rounds`` times; medians of CPU time are printed, with the
ratio, and whether both gave the same stems. The last line is for machines:
``pystemmer_distinct_s=N snowball_distinct_s=N ratio=N``.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import Stemmer  # noqa: E402

from gazette.stories.languages import analyser  # noqa: E402
from gazette.stories.text_features import _TOKEN  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "news-similarity-train.csv"
LANGUAGES = {
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "de": "german",
    "ar": "arabic",
}


def pure_python(algorithm: str) -> Callable[[str], str]:
    """Return the pure-Python snowballstemmer's stemmer, whatever is installed."""
    name = f"snowballstemmer.{algorithm}_stemmer"
    module = importlib.import_module(name)
    stemmer = getattr(module, f"{algorithm.capitalize()}Stemmer")()
    return stemmer.stemWord  # type: ignore[no-any-return]


def words_of(language: str) -> list[str]:
    """Return the lower-cased words of the file's texts in ``language``."""
    csv.field_size_limit(1 << 30)
    rules = analyser(language)
    found: list[str] = []
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for text, code in (
                (row["text1"], row["lang1"]),
                (row["text2"], row["lang2"]),
            ):
                if code == language:
                    found.extend(
                        token.lower()
                        for token in _TOKEN.findall(rules.normalise(text))
                        if token[0].isalpha()
                    )
    return found


def stem_all(stem: Callable[[str], str], words: list[str]) -> list[str]:
    """Return the stem of each of ``words``."""
    return [stem(word) for word in words]


def cpu_median(stem: Callable[[str], str], words: list[str], rounds: int) -> float:
    """Return the median CPU seconds of stemming ``words`` with ``stem``."""
    times = []
    for _ in range(rounds):
        started = time.process_time()
        stem_all(stem, words)
        times.append(time.process_time() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    total_c = total_py = 0.0
    print("lang   words  distinct   PyStemmer distinct / all    Python distinct / all")
    for code, algorithm in LANGUAGES.items():
        words = words_of(code)
        distinct = sorted(set(words))
        compiled = Stemmer.Stemmer(algorithm, 0).stemWord  # no cache
        python = pure_python(algorithm)
        c_distinct = cpu_median(compiled, distinct, args.rounds)
        c_all = cpu_median(compiled, words, args.rounds)
        p_distinct = cpu_median(python, distinct, args.rounds)
        p_all = cpu_median(python, words, args.rounds)
        same = stem_all(compiled, distinct) == stem_all(python, distinct)
        total_c += c_distinct
        total_py += p_distinct
        print(
            f"{code:4}  {len(words):6,}  {len(distinct):8,}  "
            f"{c_distinct * 1000:8.1f} / {c_all * 1000:7.1f} ms  "
            f"{p_distinct * 1000:8.1f} / {p_all * 1000:7.1f} ms  "
            f"{p_distinct / c_distinct:5.1f}x  same stems: {same}"
        )
    print(
        f"pystemmer_distinct_s={total_c:.4f} snowball_distinct_s={total_py:.4f} "
        f"ratio={total_py / total_c:.1f}"
    )


if __name__ == "__main__":
    main()
