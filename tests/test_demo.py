"""The demo newsroom: what it holds, and that loading it again loses nothing."""

import datetime
import json
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from gazette.articles.models import ArticleGenre, ArticlePage, Author, SectionPage
from gazette.core.models import GazetteImage, HomePage, NewsroomSettings, StandardPage
from gazette.demo.loader import (
    CONTENT_DIR,
    DemoContentError,
    Timeline,
    default_home,
    load_demo,
    read_content,
)
from gazette.fronts.selectors import build_front
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


def test_demo_content_describes_its_pictures_and_labels_its_journalism():
    """Each picture has alt text (not its title), a caption and a credit; the
    opinion, analysis and live pieces say so; each story has a short label."""
    newsroom, articles = read_content()
    for image in newsroom["images"]:
        assert image["alt"] and image["caption"] and image["credit"], image["key"]
        assert image["alt"] != image["title"]
    alts = [image["alt"] for image in newsroom["images"]]
    assert len(set(alts)) == len(alts)
    genres = Counter(a.get("genre", "news") for a in articles)
    assert set(genres) == set(ArticleGenre.values)
    assert genres["live"] == 1
    for story in newsroom["stories"]:
        label = story["short_label"]
        assert len(label) <= 40 and 2 <= len(label.split()) <= 4, label
    settings = {page["setting"] for page in newsroom["standing_pages"]}
    assert settings == {
        "about_page",
        "contact_page",
        "corrections_page",
        "privacy_page",
    }


def test_timeline_moves_the_content_to_the_time_of_loading():
    """The content's as_of lands on the loading time (to the minute, never
    after it), and every gap between dates is kept."""
    as_of = datetime.datetime(2026, 11, 20, 19, 0, tzinfo=datetime.UTC)
    now = datetime.datetime(2027, 3, 2, 8, 41, 37, 250000, tzinfo=datetime.UTC)
    timeline = Timeline.ending_now(as_of, now)
    assert timeline.at("2026-11-20T19:00:00Z") == now.replace(second=0, microsecond=0)
    gap = timeline.at("2026-11-20T19:00:00Z") - timeline.at("2026-09-03T06:15:00Z")
    assert gap == as_of - parse_datetime("2026-09-03T06:15:00Z")
    assert timeline.at(None) is None and timeline.at("") is None


def test_load_demo_builds_the_newsroom_and_is_idempotent(client, demo_newsroom):
    """What ``gazette load_demo`` built (the shared load, tests/conftest.py),
    and that loading again keeps an editor's change and duplicates nothing."""
    home = default_home()
    counts = (
        ArticlePage.objects.live().count(),
        SectionPage.objects.child_of(home).count(),
        Story.objects.count(),
        Author.objects.count(),
        GazetteImage.objects.count(),
    )
    # The English edition's 6 sections; the stories, authors and pictures of
    # all three editions (tests/test_demo_editions.py covers the other two).
    editions = [
        json.loads((CONTENT_DIR / code / "newsroom.json").read_text())
        for code in ("es", "ar")
    ]
    assert counts[0] >= 40 and counts[1:] == (
        6,
        5 + sum(len(e["stories"]) for e in editions),
        6 + sum(len(e["authors"]) for e in editions),
        10 + sum(len(e["images"]) for e in editions),
    )
    assert ArticlePage.objects.live().filter(locale_id=home.locale_id).count() == 48
    big = Story.objects.order_by("-article_count").first()
    assert big.article_count >= 20
    assert big.article_count == ArticlePage.objects.live().in_story(big).count()
    assert StandardPage.objects.child_of(home).filter(slug="community-standards")
    assert NewsroomSettings.objects.get().community_standards_page is not None

    # The pictures are described for readers who cannot see them.
    for image in GazetteImage.objects.all():
        assert image.alt_text and image.alt_text != image.title
        assert image.caption and image.credit

    # Dated relative to the loading: the newest English article a few hours old.
    dates = list(
        ArticlePage.objects.live()
        .filter(locale_id=home.locale_id)
        .order_by("-first_published_at")
        .values_list("slug", "first_published_at", "last_published_at")
    )
    newest = dates[0]
    assert newest[0] == "aldermark-vesperland-agree-direct-talks-pellmarch"
    age = timezone.now() - newest[1]
    assert datetime.timedelta(hours=1) < age < datetime.timedelta(days=1)
    assert all(last <= timezone.now() for _slug, _first, last in dates)
    # ... and the content's spacing kept: the first article 78 days earlier.
    assert newest[1] - dates[-1][1] == datetime.timedelta(days=78, hours=8, minutes=45)

    # Kinds of journalism and story labels.
    by_slug = {a.slug: a for a in ArticlePage.objects.all()}
    assert by_slug["opinion-general-stenvik"].genre == ArticleGenre.OPINION
    assert by_slug["analysis-why-drolet-cannot-be-seen-backing-down"].genre == (
        ArticleGenre.ANALYSIS
    )
    assert by_slug[newest[0]].genre == ArticleGenre.LIVE
    assert big.label == "Vell border crisis" and big.title != big.label

    # The standing pages, linked in the newsroom's settings, not in the menu.
    settings = NewsroomSettings.objects.get()
    assert settings.accent_colour == "#b80000"
    standing = {
        "about_page": "About us",
        "contact_page": "Contact",
        "corrections_page": "Corrections policy",
        "privacy_page": "Privacy",
    }
    for field_name, title in standing.items():
        page = getattr(settings, field_name)
        assert page.title == title and page.live and not page.show_in_menus
        assert isinstance(page.specific, StandardPage) and page.specific.body

    # A curated front: the chosen lead has a picture, as in the admin.
    assert [block.block_type for block in home.front] == [
        "lead",
        "row",
        "row",
        "row",
        "row",
        "running_stories",
        "latest",
        "most_read",
    ]
    # Published as a revision, so that editors find it in the admin.
    assert home.live_revision_id == home.latest_revision_id
    stored = json.loads(home.latest_revision.content["front"])
    assert [block["type"] for block in stored] == [b.block_type for b in home.front]
    front = build_front(home)
    lead = front.blocks[0]
    assert lead.articles[0].slug == newest[0] and lead.chosen == {lead.articles[0].pk}
    assert lead.articles[0].image is not None
    top = front.blocks[1]
    assert top.heading == "Top stories" and len(top.articles) == 4
    assert (
        top.articles[0].slug
        == "kestel-sentenced-six-years-aldermark-recalls-ambassador"
    )
    assert front.blocks[2].heading == big.label
    assert {a.story_id for a in front.blocks[2].articles} == {big.pk}
    world = SectionPage.objects.get(slug="world")
    assert world.front[0].block_type == "lead"

    # An editor's change survives a second load, and nothing is duplicated
    # or dated again, even days later.
    article = ArticlePage.objects.get(slug="opinion-general-stenvik")
    article.title = "Edited by the desk"
    article.save_revision().publish()
    front_revision = home.latest_revision_id
    dates = list(
        ArticlePage.objects.live()
        .filter(locale_id=home.locale_id)
        .order_by("-first_published_at")
        .values_list("slug", "first_published_at", "last_published_at")
    )
    load_demo(with_users=False, now=timezone.now() + datetime.timedelta(days=3))
    assert ArticlePage.objects.live().count() == counts[0]
    assert (Story.objects.count(), GazetteImage.objects.count()) == counts[2:5:2]
    assert (
        ArticlePage.objects.get(slug="opinion-general-stenvik").title
        == "Edited by the desk"
    )
    assert (
        list(
            ArticlePage.objects.live()
            .filter(locale_id=home.locale_id)
            .order_by("-first_published_at")
            .values_list("slug", "first_published_at", "last_published_at")
        )
        == dates
    )
    assert HomePage.objects.get(pk=home.pk).latest_revision_id == front_revision
    assert StandardPage.objects.child_of(home).count() == 5

    # The demo site serves its pages (under /en/ once there are editions).
    standing_pages = StandardPage.objects.child_of(home)
    assert {page.slug for page in standing_pages} == {
        "community-standards",
        "about",
        "corrections",
        "privacy",
        "contact",
    }
    for url in [
        home.url,
        world.url,
        big.get_absolute_url(),
        *(page.url for page in standing_pages),
        article.url,
    ]:
        assert client.get(url).status_code == 200, url


