"""Use-cases of running a network (the staff pages and the coordinators' question builder):
create and change it, its topics and guiding questions, publish, conclude and reopen it, and
the questions asked of applicants. Plain data in, one transaction each, each in the audit log.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.core import uploads
from mitwirken.core.changes import changes_between, save_rows, snapshot
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record
from mitwirken.questionnaires import services as questionnaires
from mitwirken.questionnaires.models import Question

from .models import Network

NETWORK_CREATED = register_audit_action("network_created", gettext_lazy("Network created"))
NETWORK_CHANGED = register_audit_action("network_changed", gettext_lazy("Network changed"))
NETWORK_PUBLISHED = register_audit_action("network_published", gettext_lazy("Network published"))
NETWORK_CONCLUDED = register_audit_action("network_concluded", gettext_lazy("Network concluded"))
NETWORK_REOPENED = register_audit_action("network_reopened", gettext_lazy("Network reopened"))

# What staff set on a network (the fields of the staff form, in its order), and of its rows.
NETWORK_FIELDS = (
    "name",
    "kind",
    "teaser",
    "description",
    "goal",
    "term_from",
    "term_until",
    "meeting_rhythm",
    "contact_name",
    "contact_email",
    "contact_phone",
    "image",
    "image_alt",
    "join_policy",
    "members_audience",
    "discussion_audience",
    "documents_audience",
    "notes_audience",
    "mail_excerpts",
)
TOPIC_FIELDS = ("position", "name", "text")
GUIDING_QUESTION_FIELDS = ("position", "text")

Status = Network.Status


class NetworkStateError(Exception):
    """A step that does not fit the network's status (publish a concluded network, …)."""


def _check_fields(fields) -> None:
    unknown = set(fields) - set(NETWORK_FIELDS)
    if unknown:
        raise TypeError(f"Not a field staff set on a network: {', '.join(sorted(unknown))}")


def _check_term(network) -> None:
    if network.term_from and network.term_until and network.term_until < network.term_from:
        raise ValueError("A network's term cannot end before it begins.")


def _locked(network) -> Network:
    return Network.objects.select_for_update().select_related("organisation").get(pk=network.pk)


def _image_fields(fields, remove_image) -> dict:
    """``image``: a new image checked by ``core.uploads.check`` (None: keep the one there);
    ``remove_image`` removes it."""
    fields = dict(fields)
    if not fields.get("image"):
        fields.pop("image", None)
        if remove_image:
            fields["image"] = ""
    return fields


@transaction.atomic
def create_network(
    actor, organisation, *, topics=(), guiding_questions=(), remove_image=False, **fields
) -> Network:
    """A new network of ``organisation`` as a draft, from plain data: its fields
    (``NETWORK_FIELDS``) as keyword arguments, its topics and guiding questions as rows
    (dicts of ``TOPIC_FIELDS`` / ``GUIDING_QUESTION_FIELDS``, see ``core.changes.save_rows``)."""
    _check_fields(fields)
    fields = _image_fields(fields, remove_image=False)
    network = Network(organisation=organisation, status=Status.DRAFT, **fields)
    _check_term(network)
    network.save()
    _save_ordered(network.topics, topics, TOPIC_FIELDS)
    _save_ordered(network.guiding_questions, guiding_questions, GUIDING_QUESTION_FIELDS)
    record(organisation, actor, NETWORK_CREATED, network.name)
    return network


@transaction.atomic
def update_network(
    actor, network, *, topics=(), guiding_questions=(), remove_image=False, **fields
) -> Network:
    """Save staff changes: the fields given (``NETWORK_FIELDS``; the others stay) and the rows
    of topics and guiding questions given (new, changed or deleted; rows not given stay). The
    audit log gets one entry with what changed, read from the network before and after."""
    _check_fields(fields)
    fields = _image_fields(fields, remove_image)
    network = _locked(network)
    before = snapshot(network)
    old_image, storage = network.image.name, network.image.storage
    for name, value in fields.items():
        setattr(network, name, value)
    _check_term(network)
    network.save()
    if network.image.name != old_image:  # a replaced image must not stay public
        uploads.delete_after_commit(storage, old_image)
    order = {name: index for index, name in enumerate(NETWORK_FIELDS)}
    changes = changes_between(before, network, sorted(fields, key=order.__getitem__))
    changes |= _row_changes(network, topics, guiding_questions)
    if changes:
        record(network.organisation, actor, NETWORK_CHANGED, network.name, changes)
    return network


