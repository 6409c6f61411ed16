from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Story


class StoryViewSet(SnippetViewSet):
    model = Story
    icon = "folder-open-inverse"
    menu_label = "Stories"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["title", "article_count", "is_open", "last_published_at"]
    list_filter = ["is_open"]
    search_fields = ["title", "summary"]
    ordering = ["-last_published_at"]


register_snippet(StoryViewSet)
