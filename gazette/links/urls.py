from django.urls import re_path

from . import views

app_name = "links"

urlpatterns = [
    # Everything under /s/ comes here, so that hostile or malformed codes get
    # the links app's own 404 (with X-Robots-Tag) rather than the page tree's.
    # Any character, a line break too ("." stops at one, and "/s/abc%0A" then
    # fell through to the page tree's 404).
    re_path(r"^(?P<code>[\s\S]*)$", views.redirect, name="redirect"),
]
