from django.urls import path, re_path

from .endpoints import api, index, not_found

urlpatterns = [
    path("v1/", index),
    path("v1/", api.urls),
    # Only addresses ending in a slash: Django's APPEND_SLASH sends the others
    # to theirs first.
    re_path(r"^(?P<rest>.*/)?$", not_found, name="not_found"),
]
