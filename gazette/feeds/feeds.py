"""The feeds, built on Django's own ``Feed``: one class per subject, RSS and Atom.

A subclass chooses what the feed is about (``get_subject``) and which articles
it carries (``get_articles``); everything an item says is common to all.

Feeds are per edition: ``/es/feeds/rss/`` carries the Spanish edition's
articles only, with its name, its home page as the link, its language
(``<language>``, ``xml:lang``: the active language, which the edition's
prefix sets) and the interface's words in it.
"""

import mimetypes
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import (
    Atom1Feed,
    Enclosure,
    Rss201rev2Feed,
    SyndicationFeed,
)
from django.utils.translation import gettext as _
from wagtail.images.models import SourceImageIOError
from wagtail.models import Locale

from gazette.articles.models import ArticlePage, ArticlePageAuthor, Author, SectionPage
from gazette.core import editions, masthead
from gazette.core.models import GazetteRendition
from gazette.core.templatetags.gazette_tags import names_list
from gazette.stories.models import Story

# The lead picture's size on the article page: feeds and the page share one
# rendition, so an enclosure never costs a picture of its own.
ENCLOSURE_FILTER = "width-960"


@dataclass
class FeedRequest:
    """What a feed is about, with the request it answers (feeds are shared objects)."""

    request: Any
    subject: Any
    newsroom: str
    # The edition's language code and its home page's address.
    edition: str = ""
    home: str = "/"


def edition_key(code: str) -> Subquery:
    """Return the key of edition ``code``'s locale, as a subquery (no query
    of its own)."""
    return Subquery(Locale.objects.filter(language_code=code).values("pk")[:1])


