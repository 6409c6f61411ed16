"""The article page drawn once and stored until what it shows changes
(articles.shells): a stored shell gives the same bytes as a full render,
its live parts (the clock, the teasers' "3 hours ago", the discussion)
follow time, every change a reader could see shows at the next render, and
a change redraws only the pages showing it (counted with a spy)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from unittest import mock

import pytest
from django.test import override_settings
from wagtail.models import Site

from gazette.articles import services as articles
from gazette.articles import shells
from gazette.articles.models import ArticlePage, ArticleShell
from gazette.core.models import NewsroomSettings
from gazette.stories import related_services
from tests.editions import make_editions, translate_page

NO_CACHES = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    "GAZETTE_PAGE_CACHE_SECONDS": 0,
}
NOW = datetime.datetime(2026, 10, 1, 20, 0, tzinfo=datetime.UTC)


def body(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture
def trio(make_article, story, author, picture, django_capture_on_commit_callbacks):
    """Three published articles of one story, with a byline and a picture."""
    with django_capture_on_commit_callbacks(execute=True):
        made = [
            make_article(
                f"Border talks {n}",
                story=story,
                authors=[author],
                image=picture,
                hours=n,
                body=body(f"Talks resumed, day {n}."),
            )
            for n in range(3)
        ]
    return [ArticlePage.objects.get(pk=article.pk) for article in made]


@pytest.fixture
def draws():
    """Count the full renders (a shell drawn), as against shells served."""
    with mock.patch.object(
        shells, "_draw_and_store", wraps=shells._draw_and_store
    ) as spy:
        yield spy


def get(client, url: str, now: datetime.datetime = NOW, **extra):
    with (
        override_settings(**NO_CACHES),
        mock.patch("django.utils.timezone.now", return_value=now),
    ):
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response


def render(client, url: str, now: datetime.datetime = NOW) -> str:
    return get(client, url, now).content.decode()


def read_in(html: str) -> list[str]:
    return re.findall(r'class="read-in__link"[^>]*>([^<]+)', html)


def test_a_shell_gives_the_bytes_of_a_full_render(client, trio, draws):
    """The first render draws and stores the shell, the second is served
    from it with the same bytes, headers included, as a render without
    shells at all."""
    url = trio[0].url
    first = get(client, url)
    assert draws.call_count == 1 and ArticleShell.objects.count() == 1
    second = get(client, url)
    assert draws.call_count == 1  # served from the shell
    with mock.patch.object(shells, "usable", return_value=False):
        plain = get(client, url)
    assert first.content == second.content == plain.content
    for header in ("Content-Security-Policy", "Content-Type", "X-Gazette-Article"):
        assert first.get(header) == second.get(header) == plain.get(header)
    assert "\ufdd0" not in second.content.decode()


def test_the_live_parts_follow_the_time(client, trio, draws):
    """The clock and the related teasers' "ago" are drawn at every render."""
    url = trio[0].url
    before = render(client, url)
    later = render(client, url, NOW + datetime.timedelta(hours=3, minutes=7))
    assert draws.call_count == 1
    assert "20:00" in before and "23:07" in later and "23:07" not in before
    ago = re.findall(r"<time datetime=[^>]*title=[^>]*>([^<]+)</time>", later)
    assert ago and ago != re.findall(
        r"<time datetime=[^>]*title=[^>]*>([^<]+)</time>", before
    )


def test_a_correction_shows_at_once(client, trio, draws):
    article = trio[0]
    assert "day 0" in render(client, article.url)
    article.lede = "Corrected: the talks did not resume."
    article.body = body("Talks were postponed.")
    article.save_revision()
    articles.publish_article(article)
    html = render(client, article.url)
    assert "Corrected: the talks did not resume." in html
    assert "Talks were postponed." in html and "day 0" not in html


def test_a_headline_edit_shows_here_and_in_the_related_teasers(client, trio):
    first, second = trio[0], trio[1]
    render(client, first.url)
    render(client, second.url)
    second.title = "Border talks collapse"
    second.save_revision()
    articles.publish_article(second)
    assert "Border talks collapse" in render(client, first.url)
    assert '<h1 id="headline">Border talks collapse</h1>' in render(client, second.url)


def test_a_new_story_member_shows_in_the_related_list_and_count(
    client, trio, story, make_article
):
    first = trio[0]
    html = render(client, first.url)
    assert "Talks go on" not in html and "(3)" in html
    make_article("Talks go on", story=story, hours=9)
    html = render(client, first.url)
    assert "Talks go on" in html and "(4)" in html


