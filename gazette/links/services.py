"""Every write and side effect of short links: codes, aliases, redirects, visits."""

from __future__ import annotations

import datetime
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Page, Site

from gazette.core.cache import GENERATION_KEY, get_generation
from gazette.core.counting import add_daily_counts, in_background

from . import codes, targets
from .bots import BOT_USER_AGENT_RE, is_bot  # noqa: F401 (part of this API)
from .models import AllowedHost, LinkVisitDay, ShortLink
from .visits import Counts, VisitBuffer

CACHE_PREFIX = "gazette:link:"
CACHE_SECONDS = 24 * 3600

BUFFER = VisitBuffer()


@dataclass(frozen=True)
class Resolution:
    """What ``GET /s/<code>`` answers: 301 with a location, 404 or 410."""

    status: int
    location: str = ""
    link_id: int | None = None
    # The Locale of the page a gone link led to: its page is shown in that
    # page's edition (a Spanish article's link answers in Spanish).
    locale_id: int | None = None


UNKNOWN = Resolution(404)


def short_url(code: str, request: HttpRequest | None = None) -> str:
    """Return the short URL readers share for ``code``.

    ``GAZETTE_SHORT_URL_BASE`` wins; else the short host if there is one;
    else ``/s/<code>`` on the host of the request (or ``GAZETTE_BASE_URL``).
    """
    if settings.GAZETTE_SHORT_URL_BASE:
        return f"{settings.GAZETTE_SHORT_URL_BASE.rstrip('/')}/{code}"
    if settings.GAZETTE_SHORT_HOST:
        return f"https://{settings.GAZETTE_SHORT_HOST}/{code}"
    path = reverse("links:redirect", kwargs={"code": code})
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def allowed_hosts() -> set[str]:
    """Return the hosts outside the site that editors allow links to lead to."""
    return set(AllowedHost.objects.values_list("host", flat=True))


def site_hosts() -> set[str]:
    """Return the host names of the Wagtail sites (from Wagtail's cached list)."""
    hosts = set()
    for root in Site.get_site_root_paths():
        hostname = urlsplit(root.root_url).hostname
        if hostname:
            hosts.add(hostname)
    return hosts


def check_link_target(*, page: Page | None, path: str, url: str) -> None:
    """Raise TargetRefused unless exactly one allowed target is given."""
    given = [bool(page), bool(path), bool(url)]
    if sum(given) != 1:
        raise targets.TargetRefused(
            gettext("Choose one target: a page, a path on this site, or an address.")
        )
    if path:
        targets.check_path(path)
    if url:
        targets.check_external_url(url, allowed_hosts())


def _code_is_taken(code: str) -> bool:
    return ShortLink.objects.filter(code=code).exists()


def _new_code() -> str:
    return codes.unique_code(_code_is_taken, length=settings.GAZETTE_LINK_CODE_LENGTH)


def primary_link(page: Page) -> ShortLink | None:
    """Return the generated short link of ``page``, if it has one."""
    return ShortLink.objects.generated().for_page(page).first()


def shorten(page: Page) -> ShortLink:
    """Return the page's generated short link, drawing a new code if it has none.

    Called when an article is published; the code then stays for life.
    """
    existing = primary_link(page)
    if existing is not None:
        return existing
    for _ in range(3):
        try:
            with transaction.atomic():
                link = ShortLink.objects.create(code=_new_code(), page=page)
        except IntegrityError:
            # Another process shortened the same page, or drew the same code
            # between our check and our insert.
            existing = primary_link(page)
            if existing is not None:
                return existing
            continue
        forget_code(link.code)
        return link
    raise IntegrityError(f"could not store a short code for page {page.pk}")


def shorten_many(pages: Sequence[Page]) -> dict[int, ShortLink]:
    """Return the generated short link of each of ``pages``, by page id, drawing
    codes in bulk for those with none (``shorten`` for a batch: an archive
    import). Codes are checked against the table in one query and inserted in
    one; a clash with a code drawn meanwhile by another process draws again.
    """
    links = {
        link.page_id: link
        for link in ShortLink.objects.generated().filter(
            page_id__in=[p.pk for p in pages]
        )
    }
    missing = list({p.pk: p for p in pages if p.pk not in links}.values())
    length = settings.GAZETTE_LINK_CODE_LENGTH
    made: list[str] = []
    for _ in range(3):
        if not missing:
            break
        drawn: dict[int, str] = {}
        used: set[str] = set()
        for page in missing:
            code = codes.unique_code(used.__contains__, length=length)
            used.add(code)
            drawn[page.pk] = code
        taken = set(
            ShortLink.objects.filter(code__in=used).values_list("code", flat=True)
        )
        fresh = [
            ShortLink(code=drawn[p.pk], page=p)
            for p in missing
            if drawn[p.pk] not in taken
        ]
        try:
            with transaction.atomic():
                ShortLink.objects.bulk_create(fresh)
        except IntegrityError:
            fresh = []
        for link in fresh:
            links[link.page_id] = link
            forget_code(link.code)
            made.append(link.code)
        missing = [p for p in missing if p.pk not in links]
    for page in missing:
        links[page.pk] = shorten(page)
    schedule_shared_cache_refresh(made)
    return links


