"""Mail goes through the task queue: stored with the transaction that causes it, sent by
the worker after the commit, tried again while the mail server fails, never lost, and
logged without addresses.

The worker is the real one (``manage.py db_worker --batch``). It checks its database
connection between tasks, which would end a test's wrapping transaction, so these tests
commit for real (``transaction=True``).
"""

import signal
import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar, Event

from common.mail import error_describe, mail_later, mail_message_later
from tests.conftest import with_totp
from tests.factories import UserFactory
from tests.mail_queue import mails_send

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "eltern.mueller@example.org"


class FlakyBackend(EmailBackend):
    """A mail server that refuses the recipient the first ``failures`` times, quoting the
    address in its answer as real servers do."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPRecipientsRefused({ADDRESS: (451, f"<{ADDRESS}> try later".encode())})
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.common.test_mail.FlakyBackend"
    settings.THEKIZ_MAIL_RETRY_MINUTES = (1, 5)

    def fail(times: int) -> None:
        FlakyBackend.failures = times

    yield fail
    FlakyBackend.failures = 0


def worker_run() -> None:
    """The worker sends what is due, then stops; the test's signal handlers come back."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def a_mail(**changes) -> None:
    mail_later(
        **{
            "to": [ADDRESS],
            "subject": "Ihre Anmeldung",
            "text": "Sie sind angemeldet.",
            "language": "de",
            **changes,
        }
    )


def the_task() -> DBTaskResult:
    return DBTaskResult.objects.get()


def test_a_mail_of_a_rolled_back_transaction_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        a_mail()
        raise RuntimeError("the registration failed")
    worker_run()
    assert not DBTaskResult.objects.exists()
    assert mail.outbox == []


def test_a_committed_mail_waits_in_the_queue_until_the_worker_sends_it():
    with transaction.atomic():
        a_mail(html="<p>Sie sind angemeldet.</p>", reply_to=["zentrum@example.org"])
    assert the_task().status == TaskResultStatus.READY
    assert mail.outbox == []

    worker_run()

    assert the_task().status == TaskResultStatus.SUCCESSFUL
    [sent] = mail.outbox
    assert sent.to == [ADDRESS]
    assert sent.subject == "Ihre Anmeldung"
    assert sent.body == "Sie sind angemeldet."
    assert sent.alternatives[0][:2] == ("<p>Sie sind angemeldet.</p>", "text/html")
    assert sent.reply_to == ["zentrum@example.org"]
    assert sent.message()["Content-Language"] == "de"


def test_the_worker_sends_each_mail_once():
    a_mail()
    a_mail(language="en", subject="Your registration")
    worker_run()
    worker_run()
    assert sorted(sent.subject for sent in mail.outbox) == ["Ihre Anmeldung", "Your registration"]


def test_attachments_arrive_intact():
    calendar = Calendar()
    calendar.add("prodid", "-//ThEKiZ//test//DE")
    calendar.add("version", "2.0")
    event = Event()
    event.add("summary", "Eltern-Café – Öffnung")
    event.add("dtstart", timezone.now())
    event.add("uid", "1@thekiz.example")
    calendar.add_component(event)
    ics = calendar.to_ical()
    pdf = bytes(range(256)) * 4

    a_mail(attachments=[("termin.ics", ics, "text/calendar"), ("a.pdf", pdf, "application/pdf")])
    worker_run()

    [sent] = mail.outbox
    (ics_name, ics_content, ics_type), (pdf_name, pdf_content, pdf_type) = sent.attachments
    assert (ics_name, ics_type, pdf_name, pdf_type) == (
        "termin.ics",
        "text/calendar",
        "a.pdf",
        "application/pdf",
    )
    # Django keeps text attachments as text.
    assert ics_content.encode() == ics
    [parsed] = Calendar.from_ical(ics_content).walk("VEVENT")
    assert str(parsed["summary"]) == "Eltern-Café – Öffnung"
    assert pdf_content == pdf


def test_a_failing_mail_server_delays_the_mail_until_it_is_sent(flaky, caplog):
    flaky(times=2)
    a_mail()
    start = timezone.now()

    worker_run()
    task = the_task()
    assert mail.outbox == []
    assert task.status == TaskResultStatus.READY
    assert timedelta(minutes=1) <= task.run_after - start < timedelta(minutes=2)
    assert task.exception_class_path == "common.mail.MailNotSent"
    assert "SMTPRecipientsRefused 451" in task.traceback

    worker_run()  # not due yet
    assert len(the_task().worker_ids) == 1

    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        worker_run()
    task = the_task()
    assert task.status == TaskResultStatus.READY
    assert timedelta(minutes=5) <= task.run_after - (start + timedelta(minutes=2))
    assert mail.outbox == []

    with time_machine.travel(start + timedelta(minutes=8), tick=False):
        worker_run()
    task = the_task()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 3
    assert [sent.to for sent in mail.outbox] == [[ADDRESS]]

    # The logs and the stored errors name the task, never the person.
    assert str(task.id) in caplog.text
    assert "attempt 2 failed: SMTPRecipientsRefused 451" in caplog.text
    assert "@" not in caplog.text
    assert ADDRESS not in task.traceback


