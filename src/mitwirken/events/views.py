"""Public event pages: lists and feeds, the event page with its registration form, the
personal registration page (a secret link, no login), certificates and their check."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django_scopes import scopes_disabled

from mitwirken.core import ratelimit, uploads
from mitwirken.organisations.tenancy import organisation_view

from . import documents, eligibility, ics, queries, services
from .forms import CheckInForm, registration_form_class
from .models import Certificate, Event, Format, Material, Mode, Registration

Status = Registration.Status


def _filter_from(request) -> queries.EventFilter:
    def day(name):
        try:
            value = date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None
        # Far outside any event, and near year 1 or 9999 the time zone arithmetic overflows.
        return value if 1900 <= value.year <= 2999 else None

    def text(name, limit):
        # A NUL cannot be in any name, and PostgreSQL refuses it in a query.
        value = request.GET.get(name, "")[:limit]
        return "" if "\x00" in value else value

    def choice(name, choices):
        value = request.GET.get(name, "")
        return value if value in dict(choices) else ""

    return queries.EventFilter(
        format=choice("format", Format.choices),
        organisation=text("organisation", 60),
        topic=text("thema", 100),
        target_group=text("zielgruppe", 100),
        date_from=day("von"),
        date_to=day("bis"),
        mode=choice("form", Mode.choices),
        seats_available=request.GET.get("freie_plaetze") == "1",
        archive=request.GET.get("archiv") == "1",
    )


LIST_PARAMETERS = ("format", "organisation", "thema", "zielgruppe", "von", "bis", "form")
LIST_FLAGS = ("freie_plaetze", "archiv")


def _list(request, organisation=None):
    """An event list. Its content is the same for every visitor with the same filters, so it
    is cached (``queries.cached_list_content``): a change to an event shows at once, seat
    counts may be up to ``queries.LIST_CACHE_SECONDS`` old (the event page is exact)."""
    event_filter = _filter_from(request)
    query = _list_query(request)
    page_number = request.GET.get("seite", "1")[:10]

    def render_content():
        return _list_content(request, event_filter, organisation, query, page_number)

    key = (organisation.pk if organisation else "portal", request.LANGUAGE_CODE, query)
    return render(
        request,
        "events/list.html",
        {
            "filter": event_filter,
            "organisation": organisation,
            "content": queries.cached_list_content(key, page_number, render_content),
        },
    )


def _list_query(request) -> str:
    """Only the filters we know go into the cache key and the links of the page."""
    query = QueryDict(mutable=True)
    for name in LIST_PARAMETERS + LIST_FLAGS:
        if request.GET.get(name):
            query[name] = request.GET[name][:100]
    return query.urlencode()


def _list_content(request, event_filter, organisation, query, page_number) -> str:
    events = queries.public_events(event_filter, organisation)
    organisations = [] if organisation else queries.listed_organisation_names()
    return render_to_string(
        "events/includes/list_content.html",
        {
            "page": Paginator(events, 20).get_page(page_number),
            "filter": event_filter,
            "organisation": organisation,
            "organisations": organisations,
            "formats": Format.choices,
            "modes": Mode.choices,
            "options": queries.filter_options(organisation),
            "query": query,
        },
        request,
    )


def portal_list(request):
    with scopes_disabled():
        return _list(request)


@organisation_view
def organisation_list(request, organisation):
    return _list(request, organisation)


def _feed(request, organisation=None):
    events = queries.public_events(_filter_from(request), organisation)[:500]
    name = organisation.name if organisation else "mitwirken"
    response = HttpResponse(ics.feed_ics(events, name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="veranstaltungen.ics"'
    return response


def portal_feed(request):
    with scopes_disabled():
        return _feed(request)


@organisation_view
def organisation_feed(request, organisation):
    return _feed(request, organisation)


TOO_MANY_REGISTRATIONS = gettext_lazy(
    "Too many registrations from your connection. Please try again in a few minutes."
)


@organisation_view
def event_detail(request, organisation, pk):
    event = queries.event_for_page(organisation, pk, count_seats=request.method != "POST")
    if event is None:
        raise Http404
    own = queries.own_registration(request.user, event)
    questions = queries.questions_of(event)
    form = None
    if request.method == "POST":
        form = _registration_form(request, event, questions)
        registration = _register(request, organisation, event, form, own)
        if registration is not None:
            return _after_registration(organisation, event, registration)
    html = _event_page_parts(request, event, questions, form)
    refused = own is None and eligibility.refusal(event, request.user)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "article": html["article"],
            "form": html["form"],
            "own": own,
            "registration_open": event.registration_is_open(),
            "refused": refused,
            "way_in": eligibility.way_in(event) if refused else None,
            "form_has_errors": form is not None and bool(form.errors),  # "Fehler:" in the title
        },
    )


def _register(request, organisation, event, form, own) -> Registration | None:
    """The registration of a valid form, or None with the form's errors."""
    signed_in = request.user.is_authenticated
    if not signed_in and not ratelimit.allow(request, "event_registration"):
        form.is_valid()
        form.add_error(None, TOO_MANY_REGISTRATIONS)
        return None
    if own is not None or not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.register(
            event,
            name=data["name"],
            email=data.get("email", ""),
            answers=form.answers(),
            privacy_version=_privacy_version(organisation),
            recording_consent=bool(data.get("accept_recording")),
            user=request.user if signed_in else None,
            language=request.LANGUAGE_CODE,
        )
    except services.RegistrationError as error:
        form.add_error(None, str(error))
        return None


