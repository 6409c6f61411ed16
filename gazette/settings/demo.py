"""Demo settings for `make demo`: the only place DEBUG may be on."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("GAZETTE_DEBUG", True)
SECRET_KEY = (
    os.environ.get("GAZETTE_SECRET_KEY")
    or "demo-only-insecure-key-never-use-in-production"
)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
