"""Reader account pages: sign-up, confirmation, account, change of email, deletion;
Django auth views."""

import logging
import smtplib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from gazette.core.http import client_ip

from . import services
from .forms import (
    DeleteAccountForm,
    DisplayNameForm,
    EmailAuthenticationForm,
    EmailChangeForm,
    SignUpForm,
    ThrottledPasswordResetForm,
)

logger = logging.getLogger(__name__)

EMAIL_BACKEND_PATH = "gazette.accounts.backends.EmailBackend"
MAIL_ERRORS = (OSError, smtplib.SMTPException)


def safe_next(request: HttpRequest, default: str = "") -> str:
    """Return the ``next`` address if it stays on this site, else ``default``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return default


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _send_confirmation(request: HttpRequest, user) -> bool:
    """Send the link; tell the reader (and log) when the mail server fails."""
    try:
        services.send_confirmation(user, base_url=_base_url(request))
    except services.AccountError as error:
        messages.warning(request, error.message)
        return False
    except MAIL_ERRORS:
        logger.exception("Could not send the confirmation email to user %s", user.pk)
        messages.error(
            request,
            "We could not send the confirmation email just now. Ask for a new "
            "link from this page in a few minutes.",
        )
        return False
    return True


@never_cache
@sensitive_post_parameters("password")
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account, sign the reader in, and send the confirmation link."""
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if not services.may_sign_up_from_ip(client_ip(request)):
                raise services.AccountError(
                    "Too many accounts have been created from your internet "
                    "connection. Wait up to "
                    f"{services.ip_window_minutes()} minutes, then try again."
                )
            user = services.sign_up(**form.cleaned_data)
        except services.AccountError as error:
            form.add_error(error.field, error.message)
        else:
            login(request, user, backend=EMAIL_BACKEND_PATH)
            sent = _send_confirmation(request, user)
            done = reverse("accounts:signup_done")
            next_url = safe_next(request)
            if next_url:
                done += "?" + urlencode({"next": next_url})
            if not sent:
                return redirect("accounts:account")
            return redirect(done)
    return render(
        request,
        "accounts/signup_form.html",
        {"form": form, "next": safe_next(request)},
    )


@never_cache
@login_required
def signup_done(request: HttpRequest) -> HttpResponse:
    """Tell the new reader where the confirmation link went."""
    return render(
        request,
        "accounts/signup_done.html",
        {
            "next": safe_next(request, default="/"),
            "confirm_days": settings.GAZETTE_ACCOUNT_CONFIRM_DAYS,
        },
    )


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Follow the emailed link: confirm the address, or say why not."""
    try:
        user = services.confirm_email(token)
    except services.AccountError as error:
        return render(
            request,
            "accounts/confirm_result.html",
            {
                "error": error.message,
                "expired": isinstance(error, services.ExpiredConfirmation),
            },
            status=400,
        )
    return render(
        request,
        "accounts/confirm_result.html",
        {"confirmed_user": user, "own": request.user.pk == user.pk},
    )


@require_POST
@login_required
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    """Send a fresh confirmation link to the signed-in reader."""
    if services.get_reader(request.user).is_confirmed:
        messages.info(request, "Your email address is already confirmed.")
    elif _send_confirmation(request, request.user):
        messages.success(
            request, f"We sent a new confirmation link to {request.user.email}."
        )
    return redirect("accounts:account")


def _account_page(
    request: HttpRequest,
    *,
    name_form: DisplayNameForm | None = None,
    email_form: EmailChangeForm | None = None,
) -> HttpResponse:
    """Render the account page; the form that was posted comes back bound."""
    reader = services.get_reader(request.user)
    return render(
        request,
        "accounts/account_detail.html",
        {
            "reader": reader,
            "form": name_form
            or DisplayNameForm(initial={"display_name": reader.display_name}),
            "email_form": email_form or EmailChangeForm(),
            "is_staff_member": services.is_staff_member(request.user),
            "can_post": services.reader_can_post(request.user),
            "confirm_days": settings.GAZETTE_ACCOUNT_CONFIRM_DAYS,
        },
    )


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Show the reader's email and display name; change the display name."""
    if request.method != "POST":
        return _account_page(request)
    form = DisplayNameForm(request.POST)
    if form.is_valid():
        try:
            services.set_display_name(request.user, form.cleaned_data["display_name"])
        except services.AccountError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "Your display name is saved.")
            return redirect("accounts:account")
    return _account_page(request, name_form=form)


@never_cache
@sensitive_post_parameters("password")
@login_required
def change_email(request: HttpRequest) -> HttpResponse:
    """Send a link to the new address (and a notice to the old); change nothing yet."""
    if request.method != "POST":
        return redirect("accounts:account")
    form = EmailChangeForm(request.POST)
    if form.is_valid():
        old_email = request.user.email
        try:
            new_email = services.request_email_change(
                request.user,
                new_email=form.cleaned_data["new_email"],
                password=form.cleaned_data["password"],
                base_url=_base_url(request),
            )
        except services.AccountError as error:
            form.add_error(error.field, error.message)
        except MAIL_ERRORS:
            logger.exception(
                "Could not send the email change mail for %s", request.user.pk
            )
            form.add_error(
                None,
                "We could not send the email just now. Your address has not "
                "changed; try again in a few minutes.",
            )
        else:
            messages.success(
                request,
                f"We sent a link to {new_email}. Your address stays {old_email} "
                "until you follow it (it works for "
                f"{settings.GAZETTE_ACCOUNT_CONFIRM_DAYS} days).",
            )
            return redirect("accounts:account")
    return _account_page(request, email_form=form)


@never_cache
def confirm_email_change(request: HttpRequest, token: str) -> HttpResponse:
    """Follow the link sent to the new address: change it, or say why not."""
    try:
        user = services.confirm_email_change(token)
    except services.AccountError as error:
        return render(
            request,
            "accounts/email_change_result.html",
            {"error": error.message},
            status=400,
        )
    return render(
        request,
        "accounts/email_change_result.html",
        {"changed_user": user, "own": request.user.pk == user.pk},
    )


@never_cache
@sensitive_post_parameters("password")
@login_required
def delete(request: HttpRequest) -> HttpResponse:
    """Ask for the password, then delete the account and sign out."""
    staff = services.is_staff_member(request.user)
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and not staff and form.is_valid():
        try:
            services.delete_account(request.user)
        except services.AccountError as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            return render(request, "accounts/account_deleted.html")
    return render(
        request, "accounts/account_delete_form.html", {"form": form, "staff": staff}
    )


class LoginView(auth_views.LoginView):
    """Django's login view, by email address; ``next`` checked by Django."""

    form_class = EmailAuthenticationForm
    template_name = "accounts/login_form.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Django's log-out view (POST only); ``next`` checked by Django."""

    next_page = "/"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reset_days"] = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; a completed reset also proves the reader owns the address."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.mark_email_confirmed(form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
