"""Demo settings for `make demo`: the only place DEBUG may be on.

DEBUG is off by default so that the demo shows the site's own 404 and 500
pages, as a newsroom's readers would see them (GAZETTE_DEBUG=1 brings
Django's debug pages back); the demo serves its own static files and
pictures either way (GAZETTE_SERVE_FILES), where production leaves them to
nginx.
"""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("GAZETTE_DEBUG", False)
# These are the demo settings: `gazette load_demo` makes the demo logins, whose
# password is published, only here (or with --with-users).
GAZETTE_DEMO = True
GAZETTE_SERVE_FILES = True
SECRET_KEY = (
    os.environ.get("GAZETTE_SECRET_KEY")
    or "demo-only-insecure-key-never-use-in-production"
)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
