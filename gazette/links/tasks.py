"""Background work of short links, through django-tasks."""

import logging

from django_tasks import task

from . import services

logger = logging.getLogger(__name__)


@task()
def refresh_shared_cache_task(codes: list[str]) -> None:
    """Push the current answers for ``codes`` into nginx's cache."""
    try:
        services.refresh_shared_cache(codes)
    except OSError as error:
        # nginx down or misconfigured: its copies expire on their own
        # (GAZETTE_LINK_SHARED_CACHE_SECONDS); say so, never fail the publish.
        logger.warning("short links: could not refresh nginx's cache: %s", error)