def _after_registration(organisation, event, registration):
    """Post/Redirect/Get: a reload does not send the form again."""
    if registration.status == Status.UNCONFIRMED:
        return redirect("events:check_your_mail", org=organisation.slug, pk=event.pk)
    return redirect("events:registration", org=organisation.slug, token=registration.token)


def _event_page_parts(request, event, questions, form) -> dict:
    """The article and the form of the event page. Both are the same for every visitor of a
    saved version of the event (the form: while the same options are full; the CSRF token is
    outside it), so they are cached; a bound form or a signed-in person's form is not."""
    full = queries.full_choice_ids(event, questions)  # seat counts of now: in the key

    def render_form():
        shown = form or _registration_form(request, event, questions)
        shown.mark_full_choices(full)
        return shown.render()

    parts = {"article": lambda: _render_article(event)}
    form_part = "form-" + "-".join(str(pk) for pk in sorted(full))
    if form is None and not request.user.is_authenticated:
        parts[form_part] = render_form
    html = _cached_page_parts(event, request.LANGUAGE_CODE, parts)
    return {"article": html["article"], "form": html.get(form_part) or render_form()}


@organisation_view
def check_your_mail(request, organisation, pk):
    """Where a visitor's registration POST leads (Post/Redirect/Get). The same text whether
    the address was new or registered already: the mail tells its owner which it was."""
    event = queries.event_for_page(organisation, pk, count_seats=False)
    if event is None:
        raise Http404
    return render(request, "events/check_your_mail.html", {"event": event})


def _registration_form(request, event, questions):
    """The event's form: its questions and the recording consent belong to the saved version
    of the event; the class is built per request (cheap next to rendering it)."""
    signed_in = request.user.is_authenticated
    form_class = registration_form_class(event, questions, with_email=not signed_in)
    return form_class(
        request.POST if request.method == "POST" else None,
        initial={"name": request.user.real_name} if signed_in else None,
    )


def _render_article(event) -> str:
    return render_to_string(
        "events/includes/article.html",
        {"event": event, "public_materials": queries.public_materials(event)},
    )


PAGE_PARTS_CACHE_SECONDS = 600


def _cached_page_parts(event, language, parts) -> dict:
    """Parts of the event page that are the same for every visitor and costly to render
    (markdown, speakers, materials, the form's fields), in the cache (Redis in production),
    keyed by the saved version of the event and of its organisation (whose name they show,
    ``queries.version_key``): nothing needs to be dropped. ``parts`` maps a name to a
    function that renders it. One round trip reads them all."""
    version = f"{queries.version_key(event)}:{language}"
    keys = {name: f"events:page:{name}:{version}" for name in parts}
    html = cache.get_many(keys.values())
    missing = {key: parts[name]() for name, key in keys.items() if key not in html}
    if missing:
        cache.set_many(missing, PAGE_PARTS_CACHE_SECONDS)
        html.update(missing)
    # SafeStrings from our own templates; the cache keeps their type.
    return {name: html[key] for name, key in keys.items()}


def _privacy_version(organisation) -> str:
    return f"{organisation.slug}/v{organisation.privacy_version}"


@organisation_view
def event_ics(request, organisation, pk):
    event = queries.event_for_page(organisation, pk)
    if event is None:
        raise Http404
    response = HttpResponse(ics.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.pk}.ics"'
    return response


def _registration_by_token(organisation, token, *, with_event=True) -> Registration:
    """The registration behind a personal link, in this organisation (the scope).
    ``with_event=False`` for a service that locks and reads the event itself."""
    registrations = Registration.objects.exclude(email="")
    if not with_event:
        return get_object_or_404(registrations, token=token)
    registration = get_object_or_404(registrations.select_related("event"), token=token)
    registration.event.organisation = organisation  # loaded by the view already
    return registration


@organisation_view
def confirm_address(request, organisation, token):
    if request.method == "POST":
        registration = _registration_by_token(organisation, token, with_event=False)
        try:
            services.confirm_address(registration, organisation)
        except services.RegistrationError as error:
            messages.error(request, str(error))
        return redirect("events:registration", org=organisation.slug, token=token)
    registration = _registration_by_token(organisation, token)
    if registration.status != Status.UNCONFIRMED:  # an old link: nothing left to confirm
        return redirect("events:registration", org=organisation.slug, token=token)
    return render(request, "events/confirm_address.html", {"registration": registration})


