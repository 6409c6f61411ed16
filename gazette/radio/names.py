"""The station name a stream carries in its headers (``icy-name``, ``Ice-Name``).

Those headers are read as ISO-8859-1 by players and by Icecast, and most
players show bytes outside ASCII as question marks or mojibake: "إذاعة بريد
هالفارد" arrived as "????? ???? ???????". So a stream says its station's name
in printable ASCII: the name an editor gives for stream players, else the
station's own name with its accents dropped when it is written in Latin
letters ("Radio Español" -> "Radio Espanol"), else the station's slug
(docs/radio.md).
"""

from __future__ import annotations

import re
import unicodedata

# What a header may carry and a player shows as written.
_PRINTABLE_ASCII = re.compile(r"^[ -~]+$")
_SPACES = re.compile(r"\s+")


def without_accents(text: str) -> str:
    """Return ``text`` with its combining marks dropped ("Español" -> "Espanol")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def header_safe(text: str) -> str:
    """Return ``text`` on one line, in printable ASCII ("" when nothing is left)."""
    text = _SPACES.sub(" ", without_accents(text)).strip()
    return "".join(c for c in text if " " <= c <= "~").strip()


def stream_name(name: str, *, ascii_name: str = "", slug: str = "") -> str:
    """Return the name a stream announces in its headers.

    ``ascii_name`` (the station's name for stream players) first; else
    ``name`` when it is Latin letters once accents are dropped; else ``slug``;
    else whatever of ``name`` is ASCII.
    """
    chosen = header_safe(ascii_name)
    if chosen:
        return chosen
    plain = _SPACES.sub(" ", without_accents(name)).strip()
    if plain and _PRINTABLE_ASCII.match(plain):
        return plain
    return header_safe(slug) or header_safe(name)
