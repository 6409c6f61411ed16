"""Signals the core app sends, for the apps built on it to extend its services."""

from django.dispatch import Signal

# Sent by ``services.retire_cached_pages`` inside the transaction of the change,
# with ``changed``: the content tags of what changed (``core.changes``), or None
# for anything. What is stored beside the page cache, such as the articles app's
# page shells, retires with it (only its pages showing one of the tags).
cached_pages_retired = Signal()
