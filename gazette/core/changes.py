"""What a change shows on: content tags, for stores that retire less than
every page (the articles app's page shells).

``services.retire_cached_pages`` retires every cached page; given the tags
of what changed (``retire_cached_pages(changed=[story(12)])``) it tells the
stores that know what each of their pages shows (``signals.cached_pages_retired``)
to retire only the pages that declared one of them. ``None`` for the tags
means anything may have changed, and is always correct.
"""

from __future__ import annotations

# The tag every stored page depends on: retired by any change without tags.
EVERYTHING = "*"


def article(pk: int) -> str:
    """Return the tag of an article's row: its headline, address, picture,
    comment count, publication (its page and every teaser of it)."""
    return f"article:{pk}"


STORY_PREFIX = "story:"
# Any story's change: for pages that show stories found through others (a
# story's "This story in Español (12)" follows its articles' translations).
ANY_STORY = STORY_PREFIX + "*"


def story(pk: int) -> str:
    """Return the tag of a story: its label, count, editions and members."""
    return f"{STORY_PREFIX}{pk}"


def is_story(tag: str) -> bool:
    """Return True for a story's tag (``story`` or ``ANY_STORY``)."""
    return tag.startswith(STORY_PREFIX)


def section(path: str) -> str:
    """Return the tag of the articles under the section at tree ``path``
    (a new one may join the lists padded from the section)."""
    return f"section:{path}"


def translation(key: object) -> str:
    """Return the tag of the translations sharing ``key`` ("Read in")."""
    return f"translation:{key}"


def of(instance: object) -> frozenset[str] | None:
    """Return the tags a change to ``instance`` shows on: its
    ``content_tags()`` hook's, or None (anything) for a model without one."""
    hook = getattr(instance, "content_tags", None)
    if hook is None:
        return None
    tags = hook()
    return None if tags is None else frozenset(tags)
