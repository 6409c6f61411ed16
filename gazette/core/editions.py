"""Editions: one newsroom per language, each a Wagtail ``Locale``.

An edition is a row of ``wagtail.models.Locale`` (Settings > Locales in the
admin). Its home page is a translation of the default edition's, and its
sections and articles live under it. When a site has more than one edition,
reader addresses carry the edition (``/en/...``, ``/es/...``, ``/ar/...``);
a one-edition site keeps its unprefixed addresses. ``GAZETTE_EDITION_PREFIXES``
overrides that choice (``auto``, ``always``, ``never``).

The language of a reader request comes from its address only (never a cookie
or Accept-Language): pages are cached for everybody (docs/editions.md).

What this module knows about the site's editions is read once and kept in the
cache (every process shares it), and within a request once per request
(``EditionMiddleware`` pins it), so resolving and reversing addresses costs
no query.
"""

from __future__ import annotations

import contextvars
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import clear_url_caches
from django.urls.resolvers import LocalePrefixPattern, URLResolver
from django.utils import translation
from django.utils.translation import get_language_info

CACHE_KEY = "gazette:editions:2"
PREFIX_MODES = ("auto", "always", "never")
# How long the editions are kept before being read again: a locale saved in
# one process is seen by the others at once with a shared cache (Redis), and
# within this time with per-process caches.
STATE_SECONDS = 60
# Where Django's own name of a language is not the one a newsroom prints
# (its Arabic name carries a shadda, usually left out).
OWN_NAMES = {"ar": "العربية"}


@dataclass(frozen=True)
class EditionState:
    """The site's editions: their codes (default first), Locale ids, prefixes."""

    codes: tuple[str, ...]
    prefixed: bool
    # Locale id -> language code, so that a page's language costs no query.
    ids: tuple[tuple[int, str], ...] = ()

    @property
    def default(self) -> str:
        return self.codes[0]

    def code_of(self, locale_id: int | None) -> str | None:
        return dict(self.ids).get(locale_id) if locale_id is not None else None


# Pinned by EditionMiddleware for the length of a request.
_pinned: contextvars.ContextVar[EditionState | None] = contextvars.ContextVar(
    "gazette_editions", default=None
)
# The state the URL resolver's caches were built with (per process).
_resolver_state: EditionState | None = None
_lock = threading.Lock()


def prefix_mode() -> str:
    mode = getattr(settings, "GAZETTE_EDITION_PREFIXES", "auto") or "auto"
    if mode not in PREFIX_MODES:
        raise ImproperlyConfigured(
            f"GAZETTE_EDITION_PREFIXES={mode!r}: use one of {', '.join(PREFIX_MODES)}."
        )
    return mode


def _content_language(code: str) -> str | None:
    """Return the content language (WAGTAIL_CONTENT_LANGUAGES) ``code`` stands for."""
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(code)
    except LookupError:
        return None


Rows = tuple[tuple[int, str], ...]


def _read_rows() -> Rows:
    """Return (Locale id, language code) of the editions, the default edition first.

    The default edition is the Locale of ``LANGUAGE_CODE`` (Wagtail's
    ``Locale.get_default()``), else the first one.
    """
    from wagtail.models import Locale

    rows = sorted(Locale.objects.values_list("pk", "language_code"), key=lambda r: r[1])
    default = _content_language(settings.LANGUAGE_CODE)
    rows.sort(key=lambda row: row[1] != default)
    return tuple(rows)


# The last editions read in this process: what a request goes by while the
# database is unreachable (the page cache keeps serving what it holds).
_last_rows: Rows = ()


def _load() -> EditionState:
    from django.db import InterfaceError, OperationalError

    global _last_rows
    rows = cache.get(CACHE_KEY)
    if rows is None:
        try:
            rows = _read_rows()
        except (OperationalError, InterfaceError):
            rows = _last_rows
        else:
            cache.set(CACHE_KEY, rows, timeout=STATE_SECONDS)
    _last_rows = rows
    codes = tuple(code for _, code in rows) or (
        _content_language(settings.LANGUAGE_CODE) or settings.LANGUAGE_CODE,
    )
    mode = prefix_mode()
    prefixed = mode == "always" or (mode == "auto" and len(codes) > 1)
    return EditionState(codes=codes, prefixed=prefixed, ids=tuple(rows))


