"""The staff URLs of organisations, for the permission matrix (tests/permission_matrix.py)."""

from django_scopes import scopes_disabled

from mitwirken.organisations.models import BarrierReport, Invitation, Role

from ..factories import make_staff
from ..permission_matrix import StaffURL

ADMIN, EDITOR, MODERATOR = Role.ADMIN.value, Role.EDITOR.value, Role.MODERATOR.value
STAFF = {ADMIN, EDITOR, MODERATOR}


def objects(organisation) -> dict:
    with scopes_disabled():
        editor = make_staff(organisation, Role.EDITOR)
        return {
            "staff_role": editor.staff_roles.get(organisation=organisation),
            "invitation": Invitation.objects.create(
                organisation=organisation, email=f"neu@{organisation.slug}.example", role=EDITOR
            ),
            "report": BarrierReport.objects.create(
                organisation=organisation, message="Kontrast zu gering"
            ),
        }


def _fresh(instance, field):
    with scopes_disabled():
        found = type(instance).objects.filter(pk=instance.pk).values_list(field, flat=True)
        return found.first()


STAFF_URLS = {
    "organisations:staff_home": StaffURL(STAFF),
    "organisations:edit_profile": StaffURL({ADMIN}),
    "organisations:edit_legal_pages": StaffURL({ADMIN}),
    "organisations:staff_list": StaffURL({ADMIN}),
    "organisations:staff_role_change": StaffURL(
        {ADMIN},
        "post",
        kwargs=lambda o: {"staff_role_id": o["staff_role"].pk},
        data=lambda o: {f"m{o['staff_role'].pk}-role": MODERATOR},
        effect=lambda o: _fresh(o["staff_role"], "role"),
    ),
    "organisations:staff_remove": StaffURL(
        {ADMIN},
        "post",
        kwargs=lambda o: {"staff_role_id": o["staff_role"].pk},
        effect=lambda o: _fresh(o["staff_role"], "pk"),
    ),
    "organisations:revoke_invitation": StaffURL(
        {ADMIN},
        "post",
        kwargs=lambda o: {"invitation_id": o["invitation"].pk},
        effect=lambda o: _fresh(o["invitation"], "pk"),
    ),
    "organisations:audit_log": StaffURL({ADMIN}),
    "organisations:barrier_reports": StaffURL({ADMIN, MODERATOR}),
    "organisations:barrier_report_answered": StaffURL(
        {ADMIN, MODERATOR},
        "post",
        kwargs=lambda o: {"report_id": o["report"].pk},
        effect=lambda o: _fresh(o["report"], "answered_at"),
    ),
}
# Platform URLs: only the platform admin. (kwargs, method)
PLATFORM_URLS = {
    "organisations:create": ({}, "get"),
    "core:platform_page_edit": ({"key": "leichte-sprache"}, "get"),
}
