"""The staff URLs of participation, for the permission matrix (tests/permission_matrix.py)."""

from django_scopes import scopes_disabled

from mitwirken.organisations.models import Role
from mitwirken.participation.models import AccessCode, Feedback, Invitation, Project

from ..permission_matrix import StaffURL
from .factories import make_module, make_project
from .ideas import staff_urls as ideas
from .surveys import staff_urls as surveys

ADMIN, EDITOR, MODERATOR = Role.ADMIN.value, Role.EDITOR.value, Role.MODERATOR.value
EDITS = {ADMIN, EDITOR}
SEES = {ADMIN, EDITOR, MODERATOR}


def objects(organisation) -> dict:
    return {**_project_objects(organisation), **surveys.objects(organisation)}


def _project_objects(organisation) -> dict:
    project = make_project(organisation, title="Projekt der Matrix", access=Project.Access.CODE)
    draft = make_project(organisation, title="Entwurf der Matrix", status=Project.Status.DRAFT)
    concluded = make_project(organisation, title="Abgeschlossen", status=Project.Status.CONCLUDED)
    with scopes_disabled():
        invitation = Invitation.objects.create(project=project, email="eingeladen@example.org")
        AccessCode.objects.create(project=project, code="MATRIXCODE1")
    with_feedback = make_project(organisation, title="Mit Rückmeldung")
    with scopes_disabled():
        Feedback.objects.create(project=with_feedback, summary="Was daraus wurde")
    return {
        "project_with_feedback": with_feedback,
        "project": project,
        "project_draft": draft,
        "project_concluded": concluded,
        "project_invitation": invitation,
        "project_module": make_module(project),
        **ideas.objects(organisation),
    }


def _pk(name="project"):
    return lambda o: {"pk": o[name].pk}


def _status(name):
    def read(o):
        with scopes_disabled():
            return Project.objects.filter(pk=o[name].pk).values_list("status", flat=True).first()

    return read


def _revoked(model, name=None, code=None):
    def read(o):
        with scopes_disabled():
            rows = model.objects.filter(pk=o[name].pk) if name else model.objects.filter(code=code)
            return rows.values_list("revoked_at", flat=True).first() is not None

    return read


def _titles(o):
    with scopes_disabled():
        return sorted(
            Project.objects.filter(organisation=o["project"].organisation).values_list(
                "title", flat=True
            )
        )


STAFF_URLS = {
    "participation:staff_list": StaffURL(SEES),
    "participation:staff_new": StaffURL(EDITS),
    "participation:staff_edit": StaffURL(EDITS, kwargs=_pk()),
    "participation:staff_phases": StaffURL(EDITS, kwargs=_pk()),
    "participation:staff_dashboard": StaffURL(SEES, kwargs=_pk()),
    "participation:staff_module_new": StaffURL(EDITS, kwargs=_pk()),
    "participation:staff_module": StaffURL(
        EDITS, kwargs=lambda o: {"pk": o["project"].pk, "module": o["project_module"].pk}
    ),
    "participation:staff_publish": StaffURL(
        EDITS, "post", kwargs=_pk("project_draft"), effect=_status("project_draft")
    ),
    "participation:staff_conclude": StaffURL(EDITS, kwargs=_pk()),
    "participation:staff_archive": StaffURL(
        EDITS, "post", kwargs=_pk("project_concluded"), effect=_status("project_concluded")
    ),
    "participation:staff_access": StaffURL(EDITS, kwargs=_pk()),
    "participation:staff_invitation_revoke": StaffURL(
        EDITS,
        "post",
        kwargs=lambda o: {"pk": o["project"].pk, "invitation": o["project_invitation"].pk},
        effect=_revoked(Invitation, "project_invitation"),
    ),
    "participation:staff_feedback": StaffURL(EDITS, kwargs=_pk()),
    "participation:staff_feedback_publish": StaffURL(EDITS, kwargs=_pk("project_with_feedback")),
    "participation:staff_codes_export": StaffURL(EDITS, kwargs=_pk()),
    "participation:staff_code_revoke": StaffURL(
        EDITS,
        "post",
        kwargs=_pk(),
        data=lambda o: {"code": "MATRIXCODE1"},
        effect=_revoked(AccessCode, code="MATRIXCODE1"),
    ),
}

# The idea collection's (tests/participation/ideas/staff_urls.py).
STAFF_URLS.update(ideas.STAFF_URLS)
# The survey module's staff URLs (tests/participation/surveys/staff_urls.py).
STAFF_URLS.update(surveys.STAFF_URLS)
