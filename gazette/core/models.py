"""Site-wide models: images with credits, the home page, plain editable pages."""

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import AbstractImage, AbstractRendition, SourceImageIOError
from wagtail.models import Page
from wagtail.search import index

from . import editions, kept
from .front_blocks import FrontBlock


class GazetteImage(AbstractImage):
    """A Wagtail image that also carries the caption and credit a newsroom prints."""

    caption = models.CharField(_("caption"), max_length=255, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Who made the picture, e.g. “Ana Lund / The Courier”."),
    )

    admin_form_fields = (
        "title",
        "file",
        "description",
        "caption",
        "credit",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    @property
    def alt_text(self) -> str:
        return self.description or self.title

    def generate_rendition_file(self, filter, *, source=None):
        """Make a rendition's file; a source that will not decode counts as missing.

        A picture broken on disk (or older than the upload form's decoding
        check, ``core.forms``) raises whatever Pillow raises. As Wagtail's
        ``SourceImageIOError``, ``{% image %}`` and ``responsive_image`` show a
        broken picture rather than failing the whole page.
        """
        try:
            return super().generate_rendition_file(filter, source=source)
        except (SourceImageIOError, InvalidFilterSpecError):
            raise
        except Exception as exc:  # noqa: BLE001 - OSError, SyntaxError, ValueError...
            raise SourceImageIOError(
                f"Image {self.pk} ({self.file.name}) cannot be decoded: {exc}"
            ) from exc

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class GazetteRendition(AbstractRendition):
    image = models.ForeignKey(
        GazetteImage, related_name="renditions", on_delete=models.CASCADE
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(Page):
    """The front page: the blocks its editors arrange (``core.front_blocks``)."""

    intro = models.CharField(_("introduction"), max_length=255, blank=True)
    # The edition's masthead: one home page per edition, so one per edition;
    # empty, the newsroom's (Settings > Newsroom). ``core.masthead`` reads them.
    masthead_name = models.CharField(
        _("masthead name"),
        max_length=100,
        blank=True,
        help_text=_(
            "The newsroom's name in this edition, e.g. “El Correo de Halvard”: "
            "in the header, the browser tab, feeds and search results. Empty: "
            "the name in Settings > Newsroom."
        ),
    )
    masthead_tagline = models.CharField(
        _("masthead tagline"),
        max_length=255,
        blank=True,
        help_text=_(
            "The line under the name, in this edition's language. Empty: the "
            "tagline in Settings > Newsroom."
        ),
    )
    front = StreamField(
        FrontBlock(),
        blank=True,
        verbose_name=_("front"),
        help_text=_(
            "What the front page shows, top to bottom. Empty: the newest "
            "article with a picture as the lead, then top stories, running stories "
            "and the latest news."
        ),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("masthead_name"), FieldPanel("masthead_tagline")],
            heading=_("Masthead"),
        ),
        FieldPanel("intro"),
        FieldPanel("front"),
    ]
    subpage_types = ["articles.SectionPage", "core.StandardPage"]
    parent_page_types = ["wagtailcore.Page"]

    @classmethod
    def can_create_at(cls, parent) -> bool:
        # One home page per edition: the first is made at installation, each
        # other edition's is its translation (the page menu's "Translate"),
        # which Wagtail's copy for translation makes without asking this.
        return super().can_create_at(parent) and not cls.objects.exists()

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        # Sections are most of the front's children: fetch them as their own
        # class in one query rather than a generic page and then its class.
        if path_components:
            # By label: the articles app builds on core, not the other way.
            # Every section of the edition in the one query: the header's and
            # footer's navigation takes them from the request
            # (core.context_processors.navigation_sections).
            model = apps.get_model("articles", "SectionPage")
            sections = list(model.objects.child_of(self).order_by("path"))
            request._gazette_sections = (self.pk, sections)
            section = next(
                (page for page in sections if page.slug == path_components[0]), None
            )
            if section is not None:
                section._cached_parent_obj = self
                return section.route(request, path_components[1:])
        return super().route(request, path_components)


