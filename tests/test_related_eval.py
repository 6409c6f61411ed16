"""The related-article similarity and ``gazette evaluate-related`` on tiny files."""

import csv
import importlib.util
import io
import re

import pytest
from django.core.management import CommandError, call_command

from gazette.stories import related_evaluation as evaluation
from gazette.stories import similarity, similarity_weights

QUAKE = (
    "A magnitude 6.1 earthquake struck near Valparaiso in Chile on Tuesday, the "
    "Chilean seismology office said. Buildings shook in Santiago and the port of "
    "Valparaiso was evacuated. Michelle Bachelet visited Valparaiso."
)
QUAKE_AGAIN = (
    "Chile counts the damage after the 6.1 earthquake near Valparaiso. President "
    "Michelle Bachelet said the port of Valparaiso would reopen on Thursday."
)
FLOOD = (
    "The Danube burst its banks at Passau on Sunday and the German army sent "
    "soldiers to fill sandbags, the Bavarian interior ministry said."
)
MATCH = (
    "Manchester United beat Arsenal 3-1 at Old Trafford on Saturday, with two "
    "goals from Marcus Rashford in the second half."
)
HEADER = ["pair_id", "lang1", "lang2", "text1", "text2", "Overall"]


def write(tmp_path, rows, header=HEADER, name="pairs.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("evaluate_related", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def last_line(output):
    line = output.strip().splitlines()[-1]
    match = re.fullmatch(r"pearson_en=(\S+) pearson_all=(\S+)", line)
    assert match, line
    return match.group(1), match.group(2)


# -- the model, on plain data ---------------------------------------------------


def score(a, b, others=(FLOOD, MATCH)):
    profiles = [similarity.profile("", t) for t in (a, b, *others)]
    frequencies = similarity.Frequencies.of(profiles)
    return similarity.default_model().score(profiles[0], profiles[1], frequencies)


def test_the_same_story_scores_above_another_story_and_identical_texts_highest():
    same_text = score(QUAKE, QUAKE)
    same_story = score(QUAKE, QUAKE_AGAIN)
    other_story = score(QUAKE, FLOOD)
    assert same_text == 1.0
    assert same_text > same_story > other_story
    assert other_story < 0.25 < same_story


def test_the_shipped_model_never_lowers_the_score_for_more_overlap():
    model = similarity.default_model()
    english = similarity.Profile("en", {})
    german, french = similarity.Profile("de", {}), similarity.Profile("fr", {})
    assert len(model.weights) == similarity.DESIGN_SIZE
    assert all(w >= 0 for w in model.weights[similarity.FREE_TERMS :])
    for a, b in [(english, english), (german, german), (german, french)]:
        curve = [
            model.predict(similarity.design([t / 10] * 8, a, b)) for t in range(11)
        ]
        assert curve == sorted(curve)


def test_languages_are_guessed_from_script_and_frequent_words():
    assert similarity.guess_language(QUAKE) == "en"
    german = "Die Regierung hat in der Nacht mit den Ländern über die Lage beraten."
    assert similarity.guess_language(german) == "de"
    assert similarity.guess_language("北京时间周二发生地震，造成多人受伤。") == "zh"
    assert similarity.guess_language("Москва и Петербург готовятся к зиме.") == "ru"
    assert similarity.guess_language("12 34") == ""


def test_fit_recovers_known_non_negative_weights_and_keeps_them_non_negative():
    truth = [1.0, 0.0, 0.0] + [0.0] * (similarity.DESIGN_SIZE - 3)
    truth[3], truth[4] = 2.0, 0.5
    rows, targets = [], []
    for n in range(60):
        x = (n % 10) / 10
        row = [1.0, 0.0, 0.0] + [0.0] * (similarity.DESIGN_SIZE - 3)
        row[3], row[4] = x, ((n * 7) % 11) / 11
        row[5] = 1.0 - x  # anti-correlated with the target: weight must stay >= 0
        rows.append(row)
        targets.append(sum(w * v for w, v in zip(truth, row, strict=True)))
    model = similarity.fit(rows, targets, penalty=1e-6, sweeps=2000)
    assert model.weights[3] == pytest.approx(2.0, abs=0.05)
    assert model.weights[4] == pytest.approx(0.5, abs=0.05)
    assert model.weights[5] >= 0.0
    with pytest.raises(ValueError):
        similarity.fit([], [])


def test_pearson_known_values():
    assert similarity.pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert similarity.pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert similarity.pearson([1, 1, 1], [1, 2, 3]) == 0.0


# -- reading pairs files --------------------------------------------------------


def test_read_pairs_counts_lines_of_multi_line_texts(tmp_path):
    path = write(
        tmp_path,
        [
            ["a", "en", "en", "first\nsecond line", QUAKE, "1"],
            ["b", "en", "en", QUAKE, FLOOD, "oops"],
        ],
    )
    with pytest.raises(evaluation.PairsFileError) as error:
        evaluation.read_pairs(path)
    assert str(error.value) == (f"{path}, line 4, column Overall: not a number: 'oops'")


@pytest.mark.parametrize(
    "rows, header, message",
    [
        ([], ["text1", "text2"], "line 1: missing column(s) Overall"),
        ([["a", "en", "en", QUAKE, "", "2"]], HEADER, "line 2, column text2: empty"),
        ([["a", "en", "en", QUAKE, FLOOD, "5"]], HEADER, "5 is outside 1 .. 4"),
        ([["a", "en", "en", QUAKE, FLOOD]], HEADER, "line 2: 5 fields, the header"),
        ([], HEADER, "no pairs"),
    ],
)
def test_bad_files_name_file_line_and_column(tmp_path, rows, header, message):
    path = write(tmp_path, rows, header)
    with pytest.raises(CommandError) as error:
        run(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "absent.csv")
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"text1,text2,Overall\n\xe9t\xe9,hiver,1\n")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(path)


