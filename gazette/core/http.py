"""Facts about the request that several apps need, read the same way everywhere."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """Return the reader's address, from the proxy's header when one is trusted."""
    header = settings.GAZETTE_CLIENT_IP_HEADER
    value = request.META.get(header) if header else None
    value = value or request.META.get("REMOTE_ADDR")
    return value.split(",")[0].strip() if value else None
