"""The network URLs of meetings, notes, photos, documents and results, for the network
permission matrix (tests/networks/matrix.py). The network: active, published, with the
default audiences (documents for members, notes public)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.networks.models import Meeting, Photo, Result

from ..core import upload_samples as samples
from ..events.factories import make_event
from .matrix import EVERYONE, MEMBERS_AND_UP, RUNS_NETWORK, NetworkURL
from .meeting_helpers import make_document, make_meeting, make_photos


def objects(network) -> dict:
    meeting = make_meeting(network, days=-14, title="Jahrestreffen")
    photo = make_photos(meeting, 1)[0]
    document = make_document(network, audience="members")
    free_event = make_event(
        network.organisation,
        title="Noch kein Treffen",
        starts_at=(timezone.now() + timedelta(days=30)).replace(second=0, microsecond=0),
    )
    with scopes_disabled():
        result = Result(network=network, title="Abschlussbericht", date="2014-01-01")
        result.file.save("upload.pdf", ContentFile(samples.PDF), save=False)
        result.save()
        version = document.versions.get()
    return {
        "meeting": meeting,
        "photo": photo,
        "document": document,
        "folder": document.folder,
        "version": version,
        "result": result,
        "free_event": free_event,
    }


def _meeting(objects):
    return {"meeting": objects["meeting"].pk}


def _photo(objects):
    return {"meeting": objects["meeting"].pk, "photo": objects["photo"].pk}


def _exists(model, key):
    def effect(objects):
        with scopes_disabled():
            return model.objects.filter(pk=objects[key].pk).exists()

    return effect


def _meetings_of_network(objects):
    with scopes_disabled():
        return Meeting.objects.filter(network=objects["network"]).count()


def _eligibility(objects):
    with scopes_disabled():
        return (
            type(objects["meeting"].event).objects.get(pk=objects["meeting"].event_id).eligibility
        )


def _documents_exist(objects):
    with scopes_disabled():
        return type(objects["document"]).objects.filter(pk=objects["document"].pk).exists()


def _folder_exists(objects):
    with scopes_disabled():
        return type(objects["folder"]).objects.filter(pk=objects["folder"].pk).exists()


NETWORK_URLS = {
    "meetings": NetworkURL(EVERYONE),
    "meeting_link": NetworkURL(
        RUNS_NETWORK,
        "post",
        data=lambda o: {"event": o["free_event"].pk, "members_only": "on"},
        effect=_meetings_of_network,
    ),
    "meeting": NetworkURL(EVERYONE, kwargs=_meeting),
    "meeting_members_only": NetworkURL(
        RUNS_NETWORK,
        "post",
        kwargs=_meeting,
        data=lambda o: {"members_only": "on"},
        effect=_eligibility,
    ),
    "meeting_unlink": NetworkURL(
        RUNS_NETWORK, "post", kwargs=_meeting, effect=_exists(Meeting, "meeting")
    ),
    "notes_edit": NetworkURL(RUNS_NETWORK, kwargs=_meeting),
    "photos_add": NetworkURL(RUNS_NETWORK, kwargs=_meeting),
    "photos_zip": NetworkURL(EVERYONE, kwargs=_meeting),
    "photo": NetworkURL(EVERYONE, kwargs=_photo),
    "photo_thumbnail": NetworkURL(EVERYONE, kwargs=_photo),
    "photo_delete": NetworkURL(RUNS_NETWORK, "post", kwargs=_photo, effect=_exists(Photo, "photo")),
    "documents": NetworkURL(MEMBERS_AND_UP),
    "folder_new": NetworkURL(RUNS_NETWORK),
    "folder_edit": NetworkURL(RUNS_NETWORK, kwargs=lambda o: {"folder": o["folder"].pk}),
    "folder_delete": NetworkURL(
        RUNS_NETWORK, "post", kwargs=lambda o: {"folder": o["folder"].pk}, effect=_folder_exists
    ),
    "document_new": NetworkURL(RUNS_NETWORK, kwargs=lambda o: {"folder": o["folder"].pk}),
    "document": NetworkURL(MEMBERS_AND_UP, kwargs=lambda o: {"document": o["document"].pk}),
    "version_new": NetworkURL(RUNS_NETWORK, kwargs=lambda o: {"document": o["document"].pk}),
    "document_delete": NetworkURL(
        RUNS_NETWORK,
        "post",
        kwargs=lambda o: {"document": o["document"].pk},
        effect=_documents_exist,
    ),
    "version_download": NetworkURL(
        MEMBERS_AND_UP,
        kwargs=lambda o: {"document": o["document"].pk, "version": o["version"].pk},
    ),
    "results": NetworkURL(EVERYONE),
    "result_new": NetworkURL(RUNS_NETWORK),
    "result": NetworkURL(EVERYONE, kwargs=lambda o: {"result": o["result"].pk}),
    "result_file": NetworkURL(EVERYONE, kwargs=lambda o: {"result": o["result"].pk}),
    "result_delete": NetworkURL(
        RUNS_NETWORK,
        "post",
        kwargs=lambda o: {"result": o["result"].pk},
        effect=_exists(Result, "result"),
    ),
}
