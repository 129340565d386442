"""What a use-case changed, from the model before and after: for the audit log, and the rows
that belong to an object (an event's speakers, an organisation's known barriers) saved from
plain data. Services take data, not forms (docs/contributors.md); these helpers keep that
short."""

import copy
from datetime import date, datetime

from django.db import models
from django.template.defaultfilters import yesno
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

LONGEST_VALUE = 200


def snapshot(instance):
    """A copy of ``instance`` as it is now, to compare with after a change."""
    return copy.copy(instance)


def shorten(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"


def shown(instance, field) -> str:
    """A field's value as the pages show it: the label of a choice, a date in the reader's
    format and time zone, yes or no, the name of a related object; long texts shortened."""
    value = getattr(instance, field.name)
    if value is None or value == "":
        return ""
    if field.choices:
        return shorten(getattr(instance, f"get_{field.name}_display")())
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, bool):
        return yesno(value)
    return shorten(value)


def _file_values(before, after) -> list:
    return [
        _("(none)") if not before else _("(image)"),
        _("(removed)") if not after else _("(new image)"),
    ]


def changes_between(before, after, names) -> dict:
    """{field label: [before, after]} for the fields ``names`` whose values differ between
    the two model instances (for the audit log). Labels are the fields' verbose names, in
    the language active now."""
    changes = {}
    for name in names:
        field = after._meta.get_field(name)
        old, new = field.value_from_object(before), field.value_from_object(after)
        label = str(capfirst(field.verbose_name))
        if isinstance(field, models.FileField):
            if (old.name or "") != (new.name or ""):
                changes[label] = _file_values(old.name, new.name)
        elif old != new:
            changes[label] = [shown(before, field), shown(after, field)]
    return changes


def save_rows(manager, rows, fields) -> tuple[set, bool]:
    """Save the rows that belong to an object from plain data: ``rows`` are dicts with the
    values of ``fields``, ``"id"`` (None for a new row) and ``"delete"``. ``manager`` is the
    related manager (``event.speakers``): a new row is created through it, an existing one
    must be found in it. Rows not given stay as they are. Returns the IDs of the rows
    created or changed now, and whether anything changed."""
    touched, changed = set(), False
    for row in rows:
        values = {name: row[name] for name in fields if name in row}
        if row.get("id") is None:
            if not row.get("delete"):
                touched.add(manager.create(**values).pk)
                changed = True
            continue
        existing = manager.get(pk=row["id"])
        if row.get("delete"):
            existing.delete()
            changed = True
            continue
        different = [name for name, value in values.items() if getattr(existing, name) != value]
        if different:
            for name in different:
                setattr(existing, name, values[name])
            existing.save(update_fields=different)
            touched.add(existing.pk)
            changed = True
    return touched, changed