@organisation_view
def registration_ics(request, organisation, token):
    """The calendar file of one person: with the join data once their seat is confirmed.
    Behind the personal link, so never stored by a shared cache."""
    registration = _registration_by_token(organisation, token)
    event = registration.event
    with_join_data = (
        registration.status == Status.CONFIRMED and event.status != Event.Status.CANCELLED
    )
    response = HttpResponse(
        ics.event_ics(registration.event, with_join_data=with_join_data),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="veranstaltung-{registration.event_id}.ics"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@organisation_view
def cancel_registration(request, organisation, token):
    """Cancel through the personal link, in two steps: this page says what is given up (the
    seat, the place on the waiting list, the request, the offered seat); its POST cancels."""
    registration = _registration_by_token(organisation, token)
    registration_url = reverse(
        "events:registration", kwargs={"org": organisation.slug, "token": token}
    )
    if request.method == "POST":
        _cancel_through_link(request, registration)
        return redirect(registration_url)
    if not registration.can_be_cancelled_through_link:
        return redirect(registration_url)
    return render(
        request,
        "events/cancel_registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "position": services.waiting_position(registration),
            "registration_url": registration_url,
        },
    )


def _cancel_through_link(request, registration) -> None:
    if registration.status in (Status.CANCELLED, Status.REJECTED):
        messages.error(request, _("This registration has ended already."))
    elif not registration.can_be_cancelled_through_link:
        messages.error(request, _("This registration cannot be cancelled any more."))
    else:
        services.cancel(registration)
        messages.success(request, _("Your registration has been cancelled."))


@require_safe
@organisation_view
def registration_page(request, organisation, token):
    """The personal page behind the link in every e-mail: status, position, join data for
    confirmed people, cancel, accept or decline an offer, check in, materials, certificate.
    Each action posts to a URL of its own (offer_accept, check_in; cancel_registration)."""
    registration = _registration_by_token(organisation, token)
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "position": services.waiting_position(registration),
            "materials": queries.materials_for(registration),
            "check_in_form": CheckInForm(),
            "registration_open": registration.event.registration_is_open(),
        },
    )


@require_POST
@organisation_view
def offer_accept(request, organisation, token):
    """Accept an offered seat from the personal page. (Declining asks first:
    cancel_registration.)"""
    registration = _registration_by_token(organisation, token)
    try:
        services.accept_offer(registration)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have a seat. See you soon!"))
    return redirect("events:registration", org=organisation.slug, token=token)


@require_POST
@organisation_view
def check_in(request, organisation, token):
    """Check in with the code shown during the event."""
    registration = _registration_by_token(organisation, token)
    form = CheckInForm(request.POST)
    try:
        if not form.is_valid():
            raise services.RegistrationError(_("Please enter the check-in code."))
        services.check_in(registration, form.cleaned_data["code"])
    except services.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you, your attendance has been recorded."))
    return redirect("events:registration", org=organisation.slug, token=token)


@organisation_view
def material_download(request, organisation, pk, token=None):
    """A material's file, checked on every download: staff of the organisation; otherwise the
    event is published and the material is for everyone, or for the person behind the link
    (or signed in) by ``queries.material_is_visible``. Served by core.uploads.file_response
    (attachment, checked type, nosniff, sandbox CSP; X-Accel-Redirect behind nginx)."""
    material = get_object_or_404(Material.objects.select_related("event"), pk=pk)
    if not request.user.has_perm("events.manage_registrations", organisation):
        if token:
            registration = _registration_by_token(organisation, token)
            if registration.event_id != material.event_id:
                raise Http404
        else:
            registration = queries.own_confirmed_registration(request.user, material.event_id)
        if not queries.material_is_visible(material, registration):
            raise Http404
    if material.url and not material.file:
        return redirect(material.url)
    if not material.file:
        raise Http404
    return uploads.file_response(
        material.file.storage, material.file.name, filename=material.download_name
    )


@organisation_view
def certificate_download(request, organisation, token):
    registration = _registration_by_token(organisation, token)
    try:
        certificate = services.certificate_for(registration)
    except services.RegistrationError as error:
        messages.error(request, str(error))
        return redirect("events:registration", org=organisation.slug, token=token)
    verify_url = settings.SITE_URL + reverse("events:verify", kwargs={"code": certificate.code})
    pdf = documents.certificate_pdf(certificate, registration.event, verify_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="teilnahmebescheinigung.pdf"'
    return response


def _certificate_code(typed: str) -> str:
    """The code as printed (XXXX-XXXX-XXXX), however it was typed: spaces, no dashes,
    lower case."""
    letters = "".join(character for character in typed.upper() if character.isalnum())[:12]
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def verify_certificate(request, code=None):
    submitted = code is not None or "code" in request.GET
    code = _certificate_code(code or request.GET.get("code", ""))
    certificate = None
    if code:
        with scopes_disabled():
            certificate = (
                Certificate.objects.select_related("event__organisation").filter(code=code).first()
            )
    return render(
        request,
        "events/verify.html",
        {
            "code": code,
            "certificate": certificate,
            # The form was sent without a code: say so at the field (and in the title).
            "code_missing": submitted and not code,
            "form_has_errors": submitted and not code,
        },
    )


@login_required
def my_registrations(request):
    return render(
        request,
        "events/my_registrations.html",
        {"registrations": queries.registrations_of_user(request.user)},
    )
