from django.urls import re_path

from . import views

app_name = "links"

urlpatterns = [
    # Everything under /s/ comes here, so that hostile or malformed codes get
    # the links app's own 404 (with X-Robots-Tag) rather than the page tree's.
    re_path(r"^(?P<code>.*)$", views.redirect, name="redirect"),
]
