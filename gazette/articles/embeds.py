"""Which embed providers the newsroom allows, and where their frames come from.

Read by the settings (``GAZETTE_EMBED_PROVIDERS``), so nothing here imports
Django models: Wagtail's oEmbed finder is given only the allowed providers, and
the Content-Security-Policy's ``frame-src`` only their players' origins.
"""

from __future__ import annotations

from typing import Any

# Where each provider's player frame is served from (its oEmbed HTML is an
# <iframe> there). Providers whose oEmbed HTML is a script (X/Twitter) have
# none: their posts show as the quoted text and a link, which the policy allows.
FRAME_ORIGINS: dict[str, tuple[str, ...]] = {
    "youtube": ("https://www.youtube.com", "https://www.youtube-nocookie.com"),
    "vimeo": ("https://player.vimeo.com",),
    "soundcloud": ("https://w.soundcloud.com",),
    "spotify": ("https://open.spotify.com",),
    "flourish": ("https://flo.uri.sh",),
    "datastudio": ("https://lookerstudio.google.com", "https://datastudio.google.com"),
    "dailymotion": ("https://www.dailymotion.com", "https://geo.dailymotion.com"),
    "mixcloud": ("https://www.mixcloud.com", "https://player-widget.mixcloud.com"),
    "ted": ("https://embed.ted.com",),
    "twitter": (),
}


class UnknownProvider(ValueError):
    pass


def oembed_providers(names: list[str]) -> list[dict[str, Any]]:
    """Return Wagtail's oEmbed provider entries for the named providers."""
    from wagtail.embeds import oembed_providers as known

    providers = []
    for name in names:
        provider = getattr(known, name.strip().lower().replace("-", "_"), None)
        if not isinstance(provider, dict):
            raise UnknownProvider(
                f"GAZETTE_EMBED_PROVIDERS names {name!r}, which Wagtail does not "
                "know; use names from wagtail.embeds.oembed_providers, such as "
                "youtube, vimeo, soundcloud, spotify, twitter."
            )
        providers.append(provider)
    return providers


def frame_origins(names: list[str]) -> list[str]:
    """Return the origins the named providers' player frames are served from."""
    origins: list[str] = []
    for name in names:
        for origin in FRAME_ORIGINS.get(name.strip().lower(), ()):
            if origin not in origins:
                origins.append(origin)
    return origins
