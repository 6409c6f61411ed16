"""What the newscast says: station identification, then headline and lede of
each story, a chime between them, and a sign-off.

Pure functions on plain data: the script is a list of parts, each either
words to speak or the chime, so its wording is tested without a speech engine.
The fixed phrases are in the active language (the edition's: the
broadcaster composes each edition's bulletin with its language active),
through Django's gettext.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

CHIME = "chime"
SPEECH = "speech"

_SPACES = re.compile(r"\s+")
_ENDS_SENTENCE = re.compile(r"[.!?…\"'”’)]$")


@dataclass(frozen=True)
class Headline:
    """One published article as the bulletin reads it."""

    id: int
    title: str
    lede: str
    published_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Part:
    kind: str  # SPEECH or CHIME
    text: str = ""


def _sentence(text: str) -> str:
    text = _SPACES.sub(" ", text).strip()
    if text and not _ENDS_SENTENCE.search(text):
        text += "."
    return text


def script(
    station: str, headlines: Sequence[Headline], composed_at: datetime.datetime
) -> list[Part]:
    """Return the bulletin's parts in the order they are heard."""
    at = composed_at.astimezone(datetime.UTC)
    station = _SPACES.sub(" ", station).strip() or gettext("Gazette radio")
    parts = [
        Part(
            SPEECH,
            # Translators: spoken by a speech engine at the start of the radio
            # newscast. %(station)s is the station's name, already ending with
            # a full stop; %(time)s is like 14:05. "G M T" is spelled out so
            # that the engine says the letters.
            gettext("This is %(station)s The news, updated at %(time)s G M T.")
            % {"station": _sentence(station), "time": f"{at:%H:%M}"},
        )
    ]
    if not headlines:
        parts.append(Part(CHIME))
        parts.append(Part(SPEECH, gettext("There is no news to read yet. Stay tuned.")))
    for headline in headlines:
        parts.append(Part(CHIME))
        words = " ".join(
            _sentence(text) for text in (headline.title, headline.lede) if text.strip()
        )
        parts.append(Part(SPEECH, words))
    parts.append(Part(CHIME))
    parts.append(
        Part(
            SPEECH,
            # Translators: the newscast's last words. %(station)s is the
            # station's name, already ending with a full stop.
            gettext("That was the news from %(station)s")
            % {"station": _sentence(station)},
        )
    )
    return parts


def fingerprint(station: str, headlines: Iterable[Headline], *, voice: str = "") -> str:
    """Return what identifies a bulletin's content: it changes when a new
    article is published or a read one is edited (or the voice reading it
    changes), and only then."""
    digest = hashlib.sha256(station.encode())
    if voice:
        digest.update(f"\0voice\0{voice}".encode())
    for headline in headlines:
        stamp = headline.published_at.isoformat() if headline.published_at else ""
        digest.update(f"\0{headline.id}\0{stamp}\0{headline.title}\0".encode())
        digest.update(headline.lede.encode())
    return digest.hexdigest()[:16]
