"""Change records store the kind of object and raw values; older ones are converted.

Older records kept a sentence in the language of the person who made the change
("Angebot: Krabbelgruppe", "Invitation: a@b.example (Koordinator:in)"), and cooperation
kinds as labels. The prefixes and labels below are those of that time, in German and
English: they are frozen here on purpose. A subject without a known prefix stays as it is.
Opening hours ("Montag 07:00–16:00") and a moved date's times ("Krabbelgruppe,
03.12.2026 09:00") become raw values too; anything else stays as stored.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.db import migrations, models

# kind: (German prefix, English prefix); a prefix without ": " is the whole subject.
PREFIXES = {
    "offer": ("Angebot: ", "Offer: "),
    "date": ("Termin: ", "Date: "),
    "closure": ("Schließzeit: ", "Closure: "),
    "profile": ("Profil des Zentrums", "Profile of the centre"),
    "opening_hours": ("Öffnungszeiten", "Opening hours"),
    "cooperation": ("Kooperation: ", "Cooperation: "),
    "photo": ("Foto: ", "Photo: "),
    "invitation": ("Einladung: ", "Invitation: "),
    "invitation_declined": ("Einladung abgelehnt: ", "Invitation declined: "),
    "team_member": ("Teammitglied: ", "Team member: "),
}
ROLES = {
    "Fachkraft": "staff",
    "staff member": "staff",
    "Koordinator:in": "coordinator",
    "coordinator": "coordinator",
}
COOPERATION_KINDS = {
    "schriftliche Vereinbarung": "vereinbarung",
    "written agreement": "vereinbarung",
    "regelmäßige Zusammenarbeit": "regelmaessig",
    "regular cooperation": "regelmaessig",
    "gelegentliche Zusammenarbeit": "gelegentlich",
    "occasional cooperation": "gelegentlich",
}

WEEKDAYS = {
    **{
        name: n
        for n, name in enumerate(
            ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
        )
    },
    **{
        name: n
        for n, name in enumerate(
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        )
    },
}
PERIOD = re.compile(r"^(\w+) (\d\d:\d\d)–(\d\d:\d\d)$")
# The time zone the portal wrote these times in (settings.TIME_ZONE at the time).
BERLIN = ZoneInfo("Europe/Berlin")


def _period(value):
    """ "Montag 07:00–16:00" → [0, "07:00:00", "16:00:00"]."""
    match = PERIOD.match(value) if isinstance(value, str) else None
    if not match or match[1] not in WEEKDAYS:
        return value
    return [WEEKDAYS[match[1]], f"{match[2]}:00", f"{match[3]}:00"]


def _start(value):
    """ "Krabbelgruppe, 03.12.2026 09:00" → the ISO date and time it names."""
    if not isinstance(value, str):
        return value
    try:
        moment = datetime.datetime.strptime(value.rpartition(", ")[2], "%d.%m.%Y %H:%M")
    except ValueError:
        return value
    return moment.replace(tzinfo=BERLIN).isoformat()


def _split(subject: str) -> tuple[str, str]:
    for kind, prefixes in PREFIXES.items():
        for prefix in prefixes:
            if prefix.endswith(": ") and subject.startswith(prefix):
                return kind, subject[len(prefix) :]
            if subject == prefix:
                return kind, ""
    return "", subject


def records_split(apps, schema_editor) -> None:
    ChangeRecord = apps.get_model("centers", "ChangeRecord")
    for record in ChangeRecord.objects.filter(kind="").iterator():
        kind, subject = _split(record.subject)
        if not kind:
            continue
        changes = dict(record.changes or {})
        if kind == "invitation_declined":
            kind, record.action = "invitation", "declined"
        if kind in ("invitation", "team_member") and subject.endswith(")") and " (" in subject:
            email, _space, role = subject[:-1].rpartition(" (")
            if role in ROLES:
                subject = email
                role_change = (
                    [ROLES[role], None] if record.action == "declined" else [None, ROLES[role]]
                )
                changes["role"] = role_change
        if kind == "cooperation" and isinstance(changes.get("kind"), list):
            changes["kind"] = [COOPERATION_KINDS.get(value, value) for value in changes["kind"]]
        if kind == "opening_hours" and isinstance(changes.get("opening_hours"), list):
            changes["opening_hours"] = [
                [_period(item) for item in side] if isinstance(side, list) else side
                for side in changes["opening_hours"]
            ]
        if kind == "date" and isinstance(changes.get("start"), list):
            changes["start"] = [_start(value) for value in changes["start"]]
        record.kind, record.subject, record.changes = kind, subject, changes
        record.save(update_fields=["action", "kind", "subject", "changes"])


def records_join(apps, schema_editor) -> None:
    """Back: the German sentence again (nothing is lost)."""
    ChangeRecord = apps.get_model("centers", "ChangeRecord")
    for record in ChangeRecord.objects.exclude(kind="").iterator():
        declined = record.kind == "invitation" and record.action == "declined"
        if declined:
            record.action = "deleted"
        prefix = PREFIXES["invitation_declined" if declined else record.kind][0]
        record.subject = prefix + record.subject if prefix.endswith(": ") else prefix
        record.save(update_fields=["action", "subject"])


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0002_centerphoto_variants_invitation_changerecord"),
    ]

    operations = [
        migrations.AddField(
            model_name="changerecord",
            name="kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("offer", "Offer"),
                    ("date", "Date"),
                    ("closure", "Closure"),
                    ("profile", "Profile of the centre"),
                    ("opening_hours", "Opening hours"),
                    ("cooperation", "Cooperation"),
                    ("photo", "Photo"),
                    ("invitation", "Invitation"),
                    ("team_member", "Team member"),
                ],
                help_text="Empty for records older than this field: their subject says it all.",
                max_length=20,
                verbose_name="kind of object",
            ),
        ),
        migrations.AlterField(
            model_name="changerecord",
            name="changes",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Changed fields by their names, with their old and new raw values.",
                verbose_name="details",
            ),
        ),
        migrations.AlterField(
            model_name="changerecord",
            name="subject",
            field=models.CharField(
                blank=True,
                help_text="The object's name, e.g. 'Krabbelgruppe'.",
                max_length=200,
                verbose_name="what",
            ),
        ),
        migrations.AlterField(
            model_name="changerecord",
            name="action",
            field=models.CharField(
                choices=[
                    ("created", "created"),
                    ("changed", "changed"),
                    ("deleted", "deleted"),
                    ("published", "published"),
                    ("archived", "archived"),
                    ("cancelled", "cancelled"),
                    ("restored", "took place again"),
                    ("moved", "moved"),
                    ("invited", "invited"),
                    ("declined", "declined"),
                ],
                max_length=20,
                verbose_name="action",
            ),
        ),
        migrations.RunPython(records_split, records_join),
    ]
