"""Site-wide side effects."""

from django.db import transaction

from .cache import bump_generation


def retire_cached_pages() -> None:
    """Retire every cached page, once the current transaction has committed."""
    # Bumping after commit means no reader can re-cache the old content between
    # the bump and the commit.
    bump_generation()
    transaction.on_commit(bump_generation)
