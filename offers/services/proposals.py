"""Partners propose offers and dates; the centre's staff approve, ask for changes or
decline. The centre stays the publisher: an approved proposal becomes (or changes) the
centre's offer, with the partner named on it, and the change records say who proposed
and who approved. The partner is told each answer by mail, the staff each new proposal."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from centers.models import Membership
from common import dates
from common.mail import mail_later
from offers.models import (
    PROPOSAL_FIELDS,
    PROPOSAL_M2M,
    Offer,
    Proposal,
    ProposalDateCancel,
    ProposalScheduleChange,
    Schedule,
)
from offers.services.editing import offer_save, offer_status_set, schedule_check, schedule_save
from offers.services.proposal_dates import (
    DatesPreview,
    proposal_dates_apply,
    proposal_dates_check,
    proposal_dates_preview,
)
from offers.weekdays import WEEKDAY_CODES


@dataclass(frozen=True)
class ProposalLine:
    """One field of a proposal beside the offer's current value."""

    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _schedule(proposal: Proposal) -> Schedule | None:
    """The proposed dates as an (unsaved) schedule, or None if none were proposed."""
    if not proposal.frequency:
        return None
    weekly = proposal.frequency == Proposal.Frequency.WEEKLY
    return Schedule(
        frequency=proposal.frequency,
        start_date=proposal.start_date,
        start_time=proposal.start_time,
        end_time=proposal.end_time,
        weekdays=WEEKDAY_CODES[proposal.start_date.weekday()] if weekly else "",
        until=proposal.until if weekly else None,
    )


def _offer_from(proposal: Proposal, offer: Offer | None) -> Offer:
    """The offer as it would be after approval (unsaved)."""
    if offer is None:
        offer = Offer(
            host=Offer.Host.CENTER,
            center=proposal.center,
            partner=proposal.partner,
            place=Offer.PlaceKind.CENTER,
        )
    for name in PROPOSAL_FIELDS:
        setattr(offer, name, getattr(proposal, name))
    return offer


def _fields_changed(proposal: Proposal, offer: Offer, m2m: dict[str, list]) -> bool:
    """Whether the proposal changes any of the offer's public fields or lists."""
    if any(getattr(proposal, name) != getattr(offer, name) for name in PROPOSAL_FIELDS):
        return True
    return any(
        {item.pk for item in m2m.get(name, [])}
        != set(getattr(offer, name).values_list("pk", flat=True))
        for name in PROPOSAL_M2M
    )


def proposal_check(
    proposal: Proposal,
    m2m: dict[str, list] | None = None,
    changes: list[ProposalScheduleChange] = (),
    cancels: list[ProposalDateCancel] = (),
) -> None:
    """Refuse a proposal the centre could not publish as it is (``ValidationError``).
    A change proposal may also end or replace the offer's rules (``changes``) and cancel
    some of its next dates (``cancels``); it has to change something."""
    proposal.full_clean(exclude=["proposed_by", "offer"])
    if proposal.is_new and not proposal.frequency:
        raise ValidationError(
            _("Please enter the date or the weekly rule of the new offer."), code="no_dates"
        )
    # A fresh copy of the offer: the instance the caller holds stays as it is.
    current = Offer.objects.get(pk=proposal.offer_id) if proposal.offer_id else None
    _offer_from(proposal, current).full_clean(exclude=["slug"])
    schedule = _schedule(proposal)
    if schedule is not None:
        schedule_check(schedule)
    if current is None:
        return
    proposal_dates_check(proposal, list(changes), list(cancels))
    if not (schedule or changes or cancels) and not _fields_changed(
        proposal, Offer.objects.get(pk=proposal.offer_id), m2m or {}
    ):
        raise ValidationError(
            _(
                "Your proposal changes nothing: please change a field, the dates or a rule, "
                "or cancel a date."
            ),
            code="unchanged",
        )


