"""Pages of the idea collection: the module's page (list with filters and sorts), an idea
with its status trail and comments, submitting, editing, withdrawing, supporting and
reporting; the staff's decisions (status, merge, offline ideas, categories, moderation);
and the project's accountability ledger as open data."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitwirken.organisations.tenancy import organisation_view, staff_view

from . import access, ideas_ledger, ideas_queries, ideas_services
from .ideas_forms import (
    CategoriesForm,
    HideForm,
    IdeaForm,
    KeepForm,
    MergeForm,
    OfflineIdeaForm,
    ReportForm,
    StatusForm,
)
from .ideas_services import IdeaError
from .models import Module, Project
from .models_ideas import Idea

MODERATE = "participation.moderate_project"


# --- loading: the project this person may see, its idea module, the idea -----------------


def _project(request, pk) -> Project:
    project = Project.objects.select_related("organisation").filter(pk=pk).first()
    if project is None or not access.can_view(request.user, project):
        raise Http404
    return project


def _collection(project, module_id):
    module = (
        Module.objects.filter(pk=module_id, project=project, kind=Module.Kind.IDEAS)
        .select_related("phase")
        .first()
    )
    if module is None:
        raise Http404
    module.project = project
    collection = ideas_queries.collection_of(module)
    collection.module = module
    return collection


def _loaded(request, pk, module_id, idea_id=None):
    project = _project(request, pk)
    collection = _collection(project, module_id)
    if idea_id is None:
        return project, collection, None
    idea = ideas_queries.idea_of(collection, idea_id)
    if idea is None:
        raise Http404
    idea.collection = collection
    return project, collection, idea


def _may_take_part(request, project) -> bool:
    return access.participant(request, project) is not None


def _module_url(collection) -> str:
    return collection.module.get_absolute_url()


def _staff_url(collection, name="staff_ideas", **kwargs) -> str:
    module = collection.module
    return reverse(
        f"participation:{name}",
        kwargs={
            "org": module.project.organisation.slug,
            "pk": module.project_id,
            "module": module.pk,
            **kwargs,
        },
    )


# --- the module's page and its box on the project page ------------------------------------


def _list_query(idea_filter) -> str:
    query = QueryDict(mutable=True)
    for name, value in (
        ("kategorie", idea_filter.category),
        ("stadtteil", idea_filter.district),
        ("status", idea_filter.status),
        ("sortierung", "" if idea_filter.sort == ideas_queries.SORT_RANDOM else idea_filter.sort),
    ):
        if value:
            query[name] = str(value)
    return query.urlencode()


def module_page(request, organisation, project, module):
    """The registry's page of an idea module: the ideas, filtered and sorted (random: in
    this visitor's own stable order), a page at a time."""
    collection = ideas_queries.collection_of(module)
    collection.module = module
    idea_filter = ideas_queries.IdeaFilter.from_query(request.GET)
    seed = ideas_queries.seed_of(request.session)
    ideas = ideas_queries.listed_ideas(collection, idea_filter, seed)
    page = Paginator(ideas, ideas_queries.IDEAS_PER_PAGE).get_page(request.GET.get("seite"))
    page.object_list = ideas_queries.ideas_of_page(page.object_list)
    return render(
        request,
        "participation/ideas/module.html",
        {
            "organisation": organisation,
            "project": project,
            "module": module,
            "collection": collection,
            "page": page,
            "filter": idea_filter,
            "query": _list_query(idea_filter),
            "categories": ideas_queries.categories(collection),
            "districts": list(project.districts.all()),
            "statuses": Idea.Status.choices,
            "sorts": _sorts(),
            "may_take_part": _may_take_part(request, project),
            "can_moderate": request.user.has_perm(MODERATE, project),
        },
    )


def _sorts():
    return [
        (ideas_queries.SORT_RANDOM, _("Random order")),
        (ideas_queries.SORT_NEWEST, _("Newest first")),
        (ideas_queries.SORT_SUPPORTED, _("Most supported")),
        (ideas_queries.SORT_DISCUSSED, _("Most discussed")),
    ]


def module_summary(request, module):
    """The module's box on the project page."""
    collection = ideas_queries.collection_of(module)
    return "participation/ideas/summary.html", {
        "collection": collection,
        **ideas_queries.summary(collection),
    }


# --- a citizen's pages --------------------------------------------------------------------


