"""Write use-cases of a network's results and publications (always public)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.comments.services import delete_comments_of
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from .models import Result

RESULT_SAVED = register_audit_action("network_result_saved", gettext_lazy("Result saved"))
RESULT_DELETED = register_audit_action("network_result_deleted", gettext_lazy("Result deleted"))

RESULT_FIELDS = ("title", "summary", "url", "date", "event", "occasion")


class ResultError(Exception):
    """A use-case refused; the message is shown to the person as it is."""


@transaction.atomic
def add_result(actor, network, *, file=None, **fields) -> Result:
    """A result from plain data (``RESULT_FIELDS``) and a PDF checked by core.uploads
    (uploads.PUBLICATION) or a link."""
    unknown = set(fields) - set(RESULT_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a result: {', '.join(sorted(unknown))}")
    if not file and not fields.get("url"):
        raise ResultError(_("Please upload a PDF or give a link."))
    event = fields.get("event")
    if event is not None and event.organisation_id != network.organisation_id:
        raise ResultError(_("This event belongs to another organisation."))
    result = Result(network=network, **fields)
    if file:
        result.original_name = getattr(file, "original_name", "")[:255]
        result.file.save(file.name, file, save=False)
    result.save()
    record(network.organisation, actor, RESULT_SAVED, f"{network}: {result.title}")
    return result


@transaction.atomic
def delete_result(actor, result) -> None:
    record(result.network.organisation, actor, RESULT_DELETED, f"{result.network}: {result}")
    storage, name = result.file.storage, result.file.name
    delete_comments_of(result)
    result.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
