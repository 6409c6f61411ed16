"""The demo newsroom: what it holds, and that loading it again loses nothing."""

import json
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.core.models import GazetteImage, NewsroomSettings, StandardPage
from gazette.demo.loader import CONTENT_DIR, DemoContentError, load_demo, read_content
from gazette.stories.models import Story

pytestmark = pytest.mark.django_db


def words(article: dict) -> int:
    text = article["lede"] + " " + json.dumps([b["value"] for b in article["body"]])
    return len(re.sub(r"<[^>]+>", " ", text).split())


def test_demo_content_meets_the_brief():
    """40+ articles of 150-600 words, 6 sections, 5 stories (one of 20+), 6 authors."""
    newsroom, articles = read_content()
    assert len(articles) >= 40
    assert all(150 <= words(a) <= 600 for a in articles), [
        (a["slug"], words(a)) for a in articles if not 150 <= words(a) <= 600
    ]
    assert len(newsroom["sections"]) == 6 and len(newsroom["authors"]) == 6
    assert len(newsroom["stories"]) == 5
    per_story = Counter(a["story"] for a in articles if a.get("story"))
    assert max(per_story.values()) >= 20
    kinds = {
        b["type"]
        for b in next(a for a in articles if a["slug"] == "opinion-general-stenvik")[
            "body"
        ]
    }
    assert kinds == {"paragraph", "heading", "quote", "image"}


def test_load_demo_builds_the_newsroom_and_is_idempotent(client):
    call_command("load_demo", verbosity=0)
    counts = (
        ArticlePage.objects.live().count(),
        SectionPage.objects.count(),
        Story.objects.count(),
        Author.objects.count(),
        GazetteImage.objects.count(),
    )
    assert counts[0] >= 40 and counts[1:] == (6, 5, 6, 10)
    big = Story.objects.order_by("-article_count").first()
    assert big.article_count >= 20
    assert big.article_count == ArticlePage.objects.live().in_story(big).count()
    assert StandardPage.objects.filter(slug="community-standards").exists()
    assert NewsroomSettings.objects.get().community_standards_page is not None

    # An editor's change survives a second load, and nothing is duplicated.
    article = ArticlePage.objects.get(slug="opinion-general-stenvik")
    article.title = "Edited by the desk"
    article.save_revision().publish()
    call_command("load_demo", verbosity=0)
    assert ArticlePage.objects.live().count() == counts[0]
    assert (Story.objects.count(), GazetteImage.objects.count()) == (5, 10)
    assert (
        ArticlePage.objects.get(slug="opinion-general-stenvik").title
        == "Edited by the desk"
    )

    # The demo site serves its pages.
    for url in [
        "/",
        "/world/",
        big.get_absolute_url(),
        "/community-standards/",
        article.url,
    ]:
        assert client.get(url).status_code == 200, url


def test_demo_closes_the_finished_story():
    load_demo(with_users=False)
    closed = Story.objects.filter(is_open=False)
    assert closed.count() == 1 and closed.get().article_count > 0


def test_malformed_content_names_the_problem_and_writes_nothing(tmp_path):
    (tmp_path / "newsroom.json").write_text((CONTENT_DIR / "newsroom.json").read_text())
    (tmp_path / "articles.json").write_text(json.dumps({"articles": [{"slug": "x"}]}))
    with pytest.raises(
        DemoContentError, match=r"articles.json: article 1 \(x\) has no “section”"
    ):
        load_demo(tmp_path)
    (tmp_path / "articles.json").write_text("{not json")
    with pytest.raises(DemoContentError, match="malformed"):
        load_demo(tmp_path)
    assert not Story.objects.exists() and not ArticlePage.objects.exists()


def test_load_demo_command_reports_errors_clearly(tmp_path, monkeypatch):
    monkeypatch.setattr("gazette.demo.loader.CONTENT_DIR", tmp_path)
    import gazette.demo.management.commands.load_demo as command

    monkeypatch.setattr(command, "load_demo", lambda **kw: load_demo(tmp_path, **kw))
    with pytest.raises(CommandError, match="newsroom.json is missing"):
        call_command("load_demo", verbosity=0)


def test_demo_readers_discuss_through_the_standards(client):
    from gazette.discussion.models import Comment, CommentStatus

    call_command("load_demo", "--with-users", verbosity=0)
    talks = ArticlePage.objects.get(
        slug="aldermark-vesperland-agree-direct-talks-pellmarch"
    )
    published = Comment.objects.filter(article=talks, status=CommentStatus.PUBLISHED)
    assert published.count() == 3
    assert published.filter(parent__isnull=False).count() == 1
    held = Comment.objects.get(status=CommentStatus.HELD)
    assert held.rule_code and "rule" in held.reason
    talks.refresh_from_db()
    assert talks.comment_count == 3
    call_command("load_demo", "--with-users", verbosity=0)
    assert Comment.objects.count() == 5
    page = client.get(talks.url).content.decode()
    assert "Tomas Verel" in page and "0207 946 0123" not in page