@organisation_view
def idea_detail(request, organisation, pk, module, idea):
    project, collection, idea = _loaded(request, pk, module, idea)
    return render(
        request,
        "participation/ideas/detail.html",
        {
            "organisation": organisation,
            "project": project,
            "module": collection.module,
            "idea": idea,
            "trail": ideas_queries.trail(idea),
            "duplicates": ideas_queries.duplicates_of(idea),
            "supported": ideas_queries.supports(request.user, idea),
            "may_take_part": _may_take_part(request, project),
            "may_edit": ideas_services.may_edit(request.user, idea),
            "can_moderate": request.user.has_perm(MODERATE, project),
        },
    )


def _refusal(request, project, collection):
    """Why this person cannot submit an idea here (a response), or None."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_take_part(request, project):
        raise PermissionDenied
    if not collection.module.is_open():
        messages.error(request, _("This idea collection is not open for contributions."))
        return redirect(_module_url(collection))
    return None


@organisation_view
def idea_submit(request, organisation, pk, module):
    project, collection, _idea = _loaded(request, pk, module)
    refused = _refusal(request, project, collection)
    if refused is not None:
        return refused
    verified = ideas_services.has_verified_address(request.user)
    form = IdeaForm(request.POST or None, request.FILES or None, collection=collection)
    if request.method == "POST" and verified and form.is_valid():
        try:
            idea = ideas_services.submit_idea(request.user, collection, **form.cleaned_data)
        except IdeaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: your idea has been received."))
            return redirect(idea.get_absolute_url())
    return _form_page(request, "submit", project, collection, form, verified=verified)


def _form_page(request, mode, project, collection, form, idea=None, verified=True):
    return render(
        request,
        "participation/ideas/form.html",
        {
            "organisation": project.organisation,
            "project": project,
            "module": collection.module,
            "form": form,
            "idea": idea,
            "mode": mode,
            "verified": verified,
        },
    )


@organisation_view
def idea_edit(request, organisation, pk, module, idea):
    project, collection, idea = _loaded(request, pk, module, idea)
    refused = _refusal(request, project, collection)
    if refused is not None:
        return refused
    if not ideas_services.may_edit(request.user, idea):
        raise PermissionDenied
    initial = {
        "title": idea.title,
        "text": idea.text,
        "category": idea.category_id,
        "district": idea.district_id,
        "image_alt": idea.image_alt,
    }
    form = IdeaForm(
        request.POST or None,
        request.FILES or None,
        collection=collection,
        idea=idea,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            ideas_services.edit_idea(request.user, idea, **form.cleaned_data)
        except IdeaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your idea has been changed."))
            return redirect(idea.get_absolute_url())
    return _form_page(request, "edit", project, collection, form, idea)


@organisation_view
def idea_withdraw(request, organisation, pk, module, idea):
    """Asks first (a page), then takes the idea back (its POST)."""
    project, collection, idea = _loaded(request, pk, module, idea)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if idea.author_id != request.user.pk or idea.withdrawn:
        raise PermissionDenied
    if request.method == "POST":
        ideas_services.withdraw_idea(request.user, idea)
        messages.success(request, _("You have withdrawn your idea."))
        return redirect(_module_url(collection))
    return render(
        request,
        "participation/ideas/withdraw.html",
        {
            "organisation": organisation,
            "project": project,
            "module": collection.module,
            "idea": idea,
        },
    )


def _support_view(act, done, already):
    @require_POST
    @organisation_view
    def view(request, organisation, pk, module, idea):
        project, collection, idea = _loaded(request, pk, module, idea)
        if not request.user.is_authenticated:
            return redirect_to_login(idea.get_absolute_url())
        if not _may_take_part(request, project):
            raise PermissionDenied
        try:
            changed = act(request.user, idea)
        except IdeaError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done() if changed else already())
        return redirect(idea.get_absolute_url() + "#unterstuetzung")

    return view


idea_support = _support_view(
    ideas_services.support_idea,
    lambda: _("Thank you for your support."),
    lambda: _("You support this idea already."),
)
idea_unsupport = _support_view(
    ideas_services.withdraw_support,
    lambda: _("You no longer support this idea."),
    lambda: _("You did not support this idea."),
)


@organisation_view
def idea_report(request, organisation, pk, module, idea):
    project, collection, idea = _loaded(request, pk, module, idea)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not idea.is_active:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ideas_services.report_idea(request.user, idea, **form.cleaned_data)
        except IdeaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Thank you: the moderation will look at the idea and tell you.")
            )
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "participation/ideas/report.html",
        {
            "organisation": organisation,
            "project": project,
            "module": collection.module,
            "idea": idea,
            "form": form,
        },
    )


# --- the ledger (open data) ---------------------------------------------------------------


@organisation_view
def ledger_csv(request, organisation, pk):
    return ideas_ledger.csv_response(_project(request, pk))


@organisation_view
def ledger_json(request, organisation, pk):
    return ideas_ledger.json_response(_project(request, pk))


# --- staff --------------------------------------------------------------------------------


def _staff_loaded(request, pk, module, idea=None):
    """Staff pages: the organisation's project (its staff may see every one of them)."""
    return _loaded(request, pk, module, idea)


