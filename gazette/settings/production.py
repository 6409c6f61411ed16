"""Production settings: the default of the ``gazette`` command.

Refuses to start without GAZETTE_SECRET_KEY; DEBUG is always off.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "GAZETTE_SECRET_KEY is not set. Production settings need a long random "
        "secret, e.g. export GAZETTE_SECRET_KEY=\"$(python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(50))')\". To try Gazette locally, use "
        "`make demo` (DJANGO_SETTINGS_MODULE=gazette.settings.demo)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("GAZETTE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
