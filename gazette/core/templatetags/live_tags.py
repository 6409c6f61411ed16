"""Parts of a page drawn on every render, even where the rest is stored.

``{% live "core/includes/clock.html" %}`` draws the template with the
page's context, like ``{% include %}``. While a page is drawn to be stored
(``articles.shells``, inside ``drawing()``), the tag writes a mark naming
the template instead and keeps what it drew, so that the page is drawn
once and the stored copy fills the mark anew at every render. The ``ago``
filter ("3 hours ago") marks its time the same way (``mark_time``).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import re
from collections.abc import Iterator
from contextvars import ContextVar

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Keyed by the secret key, so that no text of a page can forge a mark; between
# two Unicode noncharacters (PostgreSQL's text takes no NUL).
_KEY = hashlib.blake2b(
    settings.SECRET_KEY.encode(), digest_size=8, person=b"gazette-live"
).hexdigest()
MARK = re.compile(f"\ufdd0live-{_KEY}:([A-Za-z0-9_./|:+-]+)\ufdd1")
TIME = "ago|"
# What the live parts drew while a page is drawn to be stored, else None.
_drawn: ContextVar[list[str] | None] = ContextVar("gazette_live_drawn", default=None)


@contextlib.contextmanager
def drawing() -> Iterator[list[str]]:
    """Mark the live parts of what is drawn inside; yield what they drew."""
    drawn: list[str] = []
    token = _drawn.set(drawn)
    try:
        yield drawn
    finally:
        _drawn.reset(token)


def _mark(name: str) -> SafeString:
    return mark_safe(f"\ufdd0live-{_KEY}:{name}\ufdd1")  # noqa: S308 - a fixed name


def mark_time(value: datetime.datetime) -> SafeString | None:
    """Return the mark of "how long ago" ``value`` was while drawing, else None."""
    if _drawn.get() is None:
        return None
    return _mark(TIME + value.isoformat())


@register.simple_tag(takes_context=True)
def live(context, name: str) -> SafeString:
    """Draw template ``name`` with the page's context (or mark its place)."""
    engine = (
        context.template.engine if context.template else template.Engine.get_default()
    )
    drawn = _drawn.get()
    # The part itself is drawn as on any render, without marks of its own.
    token = _drawn.set(None)
    try:
        with context.push():
            html = engine.get_template(name).render(context)
    finally:
        _drawn.reset(token)
    if drawn is None:
        return html
    drawn.append(html)
    return _mark(name)
