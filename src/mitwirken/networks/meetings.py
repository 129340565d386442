"""Write use-cases of a network's meetings: link an event of the organisation as a meeting
(optionally for members only), its notes (Protokoll) with expectations and results, and the
pinboard photos. One transaction each, every change in the organisation's audit log."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.comments.services import delete_comments_of
from mitwirken.events.models import Event
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from . import files
from .models import Meeting, MeetingNotes, NotesItem, Photo

# The code events.eligibility knows the network's members by (registered in apps.py).
MEMBERS_ONLY = "network_members"

MEETING_LINKED = register_audit_action("network_meeting_linked", gettext_lazy("Meeting linked"))
MEETING_UNLINKED = register_audit_action(
    "network_meeting_unlinked", gettext_lazy("Meeting removed from a network")
)
NOTES_SAVED = register_audit_action("network_notes_saved", gettext_lazy("Meeting notes saved"))
PHOTOS_ADDED = register_audit_action("network_photos_added", gettext_lazy("Photos added"))
PHOTO_DELETED = register_audit_action("network_photo_deleted", gettext_lazy("Photo deleted"))


class MeetingError(Exception):
    """A use-case refused; the message is shown to the person as it is."""


def _set_eligibility(event, members_only: bool) -> None:
    wanted = MEMBERS_ONLY if members_only else ""
    if event.eligibility in ("", MEMBERS_ONLY) and event.eligibility != wanted:
        event.eligibility = wanted
        event.save(update_fields=["eligibility", "updated_at"])


@transaction.atomic
def link_event(actor, network, event, *, members_only=False) -> Meeting:
    """Make an event of the network's organisation one of its meetings; ``members_only``:
    only the network's members may register for it."""
    if event.organisation_id != network.organisation_id:
        raise MeetingError(_("This event belongs to another organisation."))
    event = Event.objects.select_for_update().get(pk=event.pk)
    if Meeting.objects.filter(event=event).exists():
        raise MeetingError(_("This event is already a meeting of a network."))
    meeting = Meeting.objects.create(network=network, event=event)
    _set_eligibility(event, members_only)
    record(network.organisation, actor, MEETING_LINKED, f"{network}: {event}")
    return meeting


@transaction.atomic
def set_members_only(actor, meeting, members_only: bool) -> Meeting:
    _set_eligibility(meeting.event, members_only)
    record(meeting.network.organisation, actor, MEETING_LINKED, f"{meeting.network}: {meeting}")
    return meeting


@transaction.atomic
def unlink_event(actor, meeting) -> None:
    """The event stays; it is no longer a meeting of the network (nor for its members only).
    Its notes and photos go with the link."""
    _set_eligibility(meeting.event, False)
    photos = list(Photo.objects.filter(notes__meeting=meeting))
    notes = MeetingNotes.objects.filter(meeting=meeting).first()
    if notes is not None:
        delete_comments_of(notes)
    record(meeting.network.organisation, actor, MEETING_UNLINKED, f"{meeting.network}: {meeting}")
    meeting.delete()
    _delete_files_after_commit(photos)


def _lines(items) -> list[str]:
    return [" ".join(str(item).split())[:1000] for item in items if str(item).strip()]


@transaction.atomic
def save_notes(
    actor, meeting, *, text="", participant_count=None, expectations=(), results=()
) -> MeetingNotes:
    """The meeting's notes: the text (markdown), the number of participants, and the
    expectations and results as ordered lists of lines (replacing the earlier ones)."""
    notes, _created = MeetingNotes.objects.get_or_create(meeting=meeting)
    notes.text = text
    notes.participant_count = participant_count
    notes.updated_by = actor
    notes.updated_at = timezone.now()
    notes.save()
    notes.items.all().delete()
    NotesItem.objects.bulk_create(
        [
            NotesItem(notes=notes, kind=kind, position=position, text=line)
            for kind, lines in (
                (NotesItem.Kind.EXPECTATION, _lines(expectations)),
                (NotesItem.Kind.RESULT, _lines(results)),
            )
            for position, line in enumerate(lines)
        ]
    )
    record(meeting.network.organisation, actor, NOTES_SAVED, f"{meeting.network}: {meeting}")
    return notes


@transaction.atomic
def add_photos(actor, meeting, photos) -> list[Photo]:
    """``photos``: dicts of ``image`` (a file checked by core.uploads with uploads.PHOTO),
    ``alt_text`` (required) and ``caption``. A thumbnail is made of each."""
    notes, _created = MeetingNotes.objects.get_or_create(meeting=meeting)
    saved = []
    for given in photos:
        alt_text = " ".join((given.get("alt_text") or "").split())
        if not alt_text:
            raise MeetingError(_("Please describe each photo for people who cannot see it."))
        image = given["image"]
        thumbnail, width, height = files.thumbnail_of(image)
        photo = Photo(
            notes=notes,
            alt_text=alt_text[:300],
            caption=(given.get("caption") or "").strip()[:300],
            original_name=getattr(image, "original_name", "")[:255],
            width=width,
            height=height,
            uploaded_by=actor,
        )
        photo.image.save(image.name, image, save=False)
        photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
        photo.save()
        saved.append(photo)
    if saved:
        record(
            meeting.network.organisation,
            actor,
            PHOTOS_ADDED,
            f"{meeting.network}: {meeting} ({len(saved)})",
        )
    return saved


@transaction.atomic
def delete_photo(actor, photo) -> None:
    meeting = photo.notes.meeting
    record(meeting.network.organisation, actor, PHOTO_DELETED, f"{meeting}: {photo.alt_text}")
    photo.delete()
    _delete_files_after_commit([photo])


def _delete_files_after_commit(photos) -> None:
    names = [(photo.image.storage, photo.image.name) for photo in photos] + [
        (photo.thumbnail.storage, photo.thumbnail.name) for photo in photos
    ]

    def remove():
        for storage, name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(remove)
