"""Write labelled running-story sets for measuring and fitting story threading.

Two JSON-lines files, one article a line (``id``, ``title``, ``text``, ``date``,
``story``), sorted by date, in the format ``gazette evaluate-threading`` and
``python -m gazette.stories.threading_fit`` read:

- ``var/threading-wikinews.jsonl``: the 295 Wikinews articles of
  ``../shared/data/wikinews/wikinews_2019.csv`` and ``wikinews_2020.csv``, each
  with the running story our annotation ``bench/data/wikinews-running-stories.csv``
  gives its url (guidelines: ``bench/data/README.md``). The texts are read from
  ../shared at run time and are never committed; a leading dateline line
  ("Friday, January 4, 2019") is dropped, as a site's article text would not
  start with one.
- ``var/threading-demo.jsonl``: the demo newsroom's 48 articles
  (``gazette/demo/content/articles.json``), text = lede and body as plain text,
  date = ``published``; an article outside any story is a story of its own,
  ``solo-<slug>``.

No ``topic`` field is written: ``threading_fit`` then deals stories, not
topics, into its held-out halves.

Example::

    .venv/bin/python bench/threading_sets.py
    .venv/bin/python bench/threading_sets.py --only demo --out /tmp/sets
    DJANGO_SETTINGS_MODULE=gazette.settings.demo .venv/bin/gazette \\
        evaluate-threading var/threading-wikinews.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazette.stories.text_features import body_text  # noqa: E402

SHARED = ROOT.parent / "shared"
WIKINEWS_DIR = SHARED / "data" / "wikinews"
WIKINEWS_FILES = ("wikinews_2019.csv", "wikinews_2020.csv")
LABELS = ROOT / "bench" / "data" / "wikinews-running-stories.csv"
DEMO = ROOT / "gazette" / "demo" / "content" / "articles.json"
OUT = ROOT / "var"

_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October"
    "|November|December"
)
# The whole first line, and nothing else: "Thursday, United States military
# forces killed ..." opens an article's first sentence, not a dateline.
_DATELINE = re.compile(
    rf"\A\s*(?:{_WEEKDAYS}), (?:{_MONTHS}) \d{{1,2}}, \d{{4}}[ \t\xa0]*(?:\n|\Z)"
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class SetError(Exception):
    """A source or label file is missing or malformed; the message says which."""


@dataclass(frozen=True)
class Source:
    """One Wikinews article as read from its CSV file."""

    url: str
    title: str
    text: str
    date: str
    file: str
    line: int


def strip_dateline(text: str) -> str:
    """Return ``text`` without a leading "Friday, January 4, 2019" line."""
    return _DATELINE.sub("", text, count=1).strip()


def read_wikinews(directory: Path) -> list[Source]:
    """Return the articles of the Wikinews CSV files in ``directory``."""
    articles: list[Source] = []
    for name in WIKINEWS_FILES:
        path = directory / name
        if not path.is_file():
            raise SetError(
                f"{path} is missing: copy the Wikinews files there or give "
                "their directory with --wikinews DIR."
            )
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"url", "date", "title", "text"} - set(reader.fieldnames or ())
            if missing:
                raise SetError(
                    f"{path}, line 1: no column {', '.join(sorted(missing))} "
                    "(expected url,date,title,text)"
                )
            start = reader.line_num + 1
            for row in reader:
                articles.append(
                    Source(
                        url=row["url"],
                        title=row["title"],
                        text=row["text"],
                        date=row["date"],
                        file=name,
                        line=start,
                    )
                )
                start = reader.line_num + 1
    return articles


def read_labels(path: Path, articles: Sequence[Source]) -> dict[str, str]:
    """Return {url: story} from the label file, which covers ``articles`` once.

    Raise ``SetError`` with the file, line and reason of the first bad row, or
    naming the first article the file has no row for.
    """
    if not path.is_file():
        raise SetError(
            f"{path} is missing: it is the annotation of the Wikinews articles "
            "(bench/data/README.md); restore it from git."
        )
    known = {article.url for article in articles}
    labels: dict[str, str] = {}
    first_line: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != ["url", "story"]:
            raise SetError(f"{path}, line 1: the header must be 'url,story'")
        for row in reader:
            where = f"{path}, line {reader.line_num}"
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != 2:
                raise SetError(
                    f"{where}: expected 2 columns (url,story), got {len(row)}"
                )
            url, story = (cell.strip() for cell in row)
            if not url:
                raise SetError(f"{where}: missing url")
            if not story:
                raise SetError(f"{where}: missing story for {url}")
            if not _SLUG.match(story):
                raise SetError(
                    f"{where}: story {story!r} is not a slug (lower-case letters, "
                    "digits and single hyphens)"
                )
            if url not in known:
                raise SetError(f"{where}: unknown url {url} (in no Wikinews file)")
            if url in labels:
                raise SetError(
                    f"{where}: duplicate url {url} (first on line {first_line[url]})"
                )
            labels[url] = story
            first_line[url] = reader.line_num
    for article in articles:
        if article.url not in labels:
            raise SetError(
                f"{path}: no row for {article.url} ({article.file}, line "
                f"{article.line}); add one with its story."
            )
    return labels


def wikinews_records(
    articles: Sequence[Source], labels: dict[str, str]
) -> list[dict[str, Any]]:
    """Return the labelled Wikinews articles as JSON-lines records, by date."""
    records = [
        {
            "id": article.url,
            "title": article.title,
            "text": strip_dateline(article.text),
            "date": date.fromisoformat(article.date).isoformat(),
            "story": labels[article.url],
        }
        for article in articles
    ]
    # sorted() is stable: articles of one day keep their file order.
    return sorted(records, key=lambda record: record["date"])


def demo_records(path: Path) -> list[dict[str, Any]]:
    """Return the demo newsroom's articles as JSON-lines records, by date."""
    try:
        articles = json.loads(path.read_text(encoding="utf-8"))["articles"]
    except FileNotFoundError:
        raise SetError(f"{path} is missing: restore it from git.") from None
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise SetError(f"{path}: not the demo's articles file ({error})") from None
    records = []
    for number, article in enumerate(articles, start=1):
        try:
            # The text the site gives the engine (stories.services.article_text).
            text = body_text(article["lede"], article["body"])
            published = datetime.fromisoformat(article["published"])
            record = {
                "id": article["slug"],
                "title": article["title"],
                "text": text,
                "date": published.isoformat(),
                "story": article.get("story") or f"solo-{article['slug']}",
            }
        except (KeyError, TypeError, ValueError) as error:
            raise SetError(f"{path}: article {number}: {error!r}") from None
        records.append((published, record))
    records.sort(key=lambda pair: pair[0])
    return [record for _, record in records]


