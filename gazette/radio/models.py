"""Radio stations and their programme schedules, edited in the Wagtail admin."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin

from gazette.core import editions as site_editions

from . import names
from .editions import edition_stream_url
from .schedule import DAYS, Slot


class StationKind(models.TextChoices):
    NEWSCAST = "newscast", _("Built-in newscast (Gazette reads the latest headlines)")
    EXTERNAL = "external", _("External stream (Icecast/Shoutcast MP3 or AAC, or HLS)")


class StationQuerySet(models.QuerySet):
    def for_display(self):
        return self.select_related("image", "locale").prefetch_related("schedule")

    def in_edition(self, language: str):
        """Return the stations of edition ``language`` ("es")."""
        return self.filter(locale__language_code=language)


class Station(TranslatableMixin, ClusterableModel):
    """A live station: a stream readers can tune in to, with its programmes.

    Each station belongs to an edition (its ``locale``): the edition's pages
    play its default station, and a newscast station reads the edition's
    headlines in its language. A station translated into another edition
    (the admin's Translate) shares its ``translation_key``.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        max_length=100,
        help_text=_("Its address, /radio/<slug>/: unique within its edition."),
    )
    stream_name = models.CharField(
        _("name in radio players"),
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                r"^[ -~]*$",
                _("Latin letters, digits and punctuation only, without accents."),
            )
        ],
        help_text=_(
            "What radio apps and players show as the stream's name, which they "
            "read in Latin letters only: e.g. “Barid Halvard Radio” for a "
            "station named in Arabic. Empty: the name without its accents if it "
            "is written in Latin letters, else the slug."
        ),
    )
    description = models.TextField(blank=True)
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(
        max_length=16, choices=StationKind.choices, default=StationKind.NEWSCAST
    )
    stream_url = models.URLField(
        _("stream URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "External stream: its address (https://radio.example/live.mp3 or "
            "an .m3u8 playlist). Built-in newscast: leave empty to use "
            "GAZETTE_RADIO_STREAM_URL."
        ),
    )
    is_default = models.BooleanField(
        _("default station"),
        default=False,
        help_text=_(
            "The station the header's Listen Live plays in this station's "
            "edition. Only one per edition is."
        ),
    )

    objects = StationQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("stream_name"),
        FieldPanel("description"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("stream_url"), FieldPanel("is_default")],
            heading=_("Stream"),
        ),
        InlinePanel("schedule", label=_("Programmes (GMT)")),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="radio_station_slug_per_edition"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.kind == StationKind.EXTERNAL and not self.stream_url:
            raise ValidationError(
                {
                    "stream_url": _(
                        "An external station needs the address of its stream."
                    )
                }
            )

    @property
    def icy_name(self) -> str:
        """Return the name its stream announces to players (``names.py``)."""
        return names.stream_name(self.name, ascii_name=self.stream_name, slug=self.slug)

    @property
    def language(self) -> str:
        """Return the language code of the station's edition ("es")."""
        return self.locale.language_code

    def get_absolute_url(self) -> str:
        """Return the station's page, under its edition's prefix."""
        with translation.override(site_editions.interface_language(self.language)):
            return reverse("radio:station", args=[self.slug])

    @property
    def listen_url(self) -> str:
        """Return the address the audio element plays.

        A built-in newscast without an address of its own plays its edition's
        newscast: ``GAZETTE_RADIO_STREAM_URL`` for the default edition, the
        same address under the language for another (``.../es/newscast.mp3``).
        """
        if self.stream_url:
            return self.stream_url
        return newscast_url(self.language)

    @property
    def is_hls(self) -> bool:
        return self.listen_url.split("?", 1)[0].endswith(".m3u8")

    def slots(self) -> list[Slot]:
        return [entry.as_slot() for entry in self.schedule.all()]


def newscast_url(language: str) -> str:
    """Return the address of edition ``language``'s built-in newscast."""
    return edition_stream_url(
        settings.GAZETTE_RADIO_STREAM_URL, language, site_editions.default_language()
    )


class ScheduleEntry(Orderable):
    """One programme: a title on some days from a start to an end time, GMT."""

    station = ParentalKey(Station, on_delete=models.CASCADE, related_name="schedule")
    title = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    days = models.CharField(
        max_length=8,
        choices=[
            ("daily", _("Every day")),
            ("weekdays", _("Monday to Friday")),
            ("weekend", _("Saturday and Sunday")),
            ("mon", _("Mondays")),
            ("tue", _("Tuesdays")),
            ("wed", _("Wednesdays")),
            ("thu", _("Thursdays")),
            ("fri", _("Fridays")),
            ("sat", _("Saturdays")),
            ("sun", _("Sundays")),
        ],
        default="daily",
    )
    start = models.TimeField(_("start"), help_text=_("GMT, 24-hour clock."))
    end = models.TimeField(
        _("end"),
        help_text=_(
            "GMT. At or before the start: runs past midnight (00:00 = midnight)."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("days"), FieldPanel("start"), FieldPanel("end")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("programme")

    def __str__(self) -> str:
        return f"{self.title} ({self.days} {self.start:%H:%M}–{self.end:%H:%M})"

    def clean(self):
        super().clean()
        if self.days not in DAYS:
            raise ValidationError({"days": _("Choose the days the programme is on.")})

    def as_slot(self) -> Slot:
        return Slot(
            title=self.title,
            days=self.days,
            start=self.start,
            end=self.end,
            description=self.description,
            key=self.pk or 0,
        )
