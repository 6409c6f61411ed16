"""``{% article_audio_for page as audio %}``: the article's audio, when ready."""

from django import template
from django.core.exceptions import ObjectDoesNotExist

from ..models import ArticleAudio

register = template.Library()


@register.simple_tag
def article_audio_for(page) -> ArticleAudio | None:
    """Return the page's ready audio, or None: no player then.

    No query when the page came with its audio (``select_related("audio")``);
    one otherwise.
    """
    if page is None or not page.pk or not getattr(page, "live", False):
        return None
    accessor = getattr(type(page), "audio", None)
    if accessor is not None and accessor.is_cached(page):
        try:
            audio = page.audio
        except ObjectDoesNotExist:
            return None
    else:
        audio = (
            ArticleAudio.objects.ready()
            .filter(article_id=page.pk)
            .only(
                "article_id", "file", "size", "duration", "text_hash", "voice", "status"
            )
            .first()
        )
    return audio if audio is not None and audio.is_ready else None
