"""The search form: a query and the filters, all optional, read from the URL."""

from django import forms
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gazette.articles.models import ArticlePageAuthor, Author, SectionPage
from gazette.core.cache import get_generation
from gazette.core.middleware import MAX_ID
from gazette.stories.models import Story

from .fulltext import edition_key
from .query import Filters

# How many stories the story menu offers, most recently active first.
STORY_CHOICES = 100
# The menus are the same for every search of an edition: kept until the
# content changes (the generation), and at most this long.
MENUS_SECONDS = 300
MENUS = ("section", "story", "author")
# How many written menus (``MenuSelect.kept``) a process keeps at most.
WRITTEN_MENUS = 64
_written: dict[tuple, SafeString] = {}


class MenuSelect(forms.Select):
    """A ``<select>`` written in Python rather than through a template per
    option: the filters' menus hold 150 options or more, which Django's
    templates took 25 ms a page to write. The same markup as Django's
    ``select.html`` (attributes, ``selected``), every label escaped.

    A menu with nothing chosen is the same markup on every search until the
    content changes: written once per ``kept`` key (set by the form: the
    menus' generation, edition and language) and kept in the process.
    """

    # The key the form gives the menu's options; None: written every time.
    kept: str | None = None

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        if self.kept is None or value not in (None, ""):
            return self._write(name, value, attrs)
        final = self.build_attrs(self.attrs, attrs)
        key = (self.kept, name, value, tuple(sorted(map(str, final.items()))))
        found = _written.get(key)
        if found is None:
            if len(_written) >= WRITTEN_MENUS:
                # Keys of earlier generations: drop them all.
                _written.clear()
            found = _written[key] = self._write(name, value, attrs)
        return found

    def _write(self, name, value, attrs) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"] if option["value"] is not None else "",
                    " selected" if option["selected"] else "",
                    option["label"],
                )
                for _group, group, _index in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            _attributes(widget["attrs"]),
            options,
        )


def _attributes(attrs: dict) -> SafeString:
    # As Django's attrs.html: True is a bare attribute, False or None none.
    return SafeString(
        "".join(
            format_html(" {}", key)
            if value is True
            else format_html(' {}="{}"', key, value)
            for key, value in attrs.items()
            if value is not False and value is not None
        )
    )


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id, where an id no database key can hold is no choice.

    SQLite's driver raises ``OverflowError`` on a number past 64 bits rather
    than finding nothing; Django's field would let it through as a 500.
    """

    def to_python(self, value):
        if value not in self.empty_values:
            text = str(value).strip()
            if not (text.isascii() and text.isdigit() and int(text) <= MAX_ID):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=200)
    section = IdChoiceField(
        SectionPage.objects.live().order_by("path"),
        label=_("Section"),
        required=False,
        empty_label=_("All sections"),
        widget=MenuSelect,
    )
    story = IdChoiceField(
        Story.objects.listed().order_by("-last_published_at"),
        label=pgettext_lazy("a running story", "Story"),
        required=False,
        empty_label=_("All stories"),
        widget=MenuSelect,
    )
    author = IdChoiceField(
        # A semi-join on the bylines' index, not a DISTINCT over every byline.
        Author.objects.filter(
            Exists(ArticlePageAuthor.objects.filter(author=OuterRef("pk")))
        ).order_by("name"),
        label=_("Author"),
        required=False,
        empty_label=_("All authors"),
        widget=MenuSelect,
    )
    since = forms.DateField(
        label=pgettext_lazy("the first date of a search", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=pgettext_lazy("the last date of a search", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, locale: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The reader's edition (its language code): its sections, its articles.
        self.locale = locale
        if locale is not None:
            sections = self.fields["section"]
            sections.queryset = sections.queryset.filter(locale_id=edition_key(locale))
            stories = self.fields["story"]
            stories.queryset = stories.queryset.filter(locale_id=edition_key(locale))
        # The menus come from the cache; a chosen id is still checked
        # against the database (the field's queryset) when the form is read.
        menus = self.menus()
        kept = f"{self.menus_key()}:{get_language()}"
        for name in MENUS:
            field = self.fields[name]
            offered = menus[name]
            if name == "story":
                # Any listed story is a valid choice, but the menu offers the
                # most recently active ones (and the chosen one): an archive
                # holds tens of thousands of stories, too many to send with
                # every search page.
                chosen = str(self.data.get("story") or "") if self.is_bound else ""
                valid = chosen.isascii() and chosen.isdigit() and int(chosen) <= MAX_ID
                if valid and int(chosen) not in {pk for pk, _label in offered}:
                    offered = offered + [
                        (story.pk, field.label_from_instance(story))
                        for story in field.queryset.filter(pk=int(chosen))
                    ]
            field.widget.choices = [("", field.empty_label), *offered]
            # The story menu with a chosen story beyond the offered ones is
            # written every time (the choice is in its options).
            field.widget.kept = kept if offered is menus[name] else None

    def menus_key(self) -> str:
        return f"gazette:search:menus:{get_generation()}:{self.locale or ''}"

    def menus(self) -> dict[str, list[tuple[int, str]]]:
        """Return the (id, label) of the options of each menu, kept per
        edition until the content changes."""
        key = self.menus_key()
        found = cache.get(key)
        if found is None:
            found = {}
            for name in MENUS:
                field = self.fields[name]
                rows = field.queryset
                if name == "story":
                    rows = rows[:STORY_CHOICES]
                found[name] = [(row.pk, field.label_from_instance(row)) for row in rows]
            cache.set(key, found, MENUS_SECONDS)
        return found

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(
                # Translators: “From” and “To” are the labels of the two dates.
                _("The “From” date is after the “To” date.")
            )
        return data

    def query(self) -> str:
        return " ".join(self.cleaned_data.get("q", "").split())

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            locale=self.locale,
            section=data.get("section"),
            story=data.get("story"),
            author=data.get("author"),
            since=data.get("since"),
            until=data.get("until"),
        )
