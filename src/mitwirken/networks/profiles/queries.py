"""Reads of the member directory: which profile fields a viewer sees in a network, the members
with those fields (searched, filtered, grouped by municipality), the filter options and the
coordinators' export.

A field is shown in a network's directory when its visibility is among the viewer's
``levels_for(user, network)``: members of the network see the "members" fields, whoever
coordinates it (``networks.coordinate``) the "coordinators" fields too, everyone else (a
visitor of a public members list, staff who do not run the network) only the names. "Nobody"
is never shown. Filters look only at fields the viewer sees, so a hidden municipality or topic
cannot be found by filtering either. Every page makes the same number of queries, however many
members the network has (``tests/networks/test_directory.py``)."""

from dataclasses import dataclass, field
from itertools import groupby, islice

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Membership, NetworkProfile, ProfileTopic, ProfileVisibility
from ..rules import is_member
from . import municipalities

V = ProfileVisibility
NONE = frozenset()
MEMBERS = frozenset({V.MEMBERS.value})
COORDINATORS = frozenset({V.MEMBERS.value, V.COORDINATORS.value})
PAGE_SIZE = 50
EXPORT_CHUNK_SIZE = 500
MAX_TOPIC_OPTIONS = 300
# The filter options of a directory are the same for every member (and for every coordinator)
# of a network: cached per network and visibility levels, keyed by the version of all
# profiles (``profiles_changed``, after every saved or deleted profile), and for at most a
# minute (a person who joins or leaves a network changes them too).
OPTIONS_CACHE_SECONDS = 60
_PROFILES_VERSION = "networks:profiles-version"


def levels_for(user, network) -> frozenset:
    """The visibilities of profile fields the person sees in this network's directory."""
    if user.has_perm("networks.coordinate", network):
        return COORDINATORS
    if is_member(user, network):
        return MEMBERS
    return NONE


@dataclass(frozen=True)
class DirectoryFilter:
    name: str = ""
    municipality: str = ""  # an official municipality key
    state: str = ""  # the two digits of a state
    topic: str = ""

    @property
    def is_active(self) -> bool:
        return bool(self.name or self.municipality or self.state or self.topic)


def _visible(name: str, levels) -> Q:
    return Q(**{f"user__network_profile__{name}_visibility__in": sorted(levels)})


def _shown_key(levels):
    """The municipality key the viewer sees ("" if none or hidden)."""
    if not levels:
        return Value("")
    return Case(
        When(
            _visible("municipality", levels),
            then=F("user__network_profile__municipality_key"),
        ),
        default=Value(""),
    )


