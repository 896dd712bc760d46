"""What a partner's change proposal does to the offer's dates: end or replace its rules,
cancel some of its next dates (and add the proposed dates, as before).

The checks run when the partner submits and again when the centre approves; the preview
shows the centre, before it approves, the rules before and after in words and the dates
that would be dropped, cancelled and added, with the sign-ups they carry. Approving
applies it through the ordinary services (``schedule_save``, ``schedule_delete``,
``occurrence_cancel``): dates with sign-ups are kept and their people told, as when
staff change the dates themselves.
"""

import copy
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from common import dates
from offers.models import (
    Occurrence,
    Offer,
    Proposal,
    ProposalDateCancel,
    ProposalScheduleChange,
    Schedule,
    horizon_end,
    off_reason_label,
)
from offers.recurrence import local_datetime, schedule_dates
from offers.services.calendar import DayRules, offer_occurrences_sync
from offers.services.dates import occurrence_cancel
from offers.services.editing import schedule_delete, schedule_save
from registrations.models import Registration

# The centre sees this many dates of each kind (the total is given beside them).
PREVIEW_DATES = 10
# The partner chooses dates to cancel among this many of the offer's next dates.
CANCELLABLE_DATES = 20


def rule_key(schedule: Schedule) -> str:
    """The rule's settings in one string: a rule whose key changed since the proposal was
    sent is not the rule the partner decided about."""
    return "|".join(
        str(value)
        for value in (
            schedule.frequency,
            schedule.weekdays,
            schedule.interval,
            schedule.month_week,
            schedule.start_date,
            schedule.start_time,
            schedule.end_time,
            schedule.until,
            schedule.count,
        )
    )


def _last_day(schedule: Schedule) -> datetime.date | None:
    """The rule's last date (None: open-ended)."""
    if schedule.frequency == Schedule.Frequency.ONCE:
        return schedule.start_date
    if schedule.until:
        return schedule.until
    if schedule.count:
        days = schedule_dates(schedule, schedule.start_date, horizon_end(schedule.start_date))
        return days[-1] if days else schedule.start_date
    return None


def proposal_rules(offer: Offer, *, today: datetime.date | None = None) -> list[Schedule]:
    """The offer's repeating rules that still give dates: what a partner can keep, replace
    or end (single dates are cancelled one by one)."""
    today = today or timezone.localdate()
    rules = offer.schedules.exclude(frequency=Schedule.Frequency.ONCE).order_by("start_date", "pk")
    return [rule for rule in rules if _gives(rule, today)]


def proposal_cancellable(offer: Offer) -> list[int]:
    """The ids of the offer's next dates that take place: those a partner can cancel."""
    return list(
        Occurrence.objects.filter(
            offer=offer, cancelled=False, detached=False, off_reason=Occurrence.OffReason.NONE
        )
        .upcoming()
        .order_by("start")
        .values_list("pk", flat=True)[:CANCELLABLE_DATES]
    )


def _ended(schedule: Schedule, last: datetime.date) -> Schedule | None:
    """An unsaved copy of the rule ending on ``last``; None if it gives no date by then."""
    days = schedule_dates(schedule, schedule.start_date, last)
    if not days:
        return None
    ended = copy.copy(schedule)
    ended.until = last if not ended.count else days[-1]
    ended.count = None
    return ended


def _rule_named(change: ProposalScheduleChange) -> str:
    return _("Rule “%(rule)s”") % {"rule": change.rule}


