"""Admin: stories (with merge, split, close, rename), section threading modes,
and the article editor's threading actions."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from . import admin_views, services
from .models import SectionThreadingMode, Story


class StoryIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("stories.change_story"):
            buttons += [
                MenuItem(
                    "Merge another story into this",
                    url=reverse("stories_story_merge", args=[instance.pk]),
                    icon_name="arrow-left",
                    priority=30,
                ),
                MenuItem(
                    "Split",
                    url=reverse("stories_story_split", args=[instance.pk]),
                    icon_name="arrow-right",
                    priority=31,
                ),
            ]
        return buttons


class StoryEditView(EditView):
    def save_instance(self):
        # Closing, reopening and renaming go through the services, so that the
        # threading engine hears of them like it does from every other path.
        before = Story.objects.get(pk=self.object.pk)
        story = super().save_instance()
        if before.is_open and not story.is_open:
            services.close_story(story)
        elif not before.is_open and story.is_open:
            services.reopen_story(story)
        return story


class StoryViewSet(SnippetViewSet):
    model = Story
    icon = "folder-open-inverse"
    menu_label = "Stories"
    index_view_class = StoryIndexView
    edit_view_class = StoryEditView
    list_display = [
        "title",
        "article_count",
        # A word, not the field's True/False: "Open" or "Closed".
        StatusTagColumn(
            "is_open",
            label="Status",
            accessor=lambda story: "Open" if story.is_open else "Closed",
            primary=lambda story: story.is_open,
            sort_key="is_open",
        ),
        "last_published_at",
    ]
    list_filter = ["is_open"]
    search_fields = ["title", "summary"]
    ordering = ["-last_published_at"]


class SectionThreadingModeViewSet(SnippetViewSet):
    model = SectionThreadingMode
    icon = "cogs"
    menu_label = "Section threading modes"
    list_display = ["section", "mode"]


class StoriesViewSetGroup(SnippetViewSetGroup):
    items = (StoryViewSet, SectionThreadingModeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "Stories"
    menu_name = "stories"
    menu_order = 200


register_snippet(StoriesViewSetGroup)


@hooks.register("register_admin_urls")
def register_threading_urls():
    return [
        path(
            "stories/threading/<int:pk>/accept/",
            admin_views.accept_suggestion,
            name="stories_threading_accept",
        ),
        path(
            "stories/threading/<int:pk>/place/",
            admin_views.place_article,
            name="stories_threading_place",
        ),
        path(
            "stories/threading/<int:pk>/related/",
            admin_views.related_action,
            name="stories_threading_related",
        ),
        path(
            "stories/story/<int:pk>/merge/",
            admin_views.merge_story,
            name="stories_story_merge",
        ),
        path(
            "stories/story/<int:pk>/split/",
            admin_views.split_story,
            name="stories_story_split",
        ),
    ]
