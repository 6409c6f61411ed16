"""Stories across editions: which edition a request reads, and the same story
told in the other editions.

A story belongs to one edition (``Story.locale``). The *same story* in another
edition is found from the data, not kept by hand: the story there whose
articles are translations of this story's articles (they share Wagtail's
``translation_key``), the one with the most such articles. One query finds it
for every other edition at once; the page it is shown on is cached whole
(gazette.core.cache: any publish or count change retires it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q

from .models import Story, editions, locale_code

if TYPE_CHECKING:
    from collections.abc import Sequence


@dataclass(frozen=True)
class OtherEdition:
    """The same story in another edition."""

    language: str  # the edition's language code ("es")
    name: str  # the language's own name ("Español")
    story: Story  # with its title, slug, label and count
    shared: int  # how many of its articles translate this story's

    @property
    def url(self) -> str:
        return self.story.get_absolute_url()

    @property
    def article_count(self) -> int:
        return self.story.article_count


def language_name(code: str) -> str:
    """Return a language's own name ("Español"), as the editions name it."""
    return str(editions().language_name(code))


def edition_codes() -> list[str]:
    """Return the editions' language codes, the default edition's first."""
    return list(editions().edition_codes())


def active_locale_id() -> int:
    """Return the locale id of the edition the current request reads.

    The active language is the edition's (from the address), never the
    reader's: ``gazette.core.editions.active_locale``.
    """
    return int(editions().active_locale().pk)


def locale_for_code(code: str) -> Any:
    """Return the ``Locale`` of edition ``code``, or raise ``LookupError``
    naming the editions there are."""
    from wagtail.models import Locale

    found = Locale.objects.filter(language_code=code).first()
    if found is None:
        known = ", ".join(edition_codes()) or "none"
        raise LookupError(f"no edition {code!r} (editions: {known})")
    return found


def edition_order(codes: Sequence[str]) -> list[str]:
    """Return ``codes`` in the editions' order (default first, then by code)."""
    order = {code: n for n, code in enumerate(edition_codes())}
    return sorted(codes, key=lambda code: (order.get(code, len(order)), code))


_LISTED_THERE = Q(story__article_count__gte=2) | Q(
    story__article_count=1, story__title_is_proposed=False
)


def other_editions(story: Story) -> list[OtherEdition]:
    """Return the same story in each other edition that tells it, in the
    editions' order: one query (and the locale codes, kept per process).

    For each other edition, the listed story there holding the most live
    translations of this story's live articles (ties: the larger story, then
    the more recent).
    """
    if story.pk is None:
        return []
    if not editions().has_editions():
        return []  # a one-edition site: nothing to ask
    from gazette.articles.models import ArticlePage

    live = ArticlePage.objects.live()
    keys = live.filter(story_id=story.pk).values("translation_key")
    rows = (
        live.filter(translation_key__in=keys, story__isnull=False)
        .exclude(locale_id=story.locale_id)
        .filter(story__locale_id=F("locale_id"))
        .filter(_LISTED_THERE)
        .order_by()
        .values(
            "story_id",
            "story__locale_id",
            "story__title",
            "story__short_label",
            "story__slug",
            "story__article_count",
            "story__last_published_at",
            "story__title_is_proposed",
            "story__is_open",
        )
        .annotate(shared=Count("pk"))
    )
    best: dict[int, tuple[Any, ...]] = {}
    for row in rows:
        rank = (
            row["shared"],
            row["story__article_count"],
            row["story__last_published_at"] is not None,
            row["story__last_published_at"],
            row["story_id"],
        )
        locale_id = row["story__locale_id"]
        if locale_id not in best or rank > best[locale_id][0]:
            best[locale_id] = (rank, row)
    found: dict[str, OtherEdition] = {}
    for locale_id, (_, row) in best.items():
        code = locale_code(locale_id)
        if code is None:
            continue
        other = Story(
            pk=row["story_id"],
            locale_id=locale_id,
            title=row["story__title"],
            short_label=row["story__short_label"],
            slug=row["story__slug"],
            article_count=row["story__article_count"],
            last_published_at=row["story__last_published_at"],
            title_is_proposed=row["story__title_is_proposed"],
            is_open=row["story__is_open"],
        )
        found[code] = OtherEdition(code, language_name(code), other, row["shared"])
    return [found[code] for code in edition_order(list(found))]


def cached_other_editions(story: Story) -> list[OtherEdition]:
    """Return ``other_editions(story)``, kept on the story object: the article
    page shows its story tag twice and asks once."""
    known = story.__dict__.get("_other_editions")
    if known is None:
        known = story.__dict__["_other_editions"] = other_editions(story)
    return known
