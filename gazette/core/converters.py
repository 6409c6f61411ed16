"""URL converters the apps share.

Wagtail lets editors give pages slugs in any script (``WAGTAIL_ALLOW_UNICODE_SLUGS``),
and stories and authors take theirs from a title or a name: an Arabic story's
address is ``/ar/stories/فيضانات-إيلسن/``. Django's ``slug`` converter only
matches ASCII letters, so those addresses would be 404s; ``uslug`` matches the
letters and digits of every script, hyphens and underscores.
"""

from django.urls import register_converter
from django.urls.converters import StringConverter


class UnicodeSlugConverter(StringConverter):
    """A slug in any script: Unicode word characters and hyphens."""

    regex = r"[-\w]+"


register_converter(UnicodeSlugConverter, "uslug")
