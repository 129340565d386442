"""Reads of events: optimised querysets whose query count does not grow with the data."""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import transaction
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.functions import Lower
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mitwirken.organisations.models import Organisation
from mitwirken.questionnaires import queries as questionnaire_queries
from mitwirken.questionnaires.models import Choice

from .models import Event, Material, Registration, Tag


@dataclass
class EventFilter:
    """The filters of the event lists and feeds, read from the query string."""

    format: str = ""
    organisation: str = ""
    topic: str = ""
    target_group: str = ""
    date_from: date | None = None
    date_to: date | None = None
    mode: str = ""
    seats_available: bool = False
    archive: bool = False


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


HOLDS_SEAT = tuple(Registration.HOLDS_SEAT)


def seats_taken_subquery() -> Subquery:
    """Seats held per event, as a correlated subquery: PostgreSQL walks the registrations'
    index and counts only for the events selected (a join with GROUP BY would aggregate them
    all). Built per query, inside the caller's scope. Counted from the event's side, as
    ``seats_held`` explains: one row per held seat, ``COUNT`` without ``GROUP BY``."""
    held = (
        _with_held_seats(Event.objects.filter(pk=OuterRef("pk")))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Subquery(held, output_field=IntegerField())


def _with_held_seats(events):
    """``events`` joined to their registrations that hold a seat: a row per held seat."""
    return events.filter(registrations__status__in=HOLDS_SEAT)


def _with_list_data(events):
    return (
        events.select_related("organisation", "series")
        .annotate(seats_taken=seats_taken_subquery())
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("kind", "name")))
    )


PUBLIC = Q(
    status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED], organisation__is_active=True
)


def visible_to(user):
    """The events ``user`` may see, of every organisation (``core.visibility``): published
    and cancelled ones (a cancelled one stays visible, marked) of active organisations;
    drafts too for the staff of their organisation; everything for the platform admin."""
    from mitwirken.organisations.models import StaffRole

    with scopes_disabled():  # spans organisations: the rule itself decides
        if user is None or not user.is_authenticated:
            return Event.objects.filter(PUBLIC)
        if user.is_superuser:
            return Event.objects.all()
        staff_of = StaffRole.objects.filter(user=user).values("organisation_id")
        return Event.objects.filter(PUBLIC | Q(organisation_id__in=staff_of))


def public_events(event_filter: EventFilter, organisation=None):
    """Published and cancelled events (a cancelled one stays visible, marked), filtered."""
    events = Event.objects.filter(PUBLIC)
    if organisation is not None:
        events = events.filter(organisation=organisation)
    elif event_filter.organisation:
        events = events.filter(organisation__slug=event_filter.organisation)
    now = timezone.now()
    if event_filter.archive:
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if event_filter.format:
        events = events.filter(format=event_filter.format)
    if event_filter.mode:
        events = events.filter(mode=event_filter.mode)
    for kind, name in (
        (Tag.Kind.TOPIC, event_filter.topic),
        (Tag.Kind.TARGET_GROUP, event_filter.target_group),
    ):
        if name:
            events = events.filter(
                Exists(Tag.objects.filter(events=OuterRef("pk"), kind=kind, name=name))
            )
    if event_filter.date_from:
        events = events.filter(starts_at__gte=_start_of(event_filter.date_from))
    if event_filter.date_to:
        events = events.filter(starts_at__lt=_start_of(event_filter.date_to) + timedelta(days=1))
    events = _with_list_data(events)
    if event_filter.seats_available:  # free seats one can register for now
        events = events.filter(
            Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now),
            Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now),
            Q(capacity__isnull=True) | Q(capacity__gt=F("seats_taken")),
            status=Event.Status.PUBLISHED,
            starts_at__gt=now,
        )
    return events


def portal_events(event_filter: EventFilter):
    with scopes_disabled():
        return public_events(event_filter)


def next_events(limit=6, organisation=None):
    """The next published events of the portal, or of one organisation (in its scope)."""
    if organisation is not None:
        return list(public_events(EventFilter(), organisation)[:limit])
    with scopes_disabled():
        return list(public_events(EventFilter())[:limit])


LIST_CACHE_SECONDS = 30
_LIST_VERSION_KEY = "events:list-version"


def cached_list_content(key: tuple, page_number: str, render) -> str:
    """The content of an event list, rendered by ``render`` or from the cache. A cached
    content is used only while the event data is unchanged (``event_lists_changed``) and
    for at most ``LIST_CACHE_SECONDS``, which bounds how old its seat counts can be. One
    cache round trip reads both the data version and the content."""
    content_key = "events:list:" + hashlib.sha256(repr((key, page_number)).encode()).hexdigest()
    found = cache.get_many([_LIST_VERSION_KEY, content_key])
    version = found.get(_LIST_VERSION_KEY, "")
    cached = found.get(content_key)
    if cached is not None and cached[0] == version:
        return cached[1]
    content = render()
    cache.set(content_key, (version, content), LIST_CACHE_SECONDS)
    return content