def proposal_dates_check(
    proposal: Proposal,
    changes: list[ProposalScheduleChange],
    cancels: list[ProposalDateCancel],
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> None:
    """Refuse rule changes and cancellations that cannot be (``ValidationError``, every
    message at once). Fills in what follows from them: the rule's words and key, the
    last date of a replaced rule, the start of a cancelled date."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    errors = []
    for change in changes:
        schedule = change.schedule
        if schedule is None or schedule.offer_id != proposal.offer_id:
            errors.append(_("You can only change the rules of this offer."))
            continue
        change.rule, change.rule_key = str(schedule)[:300], rule_key(schedule)
        if change.action == ProposalScheduleChange.Action.REPLACE:
            if not proposal.frequency:
                errors.append(
                    _("%(rule)s: please enter the new dates that replace it.")
                    % {"rule": _rule_named(change)}
                )
                continue
            if proposal.start_date < today:
                errors.append(
                    _(
                        "%(rule)s: the new dates replace it from their first date on, which "
                        "cannot be in the past."
                    )
                    % {"rule": _rule_named(change)}
                )
                continue
            change.ends_on = proposal.start_date - datetime.timedelta(days=1)
        elif change.ends_on is None:
            errors.append(
                _("%(rule)s: please enter its last date.") % {"rule": _rule_named(change)}
            )
            continue
        elif change.ends_on < today:
            errors.append(
                _("%(rule)s: the last date cannot be before today.") % {"rule": _rule_named(change)}
            )
            continue
        last = _last_day(schedule)
        if last is not None and change.ends_on >= last:
            errors.append(
                _("%(rule)s already ends on %(date)s.")
                % {"rule": _rule_named(change), "date": dates.day(last, "long")}
            )
    if any(not cancel.reason.strip() for cancel in cancels):
        errors.append(_("Please give a reason, e.g. 'illness' – families will read it."))
    for cancel in cancels:
        occurrence = cancel.occurrence
        if occurrence is None or occurrence.offer_id != proposal.offer_id:
            errors.append(_("You can only cancel dates of this offer."))
            continue
        cancel.starts_at = occurrence.start
        cancel.reason = cancel.reason.strip()[:200]
        when = dates.short_day_time(occurrence.start)
        if occurrence.end <= now:
            errors.append(_("The date %(date)s is in the past.") % {"date": when})
        elif occurrence.cancelled:
            errors.append(_("The date %(date)s is already cancelled.") % {"date": when})
    if errors:
        raise ValidationError(errors, code="dates")


def proposal_dates_stale(proposal: Proposal, *, now: datetime.datetime | None = None) -> list[str]:
    """Why the proposal's rule changes and cancellations no longer fit the offer: a rule
    removed or changed since it was sent, a date removed or past. Empty if they fit."""
    now = now or timezone.now()
    problems = []
    changes = list(proposal.schedule_changes.all())
    cancels = list(proposal.date_cancels.all())
    # Two queries, however many rules and dates the proposal names.
    schedules = Schedule.objects.in_bulk([c.schedule_id for c in changes if c.schedule_id])
    occurrences = Occurrence.objects.in_bulk([c.occurrence_id for c in cancels if c.occurrence_id])
    for change in changes:
        schedule = schedules.get(change.schedule_id)
        if schedule is None:
            problems.append(
                _("%(rule)s has been removed since the proposal was sent.")
                % {"rule": _rule_named(change)}
            )
        elif rule_key(schedule) != change.rule_key:
            problems.append(
                _("%(rule)s has been changed since the proposal was sent.")
                % {"rule": _rule_named(change)}
            )
    for cancel in cancels:
        when = dates.short_day_time(cancel.starts_at)
        occurrence = occurrences.get(cancel.occurrence_id)
        if occurrence is None:
            problems.append(
                _("The date %(date)s has been removed since the proposal was sent.")
                % {"date": when}
            )
        elif occurrence.end <= now:
            problems.append(_("The date %(date)s is in the past.") % {"date": when})
    return problems


def proposal_dates_apply(
    *, proposal: Proposal, offer: Offer, new_rule: Schedule | None, user: AbstractBaseUser
) -> None:
    """Carry out the proposal's dates (inside the approval's transaction, the offer
    locked): the cancellations, then the rules' ends, then the new dates. Refuses
    (``ValidationError``) when they no longer fit the offer; nothing is applied then."""
    Offer.objects.select_for_update().filter(pk=offer.pk).first()
    problems = proposal_dates_stale(proposal)
    if problems:
        raise ValidationError(
            [
                *problems,
                _(
                    "Nothing has been changed. Please ask the partner for changes, so that "
                    "the proposal fits the offer's dates as they are now."
                ),
            ],
            code="stale",
        )
    proposed_by = proposal.proposed_by
    for cancel in proposal.date_cancels.select_related("occurrence"):
        if not cancel.occurrence.cancelled:
            occurrence_cancel(
                occurrence=cancel.occurrence,
                reason=cancel.reason,
                user=user,
                proposed_by=proposed_by,
            )
    # Every rule first, then one re-expansion: a date whose rule gives way to a new rule
    # on the same day moves to the new time with its sign-ups (the people are asked to
    # confirm it), instead of being dropped by the first step and made anew by the next.
    changed = False
    for change in proposal.schedule_changes.select_related("schedule"):
        ended = _ended(change.schedule, change.ends_on)
        if ended is None:
            schedule_delete(
                schedule=change.schedule, user=user, proposed_by=proposed_by, sync=False
            )
        else:
            schedule_save(
                offer=offer, schedule=ended, user=user, proposed_by=proposed_by, sync=False
            )
        changed = True
    if new_rule is not None:
        schedule_save(
            offer=offer, schedule=new_rule, user=user, proposed_by=proposed_by, sync=False
        )
        changed = True
    if changed:
        offer_occurrences_sync(offer)


@dataclass(frozen=True)
class DateRow:
    """One date in the preview, with its active sign-ups and why it is off (if so)."""

    start: datetime.datetime
    end: datetime.datetime
    sign_ups: int = 0
    note: str = ""


@dataclass
class DatesPreview:
    """What the dates become if the centre approves."""

    rules_before: list[str]
    rules_after: list[str]
    dropped: list[DateRow] = field(default_factory=list)
    dropped_total: int = 0
    cancelled: list[DateRow] = field(default_factory=list)
    added: list[DateRow] = field(default_factory=list)
    added_total: int = 0
    # Dates a new rule gives on the same day at another time: they move, with their places.
    retimed: list[DateRow] = field(default_factory=list)
    retimed_total: int = 0
    sign_ups: int = 0  # active sign-ups of the dropped and cancelled dates
    retimed_sign_ups: int = 0  # … of the dates that get a new time (asked to confirm it)
    problems: list[str] = field(default_factory=list)


def _sign_ups(occurrences: list[Occurrence]) -> dict[int, int]:
    with_places = [o.pk for o in occurrences if o.capacity_id]
    if not with_places:
        return {}
    return dict(
        Registration.objects.active()
        .filter(capacity__occurrence__in=with_places)
        .values("capacity__occurrence")
        .annotate(n=Count("pk"))
        .values_list("capacity__occurrence", "n")
    )


def proposal_dates_preview(
    proposal: Proposal, new_rule: Schedule | None, *, today: datetime.date | None = None
) -> DatesPreview | None:
    """The dates before and after the open change proposal; None if it changes none."""
    offer = proposal.offer
    changes = list(proposal.schedule_changes.all())
    cancels = list(proposal.date_cancels.all())
    if offer is None or not (changes or cancels or new_rule):
        return None
    today = today or timezone.localdate()
    now = timezone.now()
    last = horizon_end(today)
    ends = {change.schedule_id: change.ends_on for change in changes}
    before = [rule for rule in offer.schedules.order_by("start_date", "pk") if _gives(rule, today)]
    after = []
    for rule in before:
        if rule.pk in ends:
            rule = _ended(rule, ends[rule.pk])
        if rule is not None and _gives(rule, today):
            after.append(rule)
    if new_rule is not None:
        after.append(new_rule)
    sessions = {
        (day, rule.start_time): rule for rule in after for day in schedule_dates(rule, today, last)
    }
    current = list(
        offer.occurrences.filter(original_date__gte=today, end__gt=now, detached=False).order_by(
            "start"
        )
    )
    cancelled_ids = {cancel.occurrence_id for cancel in cancels}
    dropped = [
        o
        for o in current
        if o.takes_place
        and o.pk not in cancelled_ids
        and (o.original_date, o.original_time) not in sessions
    ]
    cancelled = [o for o in current if o.pk in cancelled_ids]
    known = {(o.original_date, o.original_time) for o in current}
    added_keys = sorted(key for key in sessions if key not in known)
    # As the re-expansion pairs them (offer_occurrences_sync): a dropped date and a new
    # session on the same day are one date at a new time.
    new_on_day: dict[datetime.date, list] = defaultdict(list)
    for key in added_keys:
        new_on_day[key[0]].append(key)
    retimed, still_dropped = [], []
    for occurrence in dropped:
        if new_on_day.get(occurrence.original_date):
            retimed.append((occurrence, new_on_day[occurrence.original_date].pop(0)))
        else:
            still_dropped.append(occurrence)
    dropped = still_dropped
    added_keys = sorted(key for keys in new_on_day.values() for key in keys)
    counts = _sign_ups(dropped + cancelled + [occurrence for occurrence, _key in retimed])
    reasons = {
        cancel.occurrence_id: _("Reason: %(reason)s") % {"reason": cancel.reason}
        for cancel in cancels
    }
    rules = DayRules.for_offer(offer, today, last)
    added = []
    for day, start_time in added_keys[:PREVIEW_DATES]:
        rule = sessions[(day, start_time)]
        reason, closure = rules.off(day)
        note = ""
        if reason:
            note = _("does not take place: %(reason)s") % {
                "reason": off_reason_label(reason, day, closure)
            }
        added.append(
            DateRow(local_datetime(day, start_time), local_datetime(day, rule.end_time), note=note)
        )
    return DatesPreview(
        rules_before=[str(rule) for rule in before],
        rules_after=[str(rule) for rule in after],
        dropped=[DateRow(o.start, o.end, counts.get(o.pk, 0)) for o in dropped[:PREVIEW_DATES]],
        dropped_total=len(dropped),
        cancelled=[
            DateRow(o.start, o.end, counts.get(o.pk, 0), reasons.get(o.pk, "")) for o in cancelled
        ],
        added=added,
        added_total=len(added_keys),
        retimed=[
            DateRow(
                local_datetime(day, start_time),
                local_datetime(day, sessions[(day, start_time)].end_time),
                counts.get(occurrence.pk, 0),
                _("before: %(time)s")
                % {
                    "time": f"{timezone.localtime(occurrence.start):%H:%M}–"
                    f"{timezone.localtime(occurrence.end):%H:%M}"
                },
            )
            for occurrence, (day, start_time) in retimed[:PREVIEW_DATES]
        ],
        retimed_total=len(retimed),
        sign_ups=sum(counts.get(o.pk, 0) for o in dropped + cancelled),
        retimed_sign_ups=sum(counts.get(o.pk, 0) for o, _key in retimed),
        problems=proposal_dates_stale(proposal, now=now),
    )


def _gives(rule: Schedule, today: datetime.date) -> bool:
    last = _last_day(rule)
    return last is None or last >= today