def state() -> EditionState:
    """Return the site's editions: pinned for a request, else read (cache, then DB)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    current = _load()
    _sync_resolver(current)
    return current


def _sync_resolver(current: EditionState) -> None:
    """Drop Django's reverse caches when the editions or the prefix mode changed.

    Django builds each language's reverse table once, with the prefix of the
    moment in it; a new edition (or a changed setting) must not keep
    yesterday's addresses.
    """
    global _resolver_state
    if _resolver_state != current:
        with _lock:
            if _resolver_state != current:
                clear_url_caches()
                _resolver_state = current


def pin(current: EditionState | None = None) -> contextvars.Token:
    """Pin the editions for the current request (``EditionMiddleware``)."""
    current = current or _load()
    _sync_resolver(current)
    return _pinned.set(current)


def unpin(token: contextvars.Token) -> None:
    _pinned.reset(token)


def forget() -> None:
    """Forget what is known about the editions (a Locale saved or deleted)."""
    cache.delete(CACHE_KEY)
    global _resolver_state
    with _lock:
        _resolver_state = None
        clear_url_caches()


# --- What the rest of Gazette asks ---------------------------------------


def edition_codes() -> tuple[str, ...]:
    """Return the editions' language codes, the default edition's first."""
    return state().codes


def edition_locales() -> list[Any]:
    """Return the editions' ``Locale`` rows, the default edition's first."""
    from wagtail.models import Locale

    order = {code: n for n, code in enumerate(edition_codes())}
    return sorted(
        Locale.objects.filter(language_code__in=order),
        key=lambda locale: order[locale.language_code],
    )


def default_language() -> str:
    """Return the default edition's language code ("en")."""
    return state().default


def prefixes_on() -> bool:
    """Return whether reader addresses carry the edition (``/es/...``)."""
    return state().prefixed


def has_editions() -> bool:
    """Return whether the site has more than one edition."""
    return len(edition_codes()) > 1


def language_name(code: str) -> str:
    """Return the language's own name: "English", "Español", "العربية"."""
    if code in OWN_NAMES:
        return OWN_NAMES[code]
    try:
        name = get_language_info(code)["name_local"]
    except KeyError:
        return code
    return name[:1].upper() + name[1:]


def is_rtl(code: str) -> bool:
    """Return whether ``code``'s script runs right to left."""
    try:
        return bool(get_language_info(code)["bidi"])
    except KeyError:
        return code.split("-")[0] in {
            lang.split("-")[0] for lang in settings.LANGUAGES_BIDI
        }


def page_language(page: Any) -> str:
    """Return the language code of the edition ``page`` belongs to (no query)."""
    current = state()
    code = current.code_of(getattr(page, "locale_id", None))
    if code is not None:
        return code
    locale = getattr(page, "locale", None) if len(current.codes) > 1 else None
    return locale.language_code if locale is not None else current.default


def active_locale() -> Any:
    """Return the ``Locale`` of the edition being shown (never raises).

    Unlike Wagtail's ``Locale.get_active()``, a language with no edition
    (an editor's admin language, ``LANGUAGE_CODE`` set to another) gives
    the default edition's Locale.
    """
    from wagtail.models import Locale

    current = state()
    code = active_edition()
    for pk, row_code in current.ids:
        if row_code == code:
            return Locale(pk=pk, language_code=code)
    return Locale.objects.filter(language_code=code).first() or Locale.objects.first()


def interface_language(code: str) -> str:
    """Return the language to activate for edition ``code``.

    The default edition speaks the site's ``LANGUAGE_CODE`` when that is a
    variant of it: an "en" edition of a site set to "en-gb" keeps British
    dates and ``<html lang="en-GB">``.
    """
    if _content_language(settings.LANGUAGE_CODE) == code:
        return settings.LANGUAGE_CODE
    return code


def active_edition() -> str:
    """Return the edition of the active language, else the default edition."""
    current = state()
    language = translation.get_language()
    if language:
        code = _content_language(language)
        if code in current.codes:
            return code
    return current.default


def edition_of_path(path: str) -> str | None:
    """Return the edition whose prefix ``path`` starts with, if prefixes are on."""
    current = state()
    if not current.prefixed:
        return None
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in current.codes else None


def strip_prefix(path: str) -> str:
    """Return ``path`` without its edition prefix ("/es/stories/" -> "/stories/")."""
    code = edition_of_path(path)
    return path[len(code) + 1 :] if code else path


# --- Translations ---------------------------------------------------------

# Where a page keeps its versions once read (one query per page and request).
_VERSIONS = "_gazette_versions"


