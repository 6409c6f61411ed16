"""Display name rules on plain strings: length, characters, no contact details.

A display name is shown to everyone beside a reader's comments, so it must
not carry an email address or a link (spam, or personal data the reader did
not mean to publish), nor invisible characters that reorder or hide text.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext, ngettext

MIN_LENGTH = 2
MAX_LENGTH = 40

# Invisible or reordering characters: controls (Cc), formatting such as
# right-to-left overrides and zero-width joiners (Cf), unassigned, private use
# and surrogates.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cn", "Co", "Cs"}

_EMAIL_RE = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]{2,}")
_AT_DOMAIN_RE = re.compile(r"@\s*[\w-]+\s*\.\s*[a-z]{2,}", re.IGNORECASE)
_SCHEME_RE = re.compile(
    r"://|\b(?:https?|ftp|javascript|data|mailto|file|tel)\s*:", re.IGNORECASE
)
_WWW_RE = re.compile(r"\bwww\s*\.", re.IGNORECASE)
# "example.com", "shop.example.co.uk/x": a word, a dot, and a top-level domain
# readers would recognise. A fixed list, so that initials and abbreviations
# ("J.R. Hartley", "St.Clair") stay allowed.
_COMMON_TLDS = (
    "com|net|org|info|biz|io|co|me|tv|ly|gg|app|dev|xyz|site|online|shop|club|top|"
    "news|blog|link|click|live|store|tech|ai|uk|de|fr|es|it|nl|ru|cn|eu|us|ca|au|"
    "in|br|jp|pl|se|no|dk|fi|ch|at|be|ie|pt|cz|gr|tk|ml|ga|cf|gq"
)
_DOMAIN_RE = re.compile(
    rf"\b[a-z0-9-]+\s*\.\s*(?:{_COMMON_TLDS})(?![a-z])", re.IGNORECASE
)

# Names that would pass for the newsroom speaking.
RESERVED = {
    "admin",
    "administrator",
    "moderator",
    "moderators",
    "editor",
    "editors",
    "staff",
    "gazette",
    "newsroom",
    "deleted reader",
    "anonymous",
}


class InvalidDisplayName(ValueError):
    """A display name the rules refuse; the message says why."""


def normalize_display_name(value: str) -> str:
    """Return ``value`` in NFKC form with runs of white space made one space."""
    value = unicodedata.normalize("NFKC", value)
    return " ".join(value.split())


def clean_display_name(value: str) -> str:
    """Return the normalised display name, or raise InvalidDisplayName saying why."""
    name = normalize_display_name(value)
    if len(name) < MIN_LENGTH:
        raise InvalidDisplayName(
            ngettext(
                "Choose a display name of at least %(min)d character.",
                "Choose a display name of at least %(min)d characters.",
                MIN_LENGTH,
            )
            % {"min": MIN_LENGTH}
        )
    if len(name) > MAX_LENGTH:
        raise InvalidDisplayName(
            # Translators: %(length)d is the length of the name the reader typed.
            ngettext(
                "Choose a display name of at most %(max)d character "
                "(this one has %(length)d).",
                "Choose a display name of at most %(max)d characters "
                "(this one has %(length)d).",
                MAX_LENGTH,
            )
            % {"max": MAX_LENGTH, "length": len(name)}
        )
    if any(unicodedata.category(char) in _FORBIDDEN_CATEGORIES for char in name):
        raise InvalidDisplayName(
            gettext(
                "Remove the invisible or control characters from your display name."
            )
        )
    if not any(char.isalnum() for char in name):
        raise InvalidDisplayName(
            gettext("Use at least one letter or digit in your display name.")
        )
    if _EMAIL_RE.search(name) or _AT_DOMAIN_RE.search(name):
        raise InvalidDisplayName(
            gettext("A display name cannot be an email address: everyone can see it.")
        )
    if _SCHEME_RE.search(name) or _WWW_RE.search(name) or _DOMAIN_RE.search(name):
        raise InvalidDisplayName(
            gettext("A display name cannot be a web address or a link.")
        )
    if name.casefold() in RESERVED:
        raise InvalidDisplayName(
            gettext("“%(name)s” is kept for the newsroom: choose another display name.")
            % {"name": name}
        )
    return name
