"""The desk's dashboard panels: Wagtail admin components, one per question.

Each panel reads through ``selectors`` and renders nothing when it has nothing
to say or the user may not act on it, so a moderator's dashboard holds the
discussion and a writer's their own work.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from wagtail.admin.ui.components import Component

from gazette.desk import selectors
from gazette.readership.services import most_read


class DeskPanel(Component):
    name = ""
    order = 100

    def __init__(self, request):
        self.request = request

    def is_shown(self) -> bool:
        return True

    def render_html(self, parent_context=None):
        if not self.is_shown():
            return ""
        return super().render_html(parent_context)


class DiscussionPanel(DeskPanel):
    """Held and reported comments, for those who moderate."""

    name = "desk_discussion"
    order = 90
    template_name = "desk/panels/discussion.html"

    def is_shown(self) -> bool:
        return self.request.user.has_perm(selectors.MODERATE_PERMISSION)

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        figures = selectors.discussion_figures()
        percent = (
            100 * figures.held_last_day / figures.posted_last_day
            if figures.posted_last_day
            else None
        )
        return {
            "figures": figures,
            "held_percent": percent,
            "queue_url": reverse("discussion_queue_home"),
            "reports_url": reverse("discussion_queue", args=["reported"]),
        }


class ScheduledPanel(DeskPanel):
    """Articles approved to go live later, with their times."""

    name = "desk_scheduled"
    order = 120
    template_name = "desk/panels/scheduled.html"

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        return {"scheduled": selectors.scheduled_articles(self.request.user)}


class DraftsPanel(DeskPanel):
    """The user's own drafts and unpublished changes."""

    name = "desk_drafts"
    order = 130
    template_name = "desk/panels/drafts.html"

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        return {"drafts": selectors.own_drafts(self.request.user)}


class MovingStoriesPanel(DeskPanel):
    """Running stories that gained articles in the last hours."""

    name = "desk_stories"
    order = 140
    template_name = "desk/panels/stories.html"
    hours = 6

    def is_shown(self) -> bool:
        return self.request.user.has_perm("stories.view_story")

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        return {
            "stories": selectors.moving_stories(hours=self.hours),
            "hours": self.hours,
        }


class MostReadPanel(DeskPanel):
    """The articles read most today, counted without cookies (readership)."""

    name = "desk_most_read"
    order = 150
    template_name = "desk/panels/most_read.html"

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        return {"items": most_read(days=1, limit=10)}


PANELS = (
    DiscussionPanel,
    ScheduledPanel,
    DraftsPanel,
    MovingStoriesPanel,
    MostReadPanel,
)
