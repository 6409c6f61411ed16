"""The community standards through the real posting path: each category of the
labelling rules posted by a new reader, stored as published, held or rejected,
with the rule the reader is shown and what matched for moderators."""

import pytest

from gazette.discussion import services
from gazette.discussion.models import Comment, CommentStatus, ModerationAction

PUBLISHED, HELD, REJECTED = (
    CommentStatus.PUBLISHED,
    CommentStatus.HELD,
    CommentStatus.REJECTED,
)


@pytest.fixture
def article(make_article):
    return make_article("Dam talks stall again in Ostrava Vale")


@pytest.fixture
def newcomer(make_reader):
    """A reader with no history: standing 0, no recent comments."""
    return make_reader("New Reader")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "text", "statuses", "rule"),
    [
        ("threat", "Somebody ought to shoot the dam inspector.", {REJECTED}, 4),
        ("wish_harm", "I hope the chancellor's plane goes down.", {HELD}, 4),
        ("incitement", "Burn the contractor's offices down tonight.", {REJECTED}, 4),
        ("dehumanisation", "Refugees are vermin, all of them.", {HELD, REJECTED}, 2),
        ("identity_attack", "Women have no business running a dam.", {HELD}, 2),
        ("slur", "That tr4nny on the panel again.", {REJECTED}, 2),
        ("harassment", "Her son goes to Millbrook Academy, year 9.", {HELD}, 6),
        ("insult", "The engineer is a spineless halfwit.", {HELD}, 3),
        ("spam", "Cheap loans in minutes at fastcash.biz, apply now", {HELD}, 5),
    ],
)
def test_violations_are_stopped_and_the_reader_told_the_rule(
    article, newcomer, category, text, statuses, rule
):
    comment = services.post_comment(article=article, author=newcomer, text=text)
    comment.refresh_from_db()
    assert comment.status in statuses, (category, comment.detail)
    assert f"under rule {rule}:" in comment.reason
    assert comment.rule_code
    assert comment.detail and len(comment.detail) <= 255
    action = ModerationAction.objects.get(comment=comment)
    assert action.rule_code == comment.rule_code
    article.refresh_from_db()
    assert not Comment.objects.filter(article=article, status=PUBLISHED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "text"),
    [
        ("criticism", "The minister has mishandled the dam for years and must go."),
        ("profanity_nontargeted", "What a bloody mess this whole project is."),
        ("news_violence", "The gunman shot two guards before he was arrested."),
        ("news_violence", "He told police the caller said 'I know where you live'."),
        ("sarcasm", "Great, another inquiry. That will surely fix the cracks."),
        ("disagreement", "You're wrong there: the dam was finished in 1968."),
        ("neutral", "Is the reservoir path open again?"),
        ("benign_tricky", "Shoot me an email and I'll share the survey."),
    ],
)
def test_harsh_but_civil_comments_are_published_at_once(
    article, newcomer, category, text
):
    comment = services.post_comment(article=article, author=newcomer, text=text)
    assert comment.status == PUBLISHED, (category, comment.detail)
    assert comment.reason == "" and comment.rule_code == ""


@pytest.mark.django_db
def test_an_edit_into_a_threat_is_rejected_and_the_detail_kept(article, newcomer):
    comment = services.post_comment(
        article=article, author=newcomer, text="The inspector got this wrong."
    )
    assert comment.status == PUBLISHED
    services.edit_comment(comment, newcomer, "Someone should hang the inspector.")
    comment.refresh_from_db()
    assert comment.status == REJECTED
    assert comment.rule_code == "threats"
    assert "hang" in comment.detail
