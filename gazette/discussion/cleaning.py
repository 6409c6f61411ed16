"""A comment's text as stored: plain text, newlines kept, controls gone."""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext

from .errors import DiscussionError

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Return the comment as stored: plain text, newlines kept, controls gone.

    Raise DiscussionError when nothing is left or the text is too long.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    text = "".join(
        ch
        for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Co")
    )
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if not text:
        raise DiscussionError(gettext("Your comment is empty."))
    limit = settings.GAZETTE_DISCUSSION_MAX_LENGTH
    if len(text) > limit:
        raise DiscussionError(
            gettext(
                "Your comment is %(length)s characters long; the limit is %(limit)s."
            )
            % {
                "length": number_format(len(text), force_grouping=True),
                "limit": number_format(limit, force_grouping=True),
            }
        )
    return text
