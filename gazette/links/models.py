"""Short links, the hosts they may lead to, and their visits per day."""

import datetime

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel

from . import codes, targets


class AllowedHost(models.Model):
    """A host outside the site that short links may lead to."""

    host = models.CharField(
        _("host"),
        max_length=253,
        unique=True,
        help_text=_("Exact host name, e.g. radio.example.org (no https://, no path)."),
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("Why it is allowed.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [FieldPanel("host"), FieldPanel("note")]

    class Meta:
        ordering = ["host"]
        verbose_name = _("allowed host")
        verbose_name_plural = _("allowed hosts")

    def __str__(self) -> str:
        return self.host

    def clean(self) -> None:
        try:
            self.host = targets.normalize_host(self.host)
        except targets.TargetRefused as error:
            raise ValidationError({"host": str(error)}) from None


class ShortLinkQuerySet(models.QuerySet):
    def generated(self):
        """Return the links whose code was drawn at random (not editors' aliases)."""
        return self.filter(is_alias=False)

    def for_page(self, page):
        return self.filter(page=page)

    def with_visits_since(self, day: datetime.date):
        """Annotate ``visits`` with the link's visits from ``day`` on."""
        return self.annotate(
            visits=Sum("visit_days__count", filter=Q(visit_days__day__gte=day))
        )

    def top_since(self, day: datetime.date, limit: int = 20):
        """Return the most visited links from ``day`` on, most visited first."""
        return (
            self.with_visits_since(day)
            .filter(visits__gt=0)
            .select_related("page")
            .order_by("-visits", "code")[:limit]
        )


_HAS_PAGE, _HAS_PATH, _HAS_URL = Q(page__isnull=False), ~Q(path=""), ~Q(url="")


class ShortLink(models.Model):
    """A short code that redirects to a page, a path on the site or an allowed host.

    Every published article gets one generated code (``is_alias`` false);
    editors may add aliases of their choosing and links to any page.
    """

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        blank=True,
        help_text=_(
            "Leave empty to draw a random code; or choose an alias "
            "(lower-case letters, digits and hyphens)."
        ),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        # The link outlives its page and answers "gone" (410).
        on_delete=models.SET_NULL,
        related_name="short_links",
    )
    path = models.CharField(
        _("path"),
        max_length=500,
        blank=True,
        help_text=_("Or a path on this site, e.g. /stories/border-talks/"),
    )
    url = models.URLField(
        _("address"),
        max_length=500,
        blank=True,
        help_text=_(
            "Or an address on an allowed host, e.g. https://radio.example.org/live"
        ),
    )
    is_alias = models.BooleanField(
        # Translators: a short code an editor chose, as opposed to a random one.
        pgettext_lazy("short link", "alias"),
        default=False,
        editable=False,
        help_text=_("The code was chosen by an editor."),
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, editable=False
    )

    objects = ShortLinkQuerySet.as_manager()

    panels = [
        FieldPanel("code"),
        PageChooserPanel("page"),
        FieldPanel("path"),
        FieldPanel("url"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("short link")
        verbose_name_plural = _("short links")
        constraints = [
            # One generated code per page: publishing twice never makes a second.
            models.UniqueConstraint(
                fields=["page"],
                condition=Q(is_alias=False),
                name="links_one_generated_code_per_page",
            ),
            models.CheckConstraint(
                condition=~(
                    (_HAS_PAGE & _HAS_PATH)
                    | (_HAS_PATH & _HAS_URL)
                    | (_HAS_PAGE & _HAS_URL)
                ),
                name="links_at_most_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    @admin.display(description=_("leads to"))
    def target_label(self) -> str:
        """Return what the link leads to, as the admin lists it."""
        if self.page_id:
            return f"{self.page.title} ({self.page.url_path})"
        return self.path or self.url or gettext("(gone: its page was deleted)")

    def clean(self) -> None:
        from .services import check_link_target

        self.code = self.code.strip().lower()
        if self.code and not codes.is_valid_alias(self.code):
            raise ValidationError(
                {
                    "code": gettext(
                        "Use 3 to 40 lower-case letters, digits and inner hyphens."
                    )
                }
            )
        try:
            check_link_target(page=self.page, path=self.path, url=self.url)
        except targets.TargetRefused as error:
            raise ValidationError(str(error)) from None


class LinkVisitDay(models.Model):
    """How many times a short link was followed on one day (UTC); nothing personal."""

    link = models.ForeignKey(
        ShortLink,
        verbose_name=_("short link"),
        on_delete=models.CASCADE,
        related_name="visit_days",
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        ordering = ["link", "day"]
        verbose_name = _("visits of a day")
        verbose_name_plural = _("visits per day")
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="links_one_row_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.link} {self.day}: {self.count}"


class AccessLogPosition(models.Model):
    """How far ``gazette ingest-link-visits`` has read an nginx access log.

    Written in the same transaction as the visits it counted, so a run that
    stops half way never counts a line twice nor skips one.
    """

    path = models.CharField(max_length=500, unique=True)
    inode = models.BigIntegerField(default=0)
    offset = models.BigIntegerField(default=0, help_text="Bytes read (whole lines).")
    lines = models.BigIntegerField(default=0, help_text="Lines read.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.path} (inode {self.inode}) at {self.offset}"