class StandardPage(Page):
    """An editable page of prose, such as the Community standards."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        [
            (
                "heading",
                blocks.CharBlock(form_classname="title", label=_("Heading")),
            ),
            (
                "paragraph",
                blocks.RichTextBlock(
                    features=["bold", "italic", "link", "ol", "ul"],
                    label=_("Paragraph"),
                ),
            ),
            (
                "rule",
                blocks.StructBlock(
                    [
                        ("number", blocks.IntegerBlock(min_value=1, label=_("Number"))),
                        ("title", blocks.CharBlock(label=_("Title"))),
                        (
                            "text",
                            blocks.RichTextBlock(
                                features=["bold", "italic", "link"], label=_("Text")
                            ),
                        ),
                    ],
                    icon="list-ol",
                    template="core/blocks/rule.html",
                    # Translators: a numbered rule of the community standards.
                    label=_("Rule"),
                ),
            ),
        ],
        blank=True,
        verbose_name=_("body"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


def _standing_page(verbose_name, help_text) -> models.ForeignKey:
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """What the site says about itself: its name, tagline and standing pages."""

    name = models.CharField(_("name"), max_length=100, default="Gazette")
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    logo = models.ForeignKey(
        "core.GazetteImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown in the header instead of the name in type (the name stays as "
            "its text alternative). An SVG or a wide PNG, at least 80 px tall."
        ),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#b80000",
        validators=[
            RegexValidator(
                r"^#[0-9a-fA-F]{6}$",
                _("Give the colour as # and six hexadecimal digits, e.g. #b80000."),
            )
        ],
        help_text=_(
            "The brand colour of rules, labels and buttons. Keep it dark "
            "enough for white text on it (contrast 4.5:1)."
        ),
    )
    community_standards_page = _standing_page(
        _("community standards page"),
        _("Linked under every article, beside the discussion."),
    )

    about_page = _standing_page(
        _("about page"), _("Linked as “About us” in the footer.")
    )
    contact_page = _standing_page(
        _("contact page"), _("Linked as “Contact” in the footer.")
    )
    corrections_page = _standing_page(
        _("corrections page"),
        _("Linked as “Corrections” in the footer and from correction notes."),
    )
    privacy_page = _standing_page(
        _("privacy page"), _("Linked as “Privacy” in the footer.")
    )

    select_related = [
        "community_standards_page",
        "about_page",
        "contact_page",
        "corrections_page",
        "privacy_page",
        "logo",
    ]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("tagline"),
                FieldPanel("logo"),
                FieldPanel("accent_colour"),
            ],
            heading=_("Brand"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("community_standards_page"),
                FieldPanel("about_page"),
                FieldPanel("contact_page"),
                FieldPanel("corrections_page"),
                FieldPanel("privacy_page"),
            ],
            heading=_("Standing pages"),
        ),
    ]

    @classmethod
    def for_site(cls, site):
        """Return the site's settings (made if missing), in one query compiled
        once per process (its six joined rows cost more to compile than to
        read), with the footer's standing pages in the edition being read.
        """
        if site is None or not isinstance(site.pk, int):
            return super().for_site(site)
        locale_id = None
        if editions.has_editions():
            code = editions.active_edition()
            locale_id = next(
                (pk for pk, row in editions.state().ids if row == code), None
            )
        query = kept.kept(
            ("core:newsroom", site.pk, locale_id),
            lambda: cls._settings_query(site.pk, locale_id),
            {},
        )
        found = query.run() if query is not None else []
        if not found:
            return super().for_site(site)
        instance = found[0]
        instance._standing_locale_id = locale_id
        return instance

    @classmethod
    def _settings_query(cls, site_id: int, locale_id: int | None):
        """Return the query of site ``site_id``'s settings; with an edition's
        Locale, each standing page's live translation in it (id, address)."""
        query = cls.base_queryset().filter(site_id=site_id)
        if locale_id is None:
            return query
        for name in cls.STANDING_PAGES:
            versions = Page.objects.filter(
                live=True,
                locale_id=locale_id,
                translation_key=OuterRef(f"{name}__translation_key"),
            )
            query = query.annotate(
                **{
                    f"_{name}_local_id": Subquery(versions.values("pk")[:1]),
                    f"_{name}_local_path": Subquery(versions.values("url_path")[:1]),
                }
            )
        return query

    STANDING_PAGES = (
        "about_page",
        "contact_page",
        "corrections_page",
        "community_standards_page",
        "privacy_page",
    )

    def footer_pages(self) -> list[tuple[str, Page]]:
        """Return (label, page) of the standing pages the footer links, in order."""
        labels = {
            "about_page": gettext("About us"),
            "contact_page": gettext("Contact"),
            "corrections_page": gettext("Corrections"),
            "community_standards_page": gettext("Community standards"),
            "privacy_page": gettext("Privacy"),
        }
        pages = [
            (name, labels[name], getattr(self, name)) for name in self.STANDING_PAGES
        ]
        pages = [(name, label, page) for name, label, page in pages if page is not None]
        if not editions.has_editions():
            return [(label, page) for _, label, page in pages]
        code = editions.active_edition()
        locale_id = next((pk for pk, row in editions.state().ids if row == code), None)
        if locale_id is None or getattr(self, "_standing_locale_id", None) != locale_id:
            # The edition's own page where it has one (its Community standards).
            localized = editions.localized([page for _, _, page in pages])
            return list(zip([label for _, label, _ in pages], localized, strict=True))
        # Read with the settings (for_site): the translations in this edition.
        found = []
        for name, label, page in pages:
            local_id = getattr(self, f"_{name}_local_id", None)
            if page.locale_id != locale_id and local_id is not None:
                page = Page(
                    id=local_id,
                    url_path=getattr(self, f"_{name}_local_path"),
                    locale_id=locale_id,
                    translation_key=page.translation_key,
                    live=True,
                )
            found.append((label, page))
        return found

    class Meta:
        verbose_name = _("newsroom")
        verbose_name_plural = _("newsrooms")


def paginate(request, queryset, per_page: int | None = None):
    """Return the page of ``queryset`` asked for by ``?page=``, clamped to the range."""
    paginator = Paginator(queryset, per_page or settings.GAZETTE_ARTICLES_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))


# The editions follow the Locale rows and the home pages' translations.
editions.connect()
