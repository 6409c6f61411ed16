"""The signed-in reader's display name, for the header."""

from django import template

from gazette.accounts.services import get_reader

register = template.Library()


@register.simple_tag
def display_name(user) -> str:
    """Return ``user``'s display name (never their email), or "" if signed out."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return get_reader(user).display_name
