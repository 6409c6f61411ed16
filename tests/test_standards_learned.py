"""The learned second signal: cues, class n-grams, the gates, its heads, training.

It may only hold a comment that nothing else flags, citing its head's rule
(violence 4, hatred 2, abuse of people 3, spam 5), and (spam aside) only one
that names someone; whether it runs is GAZETTE_MODERATION_LEARNED.
"""

from __future__ import annotations

import csv

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from gazette.discussion import grammar, learned
from gazette.discussion import learned_training as lt
from gazette.discussion.datasets import StandardsRow
from gazette.discussion.policy import policy_from_settings
from gazette.discussion.standards import HOLD, PUBLISH, REJECT, Policy, check_comment

VIOLENT = [
    "Someone ought to shoot the referee.",
    "I hope the minister gets hit by a bus.",
    "Burn their houses down tonight.",
    "We will find you and hurt you.",
    "Somebody should put a bullet in that judge.",
    "He deserves to be strung up.",
]
OTHER = [
    "The council will publish the revised budget on Thursday.",
    "The gunman shot three people at the station, police said.",
    "What a load of rubbish, the writer is clueless.",
    "Thanks for a clear piece on the ferry timetable.",
    "Shoot me an email if you want the data.",
    "This is a killer app for farmers.",
]


# --- Cues and the target gate (pure) -----------------------------------------


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Someone ought to shoot the referee.", "agent+harm_verb"),
        ("I hope the minister gets hit by a bus.", "wish+harm_event"),
        ("We'll be there with baseball bats.", "weapon"),
        ("I'm going to hurt him.", "intent+harm_verb"),
    ],
)
def test_cues_name_the_grammar_word_classes_and_their_pairs(text, cue):
    assert cue in learned.cues(text)


@pytest.mark.parametrize(
    ("text", "targeted"),
    [
        ("Drolet should be hanged for this.", True),
        ("Hang them all.", True),
        ("The minister deserves worse.", True),
        ("You will regret this.", True),
        ("Migrants should be sent away.", True),
        ("The gunman shot three people at the station.", False),
        ("What a miserable, wet day it was.", False),
    ],
)
def test_the_gate_needs_someone_named(text, targeted):
    assert learned.has_target(text) is targeted


def test_features_add_the_cue_block_to_the_classifiers_ngrams():
    vector = learned.extract("Someone ought to shoot the referee.")
    assert "q:agent+harm_verb" in vector and "w:shoot" in vector
    assert not any(key.startswith("q:") for key in learned.extract("Nice weather."))


# --- Training (numpy) ----------------------------------------------------------


def _tiny_data() -> lt.Featurised:
    rows = [StandardsRow(f"v{i}", t, True, "threat") for i, t in enumerate(VIOLENT)]
    rows += [StandardsRow(f"o{i}", t, False, "neutral") for i, t in enumerate(OTHER)]
    examples = lt.standards_examples("tiny", rows, 4.0)
    examples += lt.calm_examples(["Rain is expected on Sunday afternoon."], 0.3)
    return lt.Featurised(examples)


def test_training_on_a_tiny_sample_separates_its_classes():
    options = lt.Options(min_count=1, iterations=100)
    model = learned.from_dict(lt.train(_tiny_data(), options))
    lowest_violent = min(model.probability(t) for t in VIOLENT)
    highest_other = max(model.probability(t) for t in OTHER)
    assert lowest_violent > highest_other


def test_training_needs_both_classes():
    data = lt.Featurised(lt.calm_examples(["One.", "Two."], 1.0))
    with pytest.raises(ValueError, match="both violent and other"):
        lt.train(data, lt.Options(min_count=1))


def test_cross_validation_scores_each_left_out_set_by_a_model_without_it():
    data = _tiny_data()
    second = lt.standards_examples(
        "other", [StandardsRow("x", "I will stab you.", True, "threat")], 4.0
    )
    data = lt.Featurised(data.examples + second)
    folds = lt.cross_validate(data, ["tiny", "other"], lt.Options(min_count=1))
    assert [f.group for f in folds] == ["tiny", "other"]
    assert len(folds[0].probabilities) == len(VIOLENT) + len(OTHER)
    assert set(folds[1].scores[0]) == {"violent"}


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"format": "something-else"}')
    with pytest.raises(learned.ModelError, match="train-standards"):
        learned.load(path)
    with pytest.raises(learned.ModelError, match="cannot read"):
        learned.load(tmp_path / "missing.json.gz")


