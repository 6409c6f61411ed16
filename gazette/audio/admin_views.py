"""The admin's Reports > Article audio: each edition's voice, and what has none.

An edition whose language the speech engine cannot read gets no audio; this
page says so to editors rather than leaving them to wonder where the player
went (docs/audio.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import HttpRequest
from django.template.response import TemplateResponse

from gazette.core import editions

from . import speech
from .models import ArticleAudio, AudioStatus

# Enough to act on; the command names every one (gazette generate-audio).
LISTED = 50


@dataclass(frozen=True)
class EditionVoice:
    """One edition as the report shows it: its voice and its audio's counts."""

    code: str
    name: str
    voice: str | None
    problem: str
    ready: int
    failed: int
    no_voice: int


def edition_voices() -> list[EditionVoice]:
    """Return every edition with the voice that reads it and its audio counts."""
    counts: dict[tuple[str, str], int] = {
        (row["article__locale__language_code"], row["status"]): row["n"]
        for row in ArticleAudio.objects.filter(article__live=True)
        .values("article__locale__language_code", "status")
        .annotate(n=Count("pk"))
    }
    found = []
    for code in editions.edition_codes():
        try:
            voice, problem = speech.voice_for(code), ""
        except speech.SpeechError as error:
            voice, problem = None, str(error)
        found.append(
            EditionVoice(
                code=code,
                name=editions.language_name(code),
                voice=voice,
                problem=problem,
                ready=counts.get((code, AudioStatus.READY), 0),
                failed=counts.get((code, AudioStatus.FAILED), 0),
                no_voice=counts.get((code, AudioStatus.NO_VOICE), 0),
            )
        )
    return found


def audio_report(request: HttpRequest) -> TemplateResponse:
    """Show each edition's voice and the live articles without audio."""
    missing = (
        ArticleAudio.objects.filter(
            article__live=True,
            status__in=[AudioStatus.FAILED, AudioStatus.NO_VOICE],
        )
        .select_related("article", "article__locale")
        .order_by("-article__first_published_at", "-pk")[:LISTED]
    )
    return TemplateResponse(
        request,
        "audio/admin/audio_report.html",
        {"editions": edition_voices(), "missing": missing, "listed": LISTED},
    )
