"""Load the demo's other editions: ``content/<language>/`` beside the English files.

Each edition directory holds a ``newsroom.json`` (its language, name, sections,
authors, stories, pictures, community standards, standing pages and fronts)
and an ``articles.json``. An article is either the edition's own original, or
a translation of an English demo article (``translation_of``: the English
slug), made with Wagtail's copy for translation so that both versions share a
``translation_key`` and link each other ("Read in", ``hreflang``). Sections,
the home page, the community standards and the standing pages are
translations of the English ones in the same way; a section without
``translation_of`` is the edition's own.

Loading keeps what exists, as the English loader does: a translation that
exists (whatever its slug), or an original, section, author, story or picture
with the same slug (title for pictures) is left as it is.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.files.images import ImageFile
from wagtail.models import Locale, Page

from gazette.articles import services as articles
from gazette.articles.models import (
    ArticleGenre,
    ArticlePage,
    ArticlePageAuthor,
    Author,
    SectionPage,
)
from gazette.core.models import GazetteImage, HomePage, StandardPage
from gazette.radio import services as radio
from gazette.stories.models import Story

from .images import draw_picture
from .loader import (
    DemoContentError,
    Summary,
    Timeline,
    _backdate_history,
    _body,
    _front,
    _when,
    standards_body,
)

ARTICLE_KEYS = ("slug", "section", "title", "lede", "body", "published")


@dataclass
class Edition:
    """An edition's content, read and checked: nothing written yet."""

    code: str
    directory: Path
    newsroom: dict
    articles: list[dict]
    # The English pictures' drawings (key -> its entry), redrawn for the
    # edition's own picture records (alt text, caption and credit in its language).
    drawings: dict[str, dict]


def edition_directories(directory: Path) -> list[Path]:
    """Return the edition directories under ``directory`` (those with a newsroom)."""
    return sorted(
        path
        for path in directory.iterdir()
        if path.is_dir() and (path / "newsroom.json").exists()
    )


def _load_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DemoContentError(f"{path} is missing.") from None
    except json.JSONDecodeError as error:
        raise DemoContentError(f"{path} is malformed: {error}") from None


def read_edition(
    directory: Path,
    english: dict,
    english_articles: list[dict],
    timeline: Timeline,
) -> Edition:
    """Read the edition in ``directory`` and check it against the English content."""
    newsroom_file = directory / "newsroom.json"
    articles_file = directory / "articles.json"
    newsroom = _load_json(newsroom_file)
    data = _load_json(articles_file)
    code = newsroom.get("language")
    if not code or not isinstance(code, str):
        raise DemoContentError(f"{newsroom_file} names no “language”.")

    def fail(message: str) -> DemoContentError:
        return DemoContentError(f"{directory.name} edition: {message}")

    try:
        sections = {s["slug"]: s for s in newsroom["sections"]}
        stories = {s["slug"] for s in newsroom.get("stories", [])}
        authors = {a["slug"] for a in newsroom.get("authors", [])}
        images = {i["key"] for i in newsroom.get("images", [])}
        articles_data = data["articles"]
    except (KeyError, TypeError) as error:
        raise fail(f"malformed: {error} is missing.") from None
    english_sections = {s["slug"] for s in english["sections"]}
    english_slugs = {a["slug"] for a in english_articles}
    english_authors = {a["slug"] for a in english["authors"]}
    drawings = {image["key"]: image for image in english.get("images", [])}
    for slug, section in sections.items():
        source = section.get("translation_of")
        if source is not None and source not in english_sections:
            raise fail(f"section {slug} translates the unknown section {source}.")
    for key in images - set(drawings):
        raise fail(f"picture {key} has no English drawing of that key.")

    seen: set[str] = set()
    for index, article in enumerate(articles_data, start=1):
        for key in ARTICLE_KEYS:
            if key not in article:
                raise fail(
                    f"{articles_file.name}: article {index} "
                    f"({article.get('slug', '?')}) has no “{key}”."
                )
        slug = article["slug"]
        if slug in seen:
            raise fail(f"two articles have the slug {slug}.")
        seen.add(slug)
        where = f"article {slug}"
        if article["section"] not in sections:
            raise fail(f"{where}: unknown section {article['section']}.")
        if article.get("story") and article["story"] not in stories:
            raise fail(f"{where}: unknown story {article['story']}.")
        for author in article.get("authors", []):
            if author not in authors | english_authors:
                raise fail(f"{where}: unknown author {author}.")
        if article.get("image") and article["image"] not in images | set(drawings):
            raise fail(f"{where}: unknown picture {article['image']}.")
        if article.get("genre", ArticleGenre.NEWS) not in ArticleGenre.values:
            raise fail(f"{where}: unknown genre {article['genre']}.")
        source = article.get("translation_of")
        if source is not None:
            if source not in english_slugs:
                raise fail(f"{where} translates the unknown article {source}.")
            original = next(a for a in english_articles if a["slug"] == source)
            expected = sections[article["section"]].get("translation_of")
            if expected != original["section"]:
                raise fail(
                    f"{where} translates {source}, whose section is "
                    f"{original['section']}: it belongs in that section's translation."
                )
        elif not article.get("authors"):
            raise fail(f"{where}: an original needs its “authors”.")
        for name in ("published", "updated"):
            when = _when(article.get(name))
            if when and timeline.as_of and when > timeline.as_of:
                raise fail(f"{where} dated after as_of ({timeline.as_of:%Y-%m-%d}).")
    chosen = {a["slug"] for a in articles_data}
    for front, blocks in newsroom.get("fronts", {}).items():
        if front != "home" and front not in sections:
            raise fail(f"front {front}: no such section.")
        for block in blocks:
            for slot in block.get("pinned", []):
                if slot["article"] not in chosen:
                    raise fail(f"front {front}: no article {slot['article']}.")
            if block.get("section") and block["section"] not in sections:
                raise fail(f"front {front}: no section {block['section']}.")
            if block.get("story") and block["story"] not in stories:
                raise fail(f"front {front}: no story {block['story']}.")
    return Edition(code, directory, newsroom, articles_data, drawings)


