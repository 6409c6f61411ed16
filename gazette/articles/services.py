"""Every write to sections, articles and authors goes through here."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from wagtail.models import Page

from .models import ArticlePage, ArticlePageAuthor, Author, SectionPage


def create_section(
    home: Page, *, title: str, slug: str, intro: str = ""
) -> SectionPage:
    """Create and publish a section front under the home page."""
    section = SectionPage(title=title, slug=slug, intro=intro, show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    return section


@transaction.atomic
def create_article(
    section: SectionPage,
    *,
    title: str,
    lede: str,
    body: list | str,
    slug: str = "",
    authors: Sequence[Author] = (),
    story=None,
    image=None,
    user=None,
) -> ArticlePage:
    """Create a draft article in ``section``; publish it with ``publish_article``."""
    article = ArticlePage(
        title=title,
        slug=slug,
        lede=lede,
        body=body,
        story=story,
        image=image,
        live=False,
        owner=user,
    )
    article.article_authors = [
        ArticlePageAuthor(author=author, sort_order=i)
        for i, author in enumerate(authors)
    ]
    section.add_child(instance=article)
    article.save_revision(user=user, log_action=True)
    return article


@transaction.atomic
def publish_article(
    article: ArticlePage,
    *,
    user=None,
    published_at: datetime.datetime | None = None,
    updated_at: datetime.datetime | None = None,
) -> ArticlePage:
    """Publish the latest revision of ``article``.

    ``published_at`` and ``updated_at`` backdate the publication, for archives
    and imports; left out, the article is published now.
    """
    revision = article.latest_revision or article.save_revision(user=user)
    revision.publish(user=user)
    article.refresh_from_db()
    if published_at or updated_at:
        # Wagtail stamps publication with the current time; an archive keeps its
        # own. Saved through the model so that story dates and caches follow.
        first = published_at or article.first_published_at
        article.first_published_at = first
        article.last_published_at = updated_at or first
        article.save(update_fields=["first_published_at", "last_published_at"])
    return article


def unpublish_article(article: ArticlePage, *, user=None) -> None:
    """Withdraw a published article; its story count drops at once."""
    article.unpublish(user=user, log_action=True)