def event_lists_changed() -> None:
    """An event, its tags or an organisation changed (signals, see apps.py): once that is
    committed, every cached list is rendered anew."""
    transaction.on_commit(lambda: cache.set(_LIST_VERSION_KEY, uuid.uuid4().hex, None))


def listed_organisation_names() -> list:
    """The organisations of the portal-wide list's filter: names and slugs."""
    return list(Organisation.objects.listed().only("name", "slug"))


def filter_options(organisation=None):
    """Topics and target groups that occur in published events, for the filter form. Cached
    for a minute: the query spans all events and the options change rarely."""
    key = f"events:filter-options:{organisation.pk if organisation else 'portal'}"
    return cache.get_or_set(key, lambda: _filter_options(organisation), 60)


def _filter_options(organisation):
    # EXISTS per tag (a few dozen) instead of joining every event and de-duplicating.
    published = Event.tags.through.objects.filter(
        tag_id=OuterRef("pk"), event__status=Event.Status.PUBLISHED
    )
    tags = Tag.objects.filter(Exists(published))
    if organisation is not None:
        tags = tags.filter(organisation=organisation)
    names = list(tags.values_list("kind", "name").distinct().order_by("kind", "name"))
    return {
        "topics": [name for kind, name in names if kind == Tag.Kind.TOPIC],
        "target_groups": [name for kind, name in names if kind == Tag.Kind.TARGET_GROUP],
    }


def seats_held(event_id) -> int:
    """Seats held at the event now (it runs under the event's lock for every confirmation).
    Counted from the event, in the caller's scope, so that the scope's condition is on the
    one event row: ``Registration.objects`` adds ``event__organisation``, a join from every
    registration to its event, which PostgreSQL, whose statistics lag behind a table that
    grows by the second, runs as a loop over the events per registration
    (``tests/events/test_hot_paths.py``)."""
    return _with_held_seats(Event.objects.filter(pk=event_id)).count()


def event_for_page(organisation, pk, *, count_seats=True):
    """The event of a public page, in the organisation's scope (which the view has entered),
    with its held seats (``count_seats=False``: a registration POST, which decides no seat
    and counts them only if the form comes back). Its questions, series, tags, speakers and
    materials are read only where the page is not cached (``views.event_detail``)."""
    if not 0 < int(pk) < 2**63:  # the URL converter bounds it; a caller might not
        return None
    with scope(organisation=organisation):
        events = Event.objects.filter(pk=pk).exclude(status=Event.Status.DRAFT)
        if count_seats:
            events = events.annotate(seats_taken=seats_taken_subquery())
        event = events.first()
    if event is not None:
        event.organisation = organisation  # loaded by the view already
    return event


QUESTIONS_CACHE_SECONDS = 600


def version_key(event) -> str:
    """Names a saved version of an event and of its organisation, for the keys of cached
    parts: every change to the event, its questions or materials saves it (``touch``), and
    ``organisation.version`` changes with every field of the organisation (a rename)."""
    return f"{event.pk}:{event.updated_at.timestamp()}:{event.organisation.version}"


def questions_of(event) -> list:
    """The registration questions of an event the view has found already (in its scope),
    with their choices; the choices are read only if a question has some, and nothing if
    the event has no questionnaire. Cached per saved version of the event: adding or
    deleting a question saves it (none is edited)."""
    if event.questionnaire_id is None:
        return []
    key = f"events:questionnaire:{event.pk}:{event.updated_at.timestamp()}"
    questions = cache.get(key)
    if questions is None:
        questions = questionnaire_queries.questions_of(event.questionnaire_id)
        cache.set(key, questions, QUESTIONS_CACHE_SECONDS)
    return questions


def limited_choice_ids(questions) -> list:
    """The options of these questions that have their own seat limit (a workshop session)."""
    return questionnaire_queries.limited_choice_ids(questions)


def choices_with_seats_taken(choices):
    """These options (a queryset of ``Choice``) with ``taken``: the registrations holding a
    seat that chose them."""
    return choices.annotate(
        taken=Count("answers", filter=Q(answers__response__registration__status__in=HOLDS_SEAT))
    )


