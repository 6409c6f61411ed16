"""Public pages are semantic: landmarks, one h1, headings in order, alt text."""

from html.parser import HTMLParser

import pytest

from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.stories.models import Story

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.landmarks: set[str] = set()
        self.images_without_alt: list[str] = []
        self.unlabelled_navs = 0
        self.lang = None
        self.first_link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag in {"header", "main", "footer", "nav"}:
            self.landmarks.add(tag)
        if tag == "nav" and not attrs.get("aria-label"):
            self.unlabelled_navs += 1
        if tag == "img" and not attrs.get("alt"):
            self.images_without_alt.append(attrs.get("src", "?"))
        if tag == "a" and self.first_link is None:
            self.first_link = attrs.get("href")


@pytest.fixture
def demo(demo_newsroom):
    """The demo newsroom, loaded once for the tests that read it (conftest.py)."""
    return demo_newsroom


def public_urls():
    article = ArticlePage.objects.get(slug="opinion-general-stenvik")
    return [
        "/",
        SectionPage.objects.first().url,
        article.url,
        Story.objects.order_by("-article_count").first().get_absolute_url(),
        "/stories/",
        "/authors/",
        Author.objects.first().get_absolute_url(),
        "/community-standards/",
        "/no-such-page/",
    ]


def test_public_pages_are_semantic_and_accessible(client, demo):
    for url in public_urls():
        # The demo has three editions: an unprefixed address answers 301 to
        # the default edition's, whose page is the one checked.
        response = client.get(url, follow=True)
        outline = Outline()
        outline.feed(response.content.decode())
        assert outline.lang == "en-GB", url
        assert {"header", "main", "footer", "nav"} <= outline.landmarks, url
        assert outline.unlabelled_navs == 0, url
        assert outline.headings.count(1) == 1, (url, outline.headings)
        assert outline.headings[0] == 1, (url, outline.headings)
        # No level is skipped on the way down (h2 -> h4 would be).
        for before, after in zip(outline.headings, outline.headings[1:], strict=False):
            assert after <= before + 1, (url, outline.headings)
        assert not outline.images_without_alt, (url, outline.images_without_alt)
        assert outline.first_link == "#main", url


def test_missing_page_is_a_helpful_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "There is no page at this address" in response.content.decode()
