"""Template tags of stories across editions.

``{% edition_of article page as edition %}``: the edition of ``article`` when
it is not ``page``'s (a related article from another edition), with its
language's code, own name and direction, read without a query; else ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from ..across import language_name
from ..models import editions, locale_code

register = template.Library()


@dataclass(frozen=True)
class Edition:
    code: str
    name: str
    dir: str


@register.simple_tag
def edition_of(article: Any, page: Any = None) -> Edition | None:
    locale_id = getattr(article, "locale_id", None)
    if locale_id is None or locale_id == getattr(page, "locale_id", None):
        return None
    code = locale_code(locale_id)
    if code is None:
        return None
    rtl = editions().is_rtl(code)
    return Edition(code, language_name(code), "rtl" if rtl else "ltr")
