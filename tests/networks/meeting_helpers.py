"""Shared by the tests of meetings, photos, documents and results: a network with people in
each role, a linked meeting, photos and documents made directly in the database."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.networks.models import (
    Document,
    DocumentVersion,
    Folder,
    Meeting,
    MeetingNotes,
    Membership,
    Photo,
)
from mitwirken.organisations.models import Role

from ..core import upload_samples as samples
from ..events.factories import make_event
from ..factories import UserFactory, make_staff
from .factories import make_member, make_network


class People:
    """One person (and a logged-in client) per role of a network."""

    def __init__(self, organisation, network):
        self.users = {
            "participant": UserFactory(),
            "member": make_member(network).user,
            "coordinator": make_member(network, role=Membership.Role.COORDINATOR).user,
            "org_editor": make_staff(organisation, Role.EDITOR),
        }

    def client(self, role) -> Client:
        client = Client()
        if role != "visitor":
            client.force_login(self.users[role])
        return client


def setup(organisation, **network_fields):
    network = make_network(organisation, **network_fields)
    return network, People(organisation, network)


def url(name, network, **kwargs) -> str:
    return reverse(
        f"networks:{name}", kwargs={"org": network.organisation.slug, "pk": network.pk, **kwargs}
    )


def make_meeting(network, days=-7, **event_fields) -> Meeting:
    starts_at = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    event = make_event(network.organisation, starts_at=starts_at, **event_fields)
    with scopes_disabled():
        return Meeting.objects.create(network=network, event=event)


def make_photos(meeting, count, content=None) -> list:
    content = content or samples.image("JPEG", size=(64, 48))
    with scopes_disabled():
        notes, _created = MeetingNotes.objects.get_or_create(meeting=meeting)
        photos = []
        for number in range(count):
            photo = Photo(notes=notes, alt_text=f"Pinnwand {number}", caption="", width=64)
            photo.image.save("upload.jpg", ContentFile(content), save=False)
            photo.thumbnail.save("thumbnail.jpg", ContentFile(content), save=False)
            photos.append(photo)
        Photo.objects.bulk_create(photos)
    return photos


def make_document(network, audience="members", versions=1, **kw):
    with scopes_disabled():
        folder = kw.pop("folder", None) or Folder.objects.create(
            network=network, name=kw.pop("folder_name", "Protokolle"), audience=audience
        )
        document = Document.objects.create(folder=folder, title=kw.pop("title", "Leitfaden"))
        for number in range(1, versions + 1):
            version = DocumentVersion(
                document=document,
                number=number,
                original_name=f"leitfaden-v{number}.pdf",
                size=len(samples.PDF),
                uploaded_by=kw.get("uploaded_by"),
            )
            version.file.save("upload.pdf", ContentFile(samples.PDF), save=False)
            version.save()
    return document
