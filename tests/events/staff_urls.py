"""The staff URLs of events, for the permission matrix (tests/permission_matrix.py)."""

from django_scopes import scopes_disabled

from mitwirken.events.models import Material
from mitwirken.organisations.models import AuditLogEntry, Role

from ..permission_matrix import StaffURL
from .factories import ask, make_event

ADMIN, EDITOR, MODERATOR = Role.ADMIN.value, Role.EDITOR.value, Role.MODERATOR.value
STAFF = {ADMIN, EDITOR, MODERATOR}
PLANNERS = {ADMIN, EDITOR}


def objects(organisation) -> dict:
    event = make_event(organisation, capacity=5)
    with scopes_disabled():
        return {
            "event": event,
            "question": ask(event, kind="short_text", label="Dienststelle"),
            "material": event.materials.create(
                kind="slides", title="Alte Folien", url="https://example.org/alt"
            ),
            "registration": event.registrations.create(
                name="Erika",
                email=f"erika@{organisation.slug}.example",
                status="confirmed",
                privacy_version="v1",
            ),
        }


def _event(o):
    return {"pk": o["event"].pk}


def _materials(event):
    with scopes_disabled():
        return sorted(Material.objects.filter(event=event).values_list("title", flat=True))


def _audit(event, action):
    with scopes_disabled():
        return AuditLogEntry.objects.filter(organisation=event.organisation, action=action).count()


def _fresh(instance, field):
    with scopes_disabled():
        found = type(instance).objects.filter(pk=instance.pk).values_list(field, flat=True)
        return found.first()


STAFF_URLS = {
    "events:staff_list": StaffURL(STAFF),
    "events:staff_new": StaffURL(PLANNERS),
    "events:staff_create": StaffURL(PLANNERS),
    "events:staff_edit": StaffURL(PLANNERS, kwargs=_event),
    "events:staff_duplicate": StaffURL(PLANNERS, kwargs=_event),
    "events:staff_cancel": StaffURL(
        PLANNERS, "post", kwargs=_event, effect=lambda o: _fresh(o["event"], "status")
    ),
    "events:staff_questions": StaffURL(PLANNERS, kwargs=_event),
    "events:staff_question_delete": StaffURL(
        PLANNERS,
        "post",
        kwargs=lambda o: {**_event(o), "question_id": o["question"].pk},
        effect=lambda o: _fresh(o["question"], "pk"),
    ),
    "events:staff_registrations": StaffURL(STAFF, kwargs=_event),
    "events:staff_registrations_apply": StaffURL(
        STAFF,
        "post",
        kwargs=_event,
        data=lambda o: {
            "action": "cancel",
            "registration": o["registration"].pk,
            "confirmed": "1",
        },
        effect=lambda o: _fresh(o["registration"], "status"),
    ),
    "events:staff_export": StaffURL(STAFF, kwargs=lambda o: {**_event(o), "file_format": "csv"}),
    "events:staff_attendance": StaffURL(STAFF, kwargs=_event),
    "events:staff_check_in_code": StaffURL(
        STAFF, "post", kwargs=_event, effect=lambda o: _fresh(o["event"], "check_in_code")
    ),
    "events:staff_materials": StaffURL(STAFF, kwargs=_event),
    "events:staff_material_add": StaffURL(
        STAFF,
        "post",
        kwargs=_event,
        data=lambda o: {
            "kind": "slides",
            "title": "Folien",
            "url": "https://example.org/folien",
            "visibility": "public",
        },
        effect=lambda o: _materials(o["event"]),
    ),
    "events:staff_material_delete": StaffURL(
        STAFF,
        "post",
        kwargs=lambda o: {**_event(o), "material_id": o["material"].pk},
        effect=lambda o: _fresh(o["material"], "pk"),
    ),
    "events:staff_materials_notify": StaffURL(
        STAFF, "post", kwargs=_event, effect=lambda o: _audit(o["event"], "materials_announced")
    ),
    "events:staff_message": StaffURL(STAFF, kwargs=_event),
}
