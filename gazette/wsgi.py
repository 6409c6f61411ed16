"""WSGI entry point for gunicorn: ``gunicorn gazette.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.production")
application = get_wsgi_application()
