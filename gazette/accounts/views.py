"""Reader account pages: sign-up, confirmation, account, change of email, deletion;
Django auth views."""

import math
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from gazette.core.http import RateLimited, client_ip, too_many_requests

from . import email_change, limits, services
from .forms import (
    DeleteAccountForm,
    DisplayNameForm,
    EmailAuthenticationForm,
    EmailChangeForm,
    LimitedPasswordChangeForm,
    SignUpForm,
    ThrottledPasswordResetForm,
)

# The address a sign-up was for, shown on the next page (whichever way it went).
SIGNUP_EMAIL_KEY = "gazette_signup_email"


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


@never_cache
@sensitive_post_parameters("password")
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and send the confirmation link.

    The answer is the same whether or not the address already has an account
    (its owner gets a notice instead: ``services.register``), so the reader is
    not signed in here: they sign in once they have the email.
    """
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST or None)
    context = {"form": form, "next": safe_next(request)}
    if request.method == "POST":
        try:
            # Counted before anything is checked: every attempt costs a turn.
            limits.count_sign_up(client_ip(request))
        except RateLimited as refusal:
            form.is_valid()
            form.add_error(None, rate_limit_message(refusal))
            response = render(request, "accounts/signup_form.html", context)
            return too_many_requests(response, refusal)
    if request.method == "POST" and form.is_valid():
        try:
            services.register(**form.cleaned_data, base_url=_base_url(request))
        except services.AccountError as error:
            form.add_error(error.field, error.message)
        else:
            request.session[SIGNUP_EMAIL_KEY] = form.cleaned_data["email"]
            done = reverse("accounts:signup_done")
            next_url = safe_next(request)
            if next_url:
                done += "?" + urlencode({"next": next_url})
            return redirect(done)
    return render(request, "accounts/signup_form.html", context)


def rate_limit_message(refusal: RateLimited) -> str:
    """Return the refusal's sentence and how long to wait, for a reader."""
    minutes = max(1, math.ceil(refusal.retry_after / 60))
    wait = ngettext(
        "Wait up to %(minutes)d minute, then try again.",
        "Wait up to %(minutes)d minutes, then try again.",
        minutes,
    ) % {"minutes": minutes}
    return f"{refusal.message} {wait}"


@never_cache
def signup_done(request: HttpRequest) -> HttpResponse:
    """Tell the new reader where the email went, and to sign in after."""
    return render(
        request,
        "accounts/signup_done.html",
        {
            "signup_email": request.session.get(SIGNUP_EMAIL_KEY, ""),
            "login_url": reverse("accounts:login"),
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
        return redirect("accounts:account")
    try:
        services.send_confirmation(request.user, base_url=_base_url(request))
    except services.TooSoon as refusal:
        messages.warning(request, refusal.message)
        return too_many_requests(_account_page(request), refusal)
    except services.AccountError as error:
        messages.warning(request, error.message)
    else:
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
            new_email = email_change.request_email_change(
                request.user,
                new_email=form.cleaned_data["new_email"],
                password=form.cleaned_data["password"],
                base_url=_base_url(request),
                ip=client_ip(request),
            )
        except limits.SignInPaused as refusal:
            form.add_error("password", rate_limit_message(refusal))
            return too_many_requests(_account_page(request, email_form=form), refusal)
        except services.TooSoon as refusal:
            form.add_error(None, refusal.message)
            return too_many_requests(_account_page(request, email_form=form), refusal)
        except services.AccountError as error:
            form.add_error(error.field, error.message)
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
        user = email_change.confirm_email_change(token)
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
    form = DeleteAccountForm(request.user, request.POST or None, request=request)
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
    """Django's view; the old password checked under the sign-in limits."""

    form_class = LimitedPasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