def test_a_related_list_change_shows_at_once(client, trio, make_article, make_section):
    first = trio[0]
    outside = make_article("A distant article", in_section=make_section("Sport"))
    assert "A distant article" not in render(client, first.url)
    related_services.pin_related(first, outside)
    assert "A distant article" in render(client, first.url)
    related_services.exclude_related(first, outside)
    assert "A distant article" not in render(client, first.url)


def test_settings_menu_and_footer_changes_show_at_once(client, trio, make_section):
    url = trio[0].url
    assert "Halvard Post" not in render(client, url)
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Halvard Post"
    settings.accent_colour = "#123456"
    settings.save()
    html = render(client, url)
    assert "Halvard Post" in html and "#123456" in html
    make_section("Science")
    html = render(client, url)
    assert 'class="site-nav__link" href="/science/"' in html
    assert '<li><a href="/science/">Science</a></li>' in html  # the footer


def test_a_new_translation_shows_in_read_in_at_once(client, trio):
    homes = make_editions(("es",))
    article = ArticlePage.objects.get(pk=trio[0].pk)
    assert read_in(render(client, article.url)) == []
    copy = translate_page(article, homes["es"].locale, title="Se reanudan")
    html = render(client, article.url)
    assert read_in(html) == ["Español"] and f'href="{copy.url}"' in html
    # The translation's own page is its edition's, in its language.
    assert 'lang="es"' in render(client, copy.url)


def test_a_row_changed_without_a_signal_is_drawn_again(client, trio, draws):
    """A script's bulk update moves no generation; the row's digest does."""
    article = trio[0]
    render(client, article.url)
    ArticlePage.objects.filter(pk=article.pk).update(comment_count=7)
    html = render(client, article.url)
    assert draws.call_count == 2
    assert "7 comments" in html


def test_a_query_string_is_drawn_in_full_and_never_stored(client, trio, draws):
    url = trio[0].url
    html = get(client, url + "?q=needle-in-the-query").content.decode()
    assert "needle-in-the-query" in html
    assert not ArticleShell.objects.exists()
    render(client, url)
    assert "needle-in-the-query" not in render(client, url)


def test_a_body_drawn_at_every_render_keeps_the_page_out_of_shells(
    client, make_article
):
    other = make_article("Another piece")
    article = make_article(
        "With a card",
        body=[
            {"type": "paragraph", "value": "<p>Text.</p>"},
            {"type": "related_article", "value": {"page": other.pk}},
        ],
    )
    assert "Another piece" in render(client, article.url)
    assert not ArticleShell.objects.filter(article=article).exists()


def test_a_discussion_is_drawn_at_every_render_with_the_same_bytes(
    client, trio, make_reader, draws
):
    """A served shell draws the discussion as the full render does, and a
    new comment shows at the next render."""
    from gazette.discussion import services as discussion

    article = trio[0]
    reader = make_reader()
    discussion.post_comment(article=article, author=reader, text="First thoughts.")
    url = article.url
    first = get(client, url).content
    second = get(client, url).content
    with mock.patch.object(shells, "usable", return_value=False):
        plain = get(client, url).content
    assert b"First thoughts." in second
    assert first == second == plain
    discussion.post_comment(article=article, author=reader, text="Second thoughts.")
    assert "Second thoughts." in render(client, url)


def test_the_build_key_follows_the_settings_a_page_shows():
    """A deployment that changes a shown setting (and restarts) draws every
    shell again; the key is the same in every process otherwise."""
    key = shells.build_key()
    assert shells.build_key() == key
    with override_settings(GAZETTE_PUBLISHER_LOGO_URL="https://cdn.example/l.svg"):
        assert shells.build_key() != key
    with override_settings(STATIC_URL="/assets/"):
        assert shells.build_key() != key
    assert shells.build_key() == key
    # An object's repr may hold its address, different in each process.
    assert shells._plain({"b": object(), "a": [1, Path("/x")]}) == {
        "a": [1, "/x"],
        "b": "object",
    }


# --- What each change redraws (core.changes: a shell's tags) ------------------


@pytest.fixture
def elsewhere(make_article, make_section, make_story):
    """An article of another section and story: it shows none of the trio."""
    sport = make_section("Sport")
    made = make_article("Cup final tonight", in_section=sport, story=make_story("Cup"))
    return ArticlePage.objects.get(pk=made.pk)


def drawn(draws, since: int = 0) -> list[int]:
    """Return the articles drawn in full (their shells drawn), in order."""
    return [call.args[0].pk for call in draws.call_args_list[since:]]


def render_all(client, pages) -> dict[int, str]:
    return {page.pk: render(client, page.url) for page in pages}


