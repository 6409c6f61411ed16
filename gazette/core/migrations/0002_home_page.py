"""Replace Wagtail's placeholder welcome page with Gazette's home page."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("core.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")
    NewsroomSettings = apps.get_model("core.NewsroomSettings")

    if HomePage.objects.exists():
        return
    # Wagtail's own migrations create a bare "Welcome" page at /; it has no
    # content, so it is safe to replace.
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="core")
    locale = Locale.objects.order_by("pk").first()
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=content_type,
        path=f"{root.path}{root.numchild + 1:04d}",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale.pk if locale else None,
        live=True,
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.filter(is_default_site=True).delete()
    site = Site.objects.create(
        hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True, site_name="Gazette"
    )
    # Created here rather than on the first page view, whose save would retire
    # every cached page.
    NewsroomSettings.objects.get_or_create(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
