"""The personal fragment's hit check: a kept answer's versions, read in one trip.

A reader's repeat ``/me/`` is answered from the process's copy of the kept
answer once the versions it was drawn under are read again and found
unchanged (``personal_cache``). That read is the whole cost of a hit, and
through Django's cache API it is mostly not Redis: the keys made and checked
one by one (``make_and_validate_key`` walks every character of each), the
redis-py client's pool, retry and observability layers around a single
``MGET``. With Django's ``RedisCache`` this module sends that ``MGET`` down
a connection of its own (one per thread, opened after the fork) with the
keys made once per copy, and decodes the values with the cache's own
serializer, so a hit reads exactly what ``cache.get_many`` would.

Any other backend (the local-memory cache of the tests, Memcached) goes
through ``cache.get_many`` as before. A failure drops the connection and is
raised: the caller takes the full path.
"""

from __future__ import annotations

import os
import threading
from typing import Any, cast

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

_local = threading.local()


class Versions:
    """The versions one kept answer depends on, ready to be read again."""

    __slots__ = ("keys", "raw", "values", "command")

    def __init__(self, versions: dict[str, Any]) -> None:
        self.keys = list(versions)
        self.values = list(versions.values())
        backend = caches["default"]
        # The keys as the cache writes them (prefix, version), made once.
        self.raw = (
            [backend.make_key(key) for key in self.keys]
            if isinstance(backend, RedisCache)
            else None
        )
        # The MGET as sent on the wire, packed at the first check.
        self.command: list[bytes] | None = None

    def hold(self) -> bool:
        """Return whether the cache still holds every version, unchanged."""
        if self.raw is None:
            backend = caches["default"]
            return backend.get_many(self.keys) == dict(
                zip(self.keys, self.values, strict=True)
            )
        found = _mget(self)
        if len(found) != len(self.values):
            return False
        loads = _serializer().loads
        for data, value in zip(found, self.values, strict=True):
            if data is None or loads(data) != value:
                return False
        return True


def forget() -> None:
    """Drop this thread's connection (the cache's settings changed)."""
    connection = getattr(_local, "connection", None)
    _local.connection = None
    if connection is not None:
        connection.disconnect()


def _redis() -> Any:
    """Return the Redis cache's client (Django's ``RedisCacheClient``)."""
    return cast(Any, caches["default"])._cache


def _serializer() -> Any:
    return _redis()._serializer


def _mget(versions: Versions) -> list:
    """Return the raw values of ``versions``: one ``MGET`` on this thread's
    connection."""
    connection = getattr(_local, "connection", None)
    if connection is None or _local.pid != os.getpid():
        # The cache's primary (where writes go): a replica could lag a bump.
        pool = _redis().get_client(None, write=True).connection_pool
        connection = pool.connection_class(**pool.connection_kwargs)
        _local.connection, _local.pid = connection, os.getpid()
    try:
        if versions.command is None:
            versions.command = connection.pack_command("MGET", *(versions.raw or ()))
        connection.send_packed_command(versions.command)
        return connection.read_response()
    except BaseException:
        # A reply half read would answer the next request's MGET: start afresh.
        _local.connection = None
        connection.disconnect()
        raise