def edition_locale(code: str) -> Locale | None:
    """Return the edition's ``Locale`` (created), or None if the site lacks it.

    An edition must be one of the site's content languages
    (``GAZETTE_EDITION_LANGUAGES``, WAGTAIL_CONTENT_LANGUAGES).
    """
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        code = get_supported_content_language_variant(code)
    except LookupError:
        return None
    locale, _created = Locale.objects.get_or_create(language_code=code)
    return locale


def _translate(
    page: Page, locale: Locale, summary: Summary, kind: str, exclude=(), **fields
) -> Page:
    """Return ``page``'s translation into ``locale``, made and published if missing.

    An existing translation is kept as it is (an editor's change survives).
    """
    existing = page.get_translation_or_none(locale)
    summary.count(kind, existing is None)
    if existing is not None:
        return existing.specific
    copy = _copy(page, locale, exclude, **fields)
    copy.save_revision().publish()
    return copy


def _copy(page: Page, locale: Locale, exclude=(), **fields) -> Page:
    """Copy ``page`` for translation into ``locale`` with ``fields`` changed.

    The fields are set on the source before copying (it is not saved), so
    that the translation is made with its own slug: changing a slug after
    the copy would leave a redirect from the English one behind.
    """
    # A fresh instance: the caller's page must keep its own title and slug.
    source = page.specific_class.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(source, name, value)
    copy = source.copy_for_translation(
        locale, exclude_fields=list(exclude) or None
    ).specific
    if not source.live:
        # Wagtail copies a page that is not live from its latest revision.
        for name, value in fields.items():
            setattr(copy, name, value)
        copy.save()
    return copy


def _masthead(home: HomePage, newsroom: dict) -> None:
    """Give the edition's home page its masthead (name and tagline), unless an
    editor has set one: a demo loaded before mastheads existed gains it."""
    if home.masthead_name or home.masthead_tagline:
        return
    home.masthead_name = newsroom["name"]
    home.masthead_tagline = newsroom.get("tagline", "")
    home.save_revision().publish()


