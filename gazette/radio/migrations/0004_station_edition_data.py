"""Stations belong to an edition, step 2 of 3: existing stations go to the
default edition (the site's language), each with its own translation key."""

import uuid

from django.conf import settings
from django.db import migrations


def stations_to_default_edition(apps, schema_editor):
    from wagtail.coreutils import get_supported_content_language_variant

    Station = apps.get_model("radio", "Station")
    Locale = apps.get_model("wagtailcore", "Locale")
    stations = Station.objects.filter(locale__isnull=True)
    if not stations.exists():
        return
    try:
        code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        code = settings.LANGUAGE_CODE
    locale = (
        Locale.objects.filter(language_code=code).first()
        or Locale.objects.order_by("pk").first()
        or Locale.objects.create(language_code=code)
    )
    for station in stations:
        station.locale = locale
        station.translation_key = uuid.uuid4()
        station.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):

    dependencies = [
        ("radio", "0003_station_edition"),
    ]

    operations = [
        migrations.RunPython(stations_to_default_edition, migrations.RunPython.noop)
    ]