class ArticleFeed(Feed):
    """The latest articles of the whole site, newest first, as RSS 2.0."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    # Aggregators read the head of a feed; fifty covers a busy news day.
    limit = 50
    item_guid_is_permalink = True

    def get_subject(self, request, **kwargs) -> Any:
        return None

    def get_articles(self, subject):
        return ArticlePage.objects.live().public()

    def get_object(self, request, *args, **kwargs) -> FeedRequest:
        code = editions.active_edition()
        # The edition's masthead ("El Correo de Halvard"), else the newsroom's.
        newsroom = masthead.for_request(request, code).name
        return FeedRequest(
            request,
            self.get_subject(request, **kwargs),
            newsroom,
            edition=code,
            # The edition's home page: the root of the active language's
            # addresses ("/es/"; "/" on a one-edition site).
            home=reverse("wagtail_serve", args=("",)),
        )

    def title(self, obj: FeedRequest) -> str:
        return obj.newsroom

    def link(self, obj: FeedRequest) -> str:
        return obj.home

    def description(self, obj: FeedRequest) -> str:
        return _("The latest articles from %(newsroom)s.") % {"newsroom": obj.newsroom}

    def subtitle(self, obj: FeedRequest) -> str:
        return self.description(obj)

    def items(self, obj: FeedRequest) -> list[ArticlePage]:
        articles = list(
            self.get_articles(obj.subject)
            .filter(locale_id=edition_key(obj.edition))
            .select_related("story", "image")
            .prefetch_related(
                Prefetch(
                    "image__renditions",
                    queryset=GazetteRendition.objects.filter(
                        filter_spec=ENCLOSURE_FILTER
                    ),
                )
            )
            .order_by("-first_published_at", "-pk")[: self.limit]
        )
        # Sections and bylines of every item in one query each.
        paths = {article.path[: -article.steplen] for article in articles}
        sections = {
            section.path: section
            for section in SectionPage.objects.filter(path__in=paths)
        }
        bylines: dict[int, list[Author]] = {article.pk: [] for article in articles}
        for link in (
            ArticlePageAuthor.objects.filter(page__in=bylines)
            .select_related("author")
            .order_by("sort_order")
        ):
            bylines[link.page_id].append(link.author)
        for article in articles:
            article.feed_section = sections.get(article.path[: -article.steplen])
            article.feed_authors = bylines[article.pk]
            article.feed_author_link = (
                obj.request.build_absolute_uri(
                    article.feed_authors[0].get_absolute_url()
                )
                if article.feed_authors
                else None
            )
            article.feed_enclosure = self._enclosure(article, obj.request)
        return articles

    def _enclosure(self, article: ArticlePage, request) -> Enclosure | None:
        if article.image is None:
            return None
        try:
            rendition = article.image.get_rendition(ENCLOSURE_FILTER)
        except SourceImageIOError:
            # Its file is missing or will not decode: the item goes without.
            return None
        mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
        try:
            length = rendition.file.size
        except OSError:
            # A picture missing from storage still gets its item; length unknown.
            length = 0
        return Enclosure(
            request.build_absolute_uri(rendition.url), str(length), mime_type
        )

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.lede

    def item_link(self, item: ArticlePage) -> str:
        return item.url

    def item_author_name(self, item: ArticlePage) -> str:
        # "A, B and C" in the edition's language.
        return names_list([author.name for author in item.feed_authors])

    def item_author_link(self, item: ArticlePage) -> str | None:
        return item.feed_author_link

    def item_categories(self, item: ArticlePage) -> list[str]:
        categories = []
        if item.feed_section is not None:
            categories.append(item.feed_section.title)
        if item.story is not None:
            categories.append(item.story.title)
        return categories

    def item_pubdate(self, item: ArticlePage):
        return item.first_published_at

    def item_updateddate(self, item: ArticlePage):
        return item.last_published_at or item.first_published_at

    def item_enclosures(self, item: ArticlePage) -> list[Enclosure]:
        return [item.feed_enclosure] if item.feed_enclosure else []


class SectionFeed(ArticleFeed):
    """The latest articles of one section."""

    def get_subject(self, request, **kwargs) -> SectionPage:
        # The edition's section: translated sections may keep their slug.
        edition = edition_key(editions.active_edition())
        section = (
            SectionPage.objects.live()
            .public()
            .filter(slug=kwargs["slug"], locale_id=edition)
            .first()
        )
        if section is None:
            raise Http404(_("No such section."))
        return section

    def get_articles(self, subject):
        return super().get_articles(subject).child_of(subject)

    def title(self, obj: FeedRequest) -> str:
        return _("%(subject)s | %(newsroom)s") % {
            "subject": obj.subject.title,
            "newsroom": obj.newsroom,
        }

    def link(self, obj: FeedRequest) -> str:
        return obj.subject.url

    def description(self, obj: FeedRequest) -> str:
        return obj.subject.intro or _("The latest %(section)s articles.") % {
            "section": obj.subject.title
        }


class StoryFeed(ArticleFeed):
    """The latest articles of one running story."""

    def get_subject(self, request, **kwargs) -> Story:
        story = Story.objects.filter(slug=kwargs["slug"]).first()
        if story is None:
            raise Http404(_("No such story."))
        return story

    def get_articles(self, subject):
        return super().get_articles(subject).in_story(subject)

    def title(self, obj: FeedRequest) -> str:
        return _("%(subject)s | %(newsroom)s") % {
            "subject": obj.subject.title,
            "newsroom": obj.newsroom,
        }

    def link(self, obj: FeedRequest) -> str:
        return obj.subject.get_absolute_url()

    def description(self, obj: FeedRequest) -> str:
        return obj.subject.summary or _("The running story: %(story)s.") % {
            "story": obj.subject.title
        }


class AuthorFeed(ArticleFeed):
    """The latest articles by one author."""

    def get_subject(self, request, **kwargs) -> Author:
        author = Author.objects.filter(slug=kwargs["slug"]).first()
        if author is None:
            raise Http404(_("No such author."))
        return author

    def get_articles(self, subject):
        return super().get_articles(subject).by_author(subject)

    def title(self, obj: FeedRequest) -> str:
        return _("%(subject)s | %(newsroom)s") % {
            "subject": obj.subject.name,
            "newsroom": obj.newsroom,
        }

    def link(self, obj: FeedRequest) -> str:
        return obj.subject.get_absolute_url()

    def description(self, obj: FeedRequest) -> str:
        return _("The latest articles by %(author)s.") % {"author": obj.subject.name}


class ArticleAtomFeed(ArticleFeed):
    """The latest articles of the whole site, as Atom 1.0."""

    feed_type = Atom1Feed


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed
