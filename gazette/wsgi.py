"""WSGI entry point for gunicorn: ``gunicorn gazette.wsgi``.

The application is wrapped in the personal fragment's cache, which answers a
reader's repeat ``/me/`` before Django's middleware (docs/caching.md).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.production")
django_application = get_wsgi_application()

from gazette.discussion import personal_cache  # noqa: E402 (needs Django set up)

personal_cache.connect()
application = personal_cache.PersonalFragmentCache(django_application)
