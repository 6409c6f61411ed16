"""Reader-facing forms; the rules behind them live in services and names."""

import math

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
)
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from gazette.core.http import RateLimited, client_ip, mark_rate_limited, rate_limited

from . import limits, names, services


def password_help() -> str:
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            "<li>{}</li>",
            ((text,) for text in password_validation.password_validators_help_texts()),
        ),
    )


class EmailField(forms.EmailField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Email address"))
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault(
            "widget",
            forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        )
        super().__init__(**kwargs)


def _display_name_help() -> str:
    return gettext(
        "Shown beside your comments. %(min)d to %(max)d characters; not an "
        "email or web address."
    ) % {"min": names.MIN_LENGTH, "max": names.MAX_LENGTH}


# Fields are made when their form class is, before any request's language.
display_name_help = lazy(_display_name_help, str)


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Display name"))
        kwargs.setdefault(
            "help_text",
            display_name_help(),
        )
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "nickname", "maxlength": names.MAX_LENGTH}
            ),
        )
        super().__init__(**kwargs)


class SignUpForm(forms.Form):
    """Email, display name and password, every rule checked in one submission.

    ``services.sign_up`` checks them all again and stays the last word (two
    sign-ups racing for one address or name); the form's checks let a reader
    see every problem at once instead of one a submission. Whether the address
    already has an account is never said here: ``services.register`` mails
    its owner instead, and the page answers the same either way.
    """

    email = EmailField(
        help_text=_("We send a link to confirm it. Nobody else sees it.")
    )
    display_name = DisplayNameField()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    # Translators: %(verbose_name)s is "email address" or "display name".
    similar_message = _("This password is too similar to your %(verbose_name)s.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = password_help()

    def clean_display_name(self):
        try:
            name = names.clean_display_name(self.cleaned_data["display_name"])
        except names.InvalidDisplayName as error:
            raise forms.ValidationError(str(error), code="invalid") from None
        if services.display_name_taken(name):
            raise forms.ValidationError(
                gettext(
                    "Another reader already goes by “%(name)s”: choose another "
                    "display name."
                ),
                code="taken",
                params={"name": name},
            )
        return name

    def _entered(self, name: str) -> str:
        """Return the field's cleaned value, else what the reader typed."""
        value = self.cleaned_data.get(name)
        if value is None:
            value = self.data.get(self.add_prefix(name)) or ""
        return str(value).strip()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            # Compared with what the reader typed even where that was refused:
            # a password like a mistyped address is no safer.
            applicant = services.Applicant(
                email=self._entered("email"),
                display_name=self._entered("display_name"),
            )
            try:
                password_validation.validate_password(password, applicant)
            except forms.ValidationError as error:
                self.add_error(
                    "password", [self._reworded(e) for e in error.error_list]
                )
        return cleaned

    def _reworded(self, error: forms.ValidationError) -> forms.ValidationError:
        # Django says "too similar to the email address"; it is the reader's own.
        if error.code == "password_too_similar":
            return forms.ValidationError(
                self.similar_message, code=error.code, params=error.params
            )
        return error


class ThrottledSignInMixin:
    """Show a sign-in paused by the limits as its own clear message.

    The limits themselves are counted and enforced by the authentication
    backend (``backends.EmailBackend``), which every door passes; it notes a
    refusal on the request, and this form says why instead of "wrong
    password". Mixed into the readers' form, Wagtail's admin form and
    Django's admin form.
    """

    throttle_messages = {
        "locked": ngettext_lazy(
            "Too many failed sign-ins to this account. Wait %(minutes)s minute, "
            "or reset your password.",
            "Too many failed sign-ins to this account. Wait %(minutes)s minutes, "
            "or reset your password.",
            "minutes",
        ),
        "ip_locked": ngettext_lazy(
            "Too many failed sign-ins have come from your internet connection, "
            "so sign-ins from it are paused. Wait up to %(minutes)s minute, "
            "then try again.",
            "Too many failed sign-ins have come from your internet connection, "
            "so sign-ins from it are paused. Wait up to %(minutes)s minutes, "
            "then try again.",
            "minutes",
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            refusal = rate_limited(self.request)
            if isinstance(refusal, limits.SignInPaused):
                raise forms.ValidationError(
                    self.throttle_messages[refusal.code],
                    code=refusal.code,
                    params={"minutes": minutes(refusal)},
                ) from None
            raise


def minutes(refusal: RateLimited) -> int:
    """Return the whole minutes a reader is asked to wait."""
    return max(1, math.ceil(refusal.retry_after / 60))


class EmailAuthenticationForm(ThrottledSignInMixin, AuthenticationForm):
    """Django's login form, asking for an email address."""

    username = EmailField(
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That email address and password do not match an account. Check "
            "both, or reset your password."
        ),
    }
    throttle_messages = {
        **ThrottledSignInMixin.throttle_messages,
        "locked": ngettext_lazy(
            "Too many failed sign-ins to this address. Wait %(minutes)s minute, "
            "or reset your password.",
            "Too many failed sign-ins to this address. Wait %(minutes)s minutes, "
            "or reset your password.",
            "minutes",
        ),
    }


class EditorLoginForm(ThrottledSignInMixin, WagtailLoginForm):
    """Wagtail's admin sign-in form, under the same limits as the readers'.

    Installed by ``WAGTAILADMIN_USER_LOGIN_FORM``.
    """


class DjangoAdminLoginForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """Django's admin sign-in form (``/django-admin/``), with the same messages.

    Installed on ``admin.site`` by ``AccountsConfig.ready``.
    """


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, answering the same for every address.

    The request is counted against the client before the address is even
    read; then, known address or not, one task is enqueued
    (``tasks.send_password_reset_task``) and the page says the same. Only the
    task looks the address up and sends the link, so neither the answer nor
    its timing tells whether the address has an account (a slow mail server
    slows the worker, not the reader's request). One email a minute per
    address, silently.
    """

    email = EmailField()

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def full_clean(self):
        # Counted before validation: a malformed address costs a turn too.
        self.refusal = None
        if self.is_bound:
            ip = client_ip(self.request) if self.request is not None else None
            try:
                limits.count_password_reset(ip)
            except RateLimited as refusal:
                self.refusal = refusal
                mark_rate_limited(self.request, refusal)
        super().full_clean()
        if self.refusal is not None:
            self.add_error(
                None,
                forms.ValidationError(
                    ngettext_lazy(
                        "Too many password reset requests have come from your "
                        "internet connection. Wait up to %(minutes)s minute, "
                        "then try again.",
                        "Too many password reset requests have come from your "
                        "internet connection. Wait up to %(minutes)s minutes, "
                        "then try again.",
                        "minutes",
                    ),
                    code="ip_locked",
                    params={"minutes": minutes(self.refusal)},
                ),
            )

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        """Enqueue the reset email for the address, whether or not it is known."""
        email = self.cleaned_data["email"]
        if not limits.may_send_password_reset(email):
            return
        if domain_override is None:
            domain_override = (request or self.request).get_host()
        services.enqueue_password_reset(
            email, domain=domain_override, use_https=use_https
        )


class DisplayNameForm(forms.Form):
    display_name = DisplayNameField()


class EmailChangeForm(forms.Form):
    new_email = EmailField(
        label=_("New email address"),
        help_text=_(
            "We send a link to it. Your address changes when you follow the "
            "link; until then nothing changes."
        ),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("To make sure it is you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordCheckMixin:
    """Check the signed-in reader's password under the sign-in limits.

    A stolen session must not become a way around them: wrong passwords here
    count against the account and the client address like failed sign-ins,
    and a paused account is refused before any hash.
    """

    wrong_password_message = _("That is not your password.")

    def _check_password(self, user, password: str, request) -> None:
        ip = client_ip(request) if request is not None else None
        try:
            correct = limits.verify_password(user, password, ip=ip)
        except limits.SignInPaused as refusal:
            mark_rate_limited(request, refusal)
            raise forms.ValidationError(
                ThrottledSignInMixin.throttle_messages[refusal.code],
                code=refusal.code,
                params={"minutes": minutes(refusal)},
            ) from None
        if not correct:
            raise forms.ValidationError(
                self.wrong_password_message, code="password_incorrect"
            )


class DeleteAccountForm(PasswordCheckMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("To make sure it is you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    wrong_password_message = _(
        "That is not your password. Your account has not been deleted."
    )

    def __init__(self, user, *args, request=None, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        self._check_password(self.user, password, self.request)
        return password


class LimitedPasswordChangeForm(PasswordCheckMixin, PasswordChangeForm):
    """Django's change of password; the old one checked under the limits."""

    wrong_password_message = PasswordChangeForm.error_messages["password_incorrect"]

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        self._check_password(self.user, old_password, self.request)
        return old_password
