"""Stations belong to an edition (Wagtail's TranslatableMixin), step 1 of 3:
the locale and translation key, nullable, and the slug no longer unique on
its own (it becomes unique per edition in 0005)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("radio", "0002_translatable_labels"),
        ("core", "0006_edition_locales"),
    ]

    operations = [
        migrations.AddField(
            model_name="station",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="station",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.AlterField(
            model_name="station",
            name="slug",
            field=models.SlugField(max_length=100),
        ),
    ]
