"""The community standards as code: rules, checks and verdicts, without a database."""

import json
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from gazette.discussion import standards
from gazette.discussion.policy import policy_from_settings
from gazette.discussion.standards import (
    HOLD,
    PUBLISH,
    REJECT,
    RULES,
    Policy,
    check_comment,
    rule_by_code,
)

NEWSROOM = Path(standards.__file__).parent.parent / "demo" / "content" / "newsroom.json"
CALM = 0.05  # a classifier score far below every threshold


def test_rules_are_numbered_in_order_with_unique_codes():
    assert [rule.number for rule in RULES] == list(range(1, len(RULES) + 1))
    assert len({rule.code for rule in RULES}) == len(RULES)
    assert rule_by_code("personal-attacks").number == 3
    assert rule_by_code("personal-attacks").title == "No personal attacks"
    assert rule_by_code("no-such-rule") is None


def test_every_machine_check_has_a_rule():
    automatic = {rule.code for rule in RULES if rule.automatic}
    assert automatic == {
        "hate-speech",
        "personal-attacks",
        "threats",
        "spam",
        "personal-data",
        "off-limits-words",
    }


def test_demo_standards_page_states_the_same_numbered_rules():
    page = json.loads(NEWSROOM.read_text())["community_standards"]
    assert [(r["number"], r["title"]) for r in page["rules"]] == [
        (rule.number, rule.title) for rule in RULES
    ]


def test_demo_standards_page_says_what_happens_to_a_deleted_readers_comments():
    page = json.loads(NEWSROOM.read_text())["community_standards"]
    text = " ".join(
        [page["intro"], page["closing"]] + [r["text"] for r in page["rules"]]
    )
    assert "deleted reader" in text
    assert "remain" in text or "stay" in text


@pytest.mark.parametrize(
    ("text", "outcome", "code"),
    [
        # Ordinary comments pass, including sharp disagreement.
        ("Thanks for the thorough reporting on the council budget.", PUBLISH, None),
        (
            "I disagree: the bypass will cost far more than the article says.",
            PUBLISH,
            None,
        ),
        ("Niger and Nigeria are both mentioned in the piece.", PUBLISH, None),
        ("A chink in the armour; the ward is spick and span.", PUBLISH, None),
        ("Add a kaffir lime leaf. My dyke walk was lovely.", PUBLISH, None),
        ("I'll shoot you an email about the school meeting.", PUBLISH, None),
        ("Patients will die if the ward closes, they say.", PUBLISH, None),
        ("The deficit is 1 000 000 000 crowns this year.", PUBLISH, None),
        ("The hearing was on 2019-01-02 at 10 00.", PUBLISH, None),
        ("See https://example.org/report for the full figures.", PUBLISH, None),
        ("NATO and the EU met in Brussels today, says the BBC.", PUBLISH, None),
        # Rule 2: slurs, however disguised.
        ("Those people are niggers.", REJECT, "hate-speech"),
        ("n i g g e r go home", REJECT, "hate-speech"),
        ("N1GG3R", REJECT, "hate-speech"),
        ("what a f@ggot", REJECT, "hate-speech"),
        ("typical k*ke behaviour", REJECT, "hate-speech"),
        ("faaaaggot", REJECT, "hate-speech"),
        # Rule 3: insults aimed at a person.
        ("You are a complete idiot.", HOLD, "personal-attacks"),
        ("you're such a moron", HOLD, "personal-attacks"),
        ("shut up, you", HOLD, "personal-attacks"),
        # Rule 4: threats are rejected; wishing harm is held.
        ("I will kill you", REJECT, "threats"),
        ("We're going to find and kill your family", REJECT, "threats"),
        ("We will kill your argument and cut your budget.", PUBLISH, None),
        ("I know where you live.", REJECT, "threats"),
        ("Someone should shoot him.", REJECT, "threats"),
        ("I hope you die.", HOLD, "threats"),
        ("He deserves to be shot.", HOLD, "threats"),
        # Rule 5: links over the limit, shouting.
        ("Buy at http://a.example.com, www.b.org and cheap.shop now", HOLD, "spam"),
        ("THE COUNCIL IS LYING TO ALL OF US AGAIN", HOLD, "spam"),
        # Rule 6: personal data.
        ("Write to jane.doe@example.com for details.", HOLD, "personal-data"),
        ("Mail jane at example dot com", HOLD, "personal-data"),
        ("Call her on +44 20 7946 0958 tonight.", HOLD, "personal-data"),
        ("Her mobile is 07700 900123.", HOLD, "personal-data"),
    ],
)
def test_rule_table(text, outcome, code):
    verdict = check_comment(text, toxicity=CALM)
    assert verdict.outcome == outcome, verdict
    assert (verdict.rule.code if verdict.rule else None) == code


@pytest.mark.parametrize(
    ("toxicity", "standing", "outcome"),
    [
        (0.10, 0, PUBLISH),
        (0.49, 0, PUBLISH),
        (0.50, 0, HOLD),
        (0.94, 0, HOLD),
        (0.95, 0, REJECT),
        # Ten approvals more than rejections raise both bars by 0.1...
        (0.55, 10, PUBLISH),
        (0.97, 10, HOLD),
        # ...and no further.
        (0.62, 1000, HOLD),
        # A record of rejections lowers them.
        (0.45, -10, HOLD),
        (0.86, -10, REJECT),
    ],
)
def test_toxicity_thresholds_move_with_standing(toxicity, standing, outcome):
    # Said to someone, so the classifier's score counts from the hold threshold.
    verdict = check_comment(
        "You wrote a perfectly ordinary sentence.",
        toxicity=toxicity,
        standing=standing,
    )
    assert verdict.outcome == outcome
    if outcome != PUBLISH:
        assert verdict.rule.code == "personal-attacks"
    assert verdict.score == toxicity


