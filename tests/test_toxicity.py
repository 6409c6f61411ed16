"""The on-device toxicity classifier: the shipped model, training and evaluation."""

import csv
import gzip
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gazette.discussion import (
    datasets,
    evaluation,
    features,
    profanity,
    toxicity,
    training,
)

INSULTS = ["idiot", "moron", "stupid", "pathetic", "loser", "clown", "fool", "dumb"]
TOPICS = ["budget", "bridge", "school", "harbour", "election", "library", "ferry"]


def _rows(n=80):
    """Return (id, text, toxic) rows a classifier can learn: insults are toxic."""
    rows = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        if i % 2:
            insult = INSULTS[i % len(INSULTS)]
            rows.append((i, f"You {insult}, the {topic} story is beyond you.", 1))
        else:
            rows.append((i, f"The {topic} plan needs a second look, thanks.", 0))
    return rows


def _write(path, header, rows):
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def labelled(tmp_path):
    return _write(tmp_path / "comments.csv", ["id", "text", "toxic"], _rows())


def _train(tmp_path, data, *extra_args):
    out = StringIO()
    model = tmp_path / "model.json.gz"
    call_command(
        "train_moderation",
        "--data",
        str(data),
        "--output",
        str(model),
        "--iterations",
        "40",
        *extra_args,
        stdout=out,
    )
    return model, out.getvalue()


def _evaluate(path, *args):
    out = StringIO()
    call_command("evaluate_moderation", str(path), *args, stdout=out)
    return out.getvalue()


# --- The shipped model ------------------------------------------------------


def test_shipped_model_loads_and_scores_between_0_and_1():
    model = toxicity.get_model()
    assert model.weights and model.trained["comments"] > 1000
    for text in ["", "Hello.", "x" * 10_000, "\u202e\u0000 <script>"]:
        assert 0.0 <= toxicity.score(text) <= 1.0


def test_shipped_model_is_loaded_once():
    assert toxicity.get_model() is toxicity.get_model()


@pytest.mark.parametrize(
    ("insult", "neutral"),
    [
        (
            "You are a pathetic, stupid idiot and everyone here knows it.",
            "The council will publish the revised budget on Thursday.",
        ),
        (
            "Shut up, moron. Nobody cares what a clueless loser like you thinks.",
            "Thank you for explaining how the ferry timetable changes in May.",
        ),
        ("what a bunch of idiots", "what a lovely photograph"),
    ],
)
def test_an_obvious_insult_scores_above_a_neutral_sentence(insult, neutral):
    assert toxicity.score(insult) > toxicity.score(neutral)


def test_neutral_news_comments_score_below_the_default_hold_threshold():
    for text in [
        "The council will publish the revised budget on Thursday.",
        "Thank you for explaining how the ferry timetable changes in May.",
    ]:
        assert toxicity.score(text) < 0.5


def test_missing_or_foreign_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(toxicity.ModelError, match="train-moderation"):
        toxicity.load(tmp_path / "absent.json.gz")
    (tmp_path / "other.json").write_text(json.dumps({"format": "something else"}))
    with pytest.raises(toxicity.ModelError, match="not a toxicity model"):
        toxicity.load(tmp_path / "other.json")
    (tmp_path / "broken.json.gz").write_bytes(gzip.compress(b"{not json"))
    with pytest.raises(toxicity.ModelError, match="not a toxicity model"):
        toxicity.load(tmp_path / "broken.json.gz")


# --- Features and metrics ---------------------------------------------------


def test_feature_blocks_are_unit_length():
    vector = features.extract("You idiot! You IDIOT!! Read the budget.")
    for prefix in ("w:", "c:"):
        block = [v for k, v in vector.items() if k.startswith(prefix)]
        assert sum(v * v for v in block) == pytest.approx(1.0)
    assert "w:you idiot" in vector and "c: idi" in vector
    assert {key[:2] for key in vector} == {"w:", "c:"}


