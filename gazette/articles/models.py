"""Sections, articles and authors."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from gazette.core import changes, editions, kept, keyset
from gazette.core.front_blocks import FrontBlock

from . import fragments, shells
from . import related as related_list
from .blocks import ArticleBodyBlock

# The stored parts' models, in a module of their own, found by Django here.
from .fragment_models import (
    ArticleFragment,
    ArticleFragmentSource,
    ArticleShell,
    ArticleShellTag,
    ShellGeneration,
)


class Author(index.Indexed, models.Model):
    """A writer whose byline appears on articles, with a page of their work."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    role = models.CharField(
        _("role"),
        max_length=120,
        blank=True,
        help_text=_("e.g. Diplomatic correspondent"),
    )
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "core.GazetteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


class ArticlePageQuerySet(PageQuerySet):
    def for_listing(self):
        """Return articles newest first with what a teaser shows.

        One query, and one more for the pictures' renditions when any teaser
        has a picture (each ``{% image %}`` would otherwise ask for its own).
        """
        return (
            self.select_related("story", "image")
            .prefetch_related("image__renditions")
            .order_by("-first_published_at", "-pk")
        )

    def in_story(self, story):
        return self.filter(story=story)

    def in_section(self, section):
        return self.child_of(section)

    def by_author(self, author):
        return self.filter(article_authors__author=author)


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class DiscussionMode(models.TextChoices):
    """How reader comments are taken (the discussion app enforces it)."""

    OPEN = "open", _("Open: comments appear once they pass the standards")
    PREMODERATED = (
        "premoderated",
        _("Pre-moderated: a moderator approves every comment"),
    )
    CLOSED = "closed", _("Closed: readable, no new comments")


class ArticleGenre(models.TextChoices):
    """What kind of journalism an article is; teasers label all but news."""

    NEWS = "news", _("News")
    LIVE = "live", pgettext_lazy("live coverage", "Live")
    OPINION = "opinion", _("Opinion")
    ANALYSIS = "analysis", _("Analysis")


# Placeholder of the kept routing query (gazette.core.kept): a value no real
# slug takes.
_SLUG = "\x00gazette-slug\x00"