@staff_view(MODERATE)
def staff_ideas(request, organisation, pk, module):
    project, collection, _idea = _staff_loaded(request, pk, module)
    ideas = ideas_queries.staff_ideas(collection)
    page = Paginator(ideas, 50).get_page(request.GET.get("seite"))
    return render(
        request,
        "participation/ideas/staff_list.html",
        {
            "organisation": organisation,
            "project": project,
            "module": collection.module,
            "page": page,
            "reported": len(ideas_services.open_reports(collection)),
        },
    )


def _staff_form(request, organisation, pk, module, idea, form_class, act, done, template):
    project, collection, idea = _staff_loaded(request, pk, module, idea)
    form = form_class(request.POST or None, idea=idea)
    if request.method == "POST" and form.is_valid():
        try:
            act(request.user, idea, **form.cleaned_data)
        except IdeaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done())
            return redirect(_staff_url(collection))
    return render(
        request,
        template,
        {
            "organisation": organisation,
            "project": project,
            "module": collection.module,
            "idea": idea,
            "form": form,
        },
    )


@staff_view(MODERATE)
def staff_idea_status(request, organisation, pk, module, idea):
    return _staff_form(
        request,
        organisation,
        pk,
        module,
        idea,
        StatusForm,
        ideas_services.change_status,
        lambda: _("The new status is in the idea's public trail."),
        "participation/ideas/staff_status.html",
    )


def _merge(actor, idea, *, target, reason):
    return ideas_services.merge_ideas(actor, idea, target, reason=reason)


@staff_view(MODERATE)
def staff_idea_merge(request, organisation, pk, module, idea):
    return _staff_form(
        request,
        organisation,
        pk,
        module,
        idea,
        MergeForm,
        _merge,
        lambda: _("The ideas are merged; both authors are told."),
        "participation/ideas/staff_merge.html",
    )


@staff_view(MODERATE)
def staff_idea_offline(request, organisation, pk, module):
    project, collection, _idea = _staff_loaded(request, pk, module)
    form = OfflineIdeaForm(request.POST or None, collection=collection)
    if request.method == "POST" and form.is_valid():
        try:
            ideas_services.enter_offline_idea(request.user, collection, **form.cleaned_data)
        except IdeaError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The idea is entered with its channel."))
            return redirect(_staff_url(collection))
    return render(
        request,
        "participation/ideas/staff_offline.html",
        {
            "organisation": organisation,
            "project": project,
            "module": collection.module,
            "form": form,
        },
    )


@staff_view(MODERATE)
def staff_idea_categories(request, organisation, pk, module):
    project, collection, _idea = _staff_loaded(request, pk, module)
    initial = {"names": "\n".join(c.name for c in ideas_queries.categories(collection))}
    form = CategoriesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ideas_services.set_categories(
            request.user, collection, form.cleaned_data["names"].splitlines()
        )
        messages.success(request, _("The categories are saved."))
        return redirect(_staff_url(collection))
    return render(
        request,
        "participation/ideas/staff_categories.html",
        {
            "organisation": organisation,
            "project": project,
            "module": collection.module,
            "form": form,
        },
    )


@staff_view(MODERATE)
def staff_idea_reports(request, organisation, pk, module):
    project, collection, _idea = _staff_loaded(request, pk, module)
    return render(
        request,
        "participation/ideas/staff_reports.html",
        {
            "organisation": organisation,
            "project": project,
            "module": collection.module,
            "reported": ideas_services.open_reports(collection),
        },
    )


def _decision(decide, form_class, done):
    @require_POST
    @staff_view(MODERATE)
    def view(request, organisation, pk, module, idea):
        _project_, collection, idea = _staff_loaded(request, pk, module, idea)
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
        else:
            try:
                decide(request.user, idea, **form.cleaned_data)
            except (IdeaError, ValidationError) as error:
                messages.error(request, str(error))
            else:
                messages.success(request, done())
        return redirect(_staff_url(collection, "staff_idea_reports"))

    return view


staff_idea_hide = _decision(
    ideas_services.hide_idea,
    HideForm,
    lambda: _("The idea is hidden; its author and the reporters are told."),
)
staff_idea_keep = _decision(
    ideas_services.keep_idea, KeepForm, lambda: _("The idea stays; the reporters are told.")
)
