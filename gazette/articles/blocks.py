"""The blocks an article body is made of.

Each block renders in the design (``articles/blocks/*.html``), says what it
holds in plain words for search, the API and article audio
(``get_searchable_content`` here, ``audio.text.block_sentences`` there), and
needs nothing from an outside host unless the newsroom allowed it (embeds).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]
BOX_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def find_embed(url: str):
    """Return Wagtail's stored embed for ``url``, or None if no allowed provider has it.

    The first reader after an editor adds an embed may wait for the provider's
    oEmbed answer; Wagtail keeps it in its ``Embed`` table afterwards.
    """
    if not url:
        return None
    try:
        return get_embed(url)
    except EmbedException:
        return None


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "articles/blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(
        required=False, help_text=_("Leave empty to use the image's own caption.")
    )

    class Meta:
        icon = "image"
        template = "articles/blocks/image.html"


class GalleryBlock(blocks.StructBlock):
    """Pictures shown together, each with its caption and credit."""

    title = blocks.CharBlock(required=False, label=_("Title"))
    images = blocks.ListBlock(
        CaptionedImageBlock(), min_num=2, max_num=24, label=_("Pictures")
    )

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "articles/blocks/gallery.html"

    def get_searchable_content(self, value):
        words = [value.get("title") or ""]
        for item in value.get("images") or ():
            words.append(item.get("caption") or getattr(item["image"], "caption", ""))
        return [word for word in words if word]


class EmbedItemBlock(blocks.StructBlock):
    """A social post, video, map or sound from a provider the newsroom allows.

    The reader's browser asks the provider for nothing until the reader chooses
    to show it (``articles/embed.js``); without JavaScript, a link to it.
    """

    url = EmbedBlock(
        label=_("Address"),
        help_text=_(
            "The address of the post, video, map or recording, from a provider "
            "the newsroom allows (GAZETTE_EMBED_PROVIDERS)."
        ),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed"] = find_embed(value["url"].url if value.get("url") else "")
        return context

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "articles/blocks/embed.html"

    def get_searchable_content(self, value):
        return [value["caption"]] if value.get("caption") else []


class FactBoxBlock(blocks.StructBlock):
    """Key facts beside the story: a title and a few lines or a list."""

    title = blocks.CharBlock(label=_("Title"))
    body = blocks.RichTextBlock(features=BOX_FEATURES, label=_("Facts"))

    class Meta:
        icon = "list-ul"
        label = _("Fact box")
        template = "articles/blocks/fact_box.html"


class PullQuoteBlock(blocks.StructBlock):
    """Words lifted from the article and set large; read once, not twice."""

    text = blocks.TextBlock(label=_("Words from the article"))

    class Meta:
        icon = "pick"
        label = _("Pull quote")
        template = "articles/blocks/pull_quote.html"


class CalloutKind(blocks.ChoiceBlock):
    choices = [
        ("correction", _("Correction")),
        ("update", _("Update")),
        ("clarification", _("Clarification")),
        ("editors_note", _("Editor's note")),
    ]


class CalloutBlock(blocks.StructBlock):
    """A correction, update or note, dated, set apart from the reporting."""

    kind = CalloutKind(default="update", label=_("Kind"))
    when = blocks.DateTimeBlock(required=False, label=_("Date and time"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Correction or update")
        template = "articles/blocks/callout.html"


class BodyTableBlock(TableBlock):
    class Meta:
        icon = "table"
        label = _("Table")
        template = "articles/blocks/table.html"


class RelatedArticleBlock(blocks.StructBlock):
    """An article the editor points to, as a card inside the body."""

    article = blocks.PageChooserBlock(
        page_type="articles.ArticlePage", label=_("Article")
    )
    label = blocks.CharBlock(
        required=False,
        label=_("Label"),
        help_text=_('Leave empty for "Read more".'),
    )

    class Meta:
        icon = "doc-full"
        label = _("Related article")
        template = "articles/blocks/related_article.html"

    def get_searchable_content(self, value):
        return []


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="articles/blocks/heading.html"
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    embed = EmbedItemBlock()
    fact_box = FactBoxBlock()
    pull_quote = PullQuoteBlock()
    table = BodyTableBlock()
    callout = CalloutBlock()
    related_article = RelatedArticleBlock()
