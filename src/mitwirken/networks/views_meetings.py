"""Pages of a network's meetings: the list, a meeting with its notes and photo gallery, and
the coordinators' pages to link events, write the notes and upload the photos."""

from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_scopes import scope

from mitwirken.core import uploads
from mitwirken.events.models import Event

from . import meeting_queries as queries
from . import meetings as services
from .access import network_view
from .files import stream_zip
from .meeting_forms import LinkEventForm, MembersOnlyForm, NotesForm, PhotoFormSet

VIEW_NOTES = "networks.view_notes"
COORDINATE = "networks.coordinate"


def _meeting(request, network, meeting_id):
    meeting = queries.meeting_of(network, request.user, meeting_id)
    if meeting is None:
        raise Http404
    return meeting


def _linkable_events(request, network):
    """The organisation's events that are no network's meeting yet; drafts only for staff
    who may change the organisation's networks."""
    events = Event.objects.filter(network_meeting__isnull=True).exclude(
        status=Event.Status.CANCELLED
    )
    if not request.user.has_perm("networks.change_network", network.organisation):
        events = events.filter(status=Event.Status.PUBLISHED)
    return events.order_by("-starts_at", "pk")


@network_view()
def meetings(request, organisation, network):
    form = None
    if request.user.has_perm(COORDINATE, network):
        form = LinkEventForm(events=_linkable_events(request, network))
    return _meetings_page(request, network, form)


def _meetings_page(request, network, form, status=200):
    return render(
        request,
        "networks/meetings.html",
        {
            "network": network,
            "meetings": queries.meetings_of(network, request.user),
            "related": queries.related(network),
            "link_form": form,
            "form_has_errors": form is not None and bool(form.errors),
        },
        status=status,
    )


@require_POST
@network_view(COORDINATE)
def meeting_link(request, organisation, network):
    form = LinkEventForm(request.POST, events=_linkable_events(request, network))
    if not form.is_valid():
        return _meetings_page(request, network, form, status=400)
    try:
        meeting = services.link_event(
            request.user,
            network,
            form.cleaned_data["event"],
            members_only=form.cleaned_data["members_only"],
        )
    except services.MeetingError as error:
        form.add_error("event", str(error))
        return _meetings_page(request, network, form, status=400)
    messages.success(request, _("The event is now a meeting of the network."))
    return redirect("networks:meeting", org=organisation.slug, pk=network.pk, meeting=meeting.pk)


@network_view()
def meeting(request, organisation, network, meeting):
    meeting = _meeting(request, network, meeting)
    may_see_notes = request.user.has_perm(VIEW_NOTES, network)
    may_coordinate = request.user.has_perm(COORDINATE, network)
    return render(
        request,
        "networks/meeting.html",
        {
            "network": network,
            "meeting": meeting,
            "event": meeting.event,
            "notes": queries.notes_of(meeting) if may_see_notes else None,
            "may_see_notes": may_see_notes,
            "may_coordinate": may_coordinate,
            "members_only_form": MembersOnlyForm(
                initial={"members_only": meeting.event.eligibility == services.MEMBERS_ONLY}
            )
            if may_coordinate
            else None,
        },
    )


@require_POST
@network_view(COORDINATE)
def meeting_members_only(request, organisation, network, meeting):
    meeting = _meeting(request, network, meeting)
    form = MembersOnlyForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    services.set_members_only(request.user, meeting, form.cleaned_data["members_only"])
    messages.success(request, _("Who may register has been saved."))
    return redirect("networks:meeting", org=organisation.slug, pk=network.pk, meeting=meeting.pk)


@require_POST
@network_view(COORDINATE)
def meeting_unlink(request, organisation, network, meeting):
    meeting = _meeting(request, network, meeting)
    services.unlink_event(request.user, meeting)
    messages.success(request, _("The event is no longer a meeting of the network."))
    return redirect("networks:meetings", org=organisation.slug, pk=network.pk)


