"""Staff pages of networks under /<org>/verwaltung/netzwerke/. Thin: parse, check (the
staff_view decorator), call a use-case or a query, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitwirken.core.forms import formset_rows
from mitwirken.organisations.tenancy import staff_view

from . import administration, queries
from .models import Network
from .staff_forms import GuidingQuestionFormSet, NetworkForm, TopicFormSet

CHANGE = "networks.change_network"


def _network(pk) -> Network:
    return get_object_or_404(Network.objects.select_related("organisation"), pk=pk)


def _posted(request):
    return request.POST if request.method == "POST" else None


@staff_view(CHANGE)
def network_list(request, organisation):
    page = Paginator(queries.staff_networks(organisation), 30).get_page(request.GET.get("seite"))
    return render(request, "networks/staff/list.html", {"organisation": organisation, "page": page})


@staff_view(CHANGE)
def network_create(request, organisation):
    return _network_form(request, organisation, None)


@staff_view(CHANGE)
def network_edit(request, organisation, pk):
    return _network_form(request, organisation, _network(pk))


def _network_form(request, organisation, network):
    """The staff form of a network with its topics and guiding questions; saved when valid."""
    data, files = _posted(request), request.FILES if request.method == "POST" else None
    form = NetworkForm(data, files, instance=network)
    topics = TopicFormSet(data, instance=network, prefix="themen")
    questions = GuidingQuestionFormSet(data, instance=network, prefix="leitfragen")
    if data is not None and all([form.is_valid(), topics.is_valid(), questions.is_valid()]):
        fields = form.cleaned_data | {
            "topics": formset_rows(topics),
            "guiding_questions": formset_rows(questions),
        }
        if network is None:
            network = administration.create_network(request.user, organisation, **fields)
            messages.success(request, _("The network has been created as a draft."))
        else:
            network = administration.update_network(request.user, network, **fields)
            messages.success(request, _("The network has been saved."))
        return redirect("networks:staff_edit", org=organisation.slug, pk=network.pk)
    return render(
        request,
        "networks/staff/form.html",
        {"organisation": organisation, "network": network, "form": form}
        | {"topics": topics, "questions": questions},
    )


def _change_status(request, organisation, pk, step, done):
    network = _network(pk)
    try:
        step(request.user, network)
    except administration.NetworkStateError:
        messages.error(request, _("This is not possible in the network's current status."))
    else:
        messages.success(request, done)
    return redirect("networks:staff_edit", org=organisation.slug, pk=network.pk)


@require_POST
@staff_view(CHANGE)
def network_publish(request, organisation, pk):
    return _change_status(
        request,
        organisation,
        pk,
        administration.publish_network,
        _("The network has been published: everyone can see it now."),
    )


@staff_view(CHANGE)
def network_conclude(request, organisation, pk):
    """Concluding asks first (a page that says what it means), then posts."""
    if request.method == "POST":
        return _change_status(
            request,
            organisation,
            pk,
            administration.conclude_network,
            _("The network has been concluded. Its page stays online as an archive."),
        )
    network = _network(pk)
    return render(
        request,
        "networks/staff/conclude.html",
        {"organisation": organisation, "network": network},
    )


@require_POST
@staff_view(CHANGE)
def network_reopen(request, organisation, pk):
    return _change_status(
        request, organisation, pk, administration.reopen_network, _("The network is active again.")
    )
