"""The person's network profile under /konto/netzwerk-profil/, and a network's member
directory, the members' photos and the coordinators' export under
/<org>/netzwerke/<pk>/mitglieder/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from mitwirken.core import exports, uploads

from ..access import network_view
from ..models import NetworkProfile
from . import municipalities, queries, services
from .forms import NetworkProfileForm

DIRECTORY_PARAMETERS = ("name", "gemeinde", "land", "thema")


@login_required
def profile_edit(request):
    profile = NetworkProfile.objects.filter(user=request.user).first()
    form = NetworkProfileForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=profile or NetworkProfile(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile(request.user, **form.profile_data())
        except services.ProfileError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your network profile has been saved."))
            return redirect("networks:profile_edit")
    return render(request, "networks/profiles/edit.html", {"form": form, "profile": profile})


@login_required
def profile_delete(request):
    profile = NetworkProfile.objects.filter(user=request.user).first()
    if profile is None:
        return redirect("networks:profile_edit")
    if request.method == "POST":
        services.delete_profile(request.user)
        messages.success(request, _("Your network profile has been deleted."))
        return redirect("accounts:profile")
    return render(request, "networks/profiles/delete.html", {"profile": profile})


@login_required
def own_photo(request):
    profile = NetworkProfile.objects.filter(user=request.user).exclude(photo="").first()
    if profile is None:
        raise Http404
    return uploads.file_response(profile.photo.storage, profile.photo.name, inline=True)


def _text(request, name: str, limit: int) -> str:
    value = request.GET.get(name, "")[:limit].strip()
    return "" if "\x00" in value else value  # PostgreSQL refuses a NUL in a query


def _filter_from(request, municipality_options, topic_options) -> queries.DirectoryFilter:
    """Only values the viewer could have picked: a municipality or topic among the visible
    ones, one of the 16 states; anything else is ignored."""
    municipality = request.GET.get("gemeinde", "")
    state = request.GET.get("land", "")
    topic = _text(request, "thema", 100).casefold()
    return queries.DirectoryFilter(
        name=_text(request, "name", 100),
        municipality=municipality if municipality in dict(municipality_options) else "",
        state=state if municipality_options and state in municipalities.STATES else "",
        topic=next((name for name in topic_options if name.casefold() == topic), ""),
    )


def _query(found: queries.DirectoryFilter) -> str:
    query = QueryDict(mutable=True)
    for name, value in zip(
        DIRECTORY_PARAMETERS,
        (found.name, found.municipality, found.state, found.topic),
        strict=True,
    ):
        if value:
            query[name] = value
    return query.urlencode()


def _options(options, selected: str) -> str:
    """The ``<option>``s of a filter (hundreds of municipalities: faster than a template
    loop); empty if there is nothing to choose."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in options),
    )


@network_view("networks.view_members")
def directory(request, organisation, network):
    levels = queries.levels_for(request.user, network)
    municipality_options, topic_options = queries.filter_options(network, levels)
    found = _filter_from(request, municipality_options, topic_options)
    page, groups = queries.directory_page(
        network, levels, found, request.GET.get("seite", "1")[:10]
    )
    return render(
        request,
        "networks/profiles/directory.html",
        {
            "network": network,
            "organisation": organisation,
            "page": page,
            "groups": groups,
            "filter": found,
            "query": _query(found),
            "municipality_options": _options(municipality_options, found.municipality),
            "state_options": _options(
                sorted(municipalities.STATES.items()) if municipality_options else [],
                found.state,
            ),
            "topic_options": _options([(name, name) for name in topic_options], found.topic),
            "sees_profiles": bool(levels),
            "can_export": request.user.has_perm("networks.coordinate", network),
        },
    )


@network_view("networks.view_members")
def member_photo(request, organisation, network, user_id):
    """A member's photo, if the viewer may see it in this network (404 otherwise)."""
    profile = queries.visible_photo(network, user_id, queries.levels_for(request.user, network))
    if profile is None:
        raise Http404
    return uploads.file_response(profile.photo.storage, profile.photo.name, inline=True)


def _export_name(network, extension: str) -> str:
    return f"mitglieder-{network.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"


@network_view("networks.coordinate")
def members_csv(request, organisation, network):
    services.record_members_export(request.user, network, "csv")
    return exports.csv_response(queries.export_rows(network), _export_name(network, "csv"))


@network_view("networks.coordinate")
def members_xlsx(request, organisation, network):
    services.record_members_export(request.user, network, "xlsx")
    return exports.xlsx_response(
        queries.export_rows(network), _export_name(network, "xlsx"), _("Members")
    )
