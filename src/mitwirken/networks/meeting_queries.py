"""Read helpers of a network's meetings, notes, photos, documents, results and of what is
related to it: each a fixed number of queries, whatever the size of the data. They run in the
organisation's scope (the views' ``network_view`` has entered it)."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from mitwirken.events.models import Event, Tag

from .models import Audience, Document, DocumentVersion, Folder, Meeting, Network, Photo, Result
from .rules import can_coordinate, is_member, sees_everything

RELATED_LIMIT = 5


def meetings_of(network, user, now=None) -> dict:
    """``{"upcoming": [...], "past": [...]}``: the meetings with their events (one query).
    Drafts only for those who run the network; upcoming soonest first, past latest first."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(network=network)
        .select_related("event", "notes")
        .annotate(photo_count=Count("notes__photos"))
        .order_by("event__starts_at", "pk")
    )
    if not can_coordinate(user, network):
        meetings = meetings.exclude(event__status=Event.Status.DRAFT)
    upcoming, past = [], []
    for meeting in meetings:
        meeting.network = network
        (past if meeting.event.ends_at < now else upcoming).append(meeting)
    past.reverse()
    return {"upcoming": upcoming, "past": past}


def meeting_of(network, user, pk) -> Meeting | None:
    meetings = Meeting.objects.filter(network=network, pk=pk).select_related("event", "notes")
    if not can_coordinate(user, network):
        meetings = meetings.exclude(event__status=Event.Status.DRAFT)
    meeting = meetings.first()
    if meeting is not None:
        meeting.network = network
    return meeting


def notes_of(meeting):
    """The meeting's notes with their items and photos (three queries), or None."""
    try:
        notes = meeting.notes
    except Meeting.notes.RelatedObjectDoesNotExist:
        return None
    notes.expectations, notes.results = [], []
    for item in notes.items.all():
        (notes.expectations if item.kind == "expectation" else notes.results).append(item)
    notes.photo_list = list(notes.photos.all())
    return notes


def latest_notes(network, user, limit=3) -> list:
    """The latest meetings that have notes, for the network page's section (one query)."""
    meetings = (
        Meeting.objects.filter(
            network=network, notes__isnull=False, event__starts_at__lte=timezone.now()
        )
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event", "notes")
        .annotate(photo_count=Count("notes__photos"))
        .order_by("-event__starts_at", "-pk")[:limit]
    )
    return list(meetings)


def photos_of(meeting):
    return Photo.objects.filter(notes__meeting=meeting).order_by("created_at", "pk")


def photo_of(meeting, pk) -> Photo | None:
    return Photo.objects.filter(notes__meeting=meeting, pk=pk).first()


def folder_audiences(user, network) -> list[str]:
    """The folder audiences the person sees (within ``networks.view_documents``, which the
    view has checked): members' folders for members and staff, coordinators' for those who
    run the network. Memberships and roles are cached on the user: no query here."""
    audiences = [Audience.PUBLIC]
    if is_member(user, network) or sees_everything(user, network):
        audiences.append(Audience.MEMBERS)
    if can_coordinate(user, network):
        audiences.append(Audience.COORDINATORS)
    return audiences


def folders_for(user, network) -> list:
    """The folders the person may see, each with its documents and their latest version
    (three queries)."""
    versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
    documents = Document.objects.annotate(version_count=Count("versions")).prefetch_related(
        Prefetch("versions", queryset=versions)
    )
    folders = list(
        Folder.objects.filter(network=network, audience__in=folder_audiences(user, network))
        .prefetch_related(Prefetch("documents", queryset=documents))
        .order_by("name", "pk")
    )
    for folder in folders:
        for document in folder.documents.all():
            found = list(document.versions.all())
            document.latest = found[0] if found else None
    return folders


def folder_for(user, network, pk) -> Folder | None:
    return Folder.objects.filter(
        network=network, pk=pk, audience__in=folder_audiences(user, network)
    ).first()


def document_for(user, network, pk) -> Document | None:
    """A document of a folder the person may see, with its versions (two queries)."""
    document = (
        Document.objects.filter(
            folder__network=network, pk=pk, folder__audience__in=folder_audiences(user, network)
        )
        .select_related("folder")
        .first()
    )
    if document is not None:
        document.history = list(document.versions.select_related("uploaded_by"))
    return document


def results_of(network) -> list:
    return list(Result.objects.filter(network=network).select_related("event__organisation"))


def related(network, limit=RELATED_LIMIT) -> dict:
    """Other published networks and upcoming published events of the organisation that share
    a topic name with the network (its topics; events' topic tags), case-insensitive: three
    queries, however many there are."""
    names = {name.lower() for name in network.topics.values_list("name", flat=True)}
    if not names:
        return {"networks": [], "events": [], "topics": []}
    networks = (
        Network.objects.alias(topic=Lower("topics__name"))
        .filter(topic__in=names)
        .exclude(pk=network.pk)
        .exclude(status=Network.Status.DRAFT)
        .select_related("organisation")
        .distinct()
        .order_by("name", "pk")[:limit]
    )
    topic_tags = Tag.objects.alias(lowered=Lower("name")).filter(
        kind=Tag.Kind.TOPIC, lowered__in=names
    )
    events = (
        Event.objects.filter(
            Q(tags__in=topic_tags),
            status=Event.Status.PUBLISHED,
            ends_at__gte=timezone.now(),
        )
        .select_related("organisation")
        .distinct()
        .order_by("starts_at", "pk")[:limit]
    )
    networks = list(networks)
    for other in networks:
        other.page_url = network_page(other)
    return {"networks": networks, "events": list(events), "topics": sorted(names)}


def network_page(network) -> str:
    """The network's page (another part of the networks app), or its meetings page where that
    page is not there (yet)."""
    try:
        return network.get_absolute_url()
    except NoReverseMatch:
        return reverse(
            "networks:meetings", kwargs={"org": network.organisation.slug, "pk": network.pk}
        )


def page_sections(user, network) -> list[tuple[str, dict]]:
    """The network page's sections of this part, as (template, context) in their order: the
    meetings, the latest notes, the documents, the results, what is related. A section the
    person may not see is still there (``closed``: it says for whom it is), without content.
    A fixed number of queries (about ten), however many meetings, documents or results."""
    sees_notes = user.has_perm("networks.view_notes", network)
    sees_documents = user.has_perm("networks.view_documents", network)
    base = {"network": network}
    return [
        (
            "networks/includes/section_meetings.html",
            {**base, "meetings": meetings_of(network, user)},
        ),
        (
            "networks/includes/section_notes.html",
            {
                **base,
                "closed": not sees_notes,
                "notes_meetings": latest_notes(network, user) if sees_notes else [],
            },
        ),
        (
            "networks/includes/section_documents.html",
            {
                **base,
                "closed": not sees_documents,
                "folders": folders_for(user, network) if sees_documents else [],
            },
        ),
        ("networks/includes/section_results.html", {**base, "results": results_of(network)}),
        ("networks/includes/section_related.html", {**base, "related": related(network)}),
    ]
