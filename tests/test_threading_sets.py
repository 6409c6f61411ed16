"""The labelled running-story sets: the Wikinews annotation and the demo set."""

import csv
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "threading_sets", ROOT / "bench" / "threading_sets.py"
)
assert _spec is not None and _spec.loader is not None
sets = importlib.util.module_from_spec(_spec)
# A dataclass looks its module up in sys.modules while being defined.
sys.modules["threading_sets"] = sets
_spec.loader.exec_module(sets)

needs_wikinews = pytest.mark.skipif(
    not all((sets.WIKINEWS_DIR / name).is_file() for name in sets.WIKINEWS_FILES),
    reason=f"the Wikinews files are not in {sets.WIKINEWS_DIR} (../shared absent)",
)


@needs_wikinews
def test_labels_cover_every_wikinews_article_exactly_once():
    articles = sets.read_wikinews(sets.WIKINEWS_DIR)
    with sets.LABELS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    urls = [row["url"] for row in rows]
    assert len(articles) == 295
    assert sorted(urls) == sorted(article.url for article in articles)
    assert len(set(urls)) == len(urls)
    # read_labels checks the same and every story slug; it must not complain.
    assert sets.read_labels(sets.LABELS, articles).keys() == set(urls)


def test_demo_set_has_the_demo_articles_and_their_stories(tmp_path):
    assert sets.main(["--only", "demo", "--out", str(tmp_path)]) == 0
    lines = (tmp_path / "threading-demo.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in lines.splitlines()]
    demo = json.loads(sets.DEMO.read_text(encoding="utf-8"))["articles"]
    assert len(records) == len(demo) == 48
    expected = {a["slug"]: a.get("story") or f"solo-{a['slug']}" for a in demo}
    assert {r["id"]: r["story"] for r in records} == expected
    assert [r["date"] for r in records] == sorted(r["date"] for r in records)
    for record in records:
        assert record["text"].strip() and "<p>" not in record["text"]


def test_demo_text_is_lede_then_body_paragraphs():
    record = sets.demo_records(sets.DEMO)[0]
    lede, first, second = record["text"].split("\n")[:3]
    assert lede.startswith("An Aldermark River Guard officer was wounded")
    assert first.endswith("officials in Halvard said.")
    assert second.startswith("According to the River Guard")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday, January 4, 2019\xa0\n\n\nAn apartment block", "An apartment block"),
        (
            "\n\n\nSaturday, January 5, 2019\xa0 \n\n\nA road accident",
            "A road accident",
        ),
        ("Monday, March 15, 2021\xa0\n\n\n", ""),
        (
            "Thursday, United States military forces killed Qasem Soleimani.",
            "Thursday, United States military forces killed Qasem Soleimani.",
        ),
        (
            "On Sunday, the state of emergency ended.",
            "On Sunday, the state of emergency ended.",
        ),
    ],
    ids=[
        "dateline",
        "after-blank-lines",
        "dateline-only",
        "weekday-opens-sentence",
        "none",
    ],
)
def test_only_a_leading_dateline_line_is_dropped(text, expected):
    assert sets.strip_dateline(text) == expected


ARTICLES = [
    sets.Source(f"https://example.org/{name}", name, "text", "2019-01-04", "w.csv", n)
    for n, name in enumerate("abc", start=2)
]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["https://example.org/a,story-a", "https://example.org/zzz,story-z"],
            "line 3: unknown url https://example.org/zzz",
        ),
        (["https://example.org/a,story-a", ",story-b"], "line 3: missing url"),
        (
            ["https://example.org/a,", "https://example.org/b,b"],
            "line 2: missing story",
        ),
        (
            [
                "https://example.org/a,a",
                "https://example.org/b,b",
                "https://example.org/a,c",
            ],
            "line 4: duplicate url https://example.org/a (first on line 2)",
        ),
        (
            ["https://example.org/a,a", "https://example.org/b,b"],
            "no row for https://example.org/c (w.csv, line 4)",
        ),
        (["https://example.org/a,Story A"], "line 2: story 'Story A' is not a slug"),
        (["https://example.org/a,a,extra"], "line 2: expected 2 columns"),
    ],
    ids=[
        "unknown",
        "missing-url",
        "missing-story",
        "duplicate",
        "no-row",
        "slug",
        "columns",
    ],
)
def test_bad_label_rows_stop_with_file_line_and_reason(tmp_path, rows, message):
    labels = tmp_path / "labels.csv"
    labels.write_text("url,story\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(sets.SetError) as error:
        sets.read_labels(labels, ARTICLES)
    assert str(error.value).startswith(str(labels))
    assert message in str(error.value)


def test_bad_header_is_refused(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("link,label\n", encoding="utf-8")
    with pytest.raises(sets.SetError, match="line 1: the header must be 'url,story'"):
        sets.read_labels(labels, ARTICLES)


def test_missing_wikinews_file_is_named_with_what_to_do(tmp_path, capsys):
    assert sets.main(["--wikinews", str(tmp_path), "--out", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert f"{tmp_path / 'wikinews_2019.csv'} is missing" in error
    assert "--wikinews DIR" in error


def test_absent_shared_directory_skips_the_wikinews_set(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sets, "SHARED", tmp_path / "no-shared")
    assert sets.main(["--out", str(tmp_path)]) == 0
    assert "skipped the Wikinews set" in capsys.readouterr().out
    assert not (tmp_path / "threading-wikinews.jsonl").exists()
    assert (tmp_path / "threading-demo.jsonl").exists()
