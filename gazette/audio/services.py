"""Every write of article audio: make it, remake it when the text changes, remove it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from gazette.articles.models import ArticlePage
from gazette.core import changes
from gazette.core.services import retire_cached_pages

from . import speech
from .models import ArticleAudio, AudioStatus
from .text import audio_version, spoken_text, text_hash

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AudioResult:
    """What ``generate_article_audio`` did: made, unchanged, skipped or failed."""

    outcome: str
    audio: ArticleAudio | None = None
    detail: str = ""


def article_language(article: ArticlePage) -> str:
    """Return the language the article is written in: its edition's."""
    return article.locale.language_code


def article_spoken_text(article: ArticlePage, language: str | None = None) -> str:
    """Return the text the article's audio speaks: headline, lede and body,
    with the words Gazette adds ("Said by") in the article's language."""
    language = language or article_language(article)
    blocks = []
    for block in article.body:
        value = block.value
        if block.block_type == "paragraph":
            # The stored rich text (lists and all); links and entities are
            # plain text once the tags are gone.
            value = value.source
        elif block.block_type == "quote":
            value = {"quote": value["quote"], "attribution": value["attribution"]}
        blocks.append((block.block_type, value))
    with translation.override(language):
        return spoken_text(article.title, article.lede, blocks, language=language)


def no_voice_message(language: str) -> str:
    """Return why an article in ``language`` has no audio, for editors."""
    return (
        f"The speech engine has no voice for the language {language!r}: "
        "articles in it get no audio (docs/audio.md, GAZETTE_SPEECH_VOICES)."
    )


def request_article_audio(article: ArticlePage) -> None:
    """Queue the making of ``article``'s audio once the transaction commits."""
    from .tasks import generate_article_audio_task

    if not settings.GAZETTE_AUDIO_ON_PUBLISH:
        return
    article_id = article.pk
    # After the commit: a worker must read the published text.
    transaction.on_commit(lambda: generate_article_audio_task.enqueue(article_id))


def generate_article_audio(article: ArticlePage, *, force: bool = False) -> AudioResult:
    """Speak the live ``article`` into an MP3 unless its text is unchanged.

    The engine runs outside any transaction (it takes seconds); the row is
    then updated under a lock, and the replaced file deleted after the commit.
    A failure marks the audio failed (readers see no player) and is logged.
    """
    if not article.live:
        return AudioResult("skipped", detail="not live")
    language = article_language(article)
    try:
        voice = speech.voice_for(language)
    except speech.SpeechError as error:
        return _failed(article, str(error))
    if voice is None:
        return _no_voice(article, language)
    text = article_spoken_text(article, language)
    digest = text_hash(text)
    current = ArticleAudio.objects.filter(article=article).first()
    current_file = current.file.name if current is not None else None
    if (
        not force
        and current is not None
        and current.is_ready
        and current.text_hash == digest
        and current.voice == voice
        and current_file
        and default_storage.exists(current_file)
    ):
        return AudioResult("unchanged", current)
    try:
        wav = speech.synthesize(text, voice)
        duration = speech.wav_duration(wav)
        mp3 = speech.encode_mp3(wav, bitrate=settings.GAZETTE_AUDIO_BITRATE)
    except speech.SpeechError as error:
        return _failed(article, str(error))
    version = audio_version(digest, voice)
    name = default_storage.save(
        f"audio/articles/{article.pk}-{version}.mp3", ContentFile(mp3)
    )
    with transaction.atomic():
        latest = ArticlePage.objects.filter(pk=article.pk).first()
        if (
            latest is None
            or not latest.live
            or (text_hash(article_spoken_text(latest)) != digest)
        ):
            # Edited, withdrawn or deleted while we spoke: a newer task (or
            # none) has the last word; this file is of no use.
            transaction.on_commit(lambda: _delete_file(name))
            return AudioResult("skipped", None, "text changed meanwhile")
        audio, _ = ArticleAudio.objects.select_for_update().get_or_create(
            article=article
        )
        replaced = audio.file.name
        audio.file.name = name
        audio.size = len(mp3)
        audio.duration = duration
        audio.text_hash = digest
        audio.voice = voice
        audio.status = AudioStatus.READY
        audio.error = ""
        audio.generated_at = timezone.now()
        audio.save()
        if replaced and replaced != name:
            transaction.on_commit(lambda: _delete_file(replaced))
        # The article page shows the player only once the audio is ready
        # (its own page only: no teaser shows it).
        retire_cached_pages(changed=[changes.article(article.pk)])
    return AudioResult("made", audio)


def _failed(article: ArticlePage, error: str) -> AudioResult:
    logger.error("Audio of article %s failed: %s", article.pk, error)
    audio, _ = ArticleAudio.objects.update_or_create(
        article=article, defaults={"status": AudioStatus.FAILED, "error": error}
    )
    retire_cached_pages(changed=[changes.article(article.pk)])
    return AudioResult("failed", audio, error)


def _no_voice(article: ArticlePage, language: str) -> AudioResult:
    """Mark ``article`` as unspeakable in its language; drop audio it had.

    Never an English voice spelling out Arabic: a language without a voice
    gets no player at all, and the status says why.
    """
    message = no_voice_message(language)
    with transaction.atomic():
        audio, _ = ArticleAudio.objects.select_for_update().get_or_create(
            article=article
        )
        replaced = audio.file.name
        already = audio.status == AudioStatus.NO_VOICE and not replaced
        audio.file.name = ""
        audio.size = 0
        audio.duration = 0
        audio.text_hash = ""
        audio.voice = ""
        audio.status = AudioStatus.NO_VOICE
        audio.error = message
        audio.save()
        if replaced:
            transaction.on_commit(lambda: _delete_file(replaced))
        if not already:
            retire_cached_pages(changed=[changes.article(article.pk)])
    return AudioResult("no voice", audio, message)


def remove_article_audio(article_id: int) -> bool:
    """Delete an article's audio and its file (on unpublish); return whether any."""
    with transaction.atomic():
        audio = ArticleAudio.objects.filter(article_id=article_id).first()
        if audio is None:
            return False
        # The file goes with the row (signal_handlers.forget_file).
        audio.delete()
        retire_cached_pages(changed=[changes.article(article_id)])
    return True


def forget_audio_file(audio: ArticleAudio) -> None:
    """Delete the file of a deleted audio row, once the deletion has committed."""
    name = audio.file.name
    if name:
        transaction.on_commit(lambda: _delete_file(name))


def _delete_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except OSError as error:
        logger.warning("Could not delete audio file %s: %s", name, error)
