"""Read a front page's blocks and the articles that fill them.

The blocks are read from the stored stream (``raw_data``), not through their
choosers, so that a front costs a fixed number of queries however many
articles its editors chose: one for the chosen articles, one for the newest
articles of the site (most rules are served from that window), one for the
teasers themselves, one for their pictures' renditions and one for the
sections named in kickers. A "Most read" block costs one query more, made
at most once a minute (``readership.services.cached_most_read``).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from gazette.articles.models import ArticlePage, SectionPage
from gazette.readership.services import cached_most_read
from gazette.stories.models import Story

from .layout import SITE, BlockSpec, Candidate, Pin, Source, next_change, resolve

# The newest articles of the site, read once per front; rules for sections
# and stories look there first and query their own source only past it.
WINDOW = 120
BATCH = 60

HOME_DEFAULT: list[dict[str, Any]] = [
    {"type": "lead", "value": {}},
    {"type": "row", "value": {"count": 4}},
    {"type": "running_stories", "value": {"count": 5}},
    {"type": "latest", "value": {"count": 12}},
    {"type": "most_read", "value": {}},
]
SECTION_DEFAULT: list[dict[str, Any]] = [
    {"type": "lead", "value": {}},
    {"type": "row", "value": {"count": 3}},
    {"type": "most_read", "value": {}},
]


@dataclass
class FrontBlock:
    """A block of a front as its template draws it."""

    kind: str
    heading: str = ""
    articles: list[ArticlePage] = field(default_factory=list)
    has_picture: bool = True
    chosen: set[int] = field(default_factory=set)
    link: str = ""
    stories: list[Story] = field(default_factory=list)
    source: Source = SITE
    # A "Most read" block: its articles with their reads, over ``days`` days,
    # the section it names (if not the front's own) and a key for its id.
    reads: list[tuple[ArticlePage, int]] = field(default_factory=list)
    days: int = 1
    section_title: str = ""
    key: str = ""

    @property
    def is_story_row(self) -> bool:
        """Whether the block shows one story: its teasers need no story label."""
        return self.source[0] == "story"

    @property
    def template(self) -> str:
        return f"fronts/blocks/{self.kind}.html"


@dataclass
class Front:
    blocks: list[FrontBlock]
    shown: set[int]
    # When an editor's choice runs out and the front changes by itself.
    changes_at: datetime | None = None

    @property
    def shows_most_read(self) -> bool:
        """Whether a block lists the most read (the page then draws no other)."""
        return any(block.kind == "most_read" for block in self.blocks)


def _pins(value: dict[str, Any]) -> tuple[Pin, ...]:
    pins = []
    for item in value.get("pinned") or []:
        # ListBlock items are stored as {"type": "item", "value": ..., "id": ...}.
        slot = item.get("value", item) if isinstance(item, dict) else {}
        article_id = slot.get("article")
        if not article_id:
            continue
        expires = slot.get("expires_at")
        expires_at = parse_datetime(expires) if isinstance(expires, str) else None
        if expires_at is not None and timezone.is_naive(expires_at):
            expires_at = timezone.make_aware(expires_at)
        pins.append(Pin(int(article_id), expires_at))
    return tuple(pins)


def _source(value: dict[str, Any], default: Source) -> Source:
    if value.get("story"):
        return ("story", int(value["story"]))
    if value.get("section"):
        return ("section", int(value["section"]))
    return default


def read_specs(raw: list[dict[str, Any]], default: Source) -> list[BlockSpec]:
    """Return the filling rules of a stored front stream, block by block."""
    specs = []
    for block in raw:
        kind, value = block.get("type"), block.get("value") or {}
        if kind == "lead":
            spec = BlockSpec(
                kind, 1, _source(value, default), _pins(value), needs_picture=True
            )
        elif kind == "row":
            count = int(value.get("count") or 4)
            spec = BlockSpec(kind, count, _source(value, default), _pins(value))
        elif kind == "latest":
            count = int(value.get("count") or 12)
            spec = BlockSpec(kind, count, default, fills_last=True)
        elif kind == "most_read":
            # Filled by reads, not by the rules: no slot (count 0).
            spec = BlockSpec(kind, 0, _source(value, default))
        else:
            spec = BlockSpec(str(kind))
        specs.append(spec)
    return specs


class Candidates:
    """Yield the newest live articles of a source, as ``layout.resolve`` asks."""

    def __init__(
        self,
        section_paths: dict[int, str],
        window_source: Source = SITE,
        locale_id: int | None = None,
    ):
        self.section_paths = section_paths
        self.window_source = window_source
        # The front's edition: a site-wide or story rule never reaches into
        # another edition's articles (a section's lie in its edition's tree).
        self.locale_id = locale_id
        self.window = list(
            self.queryset(window_source).values_list(
                "pk", "image_id", "path", "story_id"
            )[:WINDOW]
        )

    def matches(self, source: Source, path: str, story_id: int | None) -> bool:
        kind, key = source
        if kind == "section":
            return path.startswith(self.section_paths.get(key or 0, "\0"))
        if kind == "story":
            return story_id == key
        return True

    def queryset(self, source: Source):
        articles = ArticlePage.objects.live()
        if self.locale_id is not None:
            articles = articles.filter(locale_id=self.locale_id)
        kind, key = source
        if kind == "section":
            articles = articles.filter(
                path__startswith=self.section_paths.get(key or 0, "\0")
            )
        elif kind == "story":
            articles = articles.filter(story_id=key)
        return articles.order_by("-first_published_at", "-pk")

    def __call__(self, source: Source) -> Iterator[Candidate]:
        seen = set()
        # The window covers the site, or on a section front that section.
        covers = self.window_source == SITE or source == self.window_source
        if covers:
            for pk, image_id, path, story_id in self.window:
                if self.matches(source, path, story_id):
                    seen.add(pk)
                    yield Candidate(pk, image_id is not None)
            if len(self.window) < WINDOW:
                return  # the window held the whole of its source
        offset = 0
        while True:
            rows = list(
                self.queryset(source).values_list("pk", "image_id")[
                    offset : offset + BATCH
                ]
            )
            for pk, image_id in rows:
                if pk not in seen:
                    yield Candidate(pk, image_id is not None)
            if len(rows) < BATCH:
                return
            offset += BATCH


def teasers(ids, known_sections=()) -> dict[int, ArticlePage]:
    """Return the live articles ``ids`` with what a teaser shows, by id."""
    articles = ArticlePage.objects.live().filter(pk__in=ids).for_listing()
    found = {article.pk: article for article in articles}
    attach_sections(found.values(), known_sections)
    return found


def attach_sections(articles, known_sections=()) -> None:
    """Set ``article.section`` on each article; one query for sections not known."""
    articles = list(articles)
    steplen = ArticlePage.steplen
    sections = {section.path: section for section in known_sections}
    missing = {article.path[:-steplen] for article in articles} - set(sections)
    if missing:
        sections.update(
            (section.path, section)
            for section in SectionPage.objects.filter(path__in=missing).only(
                "title", "path", "url_path", "depth"
            )
        )
    for article in articles:
        article.section = sections.get(article.path[:-steplen])


def build_front(page, request=None, default_source: Source = SITE, loaded=()) -> Front:
    """Return the blocks of ``page``'s front (a home page or a section), filled.

    ``loaded`` are teasers the page has already read (a section front's first
    page of articles): they are not read again.
    """
    raw = list(page.front.raw_data) if page.front else []
    if not raw:
        raw = HOME_DEFAULT if default_source == SITE else SECTION_DEFAULT
    specs = read_specs(raw, default_source)
    now = timezone.now()
    pinned_ids = {pin.article_id for spec in specs for pin in spec.pins}
    live = (
        {
            pk: Candidate(pk, image_id is not None)
            for pk, image_id in ArticlePage.objects.live()
            .filter(pk__in=pinned_ids)
            .values_list("pk", "image_id")
        }
        if pinned_ids
        else {}
    )
    section_ids = {
        key
        for spec in specs
        for kind, key in [spec.source]
        if kind == "section" and key is not None
    }
    section_pages = {page.pk: page} if isinstance(page, SectionPage) else {}
    if section_ids - set(section_pages):
        section_pages.update(
            (section.pk, section)
            for section in SectionPage.objects.filter(
                pk__in=section_ids - set(section_pages)
            ).only("title", "path", "url_path", "depth")
        )
    paths = {pk: section.path for pk, section in section_pages.items()}
    filled = resolve(
        specs, now, live, Candidates(paths, default_source, page.locale_id)
    )
    shown = {pk for result in filled for pk in result.article_ids}
    articles = {article.pk: article for article in loaded if article.pk in shown}
    attach_sections(articles.values(), section_pages.values())
    if shown - set(articles):
        articles.update(teasers(shown - set(articles), section_pages.values()))
    story_ids = {
        key
        for spec in specs
        for kind, key in [spec.source]
        if kind == "story" and key is not None
    }
    stories = (
        {story.pk: story for story in Story.objects.filter(pk__in=story_ids)}
        if story_ids
        else {}
    )

    blocks = []
    for block, spec, result in zip(raw, specs, filled, strict=True):
        value = block.get("value") or {}
        front_block = FrontBlock(
            kind=spec.kind,
            heading=value.get("heading") or "",
            articles=[articles[pk] for pk in result.article_ids if pk in articles],
            has_picture=result.has_picture,
            chosen=result.chosen,
            source=spec.source,
        )
        kind, key = spec.source
        if spec.kind == "most_read":
            blocks.append(
                _most_read(front_block, value, section_pages, request, page.locale_id)
            )
            continue
        if not (value.get("section") or value.get("story")):
            pass  # the front's own source: the block needs no name of it
        elif kind == "section" and key in section_pages:
            section = section_pages[key]
            front_block.heading = front_block.heading or section.title
            front_block.link = section.get_url(request) or ""
        elif kind == "story" and key in stories:
            story = stories[key]
            front_block.heading = front_block.heading or story.label
            front_block.link = story.get_absolute_url()
        if spec.kind == "running_stories":
            count = int(value.get("count") or 5)
            front_block.stories = list(
                Story.objects.running().filter(locale_id=page.locale_id)[:count]
            )
        blocks.append(front_block)
    return Front(blocks, shown, next_change(specs, now))


def _most_read(
    block: FrontBlock,
    value: dict[str, Any],
    section_pages: dict[int, SectionPage],
    request=None,
    locale_id: int | None = None,
) -> FrontBlock:
    """Fill a "Most read" block: the edition's or a section's, cached a minute."""
    block.days = int(value.get("days") or settings.GAZETTE_MOST_READ_DAYS)
    count = int(value.get("count") or settings.GAZETTE_MOST_READ_LIMIT)
    kind, key = block.source
    section = section_pages.get(key or 0) if kind == "section" else None
    block.key = f"{key or 'site'}-{block.days}-{count}"
    if kind == "section" and section is None:
        return block  # the section was deleted: nothing to rank
    block.reads = cached_most_read(
        section=section, days=block.days, limit=count, locale_id=locale_id
    )
    if value.get("section") and section is not None:
        block.section_title = section.title
        block.link = section.get_url(request) or ""
    return block