def test_an_approved_comment_redraws_only_the_pages_showing_its_count(
    client, trio, elsewhere, make_reader, draws, django_capture_on_commit_callbacks
):
    """A moderated comment moves the article's count: its page and the
    teasers of it under the other articles of its story are drawn again,
    an article showing neither keeps its shell."""
    from gazette.articles.models import DiscussionMode
    from gazette.discussion import services as discussion

    article, other = trio[0], trio[1]
    ArticlePage.objects.filter(pk=article.pk).update(
        discussion_mode=DiscussionMode.PREMODERATED
    )
    article.refresh_from_db()
    held = discussion.post_comment(
        article=article, author=make_reader(), text="Waiting for a moderator."
    )
    pages = [article, other, elsewhere]
    first = render_all(client, pages)
    assert drawn(draws) == [page.pk for page in pages]
    assert "0 comments" in first[article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        discussion.moderate_comment(held, None, "approve")
    after = render_all(client, pages)
    assert sorted(drawn(draws, 3)) == sorted([article.pk, other.pk])
    assert (
        "1 comment" in after[article.pk]
        and "Waiting for a moderator." in after[article.pk]
    )
    assert first[other.pk] != after[other.pk]  # the teaser's count
    assert 'class="teaser__comments"' in after[other.pk]
    assert after[elsewhere.pk] == first[elsewhere.pk]
    render_all(client, pages)
    assert len(drawn(draws)) == 5  # all served from their shells again


def test_a_publish_in_a_story_redraws_its_articles_not_the_world(
    client, trio, elsewhere, story, make_article, draws
):
    pages = [*trio, elsewhere]
    render_all(client, pages)
    make_article("Talks go on", story=story, hours=9)
    after = render_all(client, pages)
    assert sorted(drawn(draws, 4)) == sorted(page.pk for page in trio)
    assert all("Talks go on" in after[page.pk] for page in trio)
    assert all("(4)" in after[page.pk] for page in trio)
    assert "Talks go on" not in after[elsewhere.pk]


def test_a_related_headline_edit_redraws_the_pages_showing_it(
    client, trio, elsewhere, draws
):
    render_all(client, [trio[0], elsewhere])
    second = trio[1]
    second.title = "Border talks collapse"
    second.save_revision()
    articles.publish_article(second)
    after = render_all(client, [trio[0], elsewhere])
    assert "Border talks collapse" in after[trio[0].pk]
    assert drawn(draws, 2) == [trio[0].pk]


def test_a_settings_change_redraws_every_shell(client, trio, elsewhere, draws):
    render_all(client, [trio[0], elsewhere])
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Halvard Post"
    settings.save()
    after = render_all(client, [trio[0], elsewhere])
    assert drawn(draws, 2) == [trio[0].pk, elsewhere.pk]
    assert all("Halvard Post" in html for html in after.values())


def test_a_change_committed_while_a_shell_is_drawn_leaves_it_stale(client, trio, draws):
    """The shell is stored under the generation read before the page was
    drawn: a change of what it shows meanwhile makes it stale at once."""
    from gazette.core import changes

    article = trio[0]
    real = shells.dependencies

    def changed_meanwhile(page, related):
        shells.retire([changes.article(page.pk)])
        return real(page, related)

    with mock.patch.object(shells, "dependencies", side_effect=changed_meanwhile):
        render(client, article.url)
    assert ArticleShell.objects.filter(article=article).exists()
    render(client, article.url)
    render(client, article.url)
    assert drawn(draws) == [article.pk, article.pk]


def test_a_served_shell_stays_within_the_query_budget(
    client, trio, django_assert_max_num_queries, draws
):
    """The issue's budget, 10 queries per article render: a served shell
    asks the routing (its shell and tags' check inside the article's query)
    and the live parts."""
    url = trio[0].url
    render(client, url)
    with django_assert_max_num_queries(10):
        render(client, url)
    assert draws.call_count == 1


def test_an_articles_audio_redraws_the_pages_showing_the_article_only(
    client, trio, elsewhere, draws
):
    """The player shows on the article's own page; its tag (the article's)
    also redraws the pages showing its teaser, more than needed, and no
    other."""
    from gazette.audio import services as audio

    pages = [trio[0], trio[1], elsewhere]
    render_all(client, pages)
    audio.generate_article_audio(trio[0])
    after = render_all(client, pages)
    assert "<audio" in after[trio[0].pk]
    assert sorted(drawn(draws, 3)) == sorted([trio[0].pk, trio[1].pk])


def test_a_change_naming_no_tag_keeps_every_shell(client, trio, draws):
    """An empty list of tags: a change no stored page shows."""
    from gazette.core.services import retire_cached_pages

    render(client, trio[0].url)
    retire_cached_pages(changed=[])
    render(client, trio[0].url)
    assert drawn(draws) == [trio[0].pk]