def test_after_the_last_attempt_the_mail_stays_failed_for_the_operators(flaky, settings, caplog):
    settings.THEKIZ_MAIL_RETRY_MINUTES = (0,)
    flaky(times=2)
    a_mail()

    worker_run()  # both attempts (the second is due at once)

    task = the_task()
    assert task.status == TaskResultStatus.FAILED
    assert len(task.worker_ids) == 2
    assert f"Mail {task.id} not sent after 2 attempts" in caplog.text
    assert "@" not in caplog.text
    assert mail.outbox == []
    # Nothing is lost: the mail is still there to be sent again.
    assert task.args_kwargs["args"][0]["to"] == [ADDRESS]


def test_a_superuser_sees_failed_mails_without_their_content_and_sends_them_again(
    client, flaky, settings
):
    settings.THEKIZ_MAIL_RETRY_MINUTES = ()
    flaky(times=1)
    a_mail()
    worker_run()
    task = the_task()
    assert task.status == TaskResultStatus.FAILED
    superuser = UserFactory(is_staff=True, is_superuser=True)
    with_totp(superuser)
    client.force_login(superuser)

    listing = client.get("/admin/django_tasks_database/dbtaskresult/", {"status": "FAILED"})
    detail = client.get(f"/admin/django_tasks_database/dbtaskresult/{task.id}/change/")

    assert str(task.id) in listing.text
    assert "SMTPRecipientsRefused 451" in detail.text
    for page in (listing, detail):
        assert ADDRESS not in page.text
        assert "Sie sind angemeldet" not in page.text

    client.post(
        "/admin/django_tasks_database/dbtaskresult/",
        {"action": "send_again", "_selected_action": [str(task.id)]},
    )
    assert the_task().status == TaskResultStatus.READY
    worker_run()
    assert the_task().status == TaskResultStatus.SUCCESSFUL
    assert [sent.to for sent in mail.outbox] == [[ADDRESS]]


def test_the_coordination_office_does_not_see_the_mails(client, coordination_user):
    client.force_login(coordination_user)
    response = client.get("/admin/django_tasks_database/dbtaskresult/")
    assert response.status_code == 403


def test_a_mail_stuck_as_running_after_its_worker_died_can_be_sent_again(client):
    a_mail()
    task = the_task()
    task.claim("a worker killed mid-task")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    with_totp(superuser)
    client.force_login(superuser)
    send_again = {"action": "send_again", "_selected_action": [str(task.id)]}

    client.post("/admin/django_tasks_database/dbtaskresult/", send_again)
    assert the_task().status == TaskResultStatus.RUNNING  # it may still be sending

    with time_machine.travel(timezone.now() + timedelta(minutes=16), tick=False):
        client.post("/admin/django_tasks_database/dbtaskresult/", send_again)
        assert the_task().status == TaskResultStatus.READY
        worker_run()
    assert [sent.to for sent in mail.outbox] == [[ADDRESS]]


@pytest.mark.django_db
def test_a_built_message_is_queued_as_it_is():
    message = EmailMultiAlternatives(
        subject="Bestätigt", body="Text", to=[ADDRESS], reply_to=["zentrum@example.org"]
    )
    message.attach_alternative("<p>Text</p>", "text/html")
    message.attach("termin.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("plan.pdf", b"%PDF-\xff", "application/pdf")
    with transaction.atomic():
        mail_message_later(message, language="en")
        mail_message_later(EmailMessage(subject="Plain", body="Text", to=[ADDRESS]), language="de")

    assert mails_send() == 2

    sent, plain = mail.outbox
    assert (sent.subject, sent.body, sent.to, sent.reply_to) == (
        "Bestätigt",
        "Text",
        [ADDRESS],
        ["zentrum@example.org"],
    )
    assert sent.alternatives[0][:2] == ("<p>Text</p>", "text/html")
    assert [attachment[:3] for attachment in sent.attachments] == [
        ("termin.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
        ("plan.pdf", b"%PDF-\xff", "application/pdf"),
    ]
    assert sent.message()["Content-Language"] == "en"
    assert (plain.subject, plain.alternatives, plain.attachments) == ("Plain", [], [])


def test_a_mail_needs_a_recipient_and_loses_none():
    with pytest.raises(ValueError):
        a_mail(to=[])
    with pytest.raises(ValueError):
        mail_message_later(EmailMessage(to=[ADDRESS], bcc=["office@example.org"]), language="de")
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize(
    ("error", "described"),
    [
        (smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"no")}), "SMTPRecipientsRefused 550"),
        (smtplib.SMTPDataError(554, f"{ADDRESS} spam"), "SMTPDataError 554"),
        (ConnectionRefusedError(111, "refused"), "ConnectionRefusedError errno 111"),
        (smtplib.SMTPServerDisconnected(f"bye {ADDRESS}"), "SMTPServerDisconnected"),
    ],
)
def test_errors_are_described_without_their_message(error, described):
    assert error_describe(error) == described
