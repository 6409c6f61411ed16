"""Writes to a front page: what editors do in the page editor, for scripts too."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from wagtail.models import Page


def slot(article: Page, expires_at: datetime | None = None) -> dict[str, Any]:
    """Return a chosen-article slot for ``arrange_front``'s blocks."""
    return {"article": article, "expires_at": expires_at}


def arrange_front(
    page: Page,
    blocks: Sequence[tuple[str, dict[str, Any]]],
    *,
    user=None,
    publish: bool = True,
) -> Page:
    """Set the blocks of ``page``'s front (a home page or a section) as a revision.

    ``blocks`` are (type, value) pairs of ``core.front_blocks.FrontBlock``:
    ``("lead", {"pinned": [slot(article)]})``, ``("row", {"count": 4,
    "story": story})``, ``("running_stories", {})``, ``("latest", {})``. The
    revision is published unless ``publish`` is false (a draft to preview),
    exactly as the page editor's "Publish" does.
    """
    page = page.specific
    stream_block = page.front.stream_block
    values = []
    for block_type, value in blocks:
        child = stream_block.child_blocks[block_type]
        native = child.to_python(child.get_prep_value(child.get_default()))
        for key, item in value.items():
            if key == "pinned":
                item = child.child_blocks["pinned"].normalize(item)
            native[key] = item
        values.append((block_type, native))
    page.front = values
    with transaction.atomic():
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    return page