def _row_changes(network, topics, guiding_questions) -> dict:
    changes = {}
    for label, manager, rows, fields in (
        (_("Topics"), network.topics, topics, TOPIC_FIELDS),
        (
            _("Guiding questions"),
            network.guiding_questions,
            guiding_questions,
            GUIDING_QUESTION_FIELDS,
        ),
    ):
        count = manager.count() if rows else 0
        if rows and _save_ordered(manager, rows, fields):
            changes[str(label)] = [str(count), str(manager.count())]
    return changes


def _save_ordered(manager, rows, fields) -> bool:
    """Save rows that have a ``position``: a row without one goes to the end."""
    last = max(manager.values_list("position", flat=True), default=0)
    placed = []
    for row in rows:
        row = dict(row)
        if row.get("position") is None and not row.get("delete"):
            last += 1
            row["position"] = last
        placed.append(row)
    return save_rows(manager, placed, fields)[1]


@transaction.atomic
def set_topics(actor, network, rows) -> Network:
    """New, changed or deleted topics (rows of ``TOPIC_FIELDS`` with ``id`` and ``delete``,
    see ``core.changes.save_rows``; rows not given stay)."""
    return update_network(actor, network, topics=rows)


@transaction.atomic
def set_guiding_questions(actor, network, rows) -> Network:
    """New, changed or deleted guiding questions (rows of ``GUIDING_QUESTION_FIELDS``)."""
    return update_network(actor, network, guiding_questions=rows)


def _move(actor, network, allowed_from, to, action) -> Network:
    network = _locked(network)
    if network.status == to:
        return network  # twice is once (a form sent again)
    if network.status not in allowed_from:
        raise NetworkStateError(network.status)
    before = network.get_status_display()
    network.status = to
    network.save(update_fields=["status", "updated_at"])
    changes = {str(_("Status")): [str(before), str(network.get_status_display())]}
    record(network.organisation, actor, action, network.name, changes)
    return network


@transaction.atomic
def publish_network(actor, network) -> Network:
    """A draft becomes active: visible to everyone, open to join as its policy says."""
    return _move(actor, network, {Status.DRAFT}, Status.ACTIVE, NETWORK_PUBLISHED)


@transaction.atomic
def conclude_network(actor, network) -> Network:
    """An active network is concluded: it stays readable as an archive, nobody joins or
    posts any more."""
    return _move(actor, network, {Status.ACTIVE}, Status.CONCLUDED, NETWORK_CONCLUDED)


@transaction.atomic
def reopen_network(actor, network) -> Network:
    """A concluded network becomes active again."""
    return _move(actor, network, {Status.CONCLUDED}, Status.ACTIVE, NETWORK_REOPENED)


@transaction.atomic
def add_application_question(
    network, *, kind, label, help_text="", required=False, options=(), config=None
) -> Question:
    """Add a question asked of applicants; the network's questionnaire is made with the first
    (under the network's lock, so that two first questions at once make one)."""
    locked = _locked(network)
    if locked.application_questionnaire_id is None:
        locked.application_questionnaire = questionnaires.new_questionnaire(locked.organisation)
        locked.save(update_fields=["application_questionnaire", "updated_at"])
    network.application_questionnaire_id = locked.application_questionnaire_id
    return questionnaires.add_question(
        locked.application_questionnaire,
        kind=kind,
        label=label,
        help_text=help_text,
        required=required,
        options=options,
        config=config,
    )


@transaction.atomic
def delete_application_question(network, question) -> bool:
    """Delete a question nobody has answered yet; answered ones stay (False)."""
    if question.questionnaire_id != network.application_questionnaire_id:
        raise ValueError("Not a question of this network.")
    return questionnaires.delete_question(question)
