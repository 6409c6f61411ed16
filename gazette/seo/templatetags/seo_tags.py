"""``{% page_metadata %}``: canonical URL, OpenGraph, Twitter card and JSON-LD.

Reads only what the page has already loaded (the page, its story, lead
picture and bylines, the listing on the page, the newsroom settings cached on
the request): it adds no query.
"""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page as ListPage
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError

from gazette.articles.models import ArticlePage, Author, SectionPage
from gazette.core import editions, masthead
from gazette.core.keyset import KeysetPage
from gazette.core.models import HomePage
from gazette.core.templatetags.gazette_tags import html_lang
from gazette.stories.models import Story

from .. import alternates, jsonld

register = template.Library()

# The size the article page shows its lead picture at: the head and the body
# share one rendition.
LEAD_FILTER = "width-960"
# The drawn default, used unless GAZETTE_PUBLISHER_LOGO_URL names another.
LOGO = ("seo/publisher-logo.png", 512, 512)
# The article page's headline and lede, as articles/article_page.html marks
# them up: what a voice assistant reads of an article that has audio.
SPEAKABLE = ("#headline", ".article__header .lede")


def lead_rendition(image):
    """Return the lead picture's rendition, kept on the image for the body to reuse.

    None when its file is missing or will not decode: the page goes without.
    """
    try:
        rendition = image.get_rendition(LEAD_FILTER)
    except SourceImageIOError:
        return None
    if getattr(image, "prefetched_renditions", None) is None:
        # Wagtail's own prefetch attribute: the page's {% image %} finds it here.
        image.prefetched_renditions = [rendition]
    return rendition


def publisher(request, name: str) -> jsonld.Publisher:
    # The edition's front ("/es/"): "/" answers a 301 once there are editions.
    home = reverse("wagtail_serve", args=("",))
    return jsonld.Publisher(
        name=name, url=request.build_absolute_uri(home), logo=publisher_logo(request)
    )


def publisher_logo(request) -> jsonld.Picture:
    """Return the newsroom's logo: GAZETTE_PUBLISHER_LOGO_URL, or the drawn default."""
    url = settings.GAZETTE_PUBLISHER_LOGO_URL
    if not url:
        path, width, height = LOGO
        return jsonld.Picture(request.build_absolute_uri(static(path)), width, height)
    return jsonld.Picture(
        request.build_absolute_uri(url),
        settings.GAZETTE_PUBLISHER_LOGO_WIDTH or None,
        settings.GAZETTE_PUBLISHER_LOGO_HEIGHT or None,
    )


def loaded_audio(page: ArticlePage):
    """Return the article's ready audio if the page came with it loaded, else None.

    Reads the ``audio`` accessor only when it is already cached on the page
    (fetched with the article, or by an earlier reader of the accessor): the
    head renders before the page's audio player, and must add no query.
    """
    accessor = getattr(type(page), "audio", None)
    if accessor is None or not accessor.is_cached(page):
        return None
    try:
        audio = page.audio
    except ObjectDoesNotExist:
        return None
    if audio is None or not page.live or not audio.is_ready:
        return None
    return audio


def listed(request, articles) -> tuple[list[jsonld.Link], int]:
    """Return the articles of a list page as links, and the position of the first.

    A page reached by a cursor does not know its position in the whole list,
    so it lists nothing rather than numbering its items wrongly.
    """
    if isinstance(articles, ListPage):
        start = articles.start_index() or 1
    elif isinstance(articles, KeysetPage) and articles.first_position:
        start = articles.first_position
    else:
        return [], 1
    items = [
        jsonld.Link(a.title, request.build_absolute_uri(a.get_url(request)))
        for a in articles
    ]
    return items, start


def canonical(request, url: str, articles) -> str:
    if isinstance(articles, ListPage | KeysetPage) and articles.number != 1:
        if articles.number:
            return f"{url}?page={articles.number}"
        # A cursor page is its own page: its cursor is part of its address.
        cursor = {
            key: request.GET[key] for key in ("after", "before") if key in request.GET
        }
        if cursor:
            return f"{url}?{urlencode(cursor)}"
    return url


def language_tag(code: str) -> str:
    """Return the BCP 47 tag an edition's pages are written in ("en-GB", "ar")."""
    return html_lang(editions.interface_language(code))


def page_versions(request, page):
    """Return the page's own version, all its live versions and the original.

    Reads the versions once per page (``editions.live_versions``, no query on
    a one-edition site).
    """
    pages = editions.live_versions(page)
    original = editions.original_version(pages)
    built = {}
    for version in pages:
        code = editions.page_language(version)
        built[id(version)] = alternates.Version(
            language=code, tag=language_tag(code), url=version.get_full_url(request)
        )
    return built[id(page)], [built[id(v)] for v in pages], built[id(original)]


def edition_meta(own, versions) -> list[tuple[str, str, str]]:
    return [
        ("property", key, value) for key, value in alternates.og_locales(own, versions)
    ]


