"""Site-wide models: images with credits, the home page, plain editable pages."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Page
from wagtail.search import index


class GazetteImage(AbstractImage):
    """A Wagtail image that also carries the caption and credit a newsroom prints."""

    caption = models.CharField(max_length=255, blank=True)
    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text="Who made the picture, e.g. “Ana Lund / The Courier”.",
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

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        verbose_name_plural = "images"


class GazetteRendition(AbstractRendition):
    image = models.ForeignKey(
        GazetteImage, related_name="renditions", on_delete=models.CASCADE
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(Page):
    """The front page: latest articles and the running stories."""

    intro = models.CharField(max_length=255, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["articles.SectionPage", "core.StandardPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        # Sections are most of the front's children: fetch them as their own
        # class in one query rather than a generic page and then its class.
        from gazette.articles.models import SectionPage

        if path_components:
            section = (
                SectionPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .first()
            )
            if section is not None:
                section._cached_parent_obj = self
                return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from gazette.articles.models import ArticlePage
        from gazette.stories.models import Story

        context = super().get_context(request, *args, **kwargs)
        latest = ArticlePage.objects.live().for_listing()
        context["lead_articles"] = latest[:1]
        context["latest"] = latest[1:13]
        context["stories"] = Story.objects.running()[:6]
        return context


class StandardPage(Page):
    """An editable page of prose, such as the Community standards."""

    intro = models.TextField(blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            (
                "paragraph",
                blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"]),
            ),
            (
                "rule",
                blocks.StructBlock(
                    [
                        ("number", blocks.IntegerBlock(min_value=1)),
                        ("title", blocks.CharBlock()),
                        (
                            "text",
                            blocks.RichTextBlock(features=["bold", "italic", "link"]),
                        ),
                    ],
                    icon="list-ol",
                    template="core/blocks/rule.html",
                ),
            ),
        ],
        blank=True,
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []


@register_setting(icon="site")
class NewsroomSettings(BaseSiteSetting):
    """What the site says about itself: its name, tagline and standing pages."""

    name = models.CharField(max_length=100, default="Gazette")
    tagline = models.CharField(max_length=255, blank=True)
    community_standards_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked under every article, beside the discussion.",
    )

    select_related = ["community_standards_page"]

    panels = [
        FieldPanel("name"),
        FieldPanel("tagline"),
        FieldPanel("community_standards_page"),
    ]

    class Meta:
        verbose_name = "newsroom"


def paginate(request, queryset, per_page: int | None = None):
    """Return the page of ``queryset`` asked for by ``?page=``, clamped to the range."""
    paginator = Paginator(queryset, per_page or settings.GAZETTE_ARTICLES_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))