class SectionPage(Page):
    """A section front (World, Politics, ...): the section's articles, newest first."""

    intro = models.CharField(_("introduction"), max_length=255, blank=True)
    front = StreamField(
        FrontBlock(),
        blank=True,
        verbose_name=_("front"),
        help_text=_(
            "What the top of the section front shows; the section's other "
            "articles follow, newest first. Empty: its newest article with a "
            "picture as the lead, then a row of the next ones."
        ),
    )
    discussion_mode = models.CharField(
        _("discussion"),
        max_length=16,
        choices=DiscussionMode.choices,
        default=DiscussionMode.OPEN,
        help_text=_(
            "How the section's articles take comments, unless an article says."
        ),
    )
    discussion_close_after_days = models.PositiveSmallIntegerField(
        _("close discussions after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Close each article's discussion this many days after publication. "
            "Empty: the site's default (GAZETTE_DISCUSSION_CLOSE_AFTER_DAYS)."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("front")]
    settings_panels = Page.settings_panels + [
        FieldPanel("discussion_mode"),
        FieldPanel("discussion_close_after_days"),
    ]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def route(self, request, path_components):
        # One query for the article and what its page shows (story tag, lead
        # picture, its audio: the reverse one-to-one of the audio app, and its
        # short link's code for the "Get short URL" control), where Wagtail's
        # generic routing takes four and the short link tag one more; with
        # editions, the article's live translations come in the same query
        # (its "Read in" list, the edition switcher and the hreflang links).
        # The lead picture's renditions come with the related teasers'
        # (get_context).
        if len(path_components) == 1:
            slug = path_components[0]
            rows = self._article_rows(slug)
            own = self.path
            article = next(
                (
                    row
                    for row in rows
                    if row.slug == slug
                    and row.depth == self.depth + 1
                    and row.path.startswith(own)
                ),
                None,
            )
            if article is None:
                raise Http404
            if editions.has_editions():
                editions.keep_live_versions(
                    article, [row for row in rows if row is not article and row.live]
                )
            article._cached_parent_obj = self
            return article.route(request, [])
        return super().route(request, path_components)

    def _article_rows(self, slug: str) -> list["ArticlePage"]:
        """Return the article ``slug`` of this section (if any) and, with
        editions, the live translations of it: one query, compiled once per
        section, edition and process (compiling its joins and subqueries
        cost more than running it)."""
        versions = editions.has_editions()
        key = (
            "articles:route",
            self.pk,
            self.path,
            self.depth,
            versions,
            fragments.language_key(),
            fragments.build_key(),
            shells.build_key(),
        )
        query = kept.kept(key, lambda: self._articles(_SLUG, versions), {"slug": _SLUG})
        if query is None:
            return list(self._articles(slug, versions))
        return query.run(slug=slug)

    def _articles(self, slug: str, versions: bool) -> "ArticlePageQuerySet":
        """Return the query of article ``slug`` of this section, with its live
        translations when ``versions``."""
        own = Q(path__startswith=self.path, depth=self.depth + 1, slug=slug)
        wanted = own
        if versions:
            keys = ArticlePage.objects.filter(own).values("translation_key")
            wanted |= Q(live=True, translation_key__in=keys)
        articles = (
            ArticlePage.objects.filter(wanted)
            .select_related("story", "image", "audio")
            .annotate(maybe_restricted=self._maybe_restricted())
            .order_by("pk")
        )
        if apps.is_installed("gazette.links"):
            articles = articles.annotate(short_code=self._short_code())
        # The parts drawn once per published version (body, byline), when
        # stored and still current (articles.fragments).
        # And the whole page drawn in this generation (articles.shells), with
        # the generation itself, which a shell drawn now is stored under.
        return articles.annotate(
            stored_parts=fragments.current_parts(),
            stored_shell=shells.current_shell(),
            shell_generation=shells.generation(),
        )

    @staticmethod
    def _short_code() -> Subquery:
        """Return the article's generated short link code (None if it has
        none yet), as an expression of the routing query; read by the links
        app's ``short_url_for`` tag instead of a query of its own."""
        # By label: the links app builds on articles, not the other way.
        links = apps.get_model("links", "ShortLink").objects
        return Subquery(
            links.generated().filter(page_id=OuterRef("pk")).values("code")[:1]
        )

    def _maybe_restricted(self) -> ExpressionWrapper:
        """Return whether a child article may have a view restriction, as an
        expression of the routing query.

        Nearly no article has one, so the routing query answers the question
        (a restriction on this section, its ancestors or the article, or an
        alias among them, whose source's would count) and the article skips
        its own query for them when the answer is no.
        """
        paths = [
            self.path[:end]
            for end in range(self.steplen, len(self.path) + 1, self.steplen)
        ]
        restriction = PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page=OuterRef("pk"))
        )
        alias = Page.objects.filter(path__in=paths, alias_of__isnull=False)
        return ExpressionWrapper(
            Q(Exists(restriction)) | Q(Exists(alias)) | Q(alias_of__isnull=False),
            output_field=BooleanField(),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.live().in_section(self).for_listing()
        context["articles"] = keyset.paginate(request, articles)
        return context


class ArticlePage(Page):
    """A news article: headline, lede, byline, body, and its running story."""

    lede = models.TextField(
        _("lede"),
        help_text=_("The standfirst: one or two sentences under the headline."),
    )
    image = models.ForeignKey(
        "core.GazetteImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
        help_text=_("The lead picture, shown at the top and in teasers."),
    )
    genre = models.CharField(
        _("kind"),
        max_length=16,
        choices=ArticleGenre.choices,
        default=ArticleGenre.NEWS,
        help_text=_(
            "Live coverage, opinion and analysis are labelled as such "
            "on teasers and on the article."
        ),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    # The story model lives in the stories app, which owns all story logic;
    # the key sits here so that drafts, revisions and preview carry it.
    story = models.ForeignKey(
        "stories.Story",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=pgettext_lazy("a running story", "story"),
        help_text=_("The running story this article belongs to."),
    )
    discussion_mode = models.CharField(
        _("discussion"),
        max_length=16,
        choices=DiscussionMode.choices,
        blank=True,
        help_text=_("Empty: as the section says."),
    )
    # Published comments, kept by the discussion app so that teasers and the
    # article page show the count without a query.
    comment_count = models.PositiveIntegerField(
        _("comments"), default=0, editable=False
    )

    objects = ArticlePageManager()

    content_panels = Page.content_panels + [
        FieldPanel("genre"),
        FieldPanel("lede"),
        InlinePanel("article_authors", label=_("Authors"), min_num=0),
        FieldPanel("story"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("discussion_mode")]
    search_fields = Page.search_fields + [
        index.SearchField("lede"),
        index.SearchField("body"),
        index.FilterField("story"),
    ]
    parent_page_types = ["articles.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        indexes = [models.Index(fields=["story"], name="article_story_idx")]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def clean(self):
        super().clean()
        # A closed story keeps its articles but takes no new ones.
        if self.story_id and not self.story.is_open:
            current = (
                ArticlePage.objects.filter(pk=self.pk)
                .values_list("story_id", flat=True)
                .first()
                if self.pk
                else None
            )
            if current != self.story_id:
                raise ValidationError(
                    {
                        "story": _("“%(story)s” is closed and takes no new articles.")
                        % {"story": self.story}
                    }
                )

    def with_content_json(self, content):
        # The comment count belongs to the live discussion, not to a revision:
        # publishing an old draft must not bring back its stale count.
        page = super().with_content_json(content)
        page.comment_count = self.comment_count
        return page

    @property
    def genre_label(self) -> str:
        """Return the label teasers show ("Opinion"), or "" for plain news."""
        return "" if self.genre == ArticleGenre.NEWS else self.get_genre_display()

    # The section a teaser names, where a list sets it (the fronts do); the
    # class default spares every other teaser a failed template lookup.
    section: "SectionPage | None" = None

    @cached_property
    def authors(self) -> list[Author]:
        stored = self.stored_fragment
        if stored is not None:
            return fragments.authors_of(stored)
        return [link.author for link in self.article_authors.select_related("author")]

    @cached_property
    def stored_fragment(self) -> dict | None:
        """Return the parts of this page stored for its published version
        (``articles.fragments``), if the routing query found them current."""
        return fragments.parse(getattr(self, "stored_parts", None), self)

    @cached_property
    def was_updated(self) -> bool:
        first, last = self.first_published_at, self.last_published_at
        return bool(first and last and (last - first).total_seconds() > 60)

    def get_view_restrictions(self):
        """Return the view restrictions of this page and its ancestors, in one query.

        Wagtail's own version first loads the ancestors; their paths are
        already known from this page's path.
        """
        if getattr(self, "maybe_restricted", None) is False:
            # The routing query found none (SectionPage._maybe_restricted).
            return PageViewRestriction.objects.none()
        if self.alias_of_id:
            return super().get_view_restrictions()
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        # An alias among the ancestors takes its source page's restrictions.
        sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values(
            "alias_of"
        )
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__in=sources)
        )

    def content_tags(self) -> list[str]:
        """Return the content tags a change to this article shows on
        (``core.changes``): its own page and its teasers, the lists of its
        story and section it may join, its translations' "Read in"."""
        tags = [
            changes.article(self.pk),
            changes.section(self.path[: -self.steplen]),
            changes.translation(self.translation_key),
        ]
        if self.story_id is not None:
            tags.append(changes.story(self.story_id))
        return tags

    def related_articles(self, limit: int | None = None) -> list["ArticlePage"]:
        """Return the related articles readers see under this one, in one query.

        The stored list (kept by the stories app: pinned first, then by rank,
        excluded never) comes first, padded with the newest articles of the
        same story, then of the section. Never computes similarity.
        """
        return related_list.related_articles(
            self, limit or settings.GAZETTE_RELATED_ARTICLES
        )

    def body_pictures(self) -> list:
        """Return the pictures of the body's picture and gallery blocks, in order."""
        pictures = []
        for block in self.body:
            if block.block_type == "image":
                pictures.append(block.value.get("image"))
            elif block.block_type == "gallery":
                pictures += [item.get("image") for item in block.value.get("images")]
        return pictures

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        related = self.related_articles()
        # The renditions of the lead picture (the head's og:image and the
        # page's srcset), of the body's pictures and of the related teasers'
        # pictures, in one query (else one per picture of the body).
        # A stored body needs no picture of its own.
        body_pictures = self.body_pictures() if self.stored_fragment is None else []
        self._prefetch_renditions(
            [self.image, *body_pictures, *(article.image for article in related)]
        )
        context["related"] = related
        context["section"] = self.get_parent()
        return context

    def get_live_context(self, request) -> dict:
        """Return what the parts of a stored shell drawn on every render
        need (``articles.shells``: the clock, the discussion, the player)."""
        return {
            "page": self,
            "self": self,
            "request": request,
            "section": self.get_parent(),
        }

    @staticmethod
    def _prefetch_renditions(pictures: list) -> None:
        prefetch_related_objects(
            [
                picture
                for picture in pictures
                if picture is not None and not hasattr(picture, "prefetched_renditions")
            ],
            "renditions",
        )

    def serve(self, request, *args, **kwargs):
        shells.note_generation(request, self)
        if shells.usable(request, self) and not args and not kwargs:
            # Drawn once per generation of content, the rest on every render.
            request.is_preview = False
            response = HttpResponse(shells.serve(self, request))
        else:
            response = super().serve(request, *args, **kwargs)
        # Names the article for read counting (gazette.readership), which
        # reads it from rendered and cached responses alike; the page cache
        # and nginx keep it with the page.
        response["X-Gazette-Article"] = str(self.pk)
        return response


class ArticlePageAuthor(Orderable):
    """One byline on an article, in the order the editor gave."""

    page = ParentalKey(
        ArticlePage,
        on_delete=models.CASCADE,
        related_name="article_authors",
        verbose_name=_("article"),
    )
    author = models.ForeignKey(
        Author,
        on_delete=models.CASCADE,
        related_name="article_links",
        verbose_name=_("author"),
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "author"], name="unique_article_author"
            )
        ]


__all__ = [
    "ArticleFragment",
    "ArticleFragmentSource",
    "ArticleGenre",
    "ArticlePage",
    "ArticlePageAuthor",
    "ArticleShell",
    "ArticleShellTag",
    "Author",
    "DiscussionMode",
    "SectionPage",
    "ShellGeneration",
]
