"""What a revision of a document changed: the data behind the admin's diff page.

django-reversion stores each save of a document as one revision holding the document
and the parts it follows (method facts, questions, attachments). A revision is compared
with the one before it, object by object and field by field; long texts line by line.
"""

import difflib
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Version

# Long texts are compared line by line, everything else as a whole.
LINE_DIFF_FIELDS = {"body", "answer", "summary", "steps", "materials"}


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "context", "removed", "added" or "gap"
    text: str


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    lines: list[DiffLine] = field(default_factory=list)


@dataclass
class ObjectChange:
    label: str
    state: str  # "added", "removed" or "changed"
    fields: list[FieldChange]


def previous_version(version: Version) -> Version | None:
    """The version of the same object saved just before ``version``."""
    return (
        Version.objects.get_for_object_reference(version._model, version.object_id)
        .filter(pk__lt=version.pk)
        .select_related("revision")
        .order_by("-pk")
        .first()
    )


def _shown(model_field: models.Field, value, names: dict) -> str:
    if value in (None, "", []):
        return "–"
    if model_field.many_to_many:
        return ", ".join(
            sorted(names.get((model_field.related_model, pk), f"#{pk}") for pk in value)
        )
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _related_names(dicts: list[tuple[type[models.Model], dict]]) -> dict:
    """Names of every object a foreign key or many-to-many value points to (one query
    per related model)."""
    wanted: dict[type[models.Model], set] = {}
    for model, values in dicts:
        for name, value in values.items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.is_relation and value not in (None, ""):
                ids = value if model_field.many_to_many else [value]
                wanted.setdefault(model_field.related_model, set()).update(ids)
    return {
        (related, pk): str(obj)
        for related, ids in wanted.items()
        for pk, obj in related._default_manager.in_bulk(list(ids)).items()
    }


def _line_diff(before: str, after: str) -> list[DiffLine]:
    lines = []
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
    for line in list(diff)[2:]:  # skip the "---"/"+++" file header
        if line.startswith("@@"):
            lines.append(DiffLine("gap", "…"))
        elif line.startswith("-"):
            lines.append(DiffLine("removed", line[1:]))
        elif line.startswith("+"):
            lines.append(DiffLine("added", line[1:]))
        else:
            lines.append(DiffLine("context", line[1:]))
    return lines


def _field_changes(
    model: type[models.Model], before: dict, after: dict, names: dict
) -> list[FieldChange]:
    changes = []
    for name in after.keys() | before.keys():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a field that no longer exists
        if not model_field.editable or model_field.primary_key:
            continue
        old, new = before.get(name), after.get(name)
        if old == new or (old in (None, "") and new in (None, "")):
            continue
        change = FieldChange(
            label=str(model_field.verbose_name),
            before=_shown(model_field, old, names),
            after=_shown(model_field, new, names),
        )
        if name in LINE_DIFF_FIELDS:
            change.lines = _line_diff(old or "", new or "")
        changes.append(change)
    order = [str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")]
    changes.sort(key=lambda change: order.index(change.label) if change.label in order else 999)
    return changes


def _versions(version: Version | None) -> dict[tuple[int, str], Version]:
    """The versions in ``version``'s revision that belong to its object: the object
    itself and its parts (whatever else a revision may hold is not shown)."""
    if version is None:
        return {}
    owner = str(version.object_id)
    own = {}
    for item in version.revision.version_set.select_related("content_type"):
        is_owner = item.content_type_id == version.content_type_id and item.object_id == owner
        is_part = str(_values(item).get("document_id")) == owner
        if is_owner or is_part:
            own[(item.content_type_id, item.object_id)] = item
    return own


def _values(version: Version) -> dict:
    """The stored field values (ids for relations), without touching the live objects;
    empty for data the current models can no longer read."""
    try:
        return dict(version.field_dict)
    except RevertError:
        return {}


def revision_changes(version: Version) -> list[ObjectChange]:
    """What the revision of ``version`` changed compared with the revision before it."""
    after_versions = _versions(version)
    before_versions = _versions(previous_version(version))
    keys = sorted(
        after_versions.keys() | before_versions.keys(),
        key=lambda key: (key != (version.content_type_id, version.object_id), key),
    )
    pairs = []
    for key in keys:
        after, before = after_versions.get(key), before_versions.get(key)
        model = (after or before)._model
        pairs.append((model, after, before))
    names = _related_names(
        [(model, _values(item)) for model, *items in pairs for item in items if item]
    )
    result = []
    for model, after, before in pairs:
        label = f"{model._meta.verbose_name}: {(after or before).object_repr}"
        if before is None:
            result.append(
                ObjectChange(label, "added", _field_changes(model, {}, _values(after), names))
            )
        elif after is None:
            result.append(ObjectChange(label, "removed", []))
        else:
            changes = _field_changes(model, _values(before), _values(after), names)
            if changes:
                result.append(ObjectChange(label, "changed", changes))
    return result
