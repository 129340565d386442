"""Pages of a network's shared documents: folders (each with its audience), documents with
their versions, and the coordinators' pages to add folders, documents and versions. Every
download checks ``networks.view_documents`` and the folder's audience."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitwirken.core import uploads

from . import documents as services
from . import meeting_queries as queries
from .access import network_view
from .meeting_forms import DocumentForm, FolderForm, VersionForm

VIEW_DOCUMENTS = "networks.view_documents"
COORDINATE = "networks.coordinate"


@network_view(VIEW_DOCUMENTS)
def documents(request, organisation, network):
    return render(
        request,
        "networks/documents.html",
        {
            "network": network,
            "folders": queries.folders_for(request.user, network),
            "may_coordinate": request.user.has_perm(COORDINATE, network),
        },
    )


def _folder(request, network, pk):
    folder = queries.folder_for(request.user, network, pk)
    if folder is None:
        raise Http404
    return folder


def _document(request, network, pk):
    document = queries.document_for(request.user, network, pk)
    if document is None:
        raise Http404
    return document


def _form_page(request, network, template, form, **context):
    return render(
        request,
        template,
        {"network": network, "form": form, "form_has_errors": bool(form.errors), **context},
        status=400 if form.errors else 200,
    )


@network_view(COORDINATE)
def folder_new(request, organisation, network):
    form = FolderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_folder(request.user, network, **form.cleaned_data)
        messages.success(request, _("The folder has been saved."))
        return redirect("networks:documents", org=organisation.slug, pk=network.pk)
    return _form_page(request, network, "networks/folder_form.html", form, folder=None)


@network_view(COORDINATE)
def folder_edit(request, organisation, network, folder):
    folder = _folder(request, network, folder)
    form = FolderForm(
        request.POST or None, initial={"name": folder.name, "audience": folder.audience}
    )
    if request.method == "POST" and form.is_valid():
        services.save_folder(request.user, network, folder=folder, **form.cleaned_data)
        messages.success(request, _("The folder has been saved."))
        return redirect("networks:documents", org=organisation.slug, pk=network.pk)
    return _form_page(request, network, "networks/folder_form.html", form, folder=folder)


@require_POST
@network_view(COORDINATE)
def folder_delete(request, organisation, network, folder):
    folder = _folder(request, network, folder)
    services.delete_folder(request.user, folder)
    messages.success(request, _("The folder and its documents have been deleted."))
    return redirect("networks:documents", org=organisation.slug, pk=network.pk)


@network_view(COORDINATE)
def document_new(request, organisation, network, folder):
    folder = _folder(request, network, folder)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = services.add_document(request.user, folder, **form.cleaned_data)
        messages.success(request, _("The document has been uploaded."))
        return redirect(
            "networks:document", org=organisation.slug, pk=network.pk, document=document.pk
        )
    return _form_page(request, network, "networks/document_form.html", form, folder=folder)


@network_view(VIEW_DOCUMENTS)
def document(request, organisation, network, document):
    document = _document(request, network, document)
    return render(
        request,
        "networks/document.html",
        {
            "network": network,
            "document": document,
            "may_coordinate": request.user.has_perm(COORDINATE, network),
        },
    )


@network_view(COORDINATE)
def version_new(request, organisation, network, document):
    document = _document(request, network, document)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_version(request.user, document, **form.cleaned_data)
        messages.success(request, _("The new version has been uploaded."))
        return redirect(
            "networks:document", org=organisation.slug, pk=network.pk, document=document.pk
        )
    return _form_page(request, network, "networks/version_form.html", form, document=document)


@require_POST
@network_view(COORDINATE)
def document_delete(request, organisation, network, document):
    document = _document(request, network, document)
    services.delete_document(request.user, document)
    messages.success(request, _("The document and all its versions have been deleted."))
    return redirect("networks:documents", org=organisation.slug, pk=network.pk)


@network_view(VIEW_DOCUMENTS)
def version_download(request, organisation, network, document, version):
    document = _document(request, network, document)
    found = next((item for item in document.history if item.pk == version), None)
    if found is None:
        raise Http404
    return uploads.file_response(found.file.storage, found.file.name, filename=found.original_name)
