"""The staff URLs of the idea collection, for the permission matrix (tests/permission_matrix.py,
through tests/participation/staff_urls.py)."""

from django_scopes import scope, scopes_disabled

from mitwirken.comments.models import Report
from mitwirken.organisations.models import Role
from mitwirken.participation.models_ideas import Idea

from ...factories import UserFactory
from ...permission_matrix import StaffURL
from .helpers import kwargs_of, make_collection, make_idea

MODERATES = {Role.ADMIN.value, Role.MODERATOR.value}


def objects(organisation) -> dict:
    collection = make_collection(organisation, title="Matrix-Ideen")
    author = UserFactory()
    idea = make_idea(collection, author, title="Bänke")
    duplicate = make_idea(collection, author, title="Sitzbänke")
    reported = make_idea(collection, author, title="Gemeldet")
    with scope(organisation=organisation):
        Report.objects.create(
            organisation=organisation, target=reported, reporter=UserFactory(), reason="spam"
        )
    return {
        "idea_collection": collection,
        "idea": idea,
        "idea_duplicate": duplicate,
        "idea_reported": reported,
    }


def _module(o):
    return {k: v for k, v in kwargs_of(o["idea_collection"]).items() if k != "org"}


def _idea(name):
    return lambda o: {**_module(o), "idea": o[name].pk}


def _field(name, field):
    def read(o):
        with scopes_disabled():
            return Idea.objects.filter(pk=o[name].pk).values_list(field, flat=True).first()

    return read


def _reports(o):
    with scopes_disabled():
        return list(
            Report.objects.filter(object_id=o["idea_reported"].pk).values_list(
                "decision", flat=True
            )
        )


STAFF_URLS = {
    "participation:staff_ideas": StaffURL(MODERATES, kwargs=_module),
    "participation:staff_idea_reports": StaffURL(MODERATES, kwargs=_module),
    "participation:staff_idea_status": StaffURL(MODERATES, kwargs=_idea("idea")),
    "participation:staff_idea_merge": StaffURL(MODERATES, kwargs=_idea("idea_duplicate")),
    "participation:staff_idea_offline": StaffURL(MODERATES, kwargs=_module),
    "participation:staff_idea_categories": StaffURL(MODERATES, kwargs=_module),
}

# The POSTs, each with the state it changes.
POSTS = {
    "participation:staff_idea_hide": StaffURL(
        MODERATES,
        "post",
        kwargs=_idea("idea_reported"),
        data=lambda o: {"reason": "Beleidigend"},
        effect=_field("idea_reported", "hidden_at"),
    ),
    "participation:staff_idea_keep": StaffURL(
        MODERATES,
        "post",
        kwargs=_idea("idea_reported"),
        data=lambda o: {"reason": ""},
        effect=_reports,
    ),
}
STAFF_URLS.update(POSTS)
