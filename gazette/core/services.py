"""Site-wide side effects."""

from django.db import transaction

from .cache import bump_generation, bump_tags


def retire_cached_pages() -> None:
    """Retire every cached page, once the current transaction has committed."""
    # Bumping after commit means no reader can re-cache the old content between
    # the bump and the commit.
    bump_generation()
    transaction.on_commit(bump_generation)


def retire_tagged_pages(*tags: str) -> None:
    """Retire the cached pages that declared any of ``tags`` (see core.cache)."""
    bump_tags(tags)
    transaction.on_commit(lambda: bump_tags(tags))