# --- The shipped model -----------------------------------------------------------


def test_the_shipped_model_loads_and_scores():
    model = learned.get_model()
    assert model.weights and 0 < model.threshold < 1
    assert model.probability(
        "Somebody needs to put a bullet in Stenvik."
    ) > model.probability("The council will publish the revised budget on Thursday.")
    for text in ("The gunman shot three people at the station.", "Great article."):
        assert model.holds(text) is None


# --- Quoted and reported speech ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "own"),
    [
        # Speech the comment reports is not the writer's.
        (
            'Actor Jeff Daniels said Trump needed a challenger who could "punch '
            'him in the face."',
            "",
        ),
        (
            "Protesters chanted 'hang the minister' outside parliament. A disgrace.",
            "A disgrace.",
        ),
        ("Police say he threatened her. Hope they catch him.", "Hope they catch him."),
        (
            '"We will burn your house down," the caller told her. Awful.',
            "Awful.",
        ),
        # A long quotation is speech wherever it stands.
        (
            'Great piece. "Someone should hang the lot of them" is not an argument.',
            "Great piece. quote  is not an argument.",
        ),
        # A short quotation in the writer's own sentence stays theirs.
        (
            'Someone should "take care of" the minister, permanently.',
            'Someone should "take care of" the minister, permanently.',
        ),
        (
            "Someone ought to \u201cshoot\u201d the referee.",
            'Someone ought to "shoot" the referee.',
        ),
        ("I said I would hurt him and I will.", "I said I would hurt him and I will."),
        ("Nothing to see here, move on.", "Nothing to see here, move on."),
    ],
)
def test_own_words_leave_out_quoted_and_reported_speech(text, own):
    assert grammar.own_words(text) == own


@pytest.mark.parametrize(
    "text",
    [
        'Actor Jeff Daniels said Trump needed a challenger who could "punch him '
        'in the face."',
        "He said someone ought to shoot the referee.",
        "Police say the caller told her someone should put a bullet in that judge.",
    ],
)
def test_the_shipped_model_does_not_hold_what_others_said(text):
    """The words score as a threat (the whole comment near or above the
    threshold); they are someone else's."""
    model = learned.get_model()
    assert model.probability(text) >= 0.5
    assert model.holds(text) is None
    policy = Policy(learned_hold=model.holds)
    assert check_comment(text, toxicity=0.1, policy=policy).outcome == PUBLISH


@pytest.mark.parametrize(
    "text",
    [
        'Someone ought to "shoot" the referee.',
        'Somebody should put a "bullet" in that judge.',
    ],
)
def test_the_shipped_model_holds_a_threat_in_quotation_marks(text):
    """Quotation marks as decoration do not make a threat someone else's."""
    assert learned.get_model().holds(text) is not None


# --- In the decision -------------------------------------------------------------


def test_a_learned_hold_cites_rule_4_when_nothing_else_flags():
    policy = Policy(learned_hold=lambda text, score: 0.9)
    verdict = check_comment(
        "The vote was close and the result stands.", toxicity=0.1, policy=policy
    )
    assert verdict.outcome == HOLD and verdict.rule.number == 4
    assert verdict.detail.startswith("learned:")


def test_the_learned_signal_never_turns_a_rejection_into_a_hold():
    asked = []
    policy = Policy(learned_hold=lambda text, score: asked.append(text) or 0.9)
    verdict = check_comment(
        "Someone should shoot the referee.", toxicity=0.1, policy=policy
    )
    assert verdict.outcome == REJECT and not asked


def test_no_learned_hold_publishes():
    policy = Policy(learned_hold=lambda text, score: None)
    assert (
        check_comment("A fair point.", toxicity=0.1, policy=policy).outcome == PUBLISH
    )


@pytest.mark.parametrize(
    ("value", "on"), [("on", True), ("off", False), ("", False), (True, True)]
)
def test_the_setting_turns_the_signal_on_and_off(settings, value, on):
    settings.GAZETTE_MODERATION_LEARNED = value
    assert (policy_from_settings().learned_hold is not None) is on


