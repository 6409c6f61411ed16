"""Keep cached pages and the cached default station right after station edits."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import services
from .models import ScheduleEntry, Station


@receiver(post_save, sender=Station)
@receiver(post_delete, sender=Station)
@receiver(post_save, sender=ScheduleEntry)
@receiver(post_delete, sender=ScheduleEntry)
def retire_station_pages(sender, instance, **kwargs):
    services.station_changed()


def editor_permissions(sender, **kwargs):
    services.grant_newsroom_permissions()
