"""The blocks an editor arranges a front page from (the home page, a section).

A front is a list of blocks, each a row of slots. A slot holds an article an
editor chose, until an optional expiry time; the block's rule fills every slot
left empty (or expired) with the newest articles of the site, a section or a
story that the front does not already show. What a block resolves to is worked
out by the fronts app (``gazette/fronts``); the blocks here only describe it,
naming the article, section and story models by label so that ``core`` imports
neither app.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock


class SlotBlock(blocks.StructBlock):
    """An article an editor put in a slot, optionally only until a given time."""

    article = blocks.PageChooserBlock(page_type="articles.ArticlePage")
    expires_at = blocks.DateTimeBlock(
        required=False,
        label=_("Until"),
        help_text=_(
            "After this time the slot goes back to the block's rule. "
            "Empty: it stays until you change it."
        ),
    )

    class Meta:
        icon = "pick"
        label = _("Chosen article")


def section_source() -> blocks.PageChooserBlock:
    return blocks.PageChooserBlock(
        page_type="articles.SectionPage",
        required=False,
        help_text=_(
            "Fill from this section's newest articles. Empty: the whole "
            "site (on a section front, that section)."
        ),
    )


def story_source() -> SnippetChooserBlock:
    return SnippetChooserBlock(
        "stories.Story",
        required=False,
        help_text=_("Fill from this running story's newest articles instead."),
    )


class LeadBlock(blocks.StructBlock):
    """The lead: one story across the top, always with its picture."""

    pinned = blocks.ListBlock(
        SlotBlock(),
        default=[],
        max_num=1,
        label=_("Chosen lead"),
        help_text=_(
            "The article that leads the front. Empty: the newest article "
            "with a picture."
        ),
    )
    section = section_source()
    story = story_source()

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for index, slot in enumerate(value["pinned"]):
            article = slot["article"]
            if article is not None and not article.specific.image_id:
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "article": ValidationError(
                            gettext(
                                "“%(title)s” has no picture, and the lead needs "
                                "one. Give the article a lead picture first, or "
                                "choose another."
                            )
                            % {"title": article.title}
                        )
                    }
                )
        if errors:
            raise StructBlockValidationError(
                block_errors={
                    "pinned": blocks.list_block.ListBlockValidationError(
                        block_errors=errors
                    )
                }
            )
        return value

    class Meta:
        icon = "pick"
        label = _("Lead")
        template = "fronts/blocks/lead.html"


class RowBlock(blocks.StructBlock):
    """A headed row of teasers: top stories, a section's or a story's."""

    heading = blocks.CharBlock(
        required=False,
        help_text=_("Empty: “Top stories”, or the section's or story's name."),
    )
    count = blocks.IntegerBlock(
        min_value=1, max_value=12, default=4, help_text=_("How many teasers.")
    )
    pinned = blocks.ListBlock(
        SlotBlock(),
        default=[],
        label=_("Chosen articles"),
        help_text=_("In this order, before the rule's articles. Drag to reorder."),
    )
    section = section_source()
    story = story_source()

    class Meta:
        icon = "list-ul"
        label = _("Row of stories")
        template = "fronts/blocks/row.html"


class RunningStoriesBlock(blocks.StructBlock):
    """The running stories with their article counts."""

    heading = blocks.CharBlock(required=False, help_text=_("Empty: “Running stories”."))
    count = blocks.IntegerBlock(min_value=1, max_value=12, default=5)

    class Meta:
        icon = "list-ol"
        label = _("Running stories")
        template = "fronts/blocks/running_stories.html"


class LatestBlock(blocks.StructBlock):
    """Everything else, newest first: what the front does not already show."""

    heading = blocks.CharBlock(required=False, help_text=_("Empty: “Latest”."))
    count = blocks.IntegerBlock(min_value=1, max_value=30, default=12)

    class Meta:
        icon = "time"
        label = _("Latest news")
        template = "fronts/blocks/latest.html"


class MostReadBlock(blocks.StructBlock):
    """The articles read most over the last days, the site's or a section's."""

    heading = blocks.CharBlock(
        required=False,
        help_text=_("Empty: “Most read”, or “Most read in” the section."),
    )
    count = blocks.IntegerBlock(
        min_value=1, max_value=10, default=5, help_text=_("How many articles.")
    )
    days = blocks.IntegerBlock(
        min_value=1,
        max_value=31,
        default=1,
        help_text=_("Reads of the last so many days (1: today, UTC)."),
    )
    section = blocks.PageChooserBlock(
        page_type="articles.SectionPage",
        required=False,
        help_text=_(
            "Only this section's articles. Empty: the whole site (on a "
            "section front, that section)."
        ),
    )

    class Meta:
        icon = "order"
        label = _("Most read")
        template = "fronts/blocks/most_read.html"


class FrontBlock(blocks.StreamBlock):
    lead = LeadBlock()
    row = RowBlock()
    running_stories = RunningStoriesBlock()
    latest = LatestBlock()
    most_read = MostReadBlock()

    class Meta:
        block_counts = {"lead": {"max_num": 1}}
