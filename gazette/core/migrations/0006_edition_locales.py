"""Give the existing locale the short code of an edition ("en-gb" -> "en").

Before editions, Wagtail made its one Locale from ``LANGUAGE_CODE`` ("en-gb");
editions are named by their content language ("en", "es", "ar":
``WAGTAIL_CONTENT_LANGUAGES``), which is also their address prefix. Pages keep
their locale (the row is renamed, not replaced), so nothing moves.
"""

from django.db import migrations


def shorten_locale_codes(apps, schema_editor):
    from wagtail.coreutils import get_supported_content_language_variant

    Locale = apps.get_model("wagtailcore.Locale")
    taken = set(Locale.objects.values_list("language_code", flat=True))
    for locale in Locale.objects.order_by("pk"):
        try:
            code = get_supported_content_language_variant(locale.language_code)
        except LookupError:
            continue
        if code != locale.language_code and code not in taken:
            taken.discard(locale.language_code)
            taken.add(code)
            locale.language_code = code
            locale.save(update_fields=["language_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_translatable_labels"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(shorten_locale_codes, migrations.RunPython.noop)]
