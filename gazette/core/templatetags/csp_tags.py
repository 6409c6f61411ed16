"""Inline styles that reader pages may carry under the Content-Security-Policy.

Reader pages allow no inline style but those written by these tags: each one
records the hash of what it writes, and gazette.core.csp puts the hash in the
response's header (docs/security.md).
"""

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from gazette.core.csp import allow_inline_style

register = template.Library()

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@register.simple_tag(takes_context=True)
def brand_colour_style(context, colour: str) -> SafeString | str:
    """Write the ``<style>`` that sets the newsroom's brand colour.

    Anything but ``#`` and six hexadecimal digits (which the newsroom
    settings' form already refuses) writes nothing: the stylesheet's own
    colour stays.
    """
    request = context.get("request")
    if not colour or not COLOUR.fullmatch(colour) or request is None:
        return ""
    text = f":root{{--color-brand:{colour}}}"
    allow_inline_style(request, text)
    return mark_safe(f"<style>{text}</style>")
