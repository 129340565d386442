"""Staff pages of events under /<org>/verwaltung/veranstaltungen/. Thin: parse, check (the
staff_view decorator), call a service or query, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mitwirken.core import exports
from mitwirken.core.forms import formset_rows
from mitwirken.organisations.tenancy import staff_view
from mitwirken.questionnaires.forms import QuestionForm
from mitwirken.questionnaires.models import Question

from . import documents, emails, queries, services
from .forms import (
    QUESTION_KINDS,
    DuplicateForm,
    EventForm,
    MaterialForm,
    MessageForm,
    PresetForm,
    ProgrammeFormSet,
    SpeakerFormSet,
)
from .models import Event, Registration

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
    """Step 1: choose a format and a start; step 2 is the full form, filled from the preset
    (it posts to event_create)."""
    form = PresetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        initial = services.preset_values(
            form.cleaned_data["format"], form.cleaned_data["starts_at"], organisation
        )
        return _event_form(request, organisation, None, data=None, initial=initial)
    return render(request, "events/staff/new.html", {"organisation": organisation, "form": form})


def _event_form(request, organisation, event, *, data, initial=None):
    """The staff form of an event with its speakers and programme; saved when ``data`` is
    valid."""
    form = EventForm(data, instance=event, initial=initial, organisation=organisation)
    speakers = SpeakerFormSet(data, instance=event, prefix="redner")
    programme = ProgrammeFormSet(data, instance=event, prefix="programm")
    if data is not None and all([form.is_valid(), speakers.is_valid(), programme.is_valid()]):
        event = _save_event(request, organisation, event, form, speakers, programme)
        return redirect("events:staff_edit", org=organisation.slug, pk=event.pk)
    return render(
        request,
        "events/staff/form.html",
        {"organisation": organisation, "event": event, "form": form}
        | {"speakers": speakers, "programme": programme},
    )


def _save_event(request, organisation, event, form, speakers, programme) -> Event:
    data = form.cleaned_data | {
        "speakers": formset_rows(speakers),
        "programme": formset_rows(programme),
    }
    if event is None:
        event = services.create_event(request.user, organisation, **data)
        messages.success(request, _("The event has been created."))
        return event
    event = services.update_event(request.user, event, **data)
    messages.success(request, _("The event has been saved."))
    _warn_over_capacity(request, event)
    return event


def _warn_over_capacity(request, event) -> None:
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


def _posted(request):
    return request.POST if request.method == "POST" else None


@staff_view(CHANGE)
def event_create(request, organisation):
    """The full form posted from step 2 of event_new."""
    return _event_form(request, organisation, None, data=_posted(request))


@staff_view(CHANGE)
def event_edit(request, organisation, pk):
    return _event_form(request, organisation, _event(organisation, pk), data=_posted(request))


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
    count = queries.active_registrations(event).count()
    return render(
        request,
        "events/staff/cancel.html",
        {"organisation": organisation, "event": event, "count": count},
    )


@staff_view(CHANGE)
def event_questions(request, organisation, pk):
    event = _event(organisation, pk)
    form = QuestionForm(request.POST if request.method == "POST" else None, kinds=QUESTION_KINDS)
    if request.method == "POST" and form.is_valid():
        services.add_question(event, **form.question_data())
        messages.success(request, _("The question has been added."))
        return redirect("events:staff_questions", org=organisation.slug, pk=event.pk)
    return render(
        request,
        "events/staff/questions.html",
        {
            "organisation": organisation,
            "event": event,
            "form": form,
            "questions": queries.questions_of(event),
        },
    )


@require_POST
@staff_view(CHANGE)
def question_delete(request, organisation, pk, question_id):
    event = _event(organisation, pk)
    if event.questionnaire_id is None:
        raise Http404
    question = get_object_or_404(
        Question.objects.filter(questionnaire=event.questionnaire_id), pk=question_id
    )
    if not services.delete_question(event, question):
        messages.error(request, _("This question has already been answered and stays."))
    else:
        messages.success(request, _("The question has been deleted."))
    return redirect("events:staff_questions", org=organisation.slug, pk=event.pk)


@staff_view(MANAGE)
def registrations(request, organisation, pk):
    event = _event(organisation, pk)
    shown = _list_parameters(request.GET)
    registrations = queries.registrations_of(event, status=shown["status"], search=shown["suche"])
    return render(
        request,
        "events/staff/registrations.html",
        {
            "organisation": organisation,
            "event": event,
            "page": Paginator(registrations, 50).get_page(request.GET.get("seite")),
            "status": shown["status"],
            "search": shown["suche"],
            # the filter stays when paging; an action leads back to the same page
            "query": urlencode({k: v for k, v in shown.items() if v and k != "seite"}),
            "back_query": urlencode({k: v for k, v in shown.items() if v}),
            "counts": queries.status_counts(event),
            "statuses": Status.choices,
            "seats_left": services.seats_left(event),
            "actions": services.STAFF_ACTIONS,
        },
    )


def _list_parameters(query) -> dict:
    """The filter, search and page of the registrations list that the list knows."""
    status = query.get("status", "")
    return {
        "status": status if status in dict(Status.choices) else "",
        "suche": query.get("suche", "")[:100],
        "seite": query.get("seite", "")[:10],
    }


def _registrations_url(organisation, event, query="") -> str:
    """Back to the list, with its filter and page (only the parameters the list knows)."""
    known = QueryDict(query[:500])
    kept = {name: known[name][:100] for name in ("status", "suche", "seite") if known.get(name)}
    url = reverse("events:staff_registrations", kwargs={"org": organisation.slug, "pk": event.pk})
    return f"{url}?{urlencode(kept)}" if kept else url


@require_POST
@staff_view(MANAGE)
def registrations_apply(request, organisation, pk):
    """One action for the registrations ticked in the list. What takes something away (a
    seat, a place, the registration) is shown first with the e-mail each person will get,
    and runs only once confirmed (``confirmed=1``)."""
    event = _event(organisation, pk)
    back = _registrations_url(organisation, event, request.POST.get("query", ""))
    name = request.POST.get("action", "")
    action = services.STAFF_ACTIONS.get(name)
    ids = _ids(request.POST.getlist("registration")[:200])
    if action is None or not ids:
        messages.error(
            request,
            _("Please choose an action.")
            if action is None
            else _("Please select at least one registration."),
        )
        return redirect(back)
    selected = queries.registrations_by_ids(event, ids)
    chosen = [r for r in selected if r.status in action.applies_to]
    unchanged = [r for r in selected if r.status not in action.applies_to]
    if not chosen:
        messages.error(request, _("None of the selected registrations can be changed this way."))
    elif action.takes_away and request.POST.get("confirmed") != "1":
        return _confirm_action(request, organisation, event, name, action, chosen, unchanged)
    else:
        _run_action(request, name, action, chosen, unchanged)
    return redirect(back)


def _ids(values) -> list[int]:
    """IDs as the database stores them (an oversized number would overflow SQLite's
    integer)."""
    return [
        int(value) for value in values if value.isascii() and value.isdecimal() and len(value) <= 18
    ]


def _run_action(request, name, action, chosen, unchanged) -> None:
    """Run ``action`` for each chosen registration; what changed, and what not, as
    messages."""
    changed = []
    for registration in chosen:
        try:
            action.run(request.user, registration)
        except services.RegistrationError as error:
            messages.error(request, f"{registration.name}: {error}")
            continue
        changed.append(registration)
        if name == "admit":
            _warn_overbooked(request, registration)
    _report(request, action, changed, unchanged)


def _report(request, action, changed, unchanged) -> None:
    if changed:
        messages.success(
            request,
            ngettext(
                "%(action)s: %(count)d registration changed (%(names)s).",
                "%(action)s: %(count)d registrations changed (%(names)s).",
                len(changed),
            )
            % {
                "action": action.label,
                "count": len(changed),
                "names": ", ".join(r.name for r in changed),
            },
        )
    if unchanged:
        messages.info(
            request,
            _("Not changed, the action does not apply to them: %(names)s.")
            % {"names": ", ".join(r.name for r in unchanged)},
        )


def _confirm_action(request, organisation, event, name, action, chosen, unchanged):
    """The page that asks before a seat, a place or a registration is taken away: who is
    affected, their status now and after, and the start of the e-mail each one gets."""
    waiting = queries.waiting_count(event)
    people = []
    for number, registration in enumerate(chosen, start=1):
        registration.event = event
        context = {"position": waiting + number} if name == "to_waiting_list" else {}
        subject, text = emails.preview(action.mail, registration, **context)
        paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
        people.append({"registration": registration, "subject": subject, "opening": paragraphs[:2]})
    return render(
        request,
        "events/staff/registrations_confirm.html",
        {
            "organisation": organisation,
            "event": event,
            "action": action,
            "action_name": name,
            "people": people,
            "unchanged": unchanged,
            "query": request.POST.get("query", "")[:500],
            "back": _registrations_url(organisation, event, request.POST.get("query", "")),
            "seats_left": services.seats_left(event),
        },
    )


def _warn_overbooked(request, registration) -> None:
    for choice in services.overbooked_choices(registration):
        messages.warning(
            request,
            ngettext(
                "The option “%(choice)s” is now overbooked: %(taken)d people for %(limit)d seat.",
                "The option “%(choice)s” is now overbooked: %(taken)d people for %(limit)d seats.",
                choice.seat_limit,
            )
            % {"choice": choice.label, "taken": choice.taken, "limit": choice.seat_limit},
        )


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = exports.attachment(filename)
    return response


@staff_view(MANAGE)
def export(request, organisation, pk, file_format):
    event = _event(organisation, pk)
    rows = queries.registrations_of(event).exclude(status=Status.UNCONFIRMED)
    stamp = f"anmeldungen-{event.pk}-{timezone.localdate():%Y-%m-%d}"
    if file_format == "xlsx":
        return documents.registrations_xlsx(event, rows, f"{stamp}.xlsx")
    if file_format == "pdf":
        confirmed = rows.filter(status=Status.CONFIRMED).order_by("name")
        return _download(
            documents.attendance_list_pdf(event, confirmed),
            f"teilnehmerliste-{event.pk}.pdf",
            "application/pdf",
        )
    if file_format == "csv":
        return documents.registrations_csv(event, rows, f"{stamp}.csv")
    raise Http404


@staff_view(MANAGE)
def attendance(request, organisation, pk):
    event = _event(organisation, pk)
    if request.method == "POST":
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
        {"organisation": organisation, "event": event, "confirmed": queries.confirmed_of(event)},
    )


@require_POST
@staff_view(MANAGE)
def check_in_code_new(request, organisation, pk):
    event = _event(organisation, pk)
    code = services.new_check_in_code(event)
    messages.success(request, _("New check-in code: %(code)s") % {"code": code})
    return redirect("events:staff_attendance", org=organisation.slug, pk=event.pk)


def _materials_page(request, organisation, event, form):
    return render(
        request,
        "events/staff/materials.html",
        {
            "organisation": organisation,
            "event": event,
            "form": form,
            "materials": queries.materials_of(event),
        },
    )


@staff_view(MANAGE)
def materials(request, organisation, pk):
    """The materials of an event, and the form to add one (it posts to material_add)."""
    return _materials_page(request, organisation, _event(organisation, pk), MaterialForm())


@require_POST
@staff_view(MANAGE)
def material_add(request, organisation, pk):
    event = _event(organisation, pk)
    form = MaterialForm(request.POST, request.FILES or None)
    if not form.is_valid():
        return _materials_page(request, organisation, event, form)
    services.add_material(event, **form.cleaned_data)
    messages.success(request, _("The material has been added."))
    return redirect("events:staff_materials", org=organisation.slug, pk=event.pk)


@require_POST
@staff_view(MANAGE)
def material_delete(request, organisation, pk, material_id):
    event = _event(organisation, pk)
    material = get_object_or_404(event.materials, pk=material_id)
    services.delete_material(event, material)
    messages.success(request, _("The material has been deleted."))
    return redirect("events:staff_materials", org=organisation.slug, pk=event.pk)


@require_POST
@staff_view(MANAGE)
def materials_notify(request, organisation, pk):
    """Tell the confirmed participants by e-mail that the materials are online."""
    event = _event(organisation, pk)
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


@staff_view(MANAGE)
def message(request, organisation, pk):
    event = _event(organisation, pk)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sent = services.send_message(request.user, event, **form.cleaned_data)
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