def test_demo_closes_the_finished_story(demo_newsroom):
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


def test_demo_readers_discuss_through_the_standards(client, demo_newsroom):
    """The newsroom loaded without logins, then again with them: the readers'
    comments are posted once, on the demo's timeline."""
    from gazette.discussion.models import Comment, CommentStatus

    assert not Comment.objects.exists()
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
    # Posted on the demo's timeline: after the article, before now, in order.
    times = list(
        Comment.objects.filter(article=talks)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    assert talks.first_published_at < times[0] and times[-1] <= timezone.now()
    assert times[-1] - times[0] == datetime.timedelta(minutes=90)
    call_command("load_demo", "--with-users", verbosity=0)
    assert Comment.objects.count() == 5
    assert (
        list(
            Comment.objects.filter(article=talks)
            .order_by("created_at")
            .values_list("created_at", flat=True)
        )
        == times
    )
    page = client.get(talks.url).content.decode()
    assert "Tomas Verel" in page and "0207 946 0123" not in page


def test_load_demo_under_the_demo_settings_makes_the_logins_and_says_so(
    settings, caplog
):
    """`make demo` (demo settings, DEBUG off) prints logins that exist, and its
    output is a summary, not Wagtail's line per page."""
    import io
    import logging

    from django.contrib.auth.models import User

    from gazette.demo.loader import DEMO_PASSWORD, DEMO_USERS

    settings.GAZETTE_DEMO = True
    settings.DEBUG = False
    output = io.StringIO()
    with caplog.at_level(logging.INFO):
        call_command("load_demo", stdout=output)
    names = [name for name, _ in DEMO_USERS]
    assert (
        f"Logins: {', '.join(names)} (password: {DEMO_PASSWORD})" in output.getvalue()
    )
    admin = User.objects.get(username=names[0])
    assert admin.check_password(DEMO_PASSWORD)
    assert not [r for r in caplog.records if r.name.startswith("wagtail")], [
        r.getMessage() for r in caplog.records if r.name.startswith("wagtail")
    ][:3]
    assert len(output.getvalue().splitlines()) < 30


def test_load_demo_outside_the_demo_settings_makes_no_logins(settings, demo_newsroom):
    """The shared load is the command outside the demo settings; so is a
    second one."""
    from django.contrib.auth.models import User

    assert not User.objects.exists()
    settings.GAZETTE_DEMO = False
    call_command("load_demo", verbosity=0)
    assert not User.objects.exists()
