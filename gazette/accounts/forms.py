"""Reader-facing forms; the rules behind them live in services and names."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.html import format_html, format_html_join
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from gazette.core.http import client_ip

from . import names, services


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
        kwargs.setdefault("label", "Email address")
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault(
            "widget",
            forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        )
        super().__init__(**kwargs)


class DisplayNameField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Display name")
        kwargs.setdefault(
            "help_text",
            f"Shown beside your comments. {names.MIN_LENGTH} to {names.MAX_LENGTH} "
            "characters; not an email or web address.",
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
    see every problem at once instead of one a submission.
    """

    email = EmailField(help_text="We send a link to confirm it. Nobody else sees it.")
    display_name = DisplayNameField()
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    similar_message = "This password is too similar to your %(verbose_name)s."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = password_help()

    def clean_email(self):
        email = self.cleaned_data["email"]
        if services.email_taken(email):
            raise forms.ValidationError(
                "An account already uses this email address. Sign in, or reset "
                "your password if you have forgotten it.",
                code="taken",
            )
        return email

    def clean_display_name(self):
        try:
            name = names.clean_display_name(self.cleaned_data["display_name"])
        except names.InvalidDisplayName as error:
            raise forms.ValidationError(str(error), code="invalid") from None
        if services.display_name_taken(name):
            raise forms.ValidationError(
                f"Another reader already goes by “{name}”: choose another "
                "display name.",
                code="taken",
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
    """Pause sign-ins per account and per client address after failures.

    Mixed into an ``AuthenticationForm``: the readers' form and the editors'
    (Wagtail admin) form count failures alike, so a guesser cannot turn from
    one door to the other.
    """

    throttle_messages = {
        "locked": (
            "Too many failed sign-ins to this account. Wait 15 minutes, or "
            "reset your password."
        ),
        "ip_locked": (
            "Too many failed sign-ins have come from your internet connection, "
            "so sign-ins from it are paused. Wait up to %(minutes)s minutes, "
            "then try again."
        ),
    }

    def clean(self):
        name = self.cleaned_data.get("username")
        ip = client_ip(self.request) if self.request is not None else None
        # Refused before the password is hashed: a paused guesser costs nothing.
        if services.login_locked_for_ip(ip):
            raise forms.ValidationError(
                self.throttle_messages["ip_locked"],
                code="ip_locked",
                params={"minutes": services.ip_window_minutes()},
            )
        if name and services.login_locked(name):
            raise forms.ValidationError(self.throttle_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if name and error.code == "invalid_login":
                services.note_failed_login(name)
                services.note_failed_login_for_ip(ip)
            raise
        if name and self.user_cache is not None:
            services.clear_failed_logins(name)
        return cleaned


class EmailAuthenticationForm(ThrottledSignInMixin, AuthenticationForm):
    """Django's login form, asking for an email address."""

    username = EmailField(
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That email address and password do not match an account. Check "
            "both, or reset your password."
        ),
    }
    throttle_messages = {
        **ThrottledSignInMixin.throttle_messages,
        "locked": (
            "Too many failed sign-ins to this address. Wait 15 minutes, or "
            "reset your password."
        ),
    }


class EditorLoginForm(ThrottledSignInMixin, WagtailLoginForm):
    """Wagtail's admin sign-in form, under the same limits as the readers'.

    Installed by ``WAGTAILADMIN_USER_LOGIN_FORM``.
    """


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form; one email a minute per address, silently.

    The page says the same either way, so it tells nobody whether the
    address has an account. Requests from one client are limited too (a
    sentence says so: it is about the connection, not the address).
    """

    email = EmailField()

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        ip = client_ip(self.request) if self.request is not None else None
        email = cleaned.get("email")
        if email and not services.may_request_password_reset_from_ip(ip):
            raise forms.ValidationError(
                "Too many password reset requests have come from your internet "
                "connection. Wait up to %(minutes)s minutes, then try again.",
                code="ip_locked",
                params={"minutes": services.ip_window_minutes()},
            )
        return cleaned

    def save(self, *args, **kwargs):
        if services.may_send_password_reset(self.cleaned_data["email"]):
            super().save(*args, **kwargs)


class DisplayNameForm(forms.Form):
    display_name = DisplayNameField()


class EmailChangeForm(forms.Form):
    new_email = EmailField(
        label="New email address",
        help_text=(
            "We send a link to it. Your address changes when you follow the "
            "link; until then nothing changes."
        ),
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        help_text="To make sure it is you.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        help_text="To make sure it is you.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That is not your password. Your account has not been deleted."
            )
        return password
