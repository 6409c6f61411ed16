"""Test settings: SQLite in memory, or PostgreSQL when `make test` finds one."""

import os
import tempfile

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
MEDIA_ROOT = tempfile.mkdtemp(prefix="gazette-test-media-")
# Speaking every article published by every test would double the suite's
# time; the audio tests turn it on for themselves.
GAZETTE_AUDIO_ON_PUBLISH = False
# Counting reads would start a writer thread in every test that shows an
# article; tests/test_readership.py turns it on for itself.
GAZETTE_READS_COUNTING = "off"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gazette-test",
    }
}

_url = os.environ.get("GAZETTE_TEST_DB")
if _url:
    DATABASES = {"default": dj_database_url.parse(_url)}
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING"},
}
