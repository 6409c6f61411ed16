"""An article page drawn once, then stored until something it shows changes.

The article page is the same bytes for every reader (their own part comes
from the personal fragment), and nearly all of it changes only when
something a reader could see changes: the article, its story, its
translations, the related list's rows, the sections, the newsroom's
settings, a picture or an author. Every such change retires cached pages
through ``core.services.retire_cached_pages``, which sends
``core.signals.cached_pages_retired`` with the content tags of what changed
when the caller knows them (``core.changes``: ``article:<id>`` for a comment
count or an edit, ``story:<id>`` for a story's count, ``section:<path>``
and ``translation:<key>`` for a publish; none: anything). The receiver adds
a ``ShellGeneration`` row per tag in the transaction of the change (and
again once it has committed): the newest row's id is the *generation*.

The first render of an article draws the whole page as always, with the
parts that change without any such event (``LIVE``: the header's clock,
the discussion, the radio player's programme; and the related teasers'
"3 hours ago") marked where they stand (``{% live %}`` and the ``ago``
filter, ``core.templatetags.live_tags``), and stores that *shell*
(``ArticleShell``: one row per article and language) under the generation
its routing query read, with the tags of what it shows (``dependencies``:
``*``, the article, its translations, its story, each related article and
its story, the section when the related list was padded from it). Later
renders take the shell from the routing query, which reads it only while
current, and draw only the marked parts.

A shell is current when no row of one of its tags is newer than the
generation it was drawn in (read in the routing query, before anything it
guards: a change committed during the render leaves it stale at once), in
the language being shown (``fragments.language_key``), by the same
templates, template tags, translations, shown settings and static names
(``build_key``), for the same scheme, host and year (the footer's
copyright), and from the article row as it is now (``row_digest``: a row
changed by a script without a signal is drawn again). So a comment on one
article redraws that article and the pages whose teasers show it, and a
publish in a story redraws that story's articles and the lists it may join,
not every shell.

Never stored, drawn in full: previews, requests with a query string (the
search field and the discussion's order and page read it), articles that
may have a view restriction, and articles whose body has a part drawn on
every render (``fragments.LIVE_BLOCKS``, an unanswered embed).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError, models, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.dispatch import receiver
from django.http import HttpRequest
from django.template import RequestContext
from django.template.loader import get_template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import conditional_escape

from gazette.core import changes, csp, editions
from gazette.core.templatetags import live_tags
from gazette.core.templatetags.gazette_tags import ago
from gazette.core.templatetags.live_tags import MARK, TIME

from . import fragments

logger = logging.getLogger(__name__)

# The templates a shell may leave to every render, by the name it marks.
LIVE = frozenset(
    {
        "core/includes/clock.html",
        "radio/includes/player_bar.html",
        "discussion/includes/article_discussion.html",
    }
)
_build: str | None = None

# Settings a page may show beside the newsroom's own (GAZETTE_*): a change
# to any of them, with a restart, draws every shell again.
_SHOWN_SETTINGS = (
    "STATIC_URL",
    "MEDIA_URL",
    "LANGUAGE_CODE",
    "LANGUAGES",
    "TIME_ZONE",
    "WAGTAIL_SITE_NAME",
)


def _plain(value: Any) -> Any:
    """Return ``value`` as JSON-ready data that is the same in every process
    (an object's repr may hold its address: only its type is kept)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in sorted(value.items(), key=repr)}
    return type(value).__qualname__


def _settings_digest() -> bytes:
    """Return the shown settings and the static files' manifest as bytes."""
    names = sorted(
        name
        for name in dir(settings)
        if name.startswith("GAZETTE_") or name in _SHOWN_SETTINGS
    )
    shown = {name: _plain(getattr(settings, name)) for name in names}
    data = json.dumps(shown, sort_keys=True).encode()
    manifest = (
        Path(str(getattr(settings, "STATIC_ROOT", "") or "")) / "staticfiles.json"
    )
    if manifest.is_file():  # collected files: static names carry their hash
        data += manifest.read_bytes()
    return data


def build_key() -> str:
    """Return a digest of every template, template tag module, seo module,
    translation catalogue, shown setting and static name a shell may be
    drawn with (once a process, again when a setting changes)."""
    global _build
    if _build is None:
        gazette = Path(__file__).resolve().parent.parent
        files = sorted(
            [
                *gazette.glob("*/templates/**/*.html"),
                *gazette.glob("*/templatetags/*.py"),
                *gazette.glob("seo/*.py"),
                *gazette.glob("locale/**/*.mo"),
                Path(__file__),
            ]
        )
        digest = hashlib.blake2b(digest_size=8)
        for path in files:
            digest.update(str(path.relative_to(gazette)).encode())
            digest.update(path.read_bytes())
        digest.update(_settings_digest())
        _build = digest.hexdigest()
    return _build


@receiver(setting_changed)
def _forget_build(**kwargs: Any) -> None:
    global _build
    _build = None


def generation() -> Coalesce:
    """Return the current generation as an expression (0 before any)."""
    rows = apps.get_model("articles", "ShellGeneration").objects.order_by("-pk")
    return Coalesce(
        Subquery(rows.values("pk")[:1]), 0, output_field=models.BigIntegerField()
    )


def current_shell() -> Subquery:
    """Return, as an expression of a query of articles, each article's
    shell in the active language, drawn by this build, while no change to
    what it shows came after the generation it was drawn in (else NULL)."""
    shell = apps.get_model("articles", "ArticleShell")
    tag = apps.get_model("articles", "ArticleShellTag")
    change = apps.get_model("articles", "ShellGeneration")
    # A change of one of the shell's tags newer than the shell: two index
    # lookups per tag (about ten), inside the routing query.
    newer = change.objects.filter(
        tag=OuterRef("tag"), pk__gt=OuterRef(OuterRef("generation"))
    )
    stale = tag.objects.filter(shell=OuterRef("pk")).filter(Exists(newer))
    rows = shell.objects.filter(
        article_id=OuterRef("pk"),
        language=fragments.language_key(),
        build=build_key(),
    ).filter(~Exists(stale))
    return Subquery(rows.values("shell")[:1], output_field=models.TextField())


def retire(changed: Iterable[str] | None = None) -> None:
    """Retire the shells showing any of the content tags ``changed``
    (``core.changes``; None: every shell), in the current transaction (they
    go with the change), and again once it has committed (a generation taken
    by a transaction that commits later than another's is not a later one);
    prune the tags' older rows then."""
    tags = sorted(_widened(changed))
    if not tags:
        return  # a change no shell shows (an empty list of tags)

    def add() -> int | None:
        model = apps.get_model("articles", "ShellGeneration")
        try:
            with transaction.atomic():
                rows = model.objects.bulk_create(model(tag=tag) for tag in tags)
        except DatabaseError:
            # Before the table exists (a data migration saving pages): no shell
            # exists either.
            logger.debug("article shells: not retired", exc_info=True)
            return None
        return min(row.pk for row in rows)

    def again() -> None:
        first = add()
        if first is not None:
            model = apps.get_model("articles", "ShellGeneration")
            model.objects.filter(tag__in=tags, pk__lt=first).delete()

    if add() is not None:
        transaction.on_commit(again)


def _widened(changed: Iterable[str] | None) -> set[str]:
    """Return the tags to move on for ``changed``: a story's change shows
    on the other editions' pages of the same story too
    (``changes.ANY_STORY``)."""
    if changed is None:
        return {changes.EVERYTHING}
    tags = set(changed)
    if any(changes.is_story(tag) for tag in tags):
        tags.add(changes.ANY_STORY)
    return tags


def dependencies(page: Any, related: list) -> set[str]:
    """Return the content tags of what ``page``'s shell shows
    (``core.changes``): itself, its translations, its story, each related
    article and its story, and the section when its related list was padded
    from the section's newest articles (a new one there may join it)."""
    tags = {
        changes.EVERYTHING,
        changes.article(page.pk),
        changes.translation(page.translation_key),
    }
    if page.story_id is not None:
        tags.add(changes.story(page.story_id))
        if editions.has_editions():
            tags.add(changes.ANY_STORY)
    for item in related:
        tags.add(changes.article(item.pk))
        if item.story_id is not None:
            tags.add(changes.story(item.story_id))
    padded = len(related) < settings.GAZETTE_RELATED_ARTICLES or any(
        getattr(item, "stored_row", None) is None
        and (page.story_id is None or item.story_id != page.story_id)
        for item in related
    )
    if padded:
        tags.add(changes.section(page.path[: -page.steplen]))
    return tags


def row_digest(page: Any) -> str:
    """Return a digest of what the shell shows of the article's own row."""
    fields = (
        page.pk,
        page.title,
        page.slug,
        page.url_path,
        page.seo_title,
        page.search_description,
        page.lede,
        page.genre,
        page.image_id,
        page.story_id,
        page.discussion_mode,
        page.comment_count,
        page.live,
        page.live_revision_id,
        page.locale_id,
        fragments.source_digest(page),
    )
    return hashlib.blake2b(
        repr(fields).encode(), digest_size=8, usedforsecurity=False
    ).hexdigest()


def _drawn_for(request: HttpRequest) -> str:
    """Return what a shell's bytes depend on in the request: the scheme and
    host (absolute addresses in the head) and the year (the footer's)."""
    return f"{request.scheme}://{request.get_host()}|{timezone.localtime().year}"


def usable(request: HttpRequest, page: Any) -> bool:
    """Return whether ``page`` served to ``request`` may come from a shell."""
    return (
        hasattr(page, "stored_shell")
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and not getattr(request, "is_preview", False)
        and getattr(page, "maybe_restricted", True) is False
        and page.live
    )


def serve(page: Any, request: HttpRequest) -> str:
    """Return the page's markup: from its current shell with the live parts
    drawn now, else drawn in full (and its shell stored)."""
    stored = _parse(getattr(page, "stored_shell", None), page, request)
    if stored is not None:
        header, shell = stored
        csp.allow_style_hashes(request, header["styles"])
        return _fill(shell, page, request)
    return _draw_and_store(page, request)


def _parse(text: str | None, page: Any, request: HttpRequest) -> Any:
    if not text:
        return None
    head, _, shell = text.partition("\n")
    try:
        header = json.loads(head)
    except ValueError:
        return None
    if (
        not isinstance(header, dict)
        or header.get("for") != _drawn_for(request)
        or header.get("row") != row_digest(page)
        or not isinstance(header.get("styles"), list)
        or not all(_known(name) for name in MARK.findall(shell))
    ):
        return None
    return header, shell


def _fill(shell: str, page: Any, request: HttpRequest) -> str:
    """Return ``shell`` with each marked part drawn now."""
    context = RequestContext(request, page.get_live_context(request))
    drawn: dict[str, str] = {}

    def draw(match: re.Match) -> str:
        name = match.group(1)
        if name not in drawn:
            if name.startswith(TIME):
                when = parse_datetime(name[len(TIME) :])
                drawn[name] = conditional_escape(ago(when))
            else:
                with context.push():
                    engine_template = get_template(name).template  # type: ignore[attr-defined]
                    drawn[name] = engine_template.render(context)
        return drawn[name]

    return MARK.sub(draw, shell)


def _known(name: str) -> bool:
    if name.startswith(TIME):
        return parse_datetime(name[len(TIME) :]) is not None
    return name in LIVE


def _draw_and_store(page: Any, request: HttpRequest) -> str:
    """Draw the page in full, marking its live parts; store the shell."""
    context = page.get_context(request)
    template = get_template(page.get_template(request))
    with live_tags.drawing() as parts:
        marked = template.render(context, request)
    pieces = iter(parts)

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name.startswith(TIME):
            when = parse_datetime(name[len(TIME) :])
            return conditional_escape(ago(when))
        return next(pieces)

    html = MARK.sub(fill, marked)
    if not getattr(page, "body_has_live_parts", True):
        header = {
            "for": _drawn_for(request),
            "row": row_digest(page),
            "styles": csp.styles_allowed(request),
        }
        tags = dependencies(page, context.get("related") or [])
        _store(page, getattr(page, "shell_generation", None), header, marked, tags)
    return html


def _store(
    page: Any, generation: int | None, header: dict, shell: str, tags: set[str]
) -> None:
    if generation is None:
        return
    model = apps.get_model("articles", "ArticleShell")
    tag_model = apps.get_model("articles", "ArticleShellTag")
    text = json.dumps(header, separators=(",", ":")) + "\n" + shell
    try:
        with transaction.atomic():
            row, created = model.objects.update_or_create(
                article_id=page.pk,
                language=fragments.language_key(),
                defaults={
                    "generation": generation,
                    "build": build_key(),
                    "shell": text,
                },
            )
            if not created:
                tag_model.objects.filter(shell=row).delete()
            tag_model.objects.bulk_create(
                tag_model(shell=row, tag=tag) for tag in sorted(tags)
            )
    except DatabaseError:
        logger.warning("article %s: shell not stored", page.pk, exc_info=True)


_REQUEST_GENERATION = "_gazette_shell_generation"


def note_generation(request: HttpRequest, page: Any) -> None:
    """Leave on ``request`` the generation its routing query read."""
    value = getattr(page, "shell_generation", None)
    if value is not None:
        setattr(request, _REQUEST_GENERATION, value)


def request_generation(request: HttpRequest | None) -> int | None:
    """Return the generation of content ``request``'s routing read, if any:
    what every change a reader could see moves on, read before what it
    guards (a value kept under it is as fresh as the page)."""
    return getattr(request, _REQUEST_GENERATION, None)