@transaction.atomic
def add_link(
    *, code: str = "", page: Page | None = None, path: str = "", url: str = ""
) -> ShortLink:
    """Create a short link to a page, a path or an allowed address.

    With ``code`` it is a custom alias; without, a code is drawn. Raises
    TargetRefused or ValueError with a message for the editor.
    """
    check_link_target(page=page, path=path, url=url)
    code = code.strip().lower()
    if code:
        if not codes.is_valid_alias(code):
            raise ValueError(
                gettext(
                    "“%(code)s” cannot be a short code: use 3 to 40 lower-case "
                    "letters, digits and inner hyphens."
                )
                % {"code": code}
            )
        if _code_is_taken(code):
            raise ValueError(
                gettext("The short code “%(code)s” is taken.") % {"code": code}
            )
        link = ShortLink(code=code, is_alias=True)
    elif page is not None and primary_link(page) is None:
        link = ShortLink(code=_new_code())
    else:
        link = ShortLink(code=_new_code(), is_alias=True)
    link.page, link.path, link.url = page, path, url
    link.save()
    forget_code(code)
    return link


@transaction.atomic
def update_link(
    link: ShortLink, *, page: Page | None = None, path: str = "", url: str = ""
) -> ShortLink:
    """Point an existing link somewhere else; its code never changes."""
    check_link_target(page=page, path=path, url=url)
    link.page, link.path, link.url = page, path, url
    link.save(update_fields=["page", "path", "url"])
    forget_code(link.code)
    return link


def shorten_live_articles() -> int:
    """Give every live article without a short code one; return how many."""
    from gazette.articles.models import ArticlePage

    missing = ArticlePage.objects.live().exclude(
        pk__in=ShortLink.objects.generated().values("page_id")
    )
    done = 0
    for page in missing.iterator():
        shorten(page)
        done += 1
    return done


def shared_cache_seconds(code: str) -> int:
    """Return how long nginx may keep ``code``'s redirect (log counting).

    Long, because every change of where a code leads is pushed to nginx by
    :func:`refresh_shared_cache`; spread between 80% and 100% of the setting by
    the code itself, so that entries cached together do not all expire together.
    """
    longest = settings.GAZETTE_LINK_SHARED_CACHE_SECONDS
    spread = zlib.crc32(code.encode()) % 1000 / 1000
    return max(1, int(longest * (0.8 + 0.2 * spread)))


def schedule_refresh_into(page: Page) -> None:
    """Refresh nginx's copies of the links to ``page`` and the pages below it.

    Nothing, not even the query, without GAZETTE_LINK_REFRESH_URL: this runs on
    every publish, move and delete.
    """
    if settings.GAZETTE_LINK_REFRESH_URL:
        schedule_shared_cache_refresh(codes_leading_into(page))


def codes_leading_into(page: Page) -> list[str]:
    """Return the codes of links to ``page`` or to any page below it."""
    return list(
        ShortLink.objects.filter(page__path__startswith=page.path).values_list(
            "code", flat=True
        )
    )


def external_codes() -> list[str]:
    return list(ShortLink.objects.exclude(url="").values_list("code", flat=True))


REFRESH_HEADER = "X-Gazette-Refresh"
# A robot's user agent, so that the log ingest never counts a refresh.
REFRESH_USER_AGENT = "GazetteLinkRefresh/1.0 (bot)"


def schedule_shared_cache_refresh(codes_to_refresh: list[str]) -> None:
    """Refresh nginx's copies of these redirects once the transaction commits."""
    if not settings.GAZETTE_LINK_REFRESH_URL or not codes_to_refresh:
        return
    from .tasks import refresh_shared_cache_task

    batch = sorted(set(codes_to_refresh))
    transaction.on_commit(lambda: refresh_shared_cache_task.enqueue(batch))


def refresh_shared_cache(codes_to_refresh: list[str]) -> int:
    """Ask nginx to fetch these redirects anew and keep the fresh answers.

    nginx (deploy/nginx/gazette.conf) bypasses its cache for a request from
    the machine itself carrying ``X-Gazette-Refresh: 1`` and stores the app's
    new answer, for ``/s/<code>`` on the site and ``/<code>`` on the short
    host. Return how many answers were refreshed.
    """
    import http.client

    base = urlsplit(settings.GAZETTE_LINK_REFRESH_URL)
    site_host = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
    paths = [(site_host, f"/s/{code}") for code in codes_to_refresh]
    if settings.GAZETTE_SHORT_HOST:
        paths += [
            (settings.GAZETTE_SHORT_HOST, f"/{code}") for code in codes_to_refresh
        ]
    connection_class = (
        http.client.HTTPSConnection
        if base.scheme == "https"
        else http.client.HTTPConnection
    )
    done = 0
    client = connection_class(base.hostname or "127.0.0.1", base.port, timeout=5)
    try:
        for host, path in paths:
            client.request(
                "GET",
                path,
                headers={
                    "Host": host,
                    REFRESH_HEADER: "1",
                    "User-Agent": REFRESH_USER_AGENT,
                },
            )
            response = client.getresponse()
            response.read()
            done += 1
    finally:
        client.close()
    return done