@pytest.mark.parametrize(
    ("labels", "scores", "auc"),
    [
        ([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 1.0),
        ([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1], 0.0),
        ([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 0.5),
        ([0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8], 0.5),
    ],
)
def test_roc_auc(labels, scores, auc):
    assert evaluation.roc_auc(labels, scores) == pytest.approx(auc)


def test_macro_f1_does_not_reward_calling_everything_toxic():
    labels = [1] * 7 + [0] * 3
    toxic, civil = evaluation.classify_scores(labels, [1.0] * 10, 0.5)
    assert toxic.f1 == pytest.approx(14 / 17)
    assert civil.f1 == 0.0


def test_best_threshold_maximises_macro_f1():
    labels = [0, 0, 0, 1, 1, 1]
    threshold, macro = training.best_threshold(labels, [0.1, 0.2, 0.3, 0.7, 0.8, 0.9])
    assert 0.3 < threshold < 0.7 and macro == pytest.approx(1.0)


def test_holdout_is_stable_and_near_its_share():
    keys = [str(i) for i in range(4000)]
    held = [k for k in keys if training.in_holdout(k, 0.2)]
    assert held == [k for k in keys if training.in_holdout(k, 0.2)]
    assert 700 < len(held) < 900


def test_soft_targets_come_from_the_annotators_votes(tmp_path):
    path = _write(
        tmp_path / "votes.csv",
        ["id", "text", "annotators", "toxic_votes", "toxic", "types"],
        [(1, "hmm", 3, 2, 1, "Insult"), (2, "fine", 7, 3, 0, "")],
    )
    examples = datasets.read_labelled(path)
    assert [(e.key, e.label, round(e.target, 3)) for e in examples] == [
        ("1", 1, 0.667),
        ("2", 0, 0.429),
    ]


# --- gazette train-moderation / evaluate-moderation ------------------------


def test_train_then_evaluate(tmp_path, labelled):
    holdout = tmp_path / "holdout.csv"
    model, output = _train(
        tmp_path, labelled, "--holdout", "0.25", "--holdout-csv", str(holdout)
    )
    assert "features seen in 2+ comments" in output
    assert "Fold 4/4" in output
    assert re.search(r"Held out \(\d+ comments never trained on\): ROC AUC", output)
    assert toxicity.load(model).trained["held_out"] > 0

    with holdout.open() as held_file:
        held_rows = list(csv.DictReader(held_file))
    trained_texts = {row[1] for row in _rows()} - {row["text"] for row in held_rows}
    assert held_rows and trained_texts  # both sides of the split are used

    report = _evaluate(holdout, "--model", str(model))
    lines = report.strip().splitlines()
    assert re.fullmatch(
        r"roc_auc=\d\.\d{3} macro_f1=\d\.\d{3} comments_per_s=\d+", lines[-1]
    )
    assert "ROC AUC: 1.000" in report  # the toy data is separable
    assert "threshold: 0.50" in report
    assert re.search(r"toxic: precision \d\.\d{3}  recall \d\.\d{3}  F1", report)
    assert "macro-F1:" in report


def test_trained_model_separates_what_it_learned(tmp_path, labelled):
    model, _ = _train(tmp_path, labelled)
    scorer = toxicity.load(model)
    assert scorer.score("You idiot, the ferry story is beyond you.") > scorer.score(
        "The ferry plan needs a second look, thanks."
    )


def test_train_with_davidson_extra(tmp_path, labelled):
    extra = _write(
        tmp_path / "davidson.csv",
        ["", "count", "hate_speech", "offensive_language", "neither", "class", "tweet"],
        [
            (0, 3, 0, 3, 0, 1, "you stupid clown"),
            (1, 3, 0, 0, 3, 2, "lovely morning at the harbour"),
        ],
    )
    model, output = _train(tmp_path, labelled, "--extra", str(extra))
    assert "+1 extra" in output  # by default only the civil tweet
    assert toxicity.load(model).trained["data"] == ["comments.csv", "davidson.csv"]
    _, output = _train(
        tmp_path, labelled, "--extra", str(extra), "--extra-labels", "all"
    )
    assert "+2 extra" in output


def test_train_with_civil_prose(tmp_path, labelled):
    paragraph = "The harbour authority opened the new ferry terminal on Monday morning."
    civil = _write(
        tmp_path / "news.csv",
        ["url", "title", "text"],
        [("u1", "Ferry opens", f"{paragraph}\n\nShort.\n\n{paragraph} It cost less.")],
    )
    examples = datasets.read_civil(civil)
    assert [e.text for e in examples] == [
        "Ferry opens",
        paragraph,
        f"{paragraph} It cost less.",
    ]
    assert {(e.label, e.target) for e in examples} == {(0, 0.0)}
    model, output = _train(tmp_path, labelled, "--civil", str(civil))
    assert "Reading civil prose from" in output and "+3 extra" in output
    assert toxicity.load(model).trained["data"] == ["comments.csv", "news.csv"]
    _, output = _train(tmp_path, labelled, "--civil", "none")
    assert "civil prose" not in output and "+0 extra" in output


def test_evaluate_uses_the_configured_threshold(tmp_path, labelled, settings):
    model, _ = _train(tmp_path, labelled)
    settings.GAZETTE_MODERATION_HOLD_THRESHOLD = "0.7"
    settings.GAZETTE_MODERATION_REJECT_THRESHOLD = "0.9"
    assert "threshold: 0.70" in _evaluate(labelled, "--model", str(model))
    assert "threshold: 0.30" in _evaluate(
        labelled, "--model", str(model), "--threshold", "0.3"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "text,label\nhello,1\n",
            r"bad\.csv: no 'toxic' column \(columns found: text, label\)",
        ),
        (
            "text,toxic\nhello,maybe\n",
            r"bad\.csv:2: column 'toxic' is 'maybe'; expected 0 or 1",
        ),
        (
            "text,toxic\nfine,0\nhello,1,extra\n",
            r"bad\.csv:3: 3 fields where the header has 2",
        ),
        ('text,toxic\nfine,0\n"unclosed,1\n', r"bad\.csv:3: malformed CSV"),
        ("text,toxic\n,1\n", r"bad\.csv:2: column 'text' is empty"),
        ("", r"bad\.csv: empty file"),
        ("text,toxic\n", r"bad\.csv: no comments after the header"),
        ("text,toxic\nfine,0\nbad,\x001\n", r"bad\.csv:3: contains a NUL byte"),
    ],
)
def test_malformed_files_name_the_file_line_and_column(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        _evaluate(path)
    with pytest.raises(CommandError, match=message):
        _train(tmp_path, path)


def test_non_utf8_file_names_the_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"text,toxic\nfine,0\ncaf\xe9,1\n")
    with pytest.raises(CommandError, match=r"latin\.csv:3: not UTF-8"):
        _evaluate(path)