# -- the command ----------------------------------------------------------------


def test_similar_pairs_rated_similar_correlate_perfectly(tmp_path):
    path = write(
        tmp_path,
        [
            ["a", "en", "en", QUAKE, QUAKE_AGAIN, "1"],
            ["b", "en", "en", QUAKE, MATCH, "4"],
            ["c", "de", "de", FLOOD, FLOOD, "1"],
            ["d", "de", "en", FLOOD, MATCH, "4"],
        ],
    )
    out, err = run(path)
    assert "4 pairs, 2 English" in out
    assert "pairs 4/4" in err
    english, overall = last_line(out)
    assert english == "1.000"  # two English pairs, in the judges' order
    assert float(overall) > 0.95


def test_the_sign_says_whether_similarity_follows_the_judgements(tmp_path):
    # The judgements reversed: similar texts rated "very dissimilar" (4).
    path = write(
        tmp_path,
        [
            ["a", "en", "en", QUAKE, QUAKE_AGAIN, "4"],
            ["b", "en", "en", QUAKE, MATCH, "1"],
        ],
    )
    out, _ = run(path)
    assert last_line(out) == ("-1.000", "-1.000")


def test_without_language_columns_english_is_guessed(tmp_path):
    german = "Die Regierung hat in der Nacht mit den Ländern über die Lage beraten."
    path = write(
        tmp_path,
        [[QUAKE, QUAKE_AGAIN, "1"], [QUAKE, MATCH, "4"], [german, german, "1"]],
        header=["text1", "text2", "Overall"],
    )
    out, _ = run(path)
    assert "3 pairs, 2 English" in out
    assert last_line(out)[0] == "1.000"


def test_no_english_pairs_gives_nan(tmp_path):
    path = write(
        tmp_path,
        [["a", "de", "de", FLOOD, FLOOD, "1"], ["b", "de", "de", FLOOD, MATCH, "4"]],
    )
    out, _ = run(path)
    assert last_line(out) == ("nan", "1.000")


def test_folds_score_every_pair_with_weights_fitted_without_it(tmp_path):
    rows = []
    texts = [QUAKE, QUAKE_AGAIN, FLOOD, MATCH]
    for n in range(16):
        a, b = texts[n % 4], texts[(n // 4) % 4]
        same = {a, b} <= {QUAKE, QUAKE_AGAIN} or a == b
        rows.append([str(n), "en", "en", a, b, "1" if same else "4"])
    path = write(tmp_path, rows)
    out, err = run(path, "--folds", 4)
    assert "4-fold cross-validation" in out
    assert "folds 4/4" in err
    english, overall = map(float, last_line(out))
    assert english == overall > 0.5
    with pytest.raises(CommandError, match="--folds must be between 2 and 16"):
        run(path, "--folds", 1)


def test_write_weights_ships_a_module_the_model_loads(tmp_path):
    path = write(
        tmp_path,
        [
            ["a", "en", "en", QUAKE, QUAKE_AGAIN, "1"],
            ["b", "en", "en", QUAKE, MATCH, "4"],
            ["c", "en", "en", FLOOD, MATCH, "3.5"],
        ],
    )
    target = tmp_path / "weights.py"
    out, _ = run(path, "--write-weights", target)
    assert f"wrote {target}: {similarity.DESIGN_SIZE} weights" in out
    spec = importlib.util.spec_from_file_location("weights", target)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert len(module.WEIGHTS) == similarity.DESIGN_SIZE
    assert evaluation.file_digest(path) == module.FIT_SHA256
    assert module.FIT_PAIRS == 3


def test_scoring_the_fit_set_with_the_shipped_weights_warns(tmp_path, monkeypatch):
    path = write(
        tmp_path,
        [
            ["a", "en", "en", QUAKE, QUAKE_AGAIN, "1"],
            ["b", "en", "en", QUAKE, MATCH, "4"],
        ],
    )
    monkeypatch.setattr(similarity_weights, "FIT_SHA256", evaluation.file_digest(path))
    out, _ = run(path)
    assert "in-sample" in out
