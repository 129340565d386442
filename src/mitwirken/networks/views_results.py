"""The network's results and publications (always public) and the coordinators' page to add
them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mitwirken.core import uploads
from mitwirken.events.models import Event

from . import meeting_queries as queries
from . import results as services
from .access import network_view
from .meeting_forms import ResultForm
from .models import Result

COORDINATE = "networks.coordinate"


def _events():
    return Event.objects.exclude(status=Event.Status.DRAFT).order_by("-starts_at", "pk")


@network_view()
def results(request, organisation, network):
    return render(
        request,
        "networks/results.html",
        {
            "network": network,
            "results": queries.results_of(network),
            "may_coordinate": request.user.has_perm(COORDINATE, network),
        },
    )


@network_view(COORDINATE)
def result_new(request, organisation, network):
    form = ResultForm(request.POST or None, request.FILES or None, events=_events())
    if request.method == "POST" and form.is_valid():
        try:
            services.add_result(request.user, network, **form.cleaned_data)
        except services.ResultError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The result has been saved."))
            return redirect("networks:results", org=organisation.slug, pk=network.pk)
    return render(
        request,
        "networks/result_form.html",
        {"network": network, "form": form, "form_has_errors": bool(form.errors)},
        status=400 if form.errors else 200,
    )


def _result(network, pk) -> Result:
    found = Result.objects.filter(network=network, pk=pk).first()
    if found is None:
        raise Http404
    return found


@network_view()
def result_file(request, organisation, network, result):
    found = _result(network, result)
    if not found.file:
        raise Http404
    return uploads.file_response(
        found.file.storage, found.file.name, filename=found.original_name or "ergebnis.pdf"
    )


@network_view()
def result(request, organisation, network, result):
    """One result with its comments (everyone with an account may comment)."""
    return render(
        request,
        "networks/result.html",
        {
            "network": network,
            "result": _result(network, result),
            "may_coordinate": request.user.has_perm(COORDINATE, network),
        },
    )


@network_view(COORDINATE)
def result_delete(request, organisation, network, result):
    """A confirmation page first; the POST deletes."""
    found = _result(network, result)
    if request.method == "POST":
        services.delete_result(request.user, found)
        messages.success(request, _("The result has been deleted."))
        return redirect("networks:results", org=organisation.slug, pk=network.pk)
    return render(request, "networks/result_delete.html", {"network": network, "result": found})
