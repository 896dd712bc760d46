"""Mail that goes out through the task queue, never from a request.

``mail_later()`` writes the mail into the queue (django-tasks with its database backend,
a table in the portal's own database) within the caller's transaction: it is sent only
if that transaction commits, and it is stored whenever the transaction's data is. The
worker (``manage.py db_worker``) sends it after the commit. When the mail server fails,
the mail waits and is tried again after ``THEKIZ_MAIL_RETRY_MINUTES`` (1, 5, 15 … minutes);
after the last attempt it stays in the task list as failed, where a superuser can send it
again (admin: Tasks → Task results).

The log names a mail by its task id only: no addresses, no subjects. The errors stored
with a failed attempt name the error's class and SMTP code, never the server's message
(which often quotes the address).
"""

import base64
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskContext, TaskResult, TaskResultStatus, task
from django_tasks.signals import task_finished
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# (file name, content, MIME type), e.g. ("termin.ics", b"BEGIN:VCALENDAR…", "text/calendar")
Attachment = tuple[str, bytes, str]


class MailNotSent(Exception):
    """One attempt failed; the message names the error without personal data."""


def mail_later(
    *,
    to: list[str],
    subject: str,
    text: str,
    language: str,
    html: str | None = None,
    attachments: list[Attachment] | tuple[Attachment, ...] = (),
    reply_to: list[str] | None = None,
) -> None:
    """Queue a mail written in ``language`` ("de", "en", …) for ``to``, sent once the
    current transaction commits (at once outside a transaction). Render it beforehand, in
    the recipient's language: the worker only sends."""
    if not to:
        raise ValueError("A mail needs at least one recipient.")
    message = {
        "to": list(to),
        "subject": str(subject),
        "text": str(text),
        "html": None if html is None else str(html),
        "language": language,
        # The queue stores JSON: file contents as base64.
        "attachments": [
            [name, base64.b64encode(content).decode("ascii"), mimetype]
            for name, content, mimetype in attachments
        ],
        "reply_to": list(reply_to or []),
    }
    if isinstance(mail_send.get_backend(), DatabaseBackend):
        # The queue is a table of the same database: the mail is written in the caller's
        # transaction, so it is kept exactly when the caller's data is (a rollback takes
        # it along), and the worker cannot see it before the commit.
        mail_send.enqueue(message)
    else:
        # Any other backend could send at once: wait for the commit.
        transaction.on_commit(lambda: mail_send.enqueue(message))


def mail_message_later(message: EmailMessage, *, language: str) -> None:
    """``mail_later()`` for a mail already built as Django's ``EmailMessage`` (or
    ``EmailMultiAlternatives``): instead of ``message.send()``. Its sender is the
    portal's (``DEFAULT_FROM_EMAIL``); other headers are not kept."""
    if message.cc or message.bcc:
        raise ValueError("Queued mails have no copies: queue one mail per recipient.")
    html = next(
        (
            content
            for content, mimetype, *_ in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        None,
    )
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise TypeError("Attach files as (name, content, MIME type), not as MIME parts.")
        name, content, mimetype = attachment[:3]
        if isinstance(content, str):
            content = content.encode()
        attachments.append((name, content, mimetype or "application/octet-stream"))
    mail_later(
        to=message.to,
        subject=message.subject,
        text=message.body,
        html=html,
        language=language,
        attachments=attachments,
        reply_to=message.reply_to,
    )


@task(takes_context=True)
def mail_send(context: TaskContext, message: dict) -> None:
    """The task: send one mail. Raising makes the queue try again (``_mail_retry``)."""
    mail = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["text"],
        to=message["to"],
        reply_to=message["reply_to"],
        headers={"Content-Language": message["language"]},
    )
    if message["html"] is not None:
        mail.attach_alternative(message["html"], "text/html")
    for name, content, mimetype in message["attachments"]:
        mail.attach(name, base64.b64decode(content), mimetype)
    task_id = context.task_result.id
    try:
        mail.send()
    except Exception as error:  # a refusing server, the network, a broken configuration
        reason = error_describe(error)
        logger.warning("Mail %s: attempt %d failed: %s", task_id, context.attempt, reason)
        # "from None": the original error's message (it may quote addresses) stays out of
        # the stored traceback and the log.
        raise MailNotSent(reason) from None
    logger.info("Mail %s sent (attempt %d).", task_id, context.attempt)


def error_describe(error: BaseException) -> str:
    """The error's class and codes, e.g. "SMTPRecipientsRefused 550", without its text."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in error.recipients.values()})
    elif isinstance(error, smtplib.SMTPResponseException):
        codes = [error.smtp_code]
    elif isinstance(error, OSError) and error.errno is not None:
        codes = [f"errno {error.errno}"]
    else:
        codes = []
    return " ".join([type(error).__name__, *map(str, codes)])


@receiver(task_finished)
def _mail_retry(sender: type, task_result: TaskResult, **kwargs) -> None:
    """A failed attempt puts the mail back into the queue, later, until the attempts are
    used up. It stays one row in the task list: status "Ready" with its next time and the
    last error, then "Successful" or, in the end, "Failed"."""
    if task_result.task.module_path != mail_send.module_path:
        return
    if task_result.status != TaskResultStatus.FAILED:
        return
    delays = settings.THEKIZ_MAIL_RETRY_MINUTES
    attempts = task_result.attempts
    if attempts > len(delays):
        logger.error(
            "Mail %s not sent after %d attempts; it is kept as failed in the task list.",
            task_result.id,
            attempts,
        )
        return
    run_after = timezone.now() + timedelta(minutes=delays[attempts - 1])
    DBTaskResult.objects.filter(id=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    logger.info("Mail %s: next attempt at %s.", task_result.id, run_after.isoformat())
