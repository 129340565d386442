"""What the meetings part of networks registers with the apps below it (called from
``NetworksConfig.ready``): who may register for a members-only meeting, and the personal data
it holds (who uploaded photos and document versions, who wrote notes)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled

from mitwirken.core import personal_data
from mitwirken.events.eligibility import register_eligibility

from .meeting_queries import network_page
from .meetings import MEMBERS_ONLY
from .models import DocumentVersion, Meeting, MeetingNotes, Photo
from .rules import can_coordinate, is_member


def _network_of(event):
    meeting = Meeting.objects.filter(event=event).select_related("network").first()
    return meeting.network if meeting is not None else None


def members_only(event, user):
    """None if the person is a member of the network the event is a meeting of (or runs
    it), else the reason."""
    network = _network_of(event)
    if network is None:
        return _("Registration for this event is not open.")
    if is_member(user, network) or can_coordinate(user, network):
        return None
    return _("This is a meeting of the network “%(network)s”: only its members may register.") % {
        "network": network.name
    }


def how_to_join(event):
    network = _network_of(event)
    if network is None:
        return None
    return network_page(network), _("About the network and how to join")


def export(user) -> dict:
    with scopes_disabled():
        return {
            "photos": [
                {
                    "meeting": str(photo.notes.meeting.event),
                    "alt_text": photo.alt_text,
                    "caption": photo.caption,
                    "uploaded_at": photo.created_at.isoformat(),
                }
                for photo in Photo.objects.filter(uploaded_by=user).select_related(
                    "notes__meeting__event"
                )
            ],
            "document_versions": [
                {
                    "document": version.document.title,
                    "version": version.number,
                    "file": version.original_name,
                    "uploaded_at": version.uploaded_at.isoformat(),
                }
                for version in DocumentVersion.objects.filter(uploaded_by=user).select_related(
                    "document"
                )
            ],
            "meeting_notes": [
                {"meeting": str(notes.meeting.event), "updated_at": notes.updated_at.isoformat()}
                for notes in MeetingNotes.objects.filter(updated_by=user).select_related(
                    "meeting__event"
                )
            ],
        }


def erase(user) -> None:
    """What the person wrote or uploaded stays with the network; who it was does not."""
    with scopes_disabled():
        Photo.objects.filter(uploaded_by=user).update(uploaded_by=None)
        DocumentVersion.objects.filter(uploaded_by=user).update(uploaded_by=None)
        MeetingNotes.objects.filter(updated_by=user).update(updated_by=None)


def ready() -> None:
    register_eligibility(
        MEMBERS_ONLY, gettext_lazy("Members of the network"), members_only, how_to_join
    )
    personal_data.register("network_meetings", export=export, erase=erase)