def _ordered(network, levels, found: DirectoryFilter):
    """The network's members, filtered, ordered by the municipality the viewer sees (by its
    key: state, district, municipality; members without one last), then by name."""
    rows = Membership.objects.filter(network=network, status=Membership.Status.MEMBER)
    if found.name:
        rows = rows.filter(
            Q(user__display_name__icontains=found.name)
            | Q(user__show_real_name=True, user__real_name__icontains=found.name)
        )
    if levels and found.municipality:
        rows = rows.filter(
            _visible("municipality", levels),
            user__network_profile__municipality_key=found.municipality,
        )
    if levels and found.state:
        rows = rows.filter(
            _visible("municipality", levels),
            user__network_profile__municipality_key__startswith=found.state,
        )
    if levels and found.topic:
        rows = rows.filter(
            _visible("topics", levels),
            Exists(
                ProfileTopic.objects.filter(
                    profile_id=OuterRef("user__network_profile__id"), name__iexact=found.topic
                )
            ),
        )
    rows = rows.annotate(
        shown_key=_shown_key(levels),
        sort_name=Case(
            When(
                Q(user__show_real_name=True) & ~Q(user__real_name=""),
                then=F("user__real_name"),
            ),
            default=F("user__display_name"),
        ),
    ).annotate(
        no_place=Case(
            When(shown_key="", then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    )
    return rows.order_by("no_place", "shown_key", "sort_name", "pk")


def _with_people(rows, levels):
    rows = rows.select_related("user", "user__network_profile")
    if levels:
        rows = rows.prefetch_related("user__network_profile__topics")
    return rows


def members(network, levels, found: DirectoryFilter = DirectoryFilter()):
    """The members in the directory's order with their person and profile (annotated with
    ``shown_key``), e.g. for the export."""
    return _with_people(_ordered(network, levels, found), levels)


def directory_page(network, levels, found: DirectoryFilter, page_number):
    """One page of the directory and its rows grouped by municipality. The order is decided
    on the ids alone (a narrow sort over all members), then the page's 50 members are read
    with their people and profiles: half the time of sorting whole rows at 10,000 members
    (bench/network_directory.py)."""
    ids = _ordered(network, levels, found).values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(page_number)
    page_ids = list(page.object_list)
    rows = _with_people(
        Membership.objects.filter(pk__in=page_ids).annotate(shown_key=_shown_key(levels)),
        levels,
    )
    by_id = {row.pk: row for row in rows} if page_ids else {}
    return page, grouped([by_id[pk] for pk in page_ids if pk in by_id], levels)


@dataclass
class Entry:
    """One member as the viewer may see them: only the fields they may see are filled in."""

    user_id: int
    name: str
    is_coordinator: bool
    function: str = ""
    authority: str = ""
    municipality_name: str = ""
    municipality_key: str = ""
    topics: list = field(default_factory=list)
    offers: str = ""
    seeks: str = ""
    about: str = ""
    photo: bool = False
    photo_alt: str = ""

    @property
    def state(self) -> str:
        return municipalities.state_name(self.municipality_key)

    @property
    def district_key(self) -> str:
        return municipalities.district_key(self.municipality_key)

    @property
    def has_details(self) -> bool:
        return bool(
            self.function
            or self.authority
            or self.municipality_name
            or self.topics
            or self.offers
            or self.seeks
            or self.about
        )


def entry(membership, levels, topics=None) -> Entry:
    """The member as the viewer sees them. ``topics``: the profile's topic names, if not
    prefetched."""
    user = membership.user
    shown = Entry(
        user_id=user.pk,
        name=user.public_name,
        is_coordinator=membership.role == Membership.Role.COORDINATOR,
    )
    profile = getattr(user, "network_profile", None)
    if profile is None or not levels:
        return shown

    def sees(name):
        return getattr(profile, f"{name}_visibility") in levels

    if sees("function"):
        shown.function = profile.function
    if sees("authority"):
        shown.authority = profile.authority
    if sees("municipality"):
        shown.municipality_name = profile.municipality_name
        shown.municipality_key = profile.municipality_key
    if sees("topics"):
        shown.topics = (
            topics if topics is not None else [topic.name for topic in profile.topics.all()]
        )
    if sees("offers"):
        shown.offers = profile.offers
    if sees("seeks"):
        shown.seeks = profile.seeks
    if sees("about"):
        shown.about = profile.about
    if sees("photo") and profile.photo:
        shown.photo = True
        shown.photo_alt = profile.photo_alt
    return shown


@dataclass
class Group:
    key: str
    entries: list

    @property
    def name(self) -> str:
        named = [e.municipality_name for e in self.entries if e.municipality_name]
        return named[0] if named else ""

    @property
    def state(self) -> str:
        return municipalities.state_name(self.key)

    @property
    def district_key(self) -> str:
        return municipalities.district_key(self.key)


def grouped(page_rows, levels) -> list[Group]:
    """The rows of one page as entries, grouped by the municipality the viewer sees."""
    return [
        Group(key, [entry(row, levels) for row in rows])
        for key, rows in groupby(page_rows, key=lambda row: row.shown_key)
    ]


def _members_profiles(network, levels, visibility_field: str):
    return NetworkProfile.objects.filter(
        user__network_memberships__network=network,
        user__network_memberships__status=Membership.Status.MEMBER,
        **{f"{visibility_field}__in": sorted(levels)},
    )


def municipality_options(network, levels) -> list[tuple[str, str]]:
    """(key, label) of the municipalities the viewer sees among the members (one query)."""
    if not levels:
        return []
    rows = (
        _members_profiles(network, levels, "municipality_visibility")
        .exclude(municipality_key="")
        .values_list("municipality_key", "municipality_name")
        .distinct()
        .order_by("municipality_key", "municipality_name")
    )
    options = {}
    for key, name in rows:
        options.setdefault(key, f"{name} ({municipalities.state_name(key)})")
    return list(options.items())


def topic_options(network, levels) -> list[str]:
    """The topics the viewer sees among the members (one query), at most
    ``MAX_TOPIC_OPTIONS``."""
    if not levels:
        return []
    names = (
        ProfileTopic.objects.filter(
            profile__in=_members_profiles(network, levels, "topics_visibility")
        )
        .values_list("name", flat=True)
        .distinct()
        .order_by("name")[: MAX_TOPIC_OPTIONS * 2]
    )
    options, seen = [], set()
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            options.append(name)
    return options[:MAX_TOPIC_OPTIONS]


def profiles_changed() -> None:
    """A profile was saved or deleted: the cached filter options are read anew."""
    import uuid

    cache.set(_PROFILES_VERSION, uuid.uuid4().hex, None)


def filter_options(network, levels) -> tuple[list, list]:
    """``(municipality_options, topic_options)`` for the viewer's levels, from the cache."""
    if not levels:
        return [], []
    version = cache.get(_PROFILES_VERSION, "0")
    key = f"networks:directory-options:{network.pk}:{'-'.join(sorted(levels))}:{version}"
    found = cache.get(key)
    if found is None:
        found = (municipality_options(network, levels), topic_options(network, levels))
        cache.set(key, found, OPTIONS_CACHE_SECONDS)
    return found


def visible_photo(network, user_id: int, levels):
    """The profile of the member ``user_id`` if its photo may be shown to the viewer."""
    if not levels:
        return None
    return (
        NetworkProfile.objects.filter(
            user_id=user_id,
            user__network_memberships__network=network,
            user__network_memberships__status=Membership.Status.MEMBER,
            photo_visibility__in=sorted(levels),
        )
        .exclude(photo="")
        .first()
    )


_EXPORT_FIELDS = ("function", "authority", "offers", "seeks", "about")


def export_rows(network):
    """Header, then one row per member with the fields members made visible to coordinators
    (or to members), in the directory's order. Read as plain values in chunks of
    ``EXPORT_CHUNK_SIZE``, with one query for the topics of each chunk: no model instances
    (three per member would take most of the time at 10,000 members)."""
    levels = COORDINATORS
    yield [
        _("Name"),
        _("Role"),
        _("Member since"),
        _("Function"),
        _("Organisation or authority"),
        _("Municipality"),
        _("Official municipality key"),
        _("District key"),
        _("State"),
        _("Topics"),
        _("What I offer"),
        _("What I am looking for"),
        _("About me"),
    ]
    profile = "user__network_profile__"
    columns = [
        "role",
        "joined_at",
        "user__display_name",
        "user__real_name",
        "user__show_real_name",
        f"{profile}id",
        f"{profile}municipality_name",
        f"{profile}municipality_key",
        f"{profile}municipality_visibility",
        f"{profile}topics_visibility",
    ]
    for name in _EXPORT_FIELDS:
        columns += [f"{profile}{name}", f"{profile}{name}_visibility"]
    roles = dict(Membership.Role.choices)
    dates = {}

    def joined(moment):
        if moment is None:
            return ""
        day = timezone.localtime(moment).date()
        if day not in dates:
            dates[day] = formats.date_format(day, "SHORT_DATE_FORMAT")
        return dates[day]

    def shown(row, name, visibility=None):
        visible = row[f"{profile}{visibility or name + '_visibility'}"] in levels
        return (row[f"{profile}{name}"] or "") if visible else ""

    rows = _ordered(network, levels, DirectoryFilter()).values(*columns)
    rows = rows.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    while chunk := list(islice(rows, EXPORT_CHUNK_SIZE)):
        topics = _topics_of(
            row[f"{profile}id"]
            for row in chunk
            if row[f"{profile}id"] and row[f"{profile}topics_visibility"] in levels
        )

        for row in chunk:
            name = (
                row["user__real_name"]
                if row["user__show_real_name"] and row["user__real_name"]
                else row["user__display_name"]
            )
            key = shown(row, "municipality_key", "municipality_visibility")
            yield [
                name,
                str(roles.get(row["role"], row["role"])),
                joined(row["joined_at"]),
                shown(row, "function"),
                shown(row, "authority"),
                shown(row, "municipality_name", "municipality_visibility"),
                key,
                municipalities.district_key(key),
                municipalities.state_name(key),
                ", ".join(topics.get(row[f"{profile}id"], [])),
                shown(row, "offers"),
                shown(row, "seeks"),
                shown(row, "about"),
            ]


def _topics_of(profile_ids) -> dict[int, list[str]]:
    topics = {}
    for profile_id, name in ProfileTopic.objects.filter(
        profile_id__in=list(profile_ids)
    ).values_list("profile_id", "name"):
        topics.setdefault(profile_id, []).append(name)
    return topics