def proposal_lines(proposal: Proposal) -> list[ProposalLine]:
    """Every proposed field beside the offer's current value ("–" for a new offer or an
    answered proposal); the proposal's lists (categories …) are expected to be prefetched."""
    # An answered proposal is shown as proposed: the offer may have changed since.
    offer = proposal.offer if not proposal.is_new and proposal.is_open else None
    lines = []
    for name in (*PROPOSAL_FIELDS, *PROPOSAL_M2M):
        field = Offer._meta.get_field(name)
        if name in PROPOSAL_M2M:
            after = ", ".join(sorted(str(item) for item in getattr(proposal, name).all()))
            before = (
                ", ".join(sorted(str(item) for item in getattr(offer, name).all())) if offer else ""
            )
        else:
            after = _shown(proposal, name)
            before = _shown(offer, name) if offer else ""
        lines.append(ProposalLine(str(field.verbose_name), before or "–", after or "–"))
    schedule = _schedule(proposal)
    if schedule is not None:
        lines.append(ProposalLine(_("New dates"), "–", str(schedule)))
    for change in proposal.schedule_changes.all():
        ends_on = formats.date_format(change.ends_on)
        if change.action == change.Action.REPLACE:
            after = _("replaced by the new dates; its last date: %(date)s") % {"date": ends_on}
        else:
            after = _("ends; its last date: %(date)s") % {"date": ends_on}
        lines.append(ProposalLine(_("Rule"), change.rule, after))
    for cancel in proposal.date_cancels.all():
        lines.append(
            ProposalLine(
                pgettext("kind of object", "Date"),
                dates.short_day_time(cancel.starts_at),
                _("cancelled: %(reason)s") % {"reason": cancel.reason},
            )
        )
    return lines


def proposal_dates(proposal: Proposal) -> DatesPreview | None:
    """What an open change proposal does to the offer's dates (None for a new offer, an
    answered proposal or one that changes no dates)."""
    if proposal.is_new or not proposal.is_open:
        return None
    return proposal_dates_preview(proposal, _schedule(proposal))


def _shown(obj, name: str) -> str:
    value = getattr(obj, name)
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    return "" if value is None else str(value)


