"""Measure the threading engine on a labelled JSON-lines file.

Example::

    gazette evaluate-threading ../shared/data/ecbplus-dev.jsonl
    gazette evaluate-threading ../shared/data/ecbplus-dev.jsonl --shuffle 1
    gazette evaluate-threading var/threading-wikinews.jsonl --granularity running
"""

from __future__ import annotations

import json
import random
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gazette.stories.evaluation import evaluate
from gazette.stories.threading import (
    EVENT,
    GRANULARITIES,
    Article,
    ThreadingEngine,
)

PROGRESS_EVERY = 1000


def read_labelled(
    path: Path, granularity: str = EVENT, gold: str = "story"
) -> list[tuple[Article, str]]:
    """Return (article, gold story) pairs from a JSON-lines file.

    Raise ``CommandError`` naming the file, line and field of the first bad line.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CommandError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text") from None
    rows: list[tuple[Article, str]] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            record: Any = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise CommandError(f"{where}: expected a JSON object")
        if gold != "story" and isinstance(record.get(gold), int):
            record[gold] = str(record[gold])
        for name in ("id", "title", "text", "story", gold):
            value = record.get(name)
            if name == "id" and isinstance(value, int):
                value = record[name] = str(value)
            if not isinstance(value, str) or (name != "text" and not value):
                raise CommandError(f"{where}: field '{name}' missing or not a string")
        if record["id"] in seen:
            raise CommandError(f"{where}: field 'id' repeats {record['id']!r}")
        seen.add(record["id"])
        published = None
        if record.get("date") is not None:
            try:
                published = datetime.fromisoformat(str(record["date"]))
            except ValueError:
                raise CommandError(
                    f"{where}: field 'date' is not an ISO date: {record['date']!r}"
                ) from None
        article = Article(
            record["id"], record["title"], record["text"], published, granularity
        )
        rows.append((article, record[gold]))
    if not rows:
        raise CommandError(f"{path}: no articles")
    return rows


def _order_key(row: tuple[Article, str]) -> float:
    published = row[0].published
    return published.timestamp() if published is not None else 0.0


class Command(BaseCommand):
    help = (
        "Stream a labelled JSON-lines file (id, title, text, optional date, gold "
        "story) through the threading engine and print pairwise and BCubed scores. "
        "Touches no database. Example: gazette evaluate-threading "
        "../shared/data/ecbplus-dev.jsonl"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="labelled JSON-lines file")
        parser.add_argument(
            "--shuffle",
            type=int,
            metavar="SEED",
            help="stream in a random order drawn from SEED instead of file/date order",
        )
        parser.add_argument(
            "--granularity",
            choices=GRANULARITIES,
            default=EVENT,
            help="decide with the weights for single events (default, as the "
            "ECB+ gold stories are) or for a newsroom's running stories",
        )
        parser.add_argument(
            "--gold",
            default="story",
            metavar="FIELD",
            help="the field that holds the gold grouping (default story; e.g. "
            "topic, to see whether running stories keep different subjects apart)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        rows = read_labelled(path, options["granularity"], options["gold"])
        if options["shuffle"] is not None:
            random.Random(options["shuffle"]).shuffle(rows)
            order = f"shuffled (seed {options['shuffle']})"
        elif all(article.published for article, _ in rows):
            # sorted() is stable: equal dates keep their file order.
            rows.sort(key=_order_key)
            order = "by date"
        else:
            order = "file order"
        engine = ThreadingEngine()
        predicted: dict[str, str] = {}
        started = time.perf_counter()
        for done, (article, _) in enumerate(rows, start=1):
            decision = engine.add(article)
            predicted[article.id] = decision.story_id or engine.last_new_story or ""
            if done % PROGRESS_EVERY == 0:
                self.stderr.write(f"{done}/{len(rows)} articles")
        elapsed = max(time.perf_counter() - started, 1e-9)
        gold = {article.id: story for article, story in rows}
        report = evaluate(gold, predicted)
        docs_per_s = round(len(rows) / elapsed)
        pairwise, bcubed = report.pairwise, report.bcubed
        self.stdout.write(
            f"{path}: {report.articles} articles, {order}, "
            f"{options['granularity']} weights"
        )
        self.stdout.write(
            f"pairwise  precision={pairwise.precision:.3f} "
            f"recall={pairwise.recall:.3f} f1={pairwise.f1:.3f}"
        )
        self.stdout.write(
            f"bcubed    precision={bcubed.precision:.3f} "
            f"recall={bcubed.recall:.3f} f1={bcubed.f1:.3f}"
        )
        self.stdout.write(
            f"stories   found={report.stories} gold={report.gold_stories}"
        )
        self.stdout.write(f"speed     {docs_per_s} articles/s ({elapsed:.2f} s)")
        self.stdout.write(
            f"pairwise_f1={pairwise.f1:.3f} bcubed_f1={bcubed.f1:.3f} "
            f"stories={report.stories} gold_stories={report.gold_stories} "
            f"docs_per_s={docs_per_s}"
        )
