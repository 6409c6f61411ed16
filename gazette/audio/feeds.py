"""Podcast feeds of article audio: RSS 2.0 with enclosures and iTunes tags.

Built on Django's ``Feed``; ``PodcastRssFeed`` adds the iTunes namespace that
podcast apps read (author, duration, explicit, image, category, summary).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from gazette.articles.models import ArticlePage, ArticlePageAuthor, SectionPage
from gazette.core import editions, masthead

from .models import AudioStatus

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


class PodcastRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the iTunes podcast elements, channel-wide and per episode."""

    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self) -> dict[str, str]:
        attributes = super().rss_attributes()
        attributes["xmlns:itunes"] = ITUNES_NS
        return attributes

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        feed = self.feed
        handler.addQuickElement("itunes:author", feed["itunes_author"])
        handler.addQuickElement("itunes:summary", feed["description"])
        handler.addQuickElement("itunes:explicit", feed["itunes_explicit"])
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:image", "", {"href": feed["itunes_image"]})
        handler.addQuickElement(
            "itunes:category", "", {"text": feed["itunes_category"]}
        )
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", feed["itunes_author"])
        handler.endElement("itunes:owner")

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:author", item["itunes_author"])
        handler.addQuickElement("itunes:duration", item["itunes_duration"])
        handler.addQuickElement("itunes:summary", item["description"])
        handler.addQuickElement("itunes:explicit", item["itunes_explicit"])
        handler.addQuickElement("itunes:episodeType", "full")


def in_edition(pages):
    """Return the pages of the edition being read (its podcast speaks its
    language); all of them on a site with one edition."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return pages
    return pages.filter(locale_id=editions.active_locale().pk)


@dataclass
class PodcastRequest:
    """What a podcast feed is about, with the request it answers."""

    request: Any
    section: SectionPage | None
    newsroom: str


class PodcastFeed(Feed):
    """The latest spoken articles of the whole site, newest first."""

    feed_type = PodcastRssFeed
    # Podcast apps read the head of a feed; fifty is days of a busy newsroom.
    limit = 50
    item_guid_is_permalink = True

    def get_object(self, request, *args, **kwargs) -> PodcastRequest:
        # The edition's masthead ("El Correo de Halvard"), else the newsroom's.
        newsroom = masthead.for_request(request).name
        return PodcastRequest(request, self.get_section(**kwargs), newsroom)

    def get_section(self, **kwargs) -> SectionPage | None:
        return None

    def title(self, obj: PodcastRequest) -> str:
        if obj.section is not None:
            return _("%(section)s | %(newsroom)s, spoken") % {
                "section": obj.section.title,
                "newsroom": obj.newsroom,
            }
        return _("%(newsroom)s, spoken") % {"newsroom": obj.newsroom}

    def link(self, obj: PodcastRequest) -> str:
        if obj.section is not None:
            return obj.section.url
        # The edition's front ("/es/"): "/" answers a 301 once there are editions.
        return reverse("wagtail_serve", args=("",))

    def description(self, obj: PodcastRequest) -> str:
        if obj.section is not None:
            return _(
                "The latest articles in %(section)s from %(newsroom)s, read aloud."
            ) % {"section": obj.section.title, "newsroom": obj.newsroom}
        return _("The latest articles from %(newsroom)s, read aloud.") % {
            "newsroom": obj.newsroom
        }

    def feed_extra_kwargs(self, obj: PodcastRequest) -> dict[str, str]:
        image = settings.GAZETTE_AUDIO_PODCAST_IMAGE or reverse("podcasts:cover")
        return {
            "itunes_author": obj.newsroom,
            "itunes_explicit": self._explicit(),
            "itunes_image": obj.request.build_absolute_uri(image),
            "itunes_category": settings.GAZETTE_AUDIO_PODCAST_CATEGORY,
        }

    @staticmethod
    def _explicit() -> str:
        return "true" if settings.GAZETTE_AUDIO_PODCAST_EXPLICIT else "false"

    def items(self, obj: PodcastRequest) -> list[ArticlePage]:
        articles = in_edition(ArticlePage.objects.live().public())
        if obj.section is not None:
            articles = articles.child_of(obj.section)
        items = list(
            articles.filter(audio__status=AudioStatus.READY)
            .exclude(audio__file="")
            .select_related("audio")
            .order_by("-first_published_at", "-pk")[: self.limit]
        )
        # Bylines of every episode in one query.
        bylines: dict[int, list[str]] = {item.pk: [] for item in items}
        for link in (
            ArticlePageAuthor.objects.filter(page__in=bylines)
            .select_related("author")
            .order_by("sort_order")
        ):
            bylines[link.page_id].append(link.author.name)
        for item in items:
            names = bylines[item.pk]
            item.podcast_author = ", ".join(names) if names else obj.newsroom
            item.podcast_enclosure = Enclosure(
                obj.request.build_absolute_uri(
                    reverse("audio:article_mp3", args=[item.pk])
                    + f"?v={item.audio.version}"
                ),
                str(item.audio.size),
                "audio/mpeg",
            )
        return items

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.lede

    def item_link(self, item: ArticlePage) -> str:
        return item.url

    def item_author_name(self, item: ArticlePage) -> str:
        return item.podcast_author

    def item_pubdate(self, item: ArticlePage):
        return item.first_published_at

    def item_enclosures(self, item: ArticlePage) -> list[Enclosure]:
        return [item.podcast_enclosure]

    def item_extra_kwargs(self, item: ArticlePage) -> dict[str, str]:
        return {
            "itunes_author": item.podcast_author,
            "itunes_duration": item.audio.clock_duration,
            "itunes_explicit": self._explicit(),
        }


class SectionPodcastFeed(PodcastFeed):
    """The latest spoken articles of one section."""

    def get_section(self, **kwargs) -> SectionPage | None:
        section = (
            in_edition(SectionPage.objects.live().public())
            .filter(slug=kwargs["slug"])
            .first()
        )
        if section is None:
            raise Http404(_("No such section."))
        return section
