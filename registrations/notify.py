"""Telling people what happened to their sign-up, in the language they used.

``registration_notify`` is called after the commit (``transaction.on_commit``) with the
sign-up and what happened. It writes the subject and text in the sign-up's language, with
the personal link, and attaches the calendar file to a confirmation, and queues it for the
mail worker (``common.mail``: sent with retries, a failing mail server loses nothing).
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common import dates
from common.mail import mail_message_later
from registrations.links import registration_link_value
from registrations.models import Registration
from registrations.targets import target_for


class Event(models.TextChoices):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"
    CLOSED = "closed"
    MOVED = "moved"
    RELEASED = "released"  # a moved date was not confirmed in time
    REMINDER = "reminder"


def confirm_by_words(registration: Registration) -> str:
    """By when a moved date is to be confirmed, in the active language ("" if it is not)."""
    if registration.move_confirm_by is None:
        return ""
    return _("%(day)s at %(time)s") % {
        "day": dates.day(registration.move_confirm_by, "long"),
        "time": dates.clock_time(registration.move_confirm_by),
    }


def personal_url(registration: Registration) -> str:
    """The personal link, in the sign-up's language, as a full address."""

    with translation.override(registration.language):
        path = reverse(
            "registrations:registration_detail",
            kwargs={"value": registration_link_value(registration)},
        )
    return settings.THEKIZ_BASE_URL + path


def registration_message(registration: Registration, event: str) -> EmailMessage | None:
    """The mail for ``event``, or None when there is nobody to write to."""

    if not registration.email or registration.personal_data_deleted_at:
        return None
    with translation.override(registration.language):
        target = target_for(registration.capacity, registration.content_language)
        title = target.title if target else (registration.capacity.label or _("your sign-up"))
        subjects = {
            Event.CONFIRMED: _("Your sign-up is confirmed: %(title)s"),
            Event.WAITLISTED: _("You are on the waiting list: %(title)s"),
            Event.PROMOTED: _("A place became free, you are in: %(title)s"),
            Event.CANCELLED: _("Your sign-up is cancelled: %(title)s"),
            Event.CLOSED: _("Cancelled: %(title)s"),
            Event.MOVED: _("New time: %(title)s"),
            Event.RELEASED: _("Your place is freed: %(title)s"),
            Event.REMINDER: _("Tomorrow: %(title)s"),
        }
        body = render_to_string(
            "registrations/mail/notification.txt",
            {
                "registration": registration,
                "event": str(event),
                "target": target,
                "title": title,
                "personal_url": personal_url(registration),
                "closed_reason": registration.capacity.closed_reason,
                "confirm_by": confirm_by_words(registration),
                "site_name": settings.THEKIZ_SITE_NAME,
            },
        )
        message = EmailMessage(
            subject=subjects[Event(event)] % {"title": title},
            body=body,
            to=[registration.email],
        )
        if target and target.ics and event in (Event.CONFIRMED, Event.PROMOTED, Event.MOVED):
            content, filename = target.ics()
            message.attach(filename, content, "text/calendar; charset=utf-8")
    return message


def registration_notify(registration: Registration, event: str) -> None:
    """Queue the mail for ``event`` (call it through ``transaction.on_commit``)."""
    message = registration_message(registration, event)
    if message is not None:
        mail_message_later(message, language=registration.language)


def reminders_queue(*, day: datetime.date) -> int:
    """The reminder provider (``common.reminders``): one mail to everyone confirmed for a
    date (or a course's first date) on ``day``, once. Returns how many were queued."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    due = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminded_at__isnull=True,
            personal_data_deleted_at__isnull=True,
            capacity__closed=False,
            capacity__starts_at__gte=first,
            capacity__starts_at__lt=first + datetime.timedelta(days=1),
        )
        .exclude(email="")
        .select_related("capacity")
        .select_for_update(of=("self",))
    )
    queued = []
    for registration in due:
        registration_notify(registration, Event.REMINDER)
        queued.append(registration.pk)
    Registration.objects.filter(pk__in=queued).update(reminded_at=timezone.now())
    return len(queued)
