"""Write use-cases of a network's shared documents: folders with an audience each, documents
whose every upload is a new version (the earlier ones are kept, with who and when)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from .models import Document, DocumentVersion, Folder

FOLDER_SAVED = register_audit_action("network_folder_saved", gettext_lazy("Folder saved"))
FOLDER_DELETED = register_audit_action("network_folder_deleted", gettext_lazy("Folder deleted"))
DOCUMENT_UPLOADED = register_audit_action(
    "network_document_uploaded", gettext_lazy("Document uploaded")
)
DOCUMENT_DELETED = register_audit_action(
    "network_document_deleted", gettext_lazy("Document deleted")
)


@transaction.atomic
def save_folder(actor, network, *, folder=None, name, audience) -> Folder:
    folder = folder or Folder(network=network)
    folder.name = name.strip()
    folder.audience = audience
    folder.save()
    record(network.organisation, actor, FOLDER_SAVED, f"{network}: {folder.name}")
    return folder


@transaction.atomic
def delete_folder(actor, folder) -> None:
    versions = list(DocumentVersion.objects.filter(document__folder=folder))
    record(folder.network.organisation, actor, FOLDER_DELETED, f"{folder.network}: {folder}")
    folder.delete()
    _delete_files_after_commit(versions)


@transaction.atomic
def add_document(actor, folder, *, title, file, comment="") -> Document:
    """A new document with its first version; ``file`` checked by core.uploads."""
    now = timezone.now()
    document = Document.objects.create(
        folder=folder, title=title.strip(), created_at=now, updated_at=now
    )
    _add_version(actor, document, file, comment, 1, now)
    record(folder.network.organisation, actor, DOCUMENT_UPLOADED, f"{folder.network}: {title}")
    return document


@transaction.atomic
def add_version(actor, document, *, file, comment="") -> DocumentVersion:
    """The next version of the document (the row lock keeps two uploads from taking the same
    number; the unique constraint would refuse it)."""
    document = (
        Document.objects.select_for_update().select_related("folder__network").get(pk=document.pk)
    )
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    now = timezone.now()
    version = _add_version(actor, document, file, comment, number, now)
    document.updated_at = now
    document.save(update_fields=["updated_at"])
    network = document.folder.network
    record(network.organisation, actor, DOCUMENT_UPLOADED, f"{network}: {document} ({number})")
    return version


def _add_version(actor, document, file, comment, number, now) -> DocumentVersion:
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=getattr(file, "original_name", "")[:255] or file.name,
        size=file.size or 0,
        comment=comment.strip(),
        uploaded_by=actor,
        uploaded_at=now,
    )
    version.file.save(file.name, file, save=False)
    version.save()
    return version


@transaction.atomic
def delete_document(actor, document) -> None:
    versions = list(document.versions.all())
    network = document.folder.network
    record(network.organisation, actor, DOCUMENT_DELETED, f"{network}: {document}")
    document.delete()
    _delete_files_after_commit(versions)


def _delete_files_after_commit(versions) -> None:
    names = [(version.file.storage, version.file.name) for version in versions]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names if name])