def _staff_emails(proposal: Proposal) -> list[str]:
    return list(
        Membership.objects.filter(
            center=proposal.center,
            role__in=[Membership.Role.STAFF, Membership.Role.COORDINATOR],
            user__is_active=True,
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def _mail(to: list[str], subject: str, lines: list[str]) -> None:
    if to:
        text = "\n".join([_("Hello,"), "", *lines, "", _("Your ThEKiZ-Portal")])
        mail_later(to=to, subject=subject, text=text, language="de")


def _staff_tell(proposal: Proposal) -> None:
    page = settings.THEKIZ_BASE_URL + reverse(
        "staff:proposal_review", args=[proposal.center.slug, proposal.pk]
    )
    with translation.override("de"):
        _mail(
            _staff_emails(proposal),
            _("New proposal from %(partner)s: %(title)s")
            % {"partner": proposal.partner.name, "title": proposal.title},
            [
                _(
                    "%(partner)s proposes an offer for %(center)s. Please review it in My "
                    "ThEKiZ: approve it, ask for changes or decline it."
                )
                % {"partner": proposal.partner.name, "center": proposal.center.name},
                "",
                page,
            ],
        )


def _partner_tell(proposal: Proposal, subject: str, lines: list[str]) -> None:
    user = proposal.proposed_by
    if user is None or not user.is_active or not user.email:
        return
    page = settings.THEKIZ_BASE_URL + reverse("staff:partner_proposal", args=[proposal.pk])
    _mail([user.email], subject, [*lines, "", page])


def _decided(proposal: Proposal, status: str, user: AbstractBaseUser, response: str) -> None:
    proposal.status = status
    proposal.response = response
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save()


def _locked_open(proposal: Proposal, *statuses: str) -> Proposal:
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if current.status not in statuses:
        raise ValidationError(
            _("This proposal has already been answered."), code="already_answered"
        )
    return current


@transaction.atomic
def proposal_submit(
    *,
    proposal: Proposal,
    m2m: dict[str, list],
    user: AbstractBaseUser,
    changes: list[ProposalScheduleChange] = (),
    cancels: list[ProposalDateCancel] = (),
) -> Proposal:
    """Submit a new proposal, or resubmit one the centre asked to change (fields already
    set on ``proposal``). For a change, ``proposal.offer`` is the partner's published
    offer at the centre, and ``changes`` and ``cancels`` (unsaved) say what happens to
    its rules and which of its dates are cancelled (they replace those sent before)."""
    if proposal.pk is not None:
        _locked_open(proposal, Proposal.Status.CHANGES_REQUESTED)
    elif proposal.offer is not None and (
        proposal.offer.center_id != proposal.center_id
        or proposal.offer.partner_id != proposal.partner_id
    ):
        raise ValidationError(_("You can only change your own offers."), code="not_own")
    proposal.is_new = proposal.offer is None
    if proposal.is_new and (changes or cancels):
        raise ValidationError(_("A new offer has no dates to change yet."), code="new")
    proposal_check(proposal, m2m, changes, cancels)
    proposal.status = Proposal.Status.SUBMITTED
    proposal.proposed_by = user
    proposal.save()
    for name, values in m2m.items():
        getattr(proposal, name).set(values)
    proposal.schedule_changes.all().delete()
    proposal.date_cancels.all().delete()
    for row in (*changes, *cancels):
        row.proposal = proposal
        row.save()
    _staff_tell(proposal)
    return proposal


@transaction.atomic
def proposal_approve(*, proposal: Proposal, user: AbstractBaseUser) -> Offer:
    """Publish the proposal as the centre's offer (new), or apply it to the offer."""
    proposal = _locked_open(proposal, Proposal.Status.SUBMITTED)
    m2m = {name: list(getattr(proposal, name).all()) for name in PROPOSAL_M2M}
    existing = None if proposal.is_new else proposal.offer
    if not proposal.is_new and existing is None:
        raise ValidationError(_("The offer no longer exists."), code="offer_gone")
    if existing is None or _fields_changed(proposal, existing, m2m):
        offer = offer_save(
            offer=_offer_from(proposal, existing),
            m2m=m2m,
            user=user,
            expected_version=None,
            proposed_by=proposal.proposed_by,
        )
    else:
        offer = existing
    schedule = _schedule(proposal)
    if existing is None:
        schedule_save(offer=offer, schedule=schedule, user=user, proposed_by=proposal.proposed_by)
    else:
        # A change: its cancellations, the ends of rules and the new dates, all or none.
        proposal_dates_apply(proposal=proposal, offer=offer, new_rule=schedule, user=user)
    if offer.status != Offer.Status.PUBLISHED:
        offer = offer_status_set(
            offer=offer,
            status=Offer.Status.PUBLISHED,
            user=user,
            proposed_by=proposal.proposed_by,
        )
    proposal.offer = offer
    _decided(proposal, Proposal.Status.APPROVED, user, "")
    with translation.override("de"):
        _partner_tell(
            proposal,
            _("Your proposal is published: %(title)s") % {"title": proposal.title},
            [
                _("%(center)s has approved your proposal. Families find it here:")
                % {"center": proposal.center.name},
                settings.THEKIZ_BASE_URL + offer.get_absolute_url(),
            ],
        )
    return offer


@transaction.atomic
def proposal_request_changes(
    *, proposal: Proposal, user: AbstractBaseUser, message: str
) -> Proposal:
    """Send the proposal back to the partner with what to change."""
    if not message.strip():
        raise ValidationError(_("Please write what should be changed."), code="no_message")
    proposal = _locked_open(proposal, Proposal.Status.SUBMITTED)
    _decided(proposal, Proposal.Status.CHANGES_REQUESTED, user, message.strip())
    with translation.override("de"):
        _partner_tell(
            proposal,
            _("Please change your proposal: %(title)s") % {"title": proposal.title},
            [
                _("%(center)s asks you to change your proposal before it is published:")
                % {"center": proposal.center.name},
                "",
                proposal.response,
            ],
        )
    return proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, user: AbstractBaseUser, reason: str) -> Proposal:
    """Decline the proposal, with the reason the partner reads."""
    if not reason.strip():
        raise ValidationError(_("Please give the reason."), code="no_reason")
    proposal = _locked_open(proposal, Proposal.Status.SUBMITTED, Proposal.Status.CHANGES_REQUESTED)
    _decided(proposal, Proposal.Status.DECLINED, user, reason.strip())
    with translation.override("de"):
        _partner_tell(
            proposal,
            _("Your proposal was declined: %(title)s") % {"title": proposal.title},
            [
                _("%(center)s has declined your proposal. The reason:")
                % {"center": proposal.center.name},
                "",
                proposal.response,
            ],
        )
    return proposal


def proposal_from_offer(offer: Offer, *, partner) -> Proposal:
    """A proposal pre-filled with the offer as it is (for a change through a proposal)."""
    proposal = Proposal(center=offer.center, partner=partner, offer=offer, is_new=False)
    for name in PROPOSAL_FIELDS:
        setattr(proposal, name, getattr(offer, name))
    return proposal


__all__ = [
    "ProposalLine",
    "proposal_approve",
    "proposal_check",
    "proposal_dates",
    "proposal_decline",
    "proposal_from_offer",
    "proposal_lines",
    "proposal_request_changes",
    "proposal_submit",
]
