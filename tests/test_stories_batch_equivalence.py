"""Threading an imported archive in batches (``stories.batch``) gives the same
stories, story titles and related lists as publishing it one article at a
time (the threading task of each publish, ``services.thread_published_article``),
so that making the batch path faster cannot silently change what it decides."""

import datetime

import pytest

from gazette.articles import services as articles
from gazette.articles.models import ArticlePage
from gazette.demo import synthetic
from gazette.stories import batch as stories_batch
from gazette.stories import services as stories
from gazette.stories.models import (
    ArticleProfile,
    RelatedArticle,
    Story,
    ThreadingDecision,
    ThreadingOperation,
    ThreadingState,
)

ARTICLES = 240


def _planned(sections):
    """Return (section, NewArticle) of a synthetic archive in publication
    order, every article at its own second (ties would make "the newest" of a
    section depend on the database's order)."""
    plan = synthetic.plan_newsroom(
        articles=ARTICLES,
        stories=ARTICLES // 8,
        sections=len(sections),
        authors=4,
        seed=21,
        end=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
    )
    ordered = sorted(plan.articles, key=lambda a: (a.published, a.story, a.ordinal))
    planned = []
    for n, article in enumerate(ordered):
        text = synthetic.write_article(
            plan.stories[article.story], synthetic.article_rng(21, article)
        )
        when = article.published.replace(microsecond=0) + datetime.timedelta(
            microseconds=n
        )
        planned.append(
            (
                sections[article.section],
                articles.NewArticle(
                    title=text.title,
                    lede=text.lede,
                    body=text.body,
                    published_at=when,
                ),
            )
        )
    return planned


def _outcome():
    """Return the stories (as sets of article ids, with their titles), each
    article's related list and each engine decision, free of story ids."""
    members: dict[int, set[int]] = {}
    for pk, story_id in ArticlePage.objects.live().values_list("pk", "story_id"):
        assert story_id is not None, f"article {pk} was not threaded"
        members.setdefault(story_id, set()).add(pk)
    story_of = {story_id: frozenset(pks) for story_id, pks in members.items()}
    titles = {
        story_of[pk]: title
        for pk, title in Story.objects.filter(pk__in=members).values_list("pk", "title")
    }
    counts = {
        story_of[pk]: (n, first, last)
        for pk, n, first, last in Story.objects.filter(pk__in=members).values_list(
            "pk", "article_count", "first_published_at", "last_published_at"
        )
    }
    related: dict[int, list] = {}
    for article_id, related_id, rank, score in RelatedArticle.objects.order_by(
        "article_id", "rank"
    ).values_list("article_id", "related_id", "rank", "score"):
        related.setdefault(article_id, []).append((related_id, rank, score))
    decisions = {
        d.article_id: (
            story_of.get(d.story_id),
            d.applied,
            d.new_story,
            d.proposed_title,
            round(d.confidence, 9),
            [(story_of.get(int(key)), score) for key, score in d.candidates],
        )
        for d in ThreadingDecision.objects.order_by("pk")
    }
    return set(story_of.values()), titles, counts, related, decisions


def _forget_threading():
    RelatedArticle.objects.all().delete()
    ThreadingDecision.objects.all().delete()
    ThreadingOperation.objects.all().delete()
    ThreadingState.objects.all().delete()
    ArticleProfile.objects.all().delete()
    ArticlePage.objects.update(story=None)
    Story.objects.all().delete()
    stories.forget_engine()


@pytest.mark.django_db
def test_batches_thread_as_one_article_at_a_time(
    home, make_section, django_capture_on_commit_callbacks
):
    sections = [make_section(title) for title in ("World", "Business", "Sport")]
    planned = _planned(sections)
    # One at a time: each article live only from its own publish on, threaded
    # by the publish's task before the next one exists.
    for section, new in planned:
        with django_capture_on_commit_callbacks(execute=True):
            (page,) = articles.create_articles(section, [new])
            stories.thread_published_article(ArticlePage.objects.live().get(pk=page.pk))
    one_by_one = _outcome()
    assert len(one_by_one[0]) > 10, "the archive should make several stories"
    assert any(len(story) > 3 for story in one_by_one[0])
    assert sum(len(rows) for rows in one_by_one[3].values()) > ARTICLES

    _forget_threading()
    ids = list(
        ArticlePage.objects.live()
        .order_by("first_published_at", "pk")
        .values_list("pk", flat=True)
    )
    # Batches of uneven sizes, so that stories and related lists cross them;
    # later batches read earlier ones light, through the run's digests.
    digests: dict[int, str] = {}
    for start, end in ((0, 7), (7, 90), (90, 91), (91, ARTICLES)):
        with django_capture_on_commit_callbacks(execute=True):
            stories_batch.thread_imported_articles(ids[start:end], digests)
    assert len(digests) == ARTICLES
    in_batches = _outcome()

    assert in_batches[0] == one_by_one[0]  # the same stories
    assert in_batches[1] == one_by_one[1]  # titled the same
    assert in_batches[2] == one_by_one[2]  # counted the same
    assert in_batches[3] == one_by_one[3]  # the same related lists and scores
    assert in_batches[4] == one_by_one[4]  # the same decisions