def forget_code(code: str) -> None:
    """Drop the cached answer for ``code`` after its link changed."""
    if code:
        cache.delete(CACHE_PREFIX + code)


# The redirect's one query, in SQL: the ORM's compilation of the equivalent
# select_related() cost more than the query itself (bench/shortlinks.py).
RESOLVE_SQL = (
    "SELECT l.id, l.path, l.url, p.id, p.live, p.url_path, p.locale_id "
    "FROM links_shortlink l LEFT OUTER JOIN wagtailcore_page p ON p.id = l.page_id "
    "WHERE l.code = %s"
)


def _resolve_uncached(code: str) -> Resolution:
    with connection.cursor() as cursor:
        cursor.execute(RESOLVE_SQL, [code])
        row = cursor.fetchone()
    if row is None:
        return UNKNOWN
    link_id, path, url, page_id, live, url_path, locale_id = row
    if page_id is not None:
        if not live:
            return Resolution(410, link_id=link_id, locale_id=locale_id)
        # Wagtail's own URL logic (sites, root paths), on a page built from
        # the columns it needs.
        location = Page(id=page_id, url_path=url_path, live=live).get_full_url()
        if not location:
            return Resolution(410, link_id=link_id, locale_id=locale_id)
        return Resolution(301, location, link_id)
    location = path or url
    if not location or not targets.is_safe_location(
        location, site_hosts(), allowed_hosts() if url else ()
    ):
        # Its page was deleted, or its host left the allowlist.
        return Resolution(410, link_id=link_id)
    return Resolution(301, location, link_id)


def resolve(raw_code: str) -> Resolution:
    """Return where ``raw_code`` leads, from the cache when nothing has changed.

    Answers are kept in Django's cache with the content generation they were
    computed under, so any publish, unpublish, move or slug change (which all
    bump the generation) is followed at once. One cache round trip per hit.
    """
    code = codes.normalize_code(raw_code)
    if code is None:
        return UNKNOWN
    key = CACHE_PREFIX + code
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or get_generation()
    cached = found.get(key)
    if cached is not None and cached[0] == generation:
        return cached[1]
    resolution = _resolve_uncached(code)
    cache.set(key, (generation, resolution), CACHE_SECONDS)
    return resolution


def record_visit(link_id: int, *, user_agent: str, method: str = "GET") -> bool:
    """Count one visit of a link in memory, unless a robot made it.

    Returns whether it was counted. Nothing about the reader is kept: only
    the link and the day. The counts reach the database in batches
    (:func:`flush_visits`), never during the redirect.
    """
    if method != "GET" or is_bot(user_agent):
        return False
    BUFFER.add(link_id, timezone.now().date())
    if settings.GAZETTE_LINK_FLUSH_SECONDS > 0:
        BUFFER.start_flusher(
            write_visits_in_background, settings.GAZETTE_LINK_FLUSH_SECONDS
        )
    return True


def write_visits(counts: Counts) -> None:
    """Add ``counts`` to the daily totals, in one transaction.

    A link deleted meanwhile takes its visits along.
    """
    add_daily_counts(LinkVisitDay, "link", counts)


def write_visits_in_background(counts: Counts) -> None:
    """``write_visits`` for the flusher thread (``core.counting.in_background``)."""
    in_background(write_visits)(counts)


def flush_visits() -> int:
    """Write this process's pending visit counts now; return how many."""
    return BUFFER.flush(write_visits)


BUFFER.register_at_exit(write_visits_in_background)


def visits_per_day(link: ShortLink, days: int = 30) -> list[tuple[datetime.date, int]]:
    """Return the link's visits on each of the last ``days`` days, oldest first."""
    today = timezone.now().date()
    first = today - datetime.timedelta(days=days - 1)
    counts = dict(link.visit_days.filter(day__gte=first).values_list("day", "count"))
    return [
        (
            first + datetime.timedelta(days=n),
            counts.get(first + datetime.timedelta(days=n), 0),
        )
        for n in range(days)
    ]


NEWSROOM_PERMISSIONS = {
    "Editors": [
        f"{action}_{model}"
        for model in ("shortlink", "allowedhost")
        for action in ("add", "change", "delete", "view")
    ],
    "Writers": ["view_shortlink"],
}


def grant_newsroom_permissions() -> None:
    """Let the newsroom's Editors manage short links and Writers see them."""
    from django.contrib.auth.models import Group, Permission

    for name, codenames in NEWSROOM_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="links", codename__in=codenames
                )
            )