def test_a_bad_setting_names_itself(settings):
    settings.GAZETTE_MODERATION_LEARNED = "maybe"
    with pytest.raises(ImproperlyConfigured, match="GAZETTE_MODERATION_LEARNED"):
        policy_from_settings()


# --- Commands --------------------------------------------------------------------


def _write_set(path, rows):
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "label", "category"])
        writer.writerows(rows)


def test_train_standards_writes_a_model_that_loads(tmp_path, capsys):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    rows = [(f"v{i}", t, "violates", "threat") for i, t in enumerate(VIOLENT)]
    rows += [(f"o{i}", t, "allowed", "neutral") for i, t in enumerate(OTHER)]
    _write_set(first, rows[::2])
    _write_set(second, rows[1::2])
    output = tmp_path / "model.json.gz"
    common = ["--sets", str(first), str(second), "--comments", "none"]
    common += ["--tweets", "none", "--calm", "--iterations", "50"]
    call_command("train_standards", *common, "--output", str(output))
    assert learned.load(output).weights
    call_command("train_standards", *common, "--cross-validate")
    assert (
        capsys.readouterr().out.strip().splitlines()[-1].startswith("violent_recall=")
    )


def test_train_standards_explains_bad_input(tmp_path):
    with pytest.raises(CommandError, match="--threshold"):
        call_command("train_standards", "--threshold", "2")
    with pytest.raises(CommandError, match="no such file"):
        call_command("train_standards", "--sets", str(tmp_path / "nope.csv"))


@pytest.mark.django_db
def test_evaluate_standards_runs_with_the_signal_on_and_off(capsys):
    from tests.test_standards_grammar import DATA

    for state in ("off", "on"):
        call_command(
            "evaluate_standards", str(DATA / "standards-own.csv"), "--learned", state
        )
        out = capsys.readouterr().out
        assert f"learned second signal {state}" in out
        assert out.strip().splitlines()[-1].startswith("recall=")


def test_scoring_weighs_exactly_the_training_features():
    import math

    model = learned.get_model()
    text = "Somebody should deal with that referee, properly."
    zero = (0.0,) * len(model.heads)
    vector = learned.extract(text, model.char_grams)
    for head, name in enumerate(model.heads):
        total = model.biases[head] + sum(
            model.weights.get(key, zero)[head] * value for key, value in vector.items()
        )
        expected = 1 / (1 + math.exp(-total))
        assert model.probability(text, name) == pytest.approx(expected)


# --- Heads, class n-grams, thresholds ----------------------------------------


@pytest.mark.parametrize(
    ("text", "gram"),
    [
        ("Somebody should shoot Kessler.", "AGENT should HARM"),
        ("Somebody should shoot Kessler.", "HARM NAME"),
        ("The Dravonians are vermin.", "PEOPLE are BEAST"),
        ("Ring 07700 900 412 now.", "NUM"),
    ],
)
def test_class_ngrams_replace_words_by_their_class_and_names_by_name(text, gram):
    assert gram in learned.class_grams(text)
    assert "k:" + gram in learned.extract(text)


def test_class_ngrams_keep_only_ngrams_with_a_class():
    assert learned.class_grams("The weather was lovely today.") == ()


def test_heads_name_their_categories_and_rules():
    families = [spec.categories for spec in learned.HEADS.values()]
    assert sum(len(f) for f in families) == len(frozenset().union(*families)) == 9
    assert learned.HEADS["hate"].rule == "hate-speech"
    assert learned.HEADS["abuse"].rule == "personal-attacks"
    assert not learned.HEADS["spam"].targeted


def _model(**probabilities: float) -> learned.Model:
    """A model whose heads' biases give these probabilities to any text."""
    import math

    heads = tuple(probabilities)
    biases = tuple(math.log(p / (1 - p)) for p in probabilities.values())
    return learned.Model(heads, {}, biases, (0.5,) * len(heads), {})


def test_the_first_head_over_its_threshold_holds_with_its_rule():
    model = _model(violent=0.2, hate=0.9, abuse=0.95)
    held = model.holds("Those Dravonians are the worst people in town.")
    assert held is not None
    assert (held.head, held.rule) == ("hate", "hate-speech")
    assert held.probability == pytest.approx(0.9)


