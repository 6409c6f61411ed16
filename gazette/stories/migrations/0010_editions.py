"""Stories and the threading engine per edition (issue 19).

A story belongs to an edition (``Story.locale``); the threading engine keeps
one state per edition (``ThreadingState.locale``), whose log rows name it
(``ThreadingOperation.state``). Everything that exists belongs to the default
edition: the locale of the site's ``LANGUAGE_CODE``, else the first locale.
The fields become required in 0011 (PostgreSQL alters no table with updates
pending in the same transaction).
"""

import django.db.models.deletion
from django.db import migrations, models


def default_locale(apps):
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant

    Locale = apps.get_model("wagtailcore", "Locale")
    try:
        code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        code = None
    locale = Locale.objects.filter(language_code=code).first() if code else None
    if locale is None:
        locale = Locale.objects.order_by("pk").first()
    if locale is None:
        locale = Locale.objects.create(language_code=code or settings.LANGUAGE_CODE)
    return locale


def to_default_edition(apps, schema_editor):
    Story = apps.get_model("stories", "Story")
    ThreadingState = apps.get_model("stories", "ThreadingState")
    ThreadingOperation = apps.get_model("stories", "ThreadingOperation")
    if not (Story.objects.exists() or ThreadingState.objects.exists()):
        # A new database: nothing to fill (and no locale asked for).
        ThreadingOperation.objects.all().delete()
        return
    locale = default_locale(apps)
    Story.objects.filter(locale__isnull=True).update(locale=locale)
    # Before editions there was one state row (pk 1): the default edition's.
    state = ThreadingState.objects.order_by("pk").first()
    if state is not None:
        ThreadingState.objects.exclude(pk=state.pk).delete()
        ThreadingState.objects.filter(pk=state.pk).update(locale=locale)
        ThreadingOperation.objects.update(state=state)
    else:
        ThreadingOperation.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("stories", "0009_story_short_label"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="locale",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.AddField(
            model_name="threadingstate",
            name="locale",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.AddField(
            model_name="threadingoperation",
            name="state",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="operations",
                to="stories.threadingstate",
            ),
        ),
        migrations.RunPython(to_default_edition, migrations.RunPython.noop),
    ]
