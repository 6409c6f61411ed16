"""The "Get short URL" control of the article page."""

from dataclasses import dataclass

from django import template
from django.utils.translation import gettext

from ..models import ShortLink
from ..qr import qr_svg
from ..services import short_url

register = template.Library()


@dataclass(frozen=True)
class ShortUrl:
    code: str
    url: str

    @property
    def qr_svg(self) -> str:
        # Its <title> is what a screen reader says: in the page's language.
        return qr_svg(
            self.url, title=gettext("QR code for %(url)s") % {"url": self.url}
        )


@register.simple_tag(takes_context=True)
def short_url_for(context, page) -> ShortUrl | None:
    """Return the page's short URL, or None if it has no code yet.

    An article routed by its section carries its code (``short_code``, read
    with the article: ``SectionPage.route``); any other page costs one query.
    """
    if page is None or not page.pk:
        return None
    if "short_code" in page.__dict__:
        code = page.short_code
    else:
        code = (
            ShortLink.objects.generated()
            .filter(page_id=page.pk)
            .values_list("code", flat=True)
            .first()
        )
    if code is None:
        return None
    return ShortUrl(code, short_url(code, context.get("request")))
