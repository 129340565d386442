"""Reads of networks: optimised querysets whose query count does not grow with the data."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django_scopes import scopes_disabled

from mitwirken.organisations.models import Organisation

from .models import GuidingQuestion, Membership, Network, Topic

PUBLIC = Q(status__in=[Network.Status.ACTIVE, Network.Status.CONCLUDED])
LISTED = PUBLIC & Q(organisation__is_active=True)
MEMBER = Membership.Status.MEMBER


@dataclass
class NetworkFilter:
    """The filters of the network lists, read from the query string."""

    organisation: str = ""
    topic: str = ""
    join_policy: str = ""
    status: str = ""  # "" (all public), "active" or "concluded"


def visible_to(user):
    """The networks ``user`` may see, of every organisation (``core.visibility``): active
    and concluded ones of active organisations; drafts too for the staff of their
    organisation; everything for the platform admin."""
    from mitwirken.organisations.models import StaffRole

    with scopes_disabled():  # spans organisations: the rule itself decides
        if user is None or not user.is_authenticated:
            return Network.objects.filter(LISTED)
        if user.is_superuser:
            return Network.objects.all()
        staff_of = StaffRole.objects.filter(user=user).values("organisation_id")
        return Network.objects.filter(LISTED | Q(organisation_id__in=staff_of))


def _with_member_count(networks):
    return networks.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=MEMBER))
    )


def staff_networks(organisation):
    """The organisation's networks for its staff list, drafts too, with their member count."""
    return _with_member_count(Network.objects.filter(organisation=organisation)).order_by(
        "status", "name", "pk"
    )


def _filtered(networks, network_filter: NetworkFilter):
    if network_filter.organisation:
        networks = networks.filter(organisation__slug=network_filter.organisation)
    if network_filter.topic:
        networks = networks.filter(
            Exists(Topic.objects.filter(network=OuterRef("pk"), name=network_filter.topic))
        )
    if network_filter.join_policy in Network.JoinPolicy.values:
        networks = networks.filter(join_policy=network_filter.join_policy)
    if network_filter.status in (Network.Status.ACTIVE, Network.Status.CONCLUDED):
        networks = networks.filter(status=network_filter.status)
    return networks


def public_networks(network_filter: NetworkFilter, organisation=None):
    """Active and concluded networks (of one organisation, in its scope), filtered, with
    their organisation and member count; active ones first."""
    networks = Network.objects.filter(PUBLIC)
    if organisation is not None:
        networks = networks.filter(organisation=organisation)
    else:
        networks = networks.filter(organisation__is_active=True)
    networks = _filtered(networks, network_filter).select_related("organisation")
    return _with_member_count(networks).order_by("status", "name", "pk")


def portal_filter_options() -> dict:
    """The organisations with public networks and the names of their topics."""
    with scopes_disabled():
        return _filter_options(Network.objects.filter(LISTED))


def filter_options(organisation) -> dict:
    return _filter_options(Network.objects.filter(PUBLIC, organisation=organisation))


def _filter_options(networks) -> dict:
    topics = (
        Topic.objects.filter(network__in=networks)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    organisations = (
        Organisation.objects.filter(pk__in=networks.values("organisation_id"))
        .order_by("name")
        .values_list("slug", "name")
    )
    return {"topics": list(topics), "organisations": list(organisations)}


def network_for_page(network):
    """The network of its public page (found by ``network_view``), with its topics and
    guiding questions, and how many members it has."""
    network = (
        Network.objects.filter(pk=network.pk)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.all()),
            Prefetch("guiding_questions", queryset=GuidingQuestion.objects.all()),
        )
    )
    return _with_member_count(network).get()


def next_networks(limit, organisation=None):
    """Active networks for the start page (of every organisation) or an organisation's home
    page."""
    if organisation is not None:
        networks = Network.objects.filter(organisation=organisation, status=Network.Status.ACTIVE)
        return list(_with_member_count(networks.select_related("organisation"))[:limit])
    with scopes_disabled():
        networks = Network.objects.filter(LISTED, status=Network.Status.ACTIVE)
        return list(
            _with_member_count(networks.select_related("organisation")).order_by("name", "pk")[
                :limit
            ]
        )


def application_questions(network) -> list:
    """The questions asked of applicants, with their choices."""
    if network.application_questionnaire_id is None:
        return []
    from mitwirken.questionnaires.models import Question

    return list(
        Question.objects.filter(questionnaire=network.application_questionnaire_id)
        .prefetch_related("choices")
        .order_by("position", "pk")
    )