def full_choice_ids(event, questions=None) -> frozenset:
    """The options of the event's questions whose own seat limit is reached, counted now: one
    query, and none if no option of the event has a limit. ``questions``: the event's
    questions if the caller has them (``questions_of``)."""
    limited = limited_choice_ids(questions_of(event) if questions is None else questions)
    if not limited:
        return frozenset()
    full = (
        choices_with_seats_taken(
            Choice.objects.filter(pk__in=limited, question__questionnaire=event.questionnaire_id)
        )
        .filter(taken__gte=F("seat_limit"))
        .values_list("pk", flat=True)
    )
    return frozenset(full)


def staff_events(organisation):
    return (
        _with_list_data(Event.objects.filter(organisation=organisation))
        .annotate(waiting=Count("registrations", filter=Q(registrations__status="waiting")))
        .order_by("-starts_at")
    )


def registrations_of(event, *, status="", search=""):
    registrations = event.registrations.select_related("user").prefetch_related("response__answers")
    if status:
        registrations = registrations.filter(status=status)
    search = search.replace("\x00", "")  # in no name; PostgreSQL refuses it in a query
    if search:
        registrations = registrations.filter(Q(name__icontains=search) | Q(email__icontains=search))
    return registrations.order_by("status", "queued_at", "created_at", "pk")


def status_counts(event) -> list[tuple[str, int]]:
    """(status label, number) for every status, in the order of the choices."""
    counts = dict(
        event.registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(label, counts.get(status, 0)) for status, label in Registration.Status.choices]


def of_person(user) -> Q:
    """Registrations of a signed-in person: with the account, or earlier without one under
    the account's address or any other address the person has verified (one that was theirs
    before a change of address, too). Registrations store addresses in lower case."""
    verified = (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )
    return (
        Q(user=user)
        | Q(user__isnull=True, email=user.email.strip().lower())
        | Q(user__isnull=True, email__in=Subquery(verified))
    )


def registrations_of_user(user):
    with scopes_disabled():
        return list(
            Registration.objects.filter(of_person(user))
            .exclude(status=Registration.Status.CANCELLED)
            .select_related("event__organisation")
            .order_by("-event__starts_at")
        )


def material_visibilities(registration: Registration | None) -> set[str]:
    """Which materials a person sees (the one rule, for the lists and the download): everyone
    the public ones; a confirmed registration also those for registered people, and those for
    attendees once attendance is recorded."""
    visible = {Material.Visibility.PUBLIC}
    if registration is not None and registration.status == Registration.Status.CONFIRMED:
        visible.add(Material.Visibility.REGISTERED)
        if registration.attended:
            visible.add(Material.Visibility.ATTENDED)
    return visible


def material_is_visible(material, registration: Registration | None) -> bool:
    """Whether the person behind ``registration`` (None: a visitor) may open ``material``:
    the same rule as the lists (``visible_materials``)."""
    return material.visibility in material_visibilities(registration) and not _is_draft(
        material.event
    )


def _is_draft(event) -> bool:
    """Nothing of a draft is shown outside the staff pages."""
    return event.status == Event.Status.DRAFT


def own_confirmed_registration(user, event_id) -> Registration | None:
    """A signed-in person's confirmed registration for an event, if any."""
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(
            event_id=event_id, user=user, status=Registration.Status.CONFIRMED
        )
        .only("pk", "event_id", "status", "attended")
        .first()
    )


def own_registration(user, event) -> Registration | None:
    """A signed-in person's current registration for the event (by account or address)."""
    if not user.is_authenticated:
        return None
    return (
        event.registrations.filter(of_person(user))
        .exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.REJECTED])
        .first()
    )


def visible_materials(event, registration: Registration | None = None):
    """The materials of ``event`` the person behind ``registration`` sees (None: everyone's,
    the public ones), by ``material_visibilities``; none of a draft."""
    if _is_draft(event):
        return event.materials.none()
    visible = material_visibilities(registration)
    return event.materials.filter(visibility__in=visible).order_by("kind", "pk")


def public_materials(event):
    return visible_materials(event)


def materials_for(registration):
    """The materials the person behind a registration sees."""
    return visible_materials(registration.event, registration)


def materials_of(event):
    """All materials of an event, for its staff."""
    return event.materials.all()


def active_registrations(event):
    """The registrations that hold or wait for a seat (confirmed, waiting, offered,
    pending): the people a change of the event is told."""
    return event.registrations.filter(status__in=Registration.ACTIVE)


def registrations_by_ids(event, ids) -> list:
    """The registrations of ``event`` with these IDs, by name (the ones ticked in a list)."""
    return list(event.registrations.filter(pk__in=ids).order_by("name", "pk"))


def waiting_count(event) -> int:
    return event.registrations.filter(status=Registration.Status.WAITING).count()


def confirmed_of(event):
    """The confirmed registrations of an event, by name (the attendance list)."""
    return event.registrations.filter(status=Registration.Status.CONFIRMED).order_by("name")
