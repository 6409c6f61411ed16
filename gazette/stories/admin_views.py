"""Admin views: the article editor's threading actions and story merge/split.

Every view calls a service; POST only for changes (CSRF from Wagtail's admin).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from gazette.articles.models import ArticlePage

from . import services
from .models import DecidedBy, Granularity, Story, ThreadingMode


def _editable_article(request, pk: int) -> ArticlePage:
    article = get_object_or_404(ArticlePage, pk=pk)
    if not article.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return article


def decision_message(decision) -> str:
    """Return what an editor is told of the engine's ``decision`` on publish."""
    if decision.decided_by != DecidedBy.ENGINE:
        return ""
    values = {
        "article": decision.article.title,
        "confidence": f"{decision.confidence:.2f}",
        "story": decision.story,
        "title": decision.proposed_title,
    }
    if not decision.applied:
        if decision.story:
            message = _(
                "Threading suggests “%(story)s” for “%(article)s” (confidence "
                "%(confidence)s): open the article to accept it or choose another "
                "story."
            )
        else:
            message = _(
                "Threading suggests a new story, “%(title)s”, for “%(article)s” "
                "(confidence %(confidence)s): open the article to accept it or "
                "choose another story."
            )
    elif decision.new_story:
        message = _(
            "Threading started a new story for “%(article)s” (confidence "
            "%(confidence)s), titled with its headline: rename it under Stories if "
            "a shorter title fits."
        )
    else:
        message = _(
            "Threading placed “%(article)s” in “%(story)s” (confidence %(confidence)s)."
        )
    return message % values


def _back_to(article: ArticlePage):
    return redirect(reverse("wagtailadmin_pages:edit", args=[article.pk]))


@require_POST
def accept_suggestion(request, pk: int):
    """Apply the engine's pending suggestion for an article."""
    article = _editable_article(request, pk)
    try:
        decision = services.accept_suggestion(article, user=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("“%(article)s” is now in “%(story)s”.")
            % {"article": article.title, "story": decision.story},
        )
    return _back_to(article)


@require_POST
def place_article(request, pk: int):
    """Put an article in the story chosen by the editor (final)."""
    article = _editable_article(request, pk)
    story = get_object_or_404(Story, pk=request.POST.get("story"))
    try:
        services.place_article_by_editor(article, story, user=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("“%(article)s” is now in “%(story)s”.")
            % {"article": article.title, "story": story},
        )
    return _back_to(article)


@require_POST
def related_action(request, pk: int):
    """Pin, exclude or reset one related article of an article."""
    article = _editable_article(request, pk)
    for action, service in (
        ("pin", services.pin_related),
        ("exclude", services.exclude_related),
        ("reset", services.reset_related),
    ):
        if request.POST.get(action):
            related = get_object_or_404(ArticlePage, pk=request.POST[action])
            try:
                service(article, related)
            except ValueError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Related articles updated."))
            break
    return _back_to(article)


def _check_story_editor(request) -> None:
    if not request.user.has_perm("stories.change_story"):
        raise PermissionDenied


class StoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Story) -> str:
        # Stories started by the engine are titled with a headline, and two of
        # them may read alike: the count and status tell them apart.
        values = {"title": obj.title, "count": obj.article_count}
        if obj.is_open:
            label = ngettext(
                "%(title)s (%(count)d article)",
                "%(title)s (%(count)d articles)",
                obj.article_count,
            )
        else:
            label = ngettext(
                "%(title)s (%(count)d article, closed)",
                "%(title)s (%(count)d articles, closed)",
                obj.article_count,
            )
        return label % values


class MergeForm(forms.Form):
    other = StoryChoiceField(
        queryset=Story.objects.none(),
        label=gettext_lazy("Story to fold into this one"),
        help_text=gettext_lazy("Its articles move here and it is deleted."),
    )


class SectionThreadingModeForm(WagtailAdminModelForm):
    """A section's threading settings; the blank choice names the site's value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices, setting in (
            ("mode", ThreadingMode, settings.GAZETTE_THREADING_MODE),
            ("granularity", Granularity, settings.GAZETTE_THREADING_GRANULARITY),
        ):
            site = dict(choices.choices).get(setting, setting)
            self.fields[name].choices = [
                ("", _("Site setting (%(value)s)") % {"value": site}),
                *choices.choices,
            ]


class StoryForm(WagtailAdminModelForm):
    """A story's edit form: its edition is chosen when it is made, and stays
    once it has articles (they belong to that edition)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("locale")
        if field is None:
            return
        # Left empty, a new story belongs to the default edition (the model's
        # default), as a story made anywhere else does.
        field.required = False
        if self.instance.pk:
            # A story's edition follows its articles; a post without the
            # field (an older form) keeps it.
            field.required = False
            if self.instance.has_articles():
                field.disabled = True
                field.help_text = gettext_lazy(
                    "A story with articles stays in its edition."
                )

    def clean_locale(self):
        locale = self.cleaned_data.get("locale")
        if locale is None:
            if self.instance.pk:
                return self.instance.locale
            return Locale.get_default()
        return locale


def merge_story(request, pk: int):
    """Merge another story into this one."""
    _check_story_editor(request)
    story = get_object_or_404(Story, pk=pk)
    form = MergeForm(request.POST or None)
    # Stories of one edition only: an article joins stories of its edition.
    form.fields["other"].queryset = (
        Story.objects.in_edition(story.locale_id).exclude(pk=story.pk).order_by("title")
    )
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["other"]
        services.merge_stories(story, other)
        messages.success(
            request,
            _("“%(other)s” was merged into “%(story)s”.")
            % {"other": other, "story": story},
        )
        return redirect(reverse("wagtailsnippets_stories_story:list"))
    return TemplateResponse(
        request,
        "stories/admin/story_merge.html",
        {"story": story, "form": form},
    )


class SplitForm(forms.Form):
    """The articles to split off and the new story's title, as the editor sent them.

    A form rather than reading the POST by hand: ids are checked against the
    story's own articles (``str.isdigit()`` would let "²" through to ``int()``),
    and the title against the model's length and Django's refusal of NUL.
    """

    articles = forms.TypedMultipleChoiceField(coerce=int, required=False)
    title = forms.CharField(max_length=255, required=False)

    def __init__(self, *args, articles: list[ArticlePage], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["articles"].choices = [(str(a.pk), a.title) for a in articles]


def split_story(request, pk: int):
    """Move chosen articles of a story into a new story."""
    _check_story_editor(request)
    story = get_object_or_404(Story, pk=pk)
    articles = list(story.articles.order_by("first_published_at", "pk"))
    error = ""
    if request.method == "POST":
        form = SplitForm(request.POST, articles=articles)
        try:
            if not form.is_valid():
                raise ValueError(" ".join(m for ms in form.errors.values() for m in ms))
            chosen_ids = set(form.cleaned_data["articles"])
            chosen = [a for a in articles if a.pk in chosen_ids]
            new = services.split_story(story, chosen, title=form.cleaned_data["title"])
        except ValueError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d article moved to the new story “%(story)s”.",
                    "%(count)d articles moved to the new story “%(story)s”.",
                    len(chosen),
                )
                % {"count": len(chosen), "story": new},
            )
            return redirect(reverse("wagtailsnippets_stories_story:list"))
    return TemplateResponse(
        request,
        "stories/admin/story_split.html",
        {"story": story, "articles": articles, "error": error},
    )