def test_missing_file_and_one_class_files_are_refused(tmp_path):
    with pytest.raises(CommandError, match=r"absent\.csv: no such file"):
        _evaluate(tmp_path / "absent.csv")
    one_class = _write(
        tmp_path / "calm.csv", ["text", "toxic"], [("fine", 0), ("ok", 0)]
    )
    with pytest.raises(CommandError, match="every comment is labelled 0"):
        _evaluate(one_class)


def test_bad_options_are_refused(tmp_path, labelled):
    with pytest.raises(CommandError, match="--holdout 1.5 must be between 0 and 0.9"):
        _train(tmp_path, labelled, "--holdout", "1.5")
    with pytest.raises(CommandError, match="--civil-weight must be 0 or more"):
        _train(tmp_path, labelled, "--civil-weight", "-1")
    with pytest.raises(CommandError, match="--threshold 2.0 must be between 0 and 1"):
        _evaluate(labelled, "--threshold", "2")
    with pytest.raises(CommandError, match="cannot read the toxicity model"):
        _evaluate(labelled, "--model", str(tmp_path / "none.json.gz"))


# --- The blend with alt-profanity-check ---------------------------------------


def test_profanity_model_scores_as_the_package_does():
    from profanity_check import predict_prob

    texts = [
        "",
        "Thanks for the clear report on the harbour.",
        "You are a complete idiot and a liar.",
        "what the f*** is this garbage " * 50,
    ]
    ours = [profanity.get_model().probability(text) for text in texts]
    assert ours == pytest.approx(list(predict_prob(texts)), abs=1e-9)
    assert ours[2] > 0.5 > ours[1]


def test_trained_model_blends_with_the_package(tmp_path, labelled):
    model, output = _train(tmp_path, labelled)
    assert "Blended with alt-profanity-check (weight 0.5)" in output
    data = json.loads(gzip.decompress(model.read_bytes()))
    blend = data["blend"]
    assert blend["weight"] == 0.5 and blend["package"] == "alt-profanity-check"
    assert blend["ours"][1] > 0 and blend["other"][1] > 0
    scorer = toxicity.load(model)
    assert scorer.blend is not None
    text = "You idiot, the ferry story is beyond you."
    # The score is the calibrated average of both models' scaled logits.
    mine = (scorer.raw_logit(text) - blend["ours"][0]) / blend["ours"][1]
    other = profanity.get_model().logit(text)
    theirs = (other - blend["other"][0]) / blend["other"][1]
    expected = data["slope"] * (0.5 * mine + 0.5 * theirs - data["offset"])
    assert scorer.logit(text) == pytest.approx(expected)


def test_without_the_package_the_model_uses_its_own_calibration(
    tmp_path, labelled, monkeypatch, caplog
):
    model, _ = _train(tmp_path, labelled)
    data = json.loads(gzip.decompress(model.read_bytes()))

    def missing():
        raise profanity.Unavailable("not installed")

    monkeypatch.setattr(profanity, "get_model", missing)
    scorer = toxicity.load(model)
    assert scorer.blend is None
    assert scorer.offset == data["blend"]["alone"]["offset"]
    assert scorer.slope == data["blend"]["alone"]["slope"]
    assert "blend left out: not installed" in caplog.text
    assert 0 <= scorer.score("a comment") <= 1
    # Training with a blend needs the package, and says so.
    with pytest.raises(CommandError, match="not installed"):
        _train(tmp_path, labelled)


def test_blend_weight_zero_trains_our_model_alone(tmp_path, labelled):
    model, output = _train(tmp_path, labelled, "--blend-weight", "0")
    assert "Blended" not in output
    assert "blend" not in json.loads(gzip.decompress(model.read_bytes()))
    assert toxicity.load(model).blend is None
    with pytest.raises(CommandError, match="--blend-weight must be between 0 and 1"):
        _train(tmp_path, labelled, "--blend-weight", "1.5")