def load_edition(
    edition: Edition,
    *,
    home: HomePage,
    images: dict[str, GazetteImage],
    station=None,
    timeline: Timeline,
    now,
    summary: Summary,
    progress=lambda message: None,
) -> HomePage | None:
    """Load ``edition`` beside the English newsroom whose home page is ``home``.

    Return the edition's home page, or None when the site does not offer the
    edition's language (said in ``progress``).
    """
    newsroom = edition.newsroom
    locale = edition_locale(edition.code)
    if locale is None:
        progress(
            f"edition {edition.code}: skipped, not one of the site's languages "
            "(GAZETTE_EDITION_LANGUAGES)"
        )
        return None
    home_data = newsroom.get("home", {})
    edition_home = _translate(
        home,
        locale,
        summary,
        "home pages",
        exclude=["front"],
        title=home_data.get("title", newsroom["name"]),
        intro=home_data.get("intro", ""),
    )
    _masthead(edition_home, newsroom)

    sections = _sections(edition, home, edition_home, locale, summary)
    authors = _authors(newsroom, summary)
    stories = _stories(newsroom, locale, summary)
    own_images = _images(edition, images, summary)
    _standing(edition, home, locale, summary)
    if station is not None and newsroom.get("radio"):
        _radio(newsroom["radio"], station, locale, summary)
    progress(
        f"edition {edition.code}: {len(sections)} sections, {len(authors)} authors"
    )

    ordered = sorted(edition.articles, key=lambda a: a["published"])
    for data in ordered:
        _article(
            data,
            edition,
            home,
            locale,
            sections,
            authors,
            stories,
            own_images,
            timeline,
            summary,
        )
    progress(f"edition {edition.code}: {len(ordered)} articles")

    for story, is_open, created in stories.values():
        if created and not is_open:
            story.is_open = False
            story.save(update_fields=["is_open"])

    live_here = ArticlePage.objects.live().filter(locale=locale)
    for slug, blocks in newsroom.get("fronts", {}).items():
        page = edition_home if slug == "home" else sections[slug]
        _front(page, blocks, sections, stories, now, summary, articles=live_here)
    return edition_home


def _sections(edition, home, edition_home, locale, summary) -> dict[str, SectionPage]:
    """The edition's sections: translations of the English ones, and its own."""
    sections: dict[str, SectionPage] = {}
    for data in edition.newsroom["sections"]:
        source = data.get("translation_of")
        if source:
            english = SectionPage.objects.child_of(home).filter(slug=source).first()
            if english is None:
                raise DemoContentError(
                    f"{edition.code} edition: the English section {source} is missing."
                )
            section = _translate(
                english,
                locale,
                summary,
                "sections",
                exclude=["front"],
                title=data["title"],
                slug=data["slug"],
                intro=data.get("intro", ""),
            )
        else:
            section = (
                SectionPage.objects.child_of(edition_home)
                .filter(slug=data["slug"])
                .first()
            )
            summary.count("sections", section is None)
            if section is None:
                section = articles.create_section(
                    edition_home,
                    title=data["title"],
                    slug=data["slug"],
                    intro=data.get("intro", ""),
                )
        sections[data["slug"]] = section.specific
    return sections


def _authors(newsroom: dict, summary: Summary) -> dict[str, Author]:
    authors = {}
    for data in newsroom.get("authors", []):
        author, created = Author.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "role": data.get("role", ""),
                "bio": data.get("bio", ""),
            },
        )
        summary.count("authors", created)
        authors[data["slug"]] = author
    return authors


def _stories(newsroom: dict, locale: Locale, summary: Summary) -> dict:
    """The edition's stories: slug -> (story, open when loaded, created now)."""
    stories = {}
    with_locale = any(f.name == "locale" for f in Story._meta.get_fields())
    for data in newsroom.get("stories", []):
        defaults = {
            "title": data["title"],
            "short_label": data.get("short_label", ""),
            "summary": data.get("summary", ""),
            "is_open": True,
        }
        if with_locale:
            defaults["locale"] = locale
        story, created = Story.objects.get_or_create(
            slug=data["slug"], defaults=defaults
        )
        summary.count("stories", created)
        stories[data["slug"]] = (story, data.get("open", True), created)
    return stories


