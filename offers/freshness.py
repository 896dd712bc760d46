"""Freshness that looks after itself: reminders to confirm, "no longer confirmed" after.

The rules (days, from ``offers.models.offer`` and ``centers.models.center``):

- An offer is *checked* on its ``last_reviewed`` day (saving it or "Alles richtig" sets
  it), or on the day it was added if nobody has confirmed it yet. A centre's profile
  likewise (saving the profile or "Angaben geprüft").
- A published offer not checked for 183 days (six months), or an active centre's profile
  not checked for 365 days (a year), is *due*. ``freshness_remind()`` (nightly,
  ``manage.py freshness_remind``) sends the centre's coordinators one mail per centre
  listing what is due, each with a "still correct" link. It stores the day on
  ``Center.freshness_reminded_on`` and sends again only when seven days have passed
  and something is still due: once, then at most weekly.
- 92 days later still (nine months for offers, 15 for profiles) it is *unverified*:
  families see "no longer confirmed" on the offer and in result rows
  (``Offer.is_unverified``), and the coordination office sees both lists on its page.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centers.models import Center, Membership
from centers.models.center import CENTER_REVIEW_AFTER_DAYS, CENTER_UNVERIFIED_AFTER_DAYS
from common.mail import mail_later
from offers.models import Offer
from offers.models.offer import OFFER_REVIEW_AFTER_DAYS, OFFER_UNVERIFIED_AFTER_DAYS

REMIND_EVERY_DAYS = 7


def checked_before(day: datetime.date, prefix: str = "") -> Q:
    """Offers or centres (``prefix`` "center__" from an offer) last checked before ``day``."""
    midnight = datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    return Q(**{f"{prefix}last_reviewed__lt": day}) | Q(
        **{f"{prefix}last_reviewed__isnull": True, f"{prefix}created_at__lt": midnight}
    )


def _days_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def offers_unverified(today: datetime.date | None = None):
    """Published offers of active centres (or the office) not confirmed for nine months."""
    today = today or timezone.localdate()
    return Offer.objects.published().filter(
        checked_before(_days_ago(today, OFFER_UNVERIFIED_AFTER_DAYS))
    )


@dataclass
class UnverifiedRow:
    """One line of the office's list: a centre (None: the office's own offers)."""

    center: Center | None
    offers: int = 0
    profile: bool = False


def unverified_by_center(today: datetime.date | None = None) -> list[UnverifiedRow]:
    """Per centre, how many offers are no longer confirmed and whether its profile is:
    two queries, however many centres and offers."""
    today = today or timezone.localdate()
    counts = dict(
        offers_unverified(today)
        .order_by()
        .values_list("center")
        .annotate(n=Count("pk"))
        .values_list("center", "n")
    )
    stale = set(
        Center.objects.filter(is_active=True)
        .filter(checked_before(_days_ago(today, CENTER_UNVERIFIED_AFTER_DAYS)))
        .values_list("pk", flat=True)
    )
    centers = Center.objects.in_bulk([pk for pk in (counts.keys() | stale) if pk is not None])
    rows = [UnverifiedRow(center, counts.get(pk, 0), pk in stale) for pk, center in centers.items()]
    rows.sort(key=lambda row: row.center.name)
    if None in counts:
        rows.append(UnverifiedRow(None, counts[None]))
    return rows


@dataclass
class Due:
    """What one centre is reminded of."""

    center: Center
    offers: list[Offer] = field(default_factory=list)
    profile: bool = False


def freshness_due(today: datetime.date) -> list[Due]:
    """Centres with something due whose last reminder is a week old or more (or none)."""

    def remind(prefix: str = "") -> Q:
        return Q(**{f"{prefix}freshness_reminded_on__isnull": True}) | Q(
            **{f"{prefix}freshness_reminded_on__lte": _days_ago(today, REMIND_EVERY_DAYS)}
        )

    profile_due = checked_before(_days_ago(today, CENTER_REVIEW_AFTER_DAYS))
    offers = list(
        Offer.objects.published()
        .filter(center__isnull=False)
        .filter(checked_before(_days_ago(today, OFFER_REVIEW_AFTER_DAYS)))
        .filter(remind("center__"))
        .only("pk", "title", "center_id", "last_reviewed", "created_at")
        .order_by("title", "pk")
    )
    centers = Center.objects.filter(is_active=True).filter(remind())
    centers = centers.filter(profile_due | Q(pk__in={offer.center_id for offer in offers}))
    due = {
        center.pk: Due(
            center, profile=center.checked_on < _days_ago(today, CENTER_REVIEW_AFTER_DAYS)
        )
        for center in centers.order_by("name").only(
            "pk", "name", "slug", "last_reviewed", "created_at"
        )
    }
    for offer in offers:
        if offer.center_id in due:
            due[offer.center_id].offers.append(offer)
    return list(due.values())


def _mail_text(due: Due) -> tuple[str, str]:
    base = settings.THEKIZ_BASE_URL
    center = due.center
    lines = [
        _("Hello,"),
        "",
        _(
            "some information about %(center)s on the ThEKiZ portal has not been confirmed "
            "for a long time. Please check it. If it is still correct, one click on the link "
            "is enough (you may be asked to sign in); otherwise please change it in "
            "My ThEKiZ."
        )
        % {"center": center.name},
        "",
    ]
    if due.profile:
        lines += [
            _("The centre's profile (last checked on %(date)s):")
            % {"date": center.checked_on.strftime("%d.%m.%Y")},
            base + reverse("staff:profile_checked", args=[center.slug]),
            "",
        ]
    if due.offers:
        lines += [_("Offers:"), ""]
        for offer in due.offers:
            lines += [
                _("%(title)s (last checked on %(date)s)")
                % {"title": offer.title, "date": offer.checked_on.strftime("%d.%m.%Y")},
                base + reverse("staff:offer_checked", args=[center.slug, offer.pk]),
                "",
            ]
    lines += [
        _(
            "Offers not confirmed for nine months are shown to families as no longer "
            "confirmed. You will be reminded once a week as long as something is unconfirmed."
        ),
        "",
        _("Your ThEKiZ portal"),
    ]
    subject = _("Please check: %(center)s on the ThEKiZ portal") % {"center": center.name}
    return subject, "\n".join(lines)


def freshness_remind(today: datetime.date | None = None) -> int:
    """Queue one mail per centre that has something due (see the module's rules) to its
    coordinators and note the day. Returns how many mails were queued. A fixed number of
    queries plus one insert per mail, however many offers are due. Call it inside a
    transaction (the command does), so marks and mails are stored together."""
    today = today or timezone.localdate()
    due = freshness_due(today)
    coordinators: dict[int, list[str]] = {}
    for center_id, email in (
        Membership.objects.filter(
            center__in=[item.center.pk for item in due],
            role=Membership.Role.COORDINATOR,
            user__is_active=True,
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("center_id", "user__email")
    ):
        coordinators.setdefault(center_id, []).append(email)
    reminded = []
    # The staff's language: the portal keeps no language per person, so German.
    with translation.override("de"):
        for item in due:
            to = coordinators.get(item.center.pk)
            if not to:
                continue  # nobody to remind: the office sees it on its page
            subject, text = _mail_text(item)
            mail_later(to=to, subject=subject, text=text, language="de")
            reminded.append(item.center.pk)
    if reminded:
        Center.objects.filter(pk__in=reminded).update(freshness_reminded_on=today)
    return len(reminded)
