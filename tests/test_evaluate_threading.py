"""Clustering metrics on tiny known cases, and the evaluate-threading command."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gazette.stories.evaluation import bcubed_scores, evaluate, pairwise_scores

DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus-dev.jsonl"
LAST_LINE = re.compile(
    r"^pairwise_f1=\d\.\d{3} bcubed_f1=\d\.\d{3} stories=\d+ gold_stories=\d+ "
    r"docs_per_s=\d+$"
)

# Gold: {a, b, c} and {d, e}: 4 gold pairs, 5 articles.
GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}


@pytest.mark.parametrize(
    ("predicted", "pairwise", "bcubed"),
    [
        # All in one story: 4 of its 10 pairs are right; BCubed precision
        # (3*3/5 + 2*2/5) / 5 = 13/25.
        ({k: 0 for k in GOLD}, (0.4, 1.0, 4 / 7), (0.52, 1.0, 1.04 / 1.52)),
        # All alone: nothing claimed, nothing found; BCubed recall
        # (3 * 1/3 + 2 * 1/2) / 5 = 2/5.
        ({k: k for k in GOLD}, (1.0, 0.0, 0.0), (1.0, 0.4, 0.8 / 1.4)),
        # {a, b} {c, d} {e}, by hand: 1 of 2 predicted pairs is right, 1 of 4 gold
        # pairs found; BCubed precision (1 + 1 + 1/2 + 1/2 + 1) / 5,
        # recall (2/3 + 2/3 + 1/3 + 1/2 + 1/2) / 5.
        (
            {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"},
            (0.5, 0.25, 1 / 3),
            (0.8, 8 / 15, 2 * 0.8 * (8 / 15) / (0.8 + 8 / 15)),
        ),
        ({**GOLD}, (1.0, 1.0, 1.0), (1.0, 1.0, 1.0)),
    ],
    ids=["all-in-one", "all-singletons", "hand-computed", "perfect"],
)
def test_metrics_on_known_cases(predicted, pairwise, bcubed):
    for scores, expected in (
        (pairwise_scores(GOLD, predicted), pairwise),
        (bcubed_scores(GOLD, predicted), bcubed),
    ):
        assert (scores.precision, scores.recall, scores.f1) == pytest.approx(expected)


def test_report_counts_stories():
    report = evaluate(GOLD, {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"})
    assert (report.articles, report.stories, report.gold_stories) == (5, 3, 2)


def test_metrics_refuse_different_articles():
    with pytest.raises(ValueError, match="different articles"):
        pairwise_scores(GOLD, {"a": 1})


ROWS = [
    {
        "id": "iran-1",
        "title": "Earthquake hits Qeshm Island off southern Iran, five hurt",
        "text": "A magnitude 6.1 earthquake struck Qeshm Island off southern Iran "
        "on Sunday, injuring five people, the Iranian Red Crescent said.",
        "story": "iran",
    },
    {
        "id": "iran-2",
        "title": "Five injured as 6.1 quake shakes Iran's Qeshm Island",
        "text": "Five people were injured when a 6.1 magnitude earthquake shook "
        "Qeshm Island off southern Iran, the Iranian Red Crescent reported.",
        "story": "iran",
    },
    {
        "id": "lohan-1",
        "title": "Lindsay Lohan checks into Betty Ford Center",
        "text": "Lindsay Lohan has checked into the Betty Ford Center to begin a "
        "90-day stay, her lawyer Shawn Holley said.",
        "story": "lohan",
    },
]


def write_jsonl(tmp_path, rows, extra=""):
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n" + extra)
    return path


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("evaluate_threading", *map(str, args), stdout=out, stderr=err)
    return out.getvalue().splitlines()


def test_command_prints_scores_and_a_machine_readable_last_line(tmp_path):
    lines = run(write_jsonl(tmp_path, ROWS))
    assert LAST_LINE.match(lines[-1]), lines[-1]
    assert "pairwise_f1=1.000 bcubed_f1=1.000 stories=2 gold_stories=2" in lines[-1]
    assert any(line.startswith("pairwise  precision=1.000") for line in lines)
    assert "file order" in lines[0]


def test_command_streams_by_date_when_every_line_has_one(tmp_path):
    dated = [
        {**row, "date": f"2024-01-0{3 - i}T12:00:00"} for i, row in enumerate(ROWS)
    ]
    lines = run(write_jsonl(tmp_path, dated))
    assert "by date" in lines[0]
    assert LAST_LINE.match(lines[-1])


def test_command_can_shuffle(tmp_path):
    lines = run(write_jsonl(tmp_path, ROWS), "--shuffle", 3)
    assert "shuffled (seed 3)" in lines[0]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "line 4: not JSON"),
        ('["a list"]', "line 4: expected a JSON object"),
        ('{"id": "x", "title": "t", "text": "b"}', "line 4: field 'story'"),
        ('{"id": "x", "title": 3, "text": "b", "story": "s"}', "line 4: field 'title'"),
        (
            '{"id": "x", "title": "t", "text": "b", "story": "s", "date": "soon"}',
            "line 4: field 'date'",
        ),
        ('{"id": "iran-1", "title": "t", "text": "b", "story": "s"}', "field 'id'"),
    ],
)
def test_malformed_line_names_file_line_and_field(tmp_path, bad_line, message):
    path = write_jsonl(tmp_path, ROWS, bad_line + "\n")
    with pytest.raises(CommandError) as caught:
        run(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "absent.jsonl")


@pytest.mark.skipif(not DEV_SET.exists(), reason=f"dev set absent: {DEV_SET}")
def test_dev_set_scores_stay_above_the_measured_floor():
    """Guard against regressions: the figures in docs/threading.md, minus a margin."""
    last = run(DEV_SET)[-1]
    figures = dict(item.split("=") for item in last.split())
    assert float(figures["pairwise_f1"]) >= 0.80
    assert float(figures["bcubed_f1"]) >= 0.85
    assert figures["gold_stories"] == "66"


def test_command_scores_against_another_gold_field(tmp_path):
    """--gold topic: both quakes one topic, so keeping them apart loses recall."""
    rows = [
        {**ROWS[0], "topic": "quakes"},
        {**ROWS[1], "story": "iran-2", "topic": "quakes"},
        {**ROWS[2], "topic": 7},
    ]
    path = write_jsonl(tmp_path, rows)
    assert "gold_stories=3" in run(path)[-1]
    by_topic = run(path, "--gold", "topic")[-1]
    assert "gold_stories=2" in by_topic
    missing = write_jsonl(tmp_path, ROWS)
    with pytest.raises(CommandError, match="field 'topic'"):
        run(missing, "--gold", "topic")


def test_command_decides_with_the_granularity_asked_for(tmp_path):
    lines = run(write_jsonl(tmp_path, ROWS), "--granularity", "running")
    assert lines[0].endswith("running weights")
    assert LAST_LINE.match(lines[-1])


@pytest.mark.skipif(not DEV_SET.exists(), reason=f"dev set absent: {DEV_SET}")
def test_running_stories_keep_the_dev_set_s_subjects_apart():
    """Running weights may gather a topic's two events, rarely two topics."""
    out = run(DEV_SET, "--granularity", "running", "--gold", "topic")
    precision = next(line for line in out if line.startswith("pairwise  precision"))
    assert float(precision.split()[1].split("=")[1]) >= 0.85