def test_a_targeted_head_needs_someone_named_and_spam_does_not():
    assert _model(abuse=0.9).holds("What a rotten afternoon it was.") is None
    held = _model(spam=0.9).holds("Cheap watches at bestwatches.shop this week.")
    assert held is not None and held.rule == "spam"


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("great read", False),
        ("How do I sign up for the town hall newsletter?", False),
        ("cheap vapes next day delivery vapeworld.uk", True),
        ("Use code GRANDAD20 for twenty percent off", True),
        ("call 0800 555 0192 now", True),
        ("THIS COUNCIL IS A DISGRACE AND A SCANDAL", True),
        ("lol lol lol lol lol", True),
    ],
)
def test_the_spam_head_holds_only_what_spam_is_made_of(text, shaped):
    assert learned._spam_shaped(text) is shaped
    assert (_model(spam=0.9).holds(text) is not None) is shaped


def test_gated_gives_what_holds_reads():
    model = _model(violent=0.9, abuse=0.8)
    gated = model.gated("What a rotten afternoon it was.")
    assert gated == {"violent": 0.0, "abuse": 0.0}
    assert model.gated("You are the worst.")["abuse"] == pytest.approx(0.8)


def test_a_hold_of_another_head_cites_its_rule():
    held = learned.Hold("abuse", "personal-attacks", "insult or harassment", 0.81)
    verdict = check_comment(
        "A calm comment.",
        toxicity=0.1,
        policy=Policy(learned_hold=lambda t, score: held),
    )
    assert verdict.outcome == HOLD
    assert verdict.rule is not None and verdict.rule.code == "personal-attacks"
    assert verdict.detail == "learned: insult or harassment 0.81"


def test_thresholds_are_chosen_per_head_within_the_bound():
    scores = [
        {"violent": 0.9, "hate": 0.4},  # a threat
        {"violent": 0.7, "hate": 0.95},  # allowed
        {"violent": 0.2, "hate": 0.2},  # allowed
    ]
    fold = lt.Fold("a", tuple(scores), ("threat", "", ""))
    chosen = lt.choose_thresholds([fold], ["violent", "hate"], 0.0)
    assert chosen == {"violent": 0.75, "hate": 1.0}  # 1.0: never holds


def test_a_first_version_model_file_reads_as_the_violent_head():
    model = learned.from_dict(
        {
            "format": learned.MODEL_FORMAT,
            "weights": {"w:shoot": 2.0},
            "bias": -1.0,
            "threshold": 0.6,
        }
    )
    assert model.heads == ("violent",) and model.thresholds == (0.6,)


def test_train_standards_refuses_unknown_heads_and_bad_thresholds():
    with pytest.raises(CommandError, match="unknown head 'fury'"):
        call_command("train_standards", "--thresholds", "fury=0.5")
    with pytest.raises(CommandError, match="between 0 and 1"):
        call_command("train_standards", "--thresholds", "hate=7")


def test_sets_left_out_together_are_scored_by_a_model_without_them(tmp_path):
    data = _tiny_data()
    second = lt.standards_examples(
        "other", [StandardsRow("x", "I will stab you.", True, "threat")], 4.0
    )
    third = lt.standards_examples(
        "third", [StandardsRow("y", "Hang them all tonight.", True, "incitement")], 4.0
    )
    data = lt.Featurised(data.examples + second + third)
    folds = lt.cross_validate(data, ["other+third", "tiny"], lt.Options(min_count=1))
    assert folds[0].categories == ("threat", "incitement")
    assert folds[0].model is not None
    saved = learned.from_dict(lt.model_data(folds[0].model, data, lt.Options()))
    assert saved.heads == folds[0].model.heads


def test_train_standards_refuses_folds_of_unknown_sets(tmp_path):
    path = tmp_path / "a.csv"
    _write_set(path, [("v1", VIOLENT[0], "violates", "threat")])
    with pytest.raises(CommandError, match="no set named nope"):
        call_command(
            "train_standards",
            "--sets",
            str(path),
            "--comments",
            "none",
            "--tweets",
            "none",
            "--calm",
            "--cross-validate",
            "--folds",
            "a+nope",
        )
