"""Staff pages of events under /<org>/verwaltung/veranstaltungen/. Thin: parse, check (the
staff_view decorator), call a service or query, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mitwirken.organisations.tenancy import staff_view

from . import documents, queries, services
from .forms import (
    DuplicateForm,
    EventForm,
    MaterialForm,
    MessageForm,
    PresetForm,
    ProgrammeFormSet,
    QuestionForm,
    SpeakerFormSet,
)
from .models import Event, Material, Registration

Status = Registration.Status
CHANGE, MANAGE = "events.change_event", "events.manage_registrations"


def _event(organisation, pk) -> Event:
    return get_object_or_404(Event.objects.select_related("organisation"), pk=pk)


@staff_view(MANAGE)
def event_list(request, organisation):
    page = Paginator(queries.staff_events(organisation), 30).get_page(request.GET.get("seite"))
    return render(request, "events/staff/list.html", {"organisation": organisation, "page": page})


@staff_view(CHANGE)
def event_new(request, organisation):
    """Step 1: choose a format and a start; step 2 is the full form, filled from the preset."""
    form = PresetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["format"]
        starts_at = form.cleaned_data["starts_at"]
        preset = services.PRESETS[chosen]
        initial = {key: value for key, value in preset.items() if key != "duration"} | {
            "format": chosen,
            "starts_at": starts_at,
            "ends_at": starts_at + preset["duration"],
            "contact_email": organisation.contact_email,
            "status": Event.Status.DRAFT,
        }
        return _event_form(request, organisation, None, initial=initial)
    return render(request, "events/staff/new.html", {"organisation": organisation, "form": form})


def _event_form(request, organisation, event, initial=None):
    bound = request.method == "POST" and "title" in request.POST
    form = EventForm(
        request.POST if bound else None,
        instance=event,
        initial=initial,
        organisation=organisation,
    )
    data = request.POST if bound else None
    speakers = SpeakerFormSet(data, instance=event, prefix="redner")
    programme = ProgrammeFormSet(data, instance=event, prefix="programm")
    if bound and all([form.is_valid(), speakers.is_valid(), programme.is_valid()]):
        if event is None:
            event = services.create_event(request.user, organisation, form, speakers, programme)
            messages.success(request, _("The event has been created."))
        else:
            event = services.update_event(request.user, event, form, speakers, programme)
            messages.success(request, _("The event has been saved."))
            taken = services.seats_taken(event) if event.capacity is not None else 0
            if event.capacity is not None and taken > event.capacity:
                messages.warning(
                    request,
                    _(
                        "%(taken)d people hold a seat, more than the %(capacity)d seats now. "
                        "Nobody loses their seat automatically: move people to the waiting "
                        "list in the registrations if needed."
                    )
                    % {"taken": taken, "capacity": event.capacity},
                )
        return redirect("events:staff_edit", org=organisation.slug, pk=event.pk)
    return render(
        request,
        "events/staff/form.html",
        {
            "organisation": organisation,
            "event": event,
            "form": form,
            "speakers": speakers,
            "programme": programme,
        },
    )


@staff_view(CHANGE)
def event_create(request, organisation):
    """The full form posted from step 2 of event_new."""
    return _event_form(request, organisation, None)


@staff_view(CHANGE)
def event_edit(request, organisation, pk):
    return _event_form(request, organisation, _event(organisation, pk))


@staff_view(CHANGE)
def event_duplicate(request, organisation, pk):
    event = _event(organisation, pk)
    form = DuplicateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        copy = services.duplicate_as_next(request.user, event, form.cleaned_data["starts_at"])
        messages.success(request, _("The copy has been created as a draft."))
        return redirect("events:staff_edit", org=organisation.slug, pk=copy.pk)
    return render(
        request,
        "events/staff/duplicate.html",
        {"organisation": organisation, "event": event, "form": form},
    )


@staff_view(CHANGE)
def event_cancel(request, organisation, pk):
    event = _event(organisation, pk)
    if request.method == "POST":
        if event.status == Event.Status.CANCELLED:
            messages.info(request, _("This event has been cancelled already."))
        else:
            services.cancel_event(request.user, event)
            messages.success(
                request, _("The event has been cancelled and everyone registered told.")
            )
        return redirect("events:staff_list", org=organisation.slug)
    count = event.registrations.filter(status__in=services.management.ACTIVE).count()
    return render(
        request,
        "events/staff/cancel.html",
        {"organisation": organisation, "event": event, "count": count},
    )


@staff_view(CHANGE)
def event_questions(request, organisation, pk):
    event = _event(organisation, pk)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.add_question(event, form)
        messages.success(request, _("The question has been added."))
        return redirect("events:staff_questions", org=organisation.slug, pk=event.pk)
    return render(
        request,
        "events/staff/questions.html",
        {
            "organisation": organisation,
            "event": event,
            "form": form,
            "questions": event.questions.prefetch_related("choices"),
        },
    )


@require_POST
@staff_view(CHANGE)
def question_delete(request, organisation, pk, question_id):
    event = _event(organisation, pk)
    question = get_object_or_404(event.questions, pk=question_id)
    if not services.delete_question(event, question):
        messages.error(request, _("This question has already been answered and stays."))
    else:
        messages.success(request, _("The question has been deleted."))
    return redirect("events:staff_questions", org=organisation.slug, pk=event.pk)


@staff_view(MANAGE)
def registrations(request, organisation, pk):
    event = _event(organisation, pk)
    status = request.GET.get("status", "")
    status = status if status in dict(Status.choices) else ""
    search = request.GET.get("suche", "")[:100]
    page = Paginator(queries.registrations_of(event, status=status, search=search), 50).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "events/staff/registrations.html",
        {
            "organisation": organisation,
            "event": event,
            "page": page,
            "status": status,
            "search": search,
            # the filter stays when paging
            "query": urlencode({k: v for k, v in (("status", status), ("suche", search)) if v}),
            "counts": queries.status_counts(event),
            "statuses": Status.choices,
            "seats_left": services.seats_left(event),
        },
    )


REGISTRATION_ACTIONS = {
    "approve": services.approve,
    "reject": services.reject,
    "to_waiting_list": services.move_to_waiting_list,
    "admit": services.admit_from_waiting_list,
}


@require_POST
@staff_view(MANAGE)
def registration_action(request, organisation, pk, registration_id):
    event = _event(organisation, pk)
    registration = get_object_or_404(event.registrations, pk=registration_id)
    action = request.POST.get("action")
    try:
        if action == "cancel":
            services.cancel(registration, by_staff=True)
        elif action in REGISTRATION_ACTIONS:
            REGISTRATION_ACTIONS[action](request.user, registration)
        else:
            raise services.RegistrationError(_("Unknown action."))
        messages.success(
            request,
            _("The registration of %(name)s has been changed.") % {"name": registration.name},
        )
        if action == "admit":
            for choice in services.overbooked_choices(registration):
                messages.warning(
                    request,
                    ngettext(
                        "The option “%(choice)s” is now overbooked: %(taken)d people for "
                        "%(limit)d seat.",
                        "The option “%(choice)s” is now overbooked: %(taken)d people for "
                        "%(limit)d seats.",
                        choice.seat_limit,
                    )
                    % {"choice": choice.label, "taken": choice.taken, "limit": choice.seat_limit},
                )
    except services.RegistrationError as error:
        messages.error(request, str(error))
    return redirect("events:staff_registrations", org=organisation.slug, pk=event.pk)


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_view(MANAGE)
def export(request, organisation, pk, file_format):
    event = _event(organisation, pk)
    rows = queries.registrations_of(event).exclude(status=Status.UNCONFIRMED)
    stamp = f"anmeldungen-{event.pk}-{timezone.localdate():%Y-%m-%d}"
    if file_format == "xlsx":
        return _download(
            documents.registrations_xlsx(event, rows),
            f"{stamp}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if file_format == "pdf":
        confirmed = rows.filter(status=Status.CONFIRMED).order_by("name")
        return _download(
            documents.attendance_list_pdf(event, confirmed),
            f"teilnehmerliste-{event.pk}.pdf",
            "application/pdf",
        )
    if file_format == "csv":
        return _download(
            documents.registrations_csv(event, rows), f"{stamp}.csv", "text/csv; charset=utf-8"
        )
    raise Http404


@staff_view(MANAGE)
def attendance(request, organisation, pk):
    event = _event(organisation, pk)
    confirmed = event.registrations.filter(status=Status.CONFIRMED).order_by("name")
    if request.method == "POST":
        if "new_code" in request.POST:
            code = services.new_check_in_code(event)
            messages.success(request, _("New check-in code: %(code)s") % {"code": code})
        else:
            ids = [
                int(v)
                for v in request.POST.getlist("attended")
                if v.isascii() and v.isdigit() and len(v) <= 18  # "²" is a digit too
            ]
            count = services.set_attendance(request.user, event, ids)
            messages.success(
                request,
                ngettext(
                    "Attendance saved: %(count)s person.",
                    "Attendance saved: %(count)s people.",
                    count,
                )
                % {"count": count},
            )
        return redirect("events:staff_attendance", org=organisation.slug, pk=event.pk)
    return render(
        request,
        "events/staff/attendance.html",
        {"organisation": organisation, "event": event, "confirmed": confirmed},
    )


@staff_view(MANAGE)
def materials(request, organisation, pk):
    event = _event(organisation, pk)
    form = MaterialForm(
        request.POST if request.method == "POST" and "title" in request.POST else None,
        request.FILES or None,
    )
    if request.method == "POST":
        if "notify" in request.POST:
            count = services.notify_materials(request.user, event)
            messages.success(
                request,
                ngettext(
                    "%(count)s participant has been told.",
                    "%(count)s participants have been told.",
                    count,
                )
                % {"count": count},
            )
            return redirect("events:staff_materials", org=organisation.slug, pk=event.pk)
        if "delete" in request.POST:
            material_id = request.POST.get("delete", "")
            if not material_id.isdecimal():
                raise Http404
            material = get_object_or_404(event.materials, pk=material_id)
            services.delete_material(event, material)
            messages.success(request, _("The material has been deleted."))
            return redirect("events:staff_materials", org=organisation.slug, pk=event.pk)
        if form.is_valid():
            services.add_material(event, form)
            messages.success(request, _("The material has been added."))
            return redirect("events:staff_materials", org=organisation.slug, pk=event.pk)
    return render(
        request,
        "events/staff/materials.html",
        {
            "organisation": organisation,
            "event": event,
            "form": form,
            "materials": event.materials.all(),
            "visibility": Material.Visibility,
        },
    )


@staff_view(MANAGE)
def message(request, organisation, pk):
    event = _event(organisation, pk)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sent = services.send_message(request.user, event, form)
        count = sent.recipient_count
        messages.success(
            request,
            ngettext(
                "The message has been sent to %(count)s person.",
                "The message has been sent to %(count)s people.",
                count,
            )
            % {"count": count},
        )
        return redirect("events:staff_message", org=organisation.slug, pk=event.pk)
    return render(
        request,
        "events/staff/message.html",
        {
            "organisation": organisation,
            "event": event,
            "form": form,
            "sent": event.messages.select_related("sent_by").order_by("-created_at"),
        },
    )
