"""Issue 17, sixth round: who is harmed, and in what mood (``violence_clause``).

Sentences of their own, none from the labelled sets: a harm predicate with a
person next to it, read as the writer's will in each mood (a wish, a modal, an
imperative, a call on someone, a rhetorical question, the writer's intent, a
condition put to the reader), and the same words where nobody is harmed or the
harm is told, reported, negated or an idiom. Through the real posting path: a
comment the grammar misses and the violent head scores high, once the gates
were shut because they found no target or no stance, is now held under rule 4.
"""

from __future__ import annotations

from unittest import mock

import pytest

from gazette.discussion import learned, services
from gazette.discussion import violence_clause as vc
from gazette.discussion.models import CommentStatus


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("hope the treasurer's boat springs a leak and he sinks with it", "wish"),
        ("fingers crossed the landlord's heart packs in before the hearing", "wish"),
        ("may the whole committee rot in a cell", "wish"),
        ("I'd pay good money to see that pundit get battered", "wish"),
        ("the chairman deserves a slow and painful death", "modal"),
        ("the landlord wants a good kicking", "modal"),
        ("it's about time the village strung up a few of those surveyors", "modal"),
        ("the only cure for those bosses is a good hiding", "modal"),
        ("drag the inspector out of his van and kick him", "imperative"),
        (
            "don't just picket the depot, smash the windows and beat the managers",
            ("imperative"),
        ),
        ("someone organise a few lads and batter the bailiff", "call"),
        ("why has nobody drowned that councillor yet", "question"),
        ("who's up for hanging a few bankers from the bridge", "question"),
        ("we're going to stab him the moment he leaves", "intent"),
        ("next time you park there you get stabbed", "condition"),
        ("if you show up at the depot again you'll get your legs broken", "intent"),
    ],
)
def test_a_person_harmed_in_the_writers_mood_is_read(text, mood):
    reading = vc.analyse(text)
    assert reading is not None, text
    assert reading.mood == mood, (text, str(reading))


@pytest.mark.parametrize(
    "text",
    [
        # told, not willed: narration in the past, news, reports
        "The inspector was kicked down the stairs by two men last March.",
        "Three men beat a bailiff unconscious in the square yesterday.",
        "My uncle died in the crash in 1987 and we still miss him.",
        "Police said the driver had threatened to stab him.",
        "If the ceasefire fails, thousands of civilians will die.",
        # negated
        "I hope nobody gets hurt at the protest on Saturday.",
        "Nobody should ever be beaten for what they believe.",
        # idioms, sport and things that are not people
        "Break a leg at the audition tomorrow, Sam!",
        "We'll crush them in the derby on Sunday.",
        "hope he chokes on the big stage again",
        "Kill the engine before you refuel.",
        "I could murder a pint after that meeting.",
        "I'd rather die than vote for either of them.",
        "Shoot me an email if you want the figures.",
        "the kids just hang around the bus shelter all night",
        "the council cut the buses and now the old folk are stuck",
        "The chairman will be hung out to dry by the auditors.",
    ],
)
def test_no_reading_where_nobody_is_harmed_by_the_writers_will(text):
    assert vc.analyse(text) is None, (text, str(vc.analyse(text)))


def test_quoted_words_are_not_the_writers():
    assert vc.analyse("He shouted 'I will stab the lot of you' and ran off.") is None
    assert vc.analyse("I will stab the lot of you.") is not None


# --- Through the real posting path ------------------------------------------------

HELD_NOW = [
    "honestly hope the treasurer's boat springs a leak halfway across the lake "
    "and he sinks with it",
    "someone organise a few lads and batter the bailiff when he turns up",
    "the only language those bosses understand is a good kicking in the car park",
    "why has nobody drowned that councillor in his own sewage yet",
]


@pytest.fixture
def article(make_article):
    return make_article("Reservoir board delays the repairs again")


@pytest.fixture
def newcomer(make_reader):
    return make_reader("New Reader")


@pytest.mark.django_db
@pytest.mark.parametrize("text", HELD_NOW)
def test_the_reading_opens_the_violent_heads_gates(article, newcomer, text):
    comment = services.post_comment(article=article, author=newcomer, text=text)
    assert comment.status == CommentStatus.HELD, comment.detail
    assert "under rule 4:" in comment.reason
    assert comment.rule_code == "threats"
    assert comment.detail.startswith("learned: threat, wish of harm or incitement")


@pytest.mark.django_db
@pytest.mark.parametrize("text", HELD_NOW)
def test_without_the_reading_the_same_comments_were_published(article, newcomer, text):
    with mock.patch.object(learned, "_harmed", lambda text: False):
        comment = services.post_comment(article=article, author=newcomer, text=text)
    assert comment.status == CommentStatus.PUBLISHED, comment.detail


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "The inspector was kicked down the stairs by two men last March.",
        "I hope nobody gets hurt at the protest on Saturday.",
        "We'll crush them in the derby on Sunday.",
        "I'd rather die than vote for either of them.",
    ],
)
def test_harm_told_negated_or_idiomatic_is_published(article, newcomer, text):
    comment = services.post_comment(article=article, author=newcomer, text=text)
    assert comment.status == CommentStatus.PUBLISHED, comment.detail
