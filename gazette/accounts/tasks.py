"""Account emails, sent by django-tasks outside the reader's request.

A slow or failing mail server then never slows a page down, and the pages
that must not tell whether an address has an account (sign-up, change of
address, password reset) do the same work for every address: enqueue a task.
Each task carries the language of the request that enqueued it, so that the
email is written in the reader's language, not the worker's.
"""

import contextlib
import logging
import smtplib
from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django_tasks import task

from . import services

logger = logging.getLogger(__name__)

MAIL_ERRORS = (OSError, smtplib.SMTPException)


def _in_language(language: str | None):
    # Tasks enqueued before they carried a language keep the worker's.
    if not language:
        return contextlib.nullcontext()
    return translation.override(language)


@task()
def send_account_mail_task(
    template: str, context: dict[str, Any], to: str, language: str | None = None
) -> None:
    """Send one account email (``accounts/email/<template>_*.txt``) to ``to``."""
    try:
        with _in_language(language):
            services.send_account_mail(template, context, to)
    except MAIL_ERRORS:
        logger.exception("Could not send the %s email", template)
        raise


@task()
def send_password_reset_task(
    email: str, domain: str, use_https: bool, language: str | None = None
) -> None:
    """Send Django's password reset link to the active accounts of ``email``.

    Nothing is sent for an address without an account; the request that
    enqueued the task could not tell the difference.
    """
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    # Django's form logs (and swallows) a failure of the mail server.
    with _in_language(language):
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name="accounts/email/password_reset_subject.txt",
            email_template_name="accounts/email/password_reset_body.txt",
        )
