"""What changed, who changed it and when: visible to a centre's coordinator and the office.

A record stores facts, not sentences: the kind of object, its name, and the changed
fields by their names with raw values. Labels, choices and dates are put into words when
the record is shown, in the reader's language.
"""

import datetime
import decimal
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from centers.models.center import Center
from common.dates import clock_time, short_day_time, time_span

# Longer values (descriptions) are cut for the change list.
VALUE_CHARS = 160


@dataclass(frozen=True)
class ChangeLine:
    """One changed field, in words: "Kosten: Gebühr → kostenfrei"."""

    label: str
    before: str
    after: str


class ChangeRecord(models.Model):
    """One change made in the staff area or through a service (append-only)."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")
        CANCELLED = "cancelled", pgettext_lazy("a change: a date was", "cancelled")
        RESTORED = "restored", _("took place again")
        MOVED = "moved", _("moved")
        INVITED = "invited", _("invited")
        DECLINED = "declined", _("declined")

    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer")
        DATE = "date", pgettext_lazy("kind of object", "Date")
        CLOSURE = "closure", _("Closure")
        PROFILE = "profile", _("Profile of the centre")
        OPENING_HOURS = "opening_hours", _("Opening hours")
        COOPERATION = "cooperation", _("Cooperation")
        PHOTO = "photo", _("Photo")
        INVITATION = "invitation", _("Invitation")
        TEAM_MEMBER = "team_member", _("Team member")

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="changes", verbose_name=_("centre")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
        help_text=_("A partner's person whose proposal the change carries out."),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # db_index above: the change list of a centre, newest first.
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    kind = models.CharField(
        _("kind of object"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("Empty for records older than this field: their subject says it all."),
    )
    subject = models.CharField(
        _("what"),
        max_length=200,
        blank=True,
        help_text=_("The object's name, e.g. 'Krabbelgruppe'."),
    )
    changes = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("Changed fields by their names, with their old and new raw values."),
    )

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Change list of a centre (staff area), newest first.
            models.Index(fields=["center", "-created_at"], name="centers_change_center_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.title}"

    @property
    def title(self) -> str:
        """ "Angebot: Krabbelgruppe", "Profil des Zentrums"."""
        if not self.kind:
            return self.subject
        label = self.get_kind_display()
        return f"{label}: {self.subject}" if self.subject else str(label)

    def lines(self) -> list[ChangeLine]:
        """The changed fields in words, in the reader's language."""
        model = _KIND_MODELS.get(self.kind)
        result = []
        for name, values in self.changes.items():
            before, after = (
                values if isinstance(values, list) and len(values) == 2 else (None, values)
            )
            field = _field(model, name)
            result.append(
                ChangeLine(
                    label=capfirst(_label(field, name)),
                    before=_value(field, name, before),
                    after=_value(field, name, after),
                )
            )
        return result


# The model whose fields a record's changes name (as "app_label.Model": no import upwards).
_KIND_MODELS = {
    ChangeRecord.Kind.OFFER: "offers.Offer",
    ChangeRecord.Kind.DATE: "offers.Occurrence",
    ChangeRecord.Kind.CLOSURE: "offers.Closure",
    ChangeRecord.Kind.PROFILE: "centers.Center",
    ChangeRecord.Kind.OPENING_HOURS: "centers.OpeningHours",
    ChangeRecord.Kind.COOPERATION: "centers.Cooperation",
    ChangeRecord.Kind.PHOTO: "centers.CenterPhoto",
    ChangeRecord.Kind.INVITATION: "centers.Invitation",
    ChangeRecord.Kind.TEAM_MEMBER: "centers.Membership",
}

# Names in ``changes`` that are no field of the model.
_EXTRA_LABELS = {
    "reason": _("reason"),
    "schedule": _("schedule"),
    "copy_of": _("copy of"),
    "opening_hours": _("opening hours"),
}


def _field(model_label: str | None, name: str) -> models.Field | None:
    if not model_label:
        return None
    try:
        return apps.get_model(model_label)._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return None


def _label(field: models.Field | None, name: str) -> str:
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    if name in _EXTRA_LABELS:
        return str(_EXTRA_LABELS[name])
    return name.replace("_", " ")


def _value(field: models.Field | None, name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        if name == "opening_hours":
            return "; ".join(_opening_hours(item) for item in value)
        return ", ".join(_value(None, name, item) for item in value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return _parsed(value, datetime.datetime.fromisoformat, short_day_time)
    if isinstance(field, models.DateField):
        return _parsed(value, datetime.date.fromisoformat, date_format)
    if isinstance(field, models.TimeField):
        return _parsed(value, datetime.time.fromisoformat, clock_time)
    if isinstance(field, models.DecimalField):
        return _parsed(value, decimal.Decimal, lambda number: number_format(number, 2))
    return Truncator(str(value)).chars(VALUE_CHARS)


def _parsed(value: Any, parse, show) -> str:
    """A stored value in words, or as stored if it is not what the field holds today."""
    try:
        return show(parse(value))
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


def _opening_hours(item: Any) -> str:
    """[weekday, opens, closes] as "Montag 7:00–16:00 Uhr" (older records: as stored)."""
    if not isinstance(item, list) or len(item) != 3:
        return str(item)
    weekday, opens, closes = item
    field = apps.get_model("centers.OpeningHours")._meta.get_field("weekday")
    try:
        span = time_span(datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes))
    except (TypeError, ValueError):
        return str(item)
    return f"{dict(field.flatchoices).get(weekday, weekday)} {span}"