def article_metadata(request, page: ArticlePage, context, name: str) -> dict:
    own, versions, original = page_versions(request, page)
    url = own.url
    section = context.get("section")
    # A draft in preview has no publication yet: show it as if published now.
    published = page.first_published_at or timezone.now()
    modified = page.last_published_at or published
    authors = [
        jsonld.Link(a.name, request.build_absolute_uri(a.get_absolute_url()))
        for a in page.authors
    ]
    pictures = []
    meta = [
        ("property", "og:type", "article"),
        ("property", "og:title", page.title),
        ("property", "og:description", page.lede),
        ("property", "og:url", url),
        ("property", "og:site_name", name),
        *edition_meta(own, versions),
        ("property", "article:published_time", jsonld.iso(published)),
        ("property", "article:modified_time", jsonld.iso(modified)),
    ]
    if section is not None:
        meta.append(("property", "article:section", section.title))
    meta += [("property", "article:author", author.url) for author in authors]
    card = "summary"
    image = page.image
    rendition = lead_rendition(image) if image is not None else None
    if image is not None and rendition is not None:
        picture = jsonld.Picture(
            request.build_absolute_uri(rendition.url), rendition.width, rendition.height
        )
        pictures.append(picture)
        card = "summary_large_image"
        meta += [
            ("property", "og:image", picture.url),
            ("property", "og:image:width", str(picture.width)),
            ("property", "og:image:height", str(picture.height)),
            ("property", "og:image:alt", image.alt_text),
            ("name", "twitter:image", picture.url),
            ("name", "twitter:image:alt", image.alt_text),
        ]
    meta += [
        ("name", "twitter:card", card),
        ("name", "twitter:title", page.title),
        ("name", "twitter:description", page.lede),
    ]
    story = page.story
    article = jsonld.Article(
        url=url,
        headline=page.title,
        description=page.lede,
        published=published,
        modified=modified,
        publisher=publisher(request, name),
        authors=authors,
        images=pictures,
        section=section.title if section is not None else "",
        story=jsonld.Link(
            story.title, request.build_absolute_uri(story.get_absolute_url())
        )
        # A story the engine started for this article alone is not yet a
        # series (its page is noindex until a second article joins).
        if story is not None and story.is_listed
        else None,
        language=own.tag,
        speakable=SPEAKABLE if loaded_audio(page) is not None else (),
        translation_of=jsonld.Translation(original.url, original.tag)
        if original != own
        else None,
        translations=[jsonld.Translation(v.url, v.tag) for v in versions if v != own]
        if original == own
        else (),
    )
    return {
        "canonical": url,
        "meta": meta,
        "jsonld": [jsonld.news_article(article)],
        "alternates": alternates.hreflang_links(versions, original),
    }


def basic_meta(kind: str, title: str, description: str, url: str, name: str):
    meta = [
        ("property", "og:type", kind),
        ("property", "og:title", title),
        ("property", "og:url", url),
        ("property", "og:site_name", name),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
    ]
    if description:
        meta += [
            ("property", "og:description", description),
            ("name", "twitter:description", description),
        ]
    return meta


@register.inclusion_tag("seo/page_metadata.html", takes_context=True)
def page_metadata(context):
    request = context.get("request")
    if request is None:
        return {}
    # The edition's masthead ("El Correo de Halvard"), else the newsroom's.
    name = masthead.for_request(request).name
    page = context.get("page")
    articles = context.get("articles")
    if isinstance(page, ArticlePage):
        return article_metadata(request, page, context, name)
    documents = []
    links: list[tuple[str, str]] = []
    if page is not None:
        own, versions, original = page_versions(request, page)
        links = alternates.hreflang_links(versions, original)
        locales = edition_meta(own, versions)
    else:
        code = editions.active_edition()
        here = alternates.Version(code, language_tag(code), "")
        locales = edition_meta(here, [here])
    if isinstance(page, HomePage):
        url = page.get_full_url(request)
        meta = basic_meta("website", name, page.intro, url, name)
        search = (
            request.build_absolute_uri(reverse("search:search"))
            + "?q={search_term_string}"
        )
        documents = jsonld.website(
            publisher=publisher(request, name), search_url=search
        )
    elif isinstance(page, SectionPage) or (
        page is None and isinstance(context.get("story"), Story)
    ):
        subject = page or context["story"]
        title = subject.title
        description = page.intro if page else subject.summary
        url = (
            page.get_full_url(request)
            if page
            else request.build_absolute_uri(subject.get_absolute_url())
        )
        url = canonical(request, url, articles)
        items, start = listed(request, articles)
        meta = basic_meta("website", title, description, url, name)
        documents = [
            jsonld.collection_page(
                name=title, url=url, description=description, items=items, start=start
            )
        ]
    elif page is not None:
        url = page.get_full_url(request)
        meta = basic_meta(
            "website", page.seo_title or page.title, page.search_description, url, name
        )
    else:
        author = context.get("author")
        url = canonical(request, request.build_absolute_uri(request.path), articles)
        if isinstance(author, Author):
            meta = basic_meta("profile", author.name, author.role, url, name)
        else:
            meta = basic_meta("website", name, "", url, name)
    return {
        "canonical": url,
        "meta": [*meta, *locales],
        "jsonld": documents,
        "alternates": links,
    }


@register.filter
def ld_json(data) -> str:
    """Return ``data`` as JSON for a ``<script type="application/ld+json">``."""
    return mark_safe(jsonld.script_json(data))  # noqa: S308 - <, > and & escaped
