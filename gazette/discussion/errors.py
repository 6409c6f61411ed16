"""The exception of every refusal of the discussion's services."""

from __future__ import annotations


class DiscussionError(Exception):
    """A request the discussion refuses, with a sentence the reader can act on."""
