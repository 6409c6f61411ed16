"""Addresses of the site that are not pages: the icon browsers ask for, and
where browsers report Content-Security-Policy violations."""

from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("csp-report/", views.csp_report, name="csp_report"),
]
