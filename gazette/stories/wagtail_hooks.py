"""Admin: stories (with merge, split, close, rename), section threading modes,
and the article editor's threading actions."""

import django_filters
from django.conf import settings
from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from gazette.articles.models import ArticlePage

from . import admin_views, services
from .models import LISTED, Granularity, SectionThreadingMode, Story, ThreadingMode


class StoryIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm("stories.change_story"):
            buttons += [
                MenuItem(
                    _("Merge another story into this"),
                    url=reverse("stories_story_merge", args=[instance.pk]),
                    icon_name="arrow-left",
                    priority=30,
                ),
                MenuItem(
                    _("Split"),
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
        if self.form.instance.title != before.title:
            # An editor's title is final: the engine stops proposing one.
            self.form.instance.title_is_proposed = False
        story = super().save_instance()
        if before.is_open and not story.is_open:
            services.close_story(story)
        elif not before.is_open and story.is_open:
            services.reopen_story(story)
        if before.slug != story.slug:
            # Readers, search engines and every story tag cached elsewhere
            # still know the old address: it leads to the new one, as a
            # merged story's does.
            services._redirect_story(before, story)
        return story


class StoryFilterSet(WagtailFilterSet):
    """The stories list's filters: the engine starts a story for every article
    it cannot place, so most rows of a busy site are one-article stories."""

    shown = django_filters.ChoiceFilter(
        label=_("Shown to readers"),
        empty_label=_("All"),
        choices=[
            ("yes", _("Shown (two articles or more, or named by an editor)")),
            ("no", _("Not yet (empty, or one article in a story the engine started)")),
        ],
        method="filter_shown",
    )
    title_is_proposed = django_filters.ChoiceFilter(
        label=_("Title"),
        empty_label=_("All"),
        choices=[
            ("true", _("Proposed by the engine")),
            ("false", _("Set by an editor")),
        ],
        method="filter_title",
    )

    class Meta:
        model = Story
        fields = ["is_open", "locale"]

    def filter_shown(self, queryset, name, value):
        return queryset.filter(LISTED) if value == "yes" else queryset.exclude(LISTED)

    def filter_title(self, queryset, name, value):
        return queryset.filter(title_is_proposed=value == "true")


class StoryViewSet(SnippetViewSet):
    model = Story
    icon = "folder-open-inverse"
    menu_label = _("Stories")
    index_view_class = StoryIndexView
    edit_view_class = StoryEditView
    list_display = [
        "title",
        Column(
            "locale", label=_("Edition"), accessor=lambda story: story.language_code
        ),
        "article_count",
        # A word, not the field's True/False: "Open" or "Closed".
        StatusTagColumn(
            "is_open",
            label=_("Status"),
            accessor=lambda story: _("Open") if story.is_open else _("Closed"),
            primary=lambda story: story.is_open,
            sort_key="is_open",
        ),
        "last_published_at",
    ]
    filterset_class = StoryFilterSet
    edit_handler = ObjectList(Story.panels, base_form_class=admin_views.StoryForm)
    search_fields = ["title", "summary"]
    ordering = ["-last_published_at"]


def _own_or_site(field: str, choices, setting: str, label) -> Column:
    """A column showing a section's own value, or the site's it falls back to."""

    def accessor(row: SectionThreadingMode) -> str:
        own = getattr(row, field)
        if own:
            return str(choices(own).label)
        site = getattr(settings, setting)
        return gettext("Site setting (%(value)s)") % {
            "value": dict(choices.choices).get(site, site)
        }

    return Column(field, label=label, accessor=accessor, sort_key=field)


class SectionThreadingModeViewSet(SnippetViewSet):
    model = SectionThreadingMode
    icon = "cogs"
    menu_label = _("Section threading modes")
    list_display = [
        "section",
        _own_or_site("mode", ThreadingMode, "GAZETTE_THREADING_MODE", _("Mode")),
        _own_or_site(
            "granularity",
            Granularity,
            "GAZETTE_THREADING_GRANULARITY",
            _("Granularity"),
        ),
    ]
    edit_handler = ObjectList(
        [FieldPanel("section"), FieldPanel("mode"), FieldPanel("granularity")],
        base_form_class=admin_views.SectionThreadingModeForm,
    )


class StoriesViewSetGroup(SnippetViewSetGroup):
    items = (StoryViewSet, SectionThreadingModeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Stories")
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


# After a publish Wagtail leaves the editor, so the editor would not see where
# threading put the article: say it in a message. Only a decision made by this
# publish is told (with a task worker it comes later, and nothing is said).
@hooks.register("before_publish_page")
def remember_threading_decision(request, page):
    if isinstance(page.specific, ArticlePage) and page.pk:
        decision = services.current_decision(page)
        request._threading_decision_before = decision.pk if decision else 0


@hooks.register("after_publish_page")
def tell_threading_decision(request, page):
    if not isinstance(page.specific, ArticlePage):
        return
    decision = services.current_decision(page)
    before = getattr(request, "_threading_decision_before", 0)
    if decision is None or decision.pk <= before:
        return
    message = admin_views.decision_message(decision)
    if message:
        messages.info(request, message)