def live_versions(page: Any) -> list[Any]:
    """Return ``page`` and its live translations, the default edition's first.

    Only true translations (the same ``translation_key``), each of the
    page's own class; an edition's own original has none. One query, kept
    on the page; none on a one-edition site.
    """
    cached = page.__dict__.get(_VERSIONS)
    if cached is not None:
        return cached
    versions = [page]
    if has_editions() and page.pk is not None:
        others = (
            type(page)
            .objects.live()
            .filter(translation_key=page.translation_key)
            .exclude(pk=page.pk)
            .select_related("locale")
        )
        versions += list(others)
        order = {code: n for n, code in enumerate(edition_codes())}
        versions.sort(key=lambda v: order.get(page_language(v), len(order)))
    page.__dict__[_VERSIONS] = versions
    return versions


def keep_live_versions(page: Any, others: list[Any]) -> None:
    """Keep ``others`` (``page``'s live translations, read by the caller, as
    the article's routing query does) as ``live_versions(page)``'s answer."""
    versions = [page, *others]
    order = {code: n for n, code in enumerate(edition_codes())}
    versions.sort(key=lambda v: order.get(page_language(v), len(order)))
    page.__dict__[_VERSIONS] = versions


def original_version(versions: list[Any]) -> Any:
    """Return the original among versions of one page: the first published.

    Wagtail's copy for translation records no source; the version that was
    published first is the one the others were translated from (the default
    edition's on a tie, or when none is published: a preview).
    """
    order = {id(v): n for n, v in enumerate(versions)}

    def key(version: Any) -> tuple[bool, Any, int]:
        published = version.first_published_at
        return (published is None, published, order[id(version)])

    return min(versions, key=key)


def localized(pages: list[Any]) -> list[Any]:
    """Return each page's live translation in the edition being read, else the page.

    Wagtail's ``page.localized`` for a list: it asks for the active Locale
    and then the translation, two queries a page; here none when every page
    is in that edition (the Locale ids are known), else one for them all.
    """
    pages = list(pages)
    if not has_editions():
        return pages
    code = active_edition()
    locale_id = next((pk for pk, row in state().ids if row == code), None)
    others = [page for page in pages if page.locale_id != locale_id]
    if locale_id is None or not others:
        return pages
    from wagtail.models import Page

    found = {
        version.translation_key: version
        for version in Page.objects.live().filter(
            translation_key__in={page.translation_key for page in others},
            locale_id=locale_id,
        )
    }
    return [
        page if page.locale_id == locale_id else found.get(page.translation_key, page)
        for page in pages
    ]


def translation_url(page: Any, code: str, request: Any = None) -> str | None:
    """Return the URL of ``page``'s live translation in edition ``code``, if any."""
    for version in live_versions(page):
        if page_language(version) == code:
            return version.get_url(request)
    return None


# --- Addresses ----------------------------------------------------------


class EditionPrefixPattern(LocalePrefixPattern):
    """The edition prefix of reader addresses, decided when it is used.

    ``Django's LocalePrefixPattern`` asks the settings; this one asks the
    editions (so adding a second edition turns prefixes on without a
    restart, and tests can switch the mode).
    """

    def __init__(self) -> None:
        super().__init__(prefix_default_language=True)

    @property
    def language_prefix(self) -> str:
        if not prefixes_on():
            return ""
        return f"{active_edition()}/"


def edition_patterns(*urls: Any) -> list[URLResolver]:
    """Put ``urls`` under the edition prefix (like Django's ``i18n_patterns``)."""
    return [URLResolver(EditionPrefixPattern(), list(urls))]


# --- Keeping the answers fresh -----------------------------------------


def locale_changed(sender: Any, **kwargs: Any) -> None:
    """A Locale saved or deleted: new editions, perhaps prefixes; old pages go."""
    from django.db import transaction

    from .cache import bump_generation

    forget()
    # Cached pages carry the old links (prefixed or not): retire them all,
    # and again once the change is committed for the other processes.
    bump_generation()

    def committed() -> None:
        forget()
        bump_generation()

    transaction.on_commit(committed)


def root_translated(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A home page saved: Wagtail's map of site roots must see its translations."""
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()


def setting_changed(setting: str, **kwargs: Any) -> None:
    if setting in {
        "GAZETTE_EDITION_PREFIXES",
        "LANGUAGE_CODE",
        "WAGTAIL_CONTENT_LANGUAGES",
    }:
        forget()


def connect() -> None:
    """Connect the receivers that keep the editions fresh (from core's models)."""
    from django.core.signals import setting_changed as setting_signal
    from django.db.models.signals import post_delete, post_save

    post_save.connect(locale_changed, sender="wagtailcore.Locale", weak=False)
    post_delete.connect(locale_changed, sender="wagtailcore.Locale", weak=False)
    post_save.connect(root_translated, sender="core.HomePage", weak=False)
    setting_signal.connect(setting_changed, weak=False)