def write_jsonl(path: Path, records: Sequence[dict[str, Any]]) -> None:
    """Write ``records`` to ``path``, one JSON object a line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def summary(records: Sequence[dict[str, Any]], largest: int = 15) -> list[str]:
    """Return lines describing the stories of ``records``."""
    sizes = Counter(record["story"] for record in records)
    distribution = Counter(sizes.values())
    lines = [
        f"articles={len(records)} stories={len(sizes)} "
        f"with_2_or_more={sum(1 for n in sizes.values() if n >= 2)} "
        f"singletons={distribution[1]}",
        "sizes: "
        + ", ".join(f"{size}: {count}" for size, count in sorted(distribution.items()))
        + "  (story size: how many stories)",
        f"largest {min(largest, len(sizes))}:",
    ]
    ranked = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))
    lines += [f"  {count:3d}  {story}" for story, count in ranked[:largest]]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Write the sets asked for and print a summary of each."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example:\n"
        "  .venv/bin/python bench/threading_sets.py\n"
        "  DJANGO_SETTINGS_MODULE=gazette.settings.demo .venv/bin/gazette \\\n"
        "      evaluate-threading var/threading-wikinews.jsonl",
    )
    parser.add_argument(
        "--wikinews",
        type=Path,
        metavar="DIR",
        help=f"directory of {' and '.join(WIKINEWS_FILES)} (default: "
        "../shared/data/wikinews beside the repository)",
    )
    parser.add_argument(
        "--labels",
        type=Path,
        default=LABELS,
        help="url,story annotation (default: bench/data/wikinews-running-stories.csv)",
    )
    parser.add_argument(
        "--demo",
        type=Path,
        default=DEMO,
        help="demo articles (default: gazette/demo/content/articles.json)",
    )
    parser.add_argument(
        "--out", type=Path, default=OUT, help="output directory (default: var/)"
    )
    parser.add_argument(
        "--only", choices=("wikinews", "demo"), help="write only this set"
    )
    args = parser.parse_args(argv)
    try:
        if args.only != "demo":
            directory = args.wikinews or WIKINEWS_DIR
            if args.wikinews is None and not SHARED.is_dir():
                print(f"skipped the Wikinews set: {SHARED} is absent", flush=True)
            else:
                print(f"reading {directory}", flush=True)
                articles = read_wikinews(directory)
                labels = read_labels(args.labels, articles)
                records = wikinews_records(articles, labels)
                target = args.out / "threading-wikinews.jsonl"
                write_jsonl(target, records)
                print(f"wrote {target}", flush=True)
                print("\n".join(summary(records)), flush=True)
        if args.only != "wikinews":
            print(f"reading {args.demo}", flush=True)
            records = demo_records(args.demo)
            target = args.out / "threading-demo.jsonl"
            write_jsonl(target, records)
            print(f"wrote {target}", flush=True)
            print("\n".join(summary(records)), flush=True)
    except SetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
