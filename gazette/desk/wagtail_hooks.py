"""Admin: the desk's dashboard panels, its stylesheet and the newsroom's branding."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from gazette.desk.panels import PANELS
from gazette.desk.publishing import tell_what_happened


@hooks.register("construct_homepage_panels")
def add_desk_panels(request, panels):
    # Wagtail's own panels (pages awaiting review, your pages in review, locked
    # pages, recent edits) stay: they already respect workflow permissions.
    panels.extend(panel(request) for panel in PANELS)


@hooks.register("insert_global_admin_css")
def desk_css():
    return format_html('<link rel="stylesheet" href="{}">', static("desk/desk.css"))


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def say_what_publishing_did(request, page):
    # Runs after Wagtail's own message: "Publish", "Approve and publish" and
    # publishing a new page all end here.
    tell_what_happened(request, page)
