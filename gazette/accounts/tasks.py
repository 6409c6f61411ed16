"""Account emails, sent by django-tasks outside the reader's request.

A slow or failing mail server then never slows a page down, and the pages
that must not tell whether an address has an account (sign-up, change of
address, password reset) do the same work for every address: enqueue a task.
"""

import logging
import smtplib
from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task

from . import services

logger = logging.getLogger(__name__)

MAIL_ERRORS = (OSError, smtplib.SMTPException)


@task()
def send_account_mail_task(template: str, context: dict[str, Any], to: str) -> None:
    """Send one account email (``accounts/email/<template>_*.txt``) to ``to``."""
    try:
        services.send_account_mail(template, context, to)
    except MAIL_ERRORS:
        logger.exception("Could not send the %s email", template)
        raise


@task()
def send_password_reset_task(email: str, domain: str, use_https: bool) -> None:
    """Send Django's password reset link to the active accounts of ``email``.

    Nothing is sent for an address without an account; the request that
    enqueued the task could not tell the difference.
    """
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    # Django's form logs (and swallows) a failure of the mail server.
    form.save(
        domain_override=domain,
        use_https=use_https,
        subject_template_name="accounts/email/password_reset_subject.txt",
        email_template_name="accounts/email/password_reset_body.txt",
    )
