"""Where each edition's newscast is heard: its mount and its stream address.

Pure functions on plain strings. The default edition keeps the configured
mount (``/newscast.mp3``) and stream address, so a site with one edition
works as before; another edition's newscast is the same path under its
language: ``/es/newscast.mp3``, ``https://radio.example.org/ar/newscast.mp3``.
"""

from __future__ import annotations

import re
import urllib.parse

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def _check(language: str) -> str:
    code = language.strip().lower()
    if not _LANGUAGE.match(code):
        raise ValueError(f"{language!r} is not a language code like es, ar or pt-br.")
    return code


def edition_mount(mount: str, language: str, default_language: str) -> str:
    """Return the mount of ``language``'s newscast: ``/es/newscast.mp3``."""
    mount = mount if mount.startswith("/") else "/" + mount
    code = _check(language)
    if code == default_language.strip().lower():
        return mount
    head, _, name = mount.rpartition("/")
    return f"{head}/{code}/{name}"


def edition_stream_url(url: str, language: str, default_language: str) -> str:
    """Return the address of ``language``'s newscast, from the default one's.

    ``http://127.0.0.1:8001/newscast.mp3`` becomes
    ``http://127.0.0.1:8001/es/newscast.mp3``; the query string and any
    credentials (an Icecast source URL) are kept.
    """
    if not url:
        return url
    parts = urllib.parse.urlsplit(url)
    path = edition_mount(parts.path or "/", language, default_language)
    return urllib.parse.urlunsplit(parts._replace(path=path))