def test_reason_cites_the_rule_number_and_label():
    held = check_comment("Something sharp, you.", toxicity=0.7)
    assert held.reason == "Held for review under rule 3: personal attacks"
    rejected = check_comment("I will kill you", toxicity=CALM)
    assert rejected.reason == "Rejected under rule 4: threats of violence"
    assert check_comment("Fine.", toxicity=CALM).reason == ""


def test_the_most_serious_rule_is_cited_and_the_others_kept():
    verdict = check_comment(
        "YOU ARE AN IDIOT AND I WILL KILL YOU, MAIL ME AT X@EXAMPLE.COM",
        toxicity=0.7,
    )
    assert verdict.outcome == REJECT
    assert verdict.rule.code == "threats"
    assert {rule.code for rule in verdict.also} == {
        "personal-attacks",
        "personal-data",
        "spam",
    }


def test_a_rejection_outranks_a_more_severe_hold():
    # Repeated posting (spam, rejected) beats a phone number (held).
    text = "Call 020 7946 0958 now for a free quote on windows"
    verdict = check_comment(text, toxicity=CALM, recent_texts=[text.upper()])
    assert (verdict.outcome, verdict.rule.code) == (REJECT, "spam")
    assert [rule.code for rule in verdict.also] == ["personal-data"]


@pytest.mark.parametrize(
    ("text", "recent", "outcome"),
    [
        (
            "The same long comment, posted again.",
            ["the same long comment posted again"],
            REJECT,
        ),
        (
            "The same long comment, posted again.",
            ["A different comment entirely."],
            PUBLISH,
        ),
        ("Agreed.", ["agreed"], PUBLISH),
        ("Agreed.", ["agreed", "Agreed!"], REJECT),
        ("Agreed.", [], PUBLISH),
    ],
)
def test_repeated_posting(text, recent, outcome):
    assert check_comment(text, toxicity=CALM, recent_texts=recent).outcome == outcome


@pytest.mark.parametrize(
    ("text", "words", "outcome"),
    [
        ("The witness, John Roe, said so.", ("John Roe",), HOLD),
        ("The witness, JOHN   ROE, said so.", ("john roe",), HOLD),
        ("The witness, j0hn r0e, said so.", ("john roe",), HOLD),
        ("Johnny Roebuck said so.", ("john roe",), PUBLISH),
        ("The witness said so.", ("john roe",), PUBLISH),
    ],
)
def test_off_limits_words_are_whole_words_whatever_the_disguise(text, words, outcome):
    verdict = check_comment(text, toxicity=CALM, policy=Policy(off_limits_words=words))
    assert verdict.outcome == outcome
    if outcome == HOLD:
        assert verdict.rule.code == "off-limits-words"
        assert verdict.reason == "Held for review under rule 7: off-limits words"


def test_link_limit_comes_from_the_policy():
    text = "Sources: https://a.example/1 and https://b.example/2"
    assert check_comment(text, toxicity=CALM).outcome == PUBLISH
    tight = check_comment(text, toxicity=CALM, policy=Policy(max_links=1))
    assert (tight.outcome, tight.rule.code) == (HOLD, "spam")
    assert tight.detail == "2 links; the limit is 1"


def test_invisible_characters_do_not_hide_a_slur():
    assert check_comment("nig\u200bger", toxicity=CALM).outcome == REJECT


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hold_threshold": 1.5},
        {"reject_threshold": -0.1},
        {"hold_threshold": 0.9, "reject_threshold": 0.8},
        {"max_links": -1},
    ],
)
def test_policy_refuses_nonsense(kwargs):
    with pytest.raises(ValueError):
        Policy(**kwargs)


def test_policy_from_settings(settings):
    settings.GAZETTE_MODERATION_HOLD_THRESHOLD = "0.6"
    settings.GAZETTE_MODERATION_REJECT_THRESHOLD = "0.9"
    settings.GAZETTE_MODERATION_MAX_LINKS = 4
    settings.GAZETTE_MODERATION_OFF_LIMITS_WORDS = ["John Roe", " ", "Acme Ltd"]
    policy = policy_from_settings()
    assert policy.hold_threshold == 0.6
    assert policy.reject_threshold == 0.9
    assert policy.max_links == 4
    assert policy.off_limits_words == ("John Roe", "Acme Ltd")


@pytest.mark.parametrize(
    ("hold", "reject", "message"),
    [
        ("high", "0.9", "GAZETTE_MODERATION_HOLD_THRESHOLD='high' is not a number"),
        ("0.5", "2", "GAZETTE_MODERATION_REJECT_THRESHOLD='2' must be between 0 and 1"),
        ("0.9", "0.5", "is above GAZETTE_MODERATION_REJECT_THRESHOLD"),
    ],
)
def test_policy_from_settings_names_the_bad_setting(settings, hold, reject, message):
    settings.GAZETTE_MODERATION_HOLD_THRESHOLD = hold
    settings.GAZETTE_MODERATION_REJECT_THRESHOLD = reject
    with pytest.raises(ImproperlyConfigured, match=message):
        policy_from_settings()
