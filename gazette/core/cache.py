"""The content generation: one number that every cached page depends on.

Any change a reader could see (publish, unpublish, a story's count, a rename)
bumps it, which retires every cached page at once. News sites publish a few
times an hour and read thousands of times a minute, so a coarse, always-correct
invalidation beats fine-grained bookkeeping. With Redis the number is shared by
every app server; with the local-memory default it is per process, and the
short page lifetime (GAZETTE_PAGE_CACHE_SECONDS) bounds what another process
may show.
"""

import time

from django.core.cache import cache

GENERATION_KEY = "gazette:generation"


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