def _images(
    edition: Edition, images: dict[str, GazetteImage], summary: Summary
) -> dict[str, GazetteImage]:
    """The English pictures, with the edition's own records (its words) first."""
    own_images = dict(images)
    for data in edition.newsroom.get("images", []):
        image = GazetteImage.objects.filter(title=data["title"]).first()
        summary.count("images", image is None)
        if image is None:
            drawing = edition.drawings[data["key"]]
            png = draw_picture(
                data["key"], drawing.get("colours", []), drawing.get("motif", "")
            )
            image = GazetteImage(
                title=data["title"],
                description=data.get("alt", ""),
                caption=data.get("caption", ""),
                credit=data.get("credit", ""),
            )
            image.file = ImageFile(
                io.BytesIO(png), name=f"demo-{edition.code}-{data['key']}.png"
            )
            image.save()
        own_images[data["key"]] = image
    return own_images


def _radio(data: dict, station, locale: Locale, summary: Summary) -> None:
    """The edition's station: the demo station's translation (docs/radio.md)."""
    summary.count("radio stations", not station.get_translation_or_none(locale))
    translated = radio.translate_station(
        station,
        locale.language_code,
        name=data["name"],
        description=data.get("description"),
        programmes={
            english: tuple(words)
            for english, words in data.get("programmes", {}).items()
        },
        stream_name=data.get("stream_name"),
    )
    # Its name in radio players (Latin letters): a demo loaded before the
    # field existed gains it.
    if data.get("stream_name") and not translated.stream_name:
        translated.stream_name = data["stream_name"]
        radio.save_station(translated)


def _standing(edition: Edition, home: HomePage, locale: Locale, summary) -> None:
    """Translate the community standards and the standing pages (About us...)."""
    pages = list(edition.newsroom.get("standing_pages", []))
    standards = edition.newsroom.get("community_standards")
    if standards:
        pages.append({**standards, "body": standards_body(standards), "intro": ""})
    for data in pages:
        english = (
            StandardPage.objects.child_of(home)
            .filter(slug=data["translation_of"])
            .first()
        )
        if english is None:
            continue  # removed from the English edition: nothing to translate
        _translate(
            english,
            locale,
            summary,
            "pages",
            title=data["title"],
            slug=data["slug"],
            intro=data.get("intro", ""),
            body=[
                {"type": block["type"], "value": block["value"]}
                for block in data.get("body", [])
            ],
        )


def _article(
    data, edition, home, locale, sections, authors, stories, images, timeline, summary
) -> None:
    """Create and publish one article of the edition, unless it exists."""
    section = sections[data["section"]]
    story = stories[data["story"]][0] if data.get("story") else None
    image = images.get(data.get("image") or "")
    byline = [
        authors.get(slug) or Author.objects.get(slug=slug)
        for slug in data.get("authors", [])
    ]
    genre = data.get("genre", ArticleGenre.NEWS)
    source = data.get("translation_of")
    if source:
        original = ArticlePage.objects.filter(
            locale_id=home.locale_id, slug=source
        ).first()
        if original is None:
            raise DemoContentError(
                f"{edition.code} edition: the English article {source} is missing."
            )
        exists = original.get_translation_or_none(locale) is not None
        summary.count("articles", not exists)
        if exists:
            return
        # Wagtail's copy for translation, as the page menu's "Translate": the
        # translation shares the original's translation_key, under the
        # translation of its section, with its byline (the reporters).
        article = _copy(
            original,
            locale,
            title=data["title"],
            slug=data["slug"],
            lede=data["lede"],
            body=_body(data["body"], images),
            genre=genre,
            # The edition's story, or none: threading places it in the edition.
            story=story,
            image=image or original.image,
            # The original's discussion is not the translation's.
            comment_count=0,
        )
        if byline:
            article.article_authors = [
                ArticlePageAuthor(author=author, sort_order=n)
                for n, author in enumerate(byline)
            ]
            article.save()
        article.save_revision(log_action=True)
    else:
        exists = (
            ArticlePage.objects.child_of(section).filter(slug=data["slug"]).exists()
        )
        summary.count("articles", not exists)
        if exists:
            return
        article = articles.create_article(
            section,
            title=data["title"],
            slug=data["slug"],
            lede=data["lede"],
            body=_body(data["body"], images),
            authors=byline,
            story=story,
            image=image,
        )
        if genre != article.genre:
            article.genre = genre
            article.save_revision()
    published_at = timeline.at(data["published"])
    updated_at = timeline.at(data.get("updated"))
    articles.publish_article(article, published_at=published_at, updated_at=updated_at)
    _backdate_history(article, published_at, updated_at)
