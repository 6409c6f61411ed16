"""The content generation: one number that every cached page depends on.

Any change a reader could see (publish, unpublish, a story's count, a rename)
bumps it, which retires every cached page at once. News sites publish a few
times an hour and read thousands of times a minute, so a coarse, always-correct
invalidation beats fine-grained bookkeeping. With Redis the number is shared by
every app server; with the local-memory default it is per process, and the
short page lifetime (GAZETTE_PAGE_CACHE_SECONDS) bounds what another process
may show.

The one exception is what changes often and shows on one page only: a like on
a comment, or an edit that leaves the counts alone. A page can declare that it
depends on a *tag* (``depend_on(request, "discussion:42")``) while it renders;
the page cache stores the tag's version beside the page and serves the page
only while that version is current, and ``retire_tagged("discussion:42")``
retires just the pages that declared it.
"""

import time
from collections.abc import Iterable

from django.core.cache import cache

GENERATION_KEY = "gazette:generation"
TAG_PREFIX = "gazette:tag:"
# Where a rendering request keeps the tags it declared, with their versions.
REQUEST_TAGS = "_gazette_cache_tags"
# Where it keeps the time its page changes by itself (a front's slot expiring).
REQUEST_CHANGES_AT = "_gazette_changes_at"


def get_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def bump_generation() -> int:
    """Retire every cached page; return the new generation."""
    generation = time.time_ns()
    cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def tag_versions(tags: Iterable[str]) -> dict[str, int | None]:
    """Return the current version of each tag (None for a tag never seen)."""
    tags = list(tags)
    found = cache.get_many([TAG_PREFIX + tag for tag in tags])
    return {tag: found.get(TAG_PREFIX + tag) for tag in tags}


def depend_on(request, tag: str) -> None:
    """Record that the page being rendered for ``request`` shows ``tag``'s data.

    Call it *before* reading that data: the version read here is the one the
    page is stored with, so a change committed during the rendering makes the
    stored page stale at once rather than fresh-looking.
    """
    tags = request.__dict__.setdefault(REQUEST_TAGS, {})
    if tag not in tags:
        version = cache.get(TAG_PREFIX + tag)
        if version is None:
            version = time.time_ns()
            cache.add(TAG_PREFIX + tag, version, timeout=None)
            version = cache.get(TAG_PREFIX + tag, version)
        tags[tag] = version


def declared_tags(request) -> dict[str, int]:
    """Return the tags ``request``'s page declared, with the versions it read."""
    return dict(request.__dict__.get(REQUEST_TAGS, {}))


def bump_tags(tags: Iterable[str]) -> None:
    """Retire the cached pages that declared any of ``tags``."""
    version = time.time_ns()
    cache.set_many({TAG_PREFIX + tag: version for tag in tags}, timeout=None)


def changes_at(request, when) -> None:
    """Record that the page being rendered changes by itself at ``when``.

    A front whose chosen article expires at 18:00 must not be served from
    the cache after 18:00; the page cache keeps it no longer than that.
    """
    current = request.__dict__.get(REQUEST_CHANGES_AT)
    if current is None or when < current:
        request.__dict__[REQUEST_CHANGES_AT] = when


def seconds_until_change(request, now) -> float | None:
    """Return how long the page rendered for ``request`` stays as it is, if known."""
    when = request.__dict__.get(REQUEST_CHANGES_AT)
    return None if when is None else max(0.0, (when - now).total_seconds())
