"""Public pages of networks: a network's page, the organisation's list and the portal-wide
list, and the coordinators' page of the questions asked of applicants."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from mitwirken.organisations.tenancy import organisation_view
from mitwirken.questionnaires.forms import QuestionForm
from mitwirken.questionnaires.models import Question

from . import administration, queries
from .access import network_view
from .discussion_queries import latest_threads
from .meeting_queries import page_sections
from .membership.queries import own_membership
from .models import Audience, Network
from .news import visible_news

# The kinds of question asked of applicants the builder offers: every kind of question; no
# sections (the application is one page) and no conditions.
QUESTION_KINDS = (
    "short_text",
    "long_text",
    "single_choice",
    "multiple_choice",
    "checkbox",
    "number",
    "yes_no",
    "date",
    "scale",
    "matrix",
    "ranking",
)

# The closed sections of a network's page, in their order: name, heading, audience field.
# (Documents and meeting notes are sections of the meetings part: meeting_queries.page_sections.)
SECTIONS = (
    ("members", gettext_lazy("Members"), "members_audience"),
    ("discussion", gettext_lazy("Discussion"), "discussion_audience"),
)
AUDIENCE_TEXT = {
    Audience.PUBLIC: gettext_lazy("Everyone can see this section."),
    Audience.MEMBERS: gettext_lazy("Only members of the network can see this section."),
    Audience.COORDINATORS: gettext_lazy(
        "Only the coordination of the network can see this section."
    ),
}


def _sections(user, network) -> list[dict]:
    return [
        {
            "name": name,
            "title": title,
            "template": f"networks/includes/section_{name}.html",
            "visible": user.has_perm(f"networks.view_{name}", network),
            "audience": AUDIENCE_TEXT[getattr(network, field)],
        }
        for name, title, field in SECTIONS
    ]


@network_view()
def network_detail(request, organisation, network):
    network = queries.network_for_page(network)
    user = request.user
    sees_discussion = user.has_perm("networks.view_discussion", network)
    return render(
        request,
        "networks/detail.html",
        {
            "organisation": organisation,
            "network": network,
            "sections": _sections(user, network),
            "own": own_membership(user, network),
            "latest_threads": latest_threads(network) if sees_discussion else [],
            "latest_news": list(visible_news(user, network)[:NEWS_ON_THE_PAGE]),
            # Meetings, notes, documents, results and related networks and events.
            "parts": [
                render_to_string(template, context, request)
                for template, context in page_sections(user, network)
            ],
        },
    )


NEWS_ON_THE_PAGE = 3


# The list filters in the query string: parameter -> NetworkFilter field.
LIST_PARAMETERS = {
    "organisation": "organisation",
    "thema": "topic",
    "beitritt": "join_policy",
    "status": "status",
}


def _filter_from(request) -> queries.NetworkFilter:
    def text(name):
        # A NUL cannot be in any name, and PostgreSQL refuses it in a query.
        value = request.GET.get(name, "")[:200]
        return "" if "\x00" in value else value

    return queries.NetworkFilter(**{field: text(name) for name, field in LIST_PARAMETERS.items()})


def _list_query(request) -> str:
    """Only the filters we know go into the links of the page."""
    query = QueryDict(mutable=True)
    for name in LIST_PARAMETERS:
        if request.GET.get(name):
            query[name] = request.GET[name][:200]
    return query.urlencode()


def _list(request, organisation=None):
    network_filter = _filter_from(request)
    networks = queries.public_networks(network_filter, organisation)
    options = (
        queries.filter_options(organisation) if organisation else queries.portal_filter_options()
    )
    return render(
        request,
        "networks/list.html",
        {
            "organisation": organisation,
            "filter": network_filter,
            "page": Paginator(networks, 20).get_page(request.GET.get("seite")),
            "options": options,
            "join_policies": Network.JoinPolicy.choices,
            "statuses": [
                (Network.Status.ACTIVE, _("Active")),
                (Network.Status.CONCLUDED, _("Concluded (archive)")),
            ],
            "query": _list_query(request),
        },
    )


def portal_list(request):
    with scopes_disabled():
        return _list(request)


@organisation_view
def organisation_list(request, organisation):
    return _list(request, organisation)


@network_view("networks.coordinate")
def application_questions(request, organisation, network):
    """The questions the network asks of applicants: add and delete them."""
    form = QuestionForm(request.POST if request.method == "POST" else None, kinds=QUESTION_KINDS)
    if request.method == "POST" and form.is_valid():
        administration.add_application_question(network, **form.question_data())
        messages.success(request, _("The question has been added."))
        return redirect("networks:questions", org=organisation.slug, pk=network.pk)
    return render(
        request,
        "networks/questions.html",
        {
            "organisation": organisation,
            "network": network,
            "form": form,
            "questions": queries.application_questions(network),
        },
    )


@require_POST
@network_view("networks.coordinate")
def application_question_delete(request, organisation, network, question_id):
    if network.application_questionnaire_id is None:
        raise Http404
    question = get_object_or_404(
        Question.objects.filter(questionnaire=network.application_questionnaire_id),
        pk=question_id,
    )
    if not administration.delete_application_question(network, question):
        messages.error(request, _("This question has already been answered and stays."))
    else:
        messages.success(request, _("The question has been deleted."))
    return redirect("networks:questions", org=organisation.slug, pk=network.pk)