@network_view(COORDINATE)
def notes_edit(request, organisation, network, meeting):
    meeting = _meeting(request, network, meeting)
    notes = queries.notes_of(meeting)
    if request.method == "POST":
        form = NotesForm(request.POST)
        if form.is_valid():
            services.save_notes(request.user, meeting, **form.cleaned_lists())
            messages.success(request, _("The notes have been saved."))
            return redirect(
                "networks:meeting", org=organisation.slug, pk=network.pk, meeting=meeting.pk
            )
    else:
        initial = {}
        if notes is not None:
            initial = {
                "text": notes.text,
                "participant_count": notes.participant_count,
                "expectations": "\n".join(item.text for item in notes.expectations),
                "results": "\n".join(item.text for item in notes.results),
            }
        form = NotesForm(initial=initial)
    return render(
        request,
        "networks/notes_form.html",
        {
            "network": network,
            "meeting": meeting,
            "form": form,
            "form_has_errors": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@network_view(COORDINATE)
def photos_add(request, organisation, network, meeting):
    """Several photos at once, each with its text alternative. The good ones are saved even
    if others are refused; those come back with their German error, to be chosen again."""
    meeting = _meeting(request, network, meeting)
    saved = []
    if request.method == "POST":
        formset = PhotoFormSet(request.POST, request.FILES)
        if not formset.management_form.is_valid():
            formset = PhotoFormSet()
            messages.error(request, _("The form was incomplete. Please try again."))
        else:
            good = [form for form in formset.forms if form.has_changed() and form.is_valid()]
            saved = services.add_photos(
                request.user,
                meeting,
                [form.cleaned_data for form in good if form.cleaned_data.get("image")],
            )
            for form in good:
                form.saved = True
            bad = [form for form in formset.forms if form.has_changed() and form.errors]
            if saved:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d photo has been added.",
                        "%(count)d photos have been added.",
                        len(saved),
                    )
                    % {"count": len(saved)},
                )
            if not bad:
                return redirect(
                    "networks:meeting", org=organisation.slug, pk=network.pk, meeting=meeting.pk
                )
    else:
        formset = PhotoFormSet()
    has_errors = any(form.errors for form in formset.forms)
    return render(
        request,
        "networks/photos_form.html",
        {
            "network": network,
            "meeting": meeting,
            "formset": formset,
            "form_has_errors": has_errors,
        },
        status=400 if has_errors else 200,
    )


def _photo(request, network, meeting, photo):
    found = queries.photo_of(_meeting(request, network, meeting), photo)
    if found is None:
        raise Http404
    return found


@network_view(VIEW_NOTES)
def photo(request, organisation, network, meeting, photo):
    found = _photo(request, network, meeting, photo)
    return uploads.file_response(
        found.image.storage,
        found.image.name,
        filename=found.original_name or None,
        inline=True,
    )


@network_view(VIEW_NOTES)
def photo_thumbnail(request, organisation, network, meeting, photo):
    found = _photo(request, network, meeting, photo)
    return uploads.file_response(found.thumbnail.storage, found.thumbnail.name, inline=True)


@require_POST
@network_view(COORDINATE)
def photo_delete(request, organisation, network, meeting, photo):
    found = _photo(request, network, meeting, photo)
    services.delete_photo(request.user, found)
    messages.success(request, _("The photo has been deleted."))
    return redirect("networks:meeting", org=organisation.slug, pk=network.pk, meeting=meeting)


@network_view(VIEW_NOTES)
def photos_zip(request, organisation, network, meeting):
    """All photos of the meeting at full size in one ZIP, streamed photo by photo."""
    meeting = _meeting(request, network, meeting)
    photos = queries.photos_of(meeting)

    def pieces():
        # Sent after the view has returned: the photos are read in the organisation's scope.
        with scope(organisation=organisation):
            for piece in stream_zip(photos.iterator(chunk_size=200)):
                if piece:
                    yield piece

    response = StreamingHttpResponse(pieces(), content_type="application/zip")
    name = f"fotos-{slugify(meeting.event.title)[:60] or 'treffen'}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return uploads.protect(response)
