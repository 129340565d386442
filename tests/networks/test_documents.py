"""Shared documents: folders with an audience each (within the network's
``documents_audience``), documents with versions (history with who and when, any version
downloadable), uploads checked by content, a permission check on every download, and a
documents page whose number of queries does not grow with the documents."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from mitwirken.networks.models import Audience, Document, DocumentVersion, Folder

from ..core import upload_samples as samples
from .meeting_helpers import make_document, setup, url


@pytest.fixture
def net(org_a):
    return setup(org_a, documents_audience=Audience.PUBLIC)


def test_a_coordinator_makes_a_folder_uploads_and_adds_a_version(net):
    network, people = net
    docx = samples.docx()  # made once: a new one has a new timestamp
    client = people.client("coordinator")
    response = client.post(
        url("folder_new", network), {"name": "Arbeitsstand", "audience": "members"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        folder = Folder.objects.get()
    response = client.post(
        url("document_new", network, folder=folder.pk),
        {
            "title": "Leitfaden Beteiligung",
            "file": SimpleUploadedFile("Leitfaden.docx", docx),
            "comment": "Erster Entwurf",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        document = Document.objects.get()
    client.post(
        url("version_new", network, document=document.pk),
        {"file": SimpleUploadedFile("Leitfaden final.pdf", samples.PDF), "comment": "Endfassung"},
    )
    page = (
        people.client("member").get(url("document", network, document=document.pk)).content.decode()
    )
    assert "Endfassung" in page and "Erster Entwurf" in page
    coordinator = people.users["coordinator"].public_name
    assert page.count(coordinator) == 2
    assert page.index("Version 2 herunterladen: Leitfaden final.pdf") < page.index(
        "Version 1 herunterladen: Leitfaden.docx"
    )
    with scopes_disabled():
        first, second = DocumentVersion.objects.order_by("number")
    old = people.client("member").get(
        url("version_download", network, document=document.pk, version=first.pk)
    )
    assert old.status_code == 200
    assert b"".join(old.streaming_content) == docx
    assert 'filename="Leitfaden.docx"' in old["Content-Disposition"]
    assert old["Content-Disposition"].startswith("attachment")
    listing = people.client("member").get(url("documents", network)).content.decode()
    assert "Version 2 vom" in listing


def test_a_file_that_is_not_allowed_gets_a_german_error(net):
    network, people = net
    document = make_document(network)
    client = people.client("coordinator")
    response = client.post(
        url("version_new", network, document=document.pk),
        {"file": SimpleUploadedFile("seite.pdf", samples.HTML)},
    )
    assert response.status_code == 400
    assert "Diese Datei ist kein erlaubter Dateityp." in response.content.decode()
    with scopes_disabled():
        assert document.versions.count() == 1


@pytest.mark.parametrize(
    ("audience", "allowed"),
    [
        (Audience.PUBLIC, {"visitor", "participant", "member", "coordinator", "org_editor"}),
        (Audience.MEMBERS, {"member", "coordinator", "org_editor"}),
        (Audience.COORDINATORS, {"coordinator", "org_editor"}),
    ],
)
def test_every_download_checks_the_folders_audience(net, audience, allowed):
    network, people = net
    document = make_document(network, audience=audience, title=f"Papier {audience}")
    with scopes_disabled():
        version = document.versions.get()
    for role in ("visitor", "participant", "member", "coordinator", "org_editor"):
        client = people.client(role)
        download = client.get(
            url("version_download", network, document=document.pk, version=version.pk)
        )
        page = client.get(url("document", network, document=document.pk))
        listing = client.get(url("documents", network)).content.decode()
        if role in allowed:
            assert download.status_code == 200, role
            assert page.status_code == 200, role
            assert f"Papier {audience}" in listing, role
        else:
            assert download.status_code == 404, role
            assert page.status_code == 404, role
            assert f"Papier {audience}" not in listing, role


def test_a_members_only_documents_section_sends_a_visitor_to_the_login(org_a):
    network, people = setup(org_a, documents_audience=Audience.MEMBERS)
    document = make_document(network, audience=Audience.PUBLIC)
    with scopes_disabled():
        version = document.versions.get()
    download_url = url("version_download", network, document=document.pk, version=version.pk)
    response = people.client("visitor").get(download_url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    assert people.client("participant").get(download_url).status_code == 403
    assert people.client("member").get(download_url).status_code == 200


def test_a_version_of_another_document_is_not_found(net):
    network, people = net
    document = make_document(network)
    other = make_document(network, title="Anderes")
    with scopes_disabled():
        version = other.versions.get()
    response = people.client("member").get(
        url("version_download", network, document=document.pk, version=version.pk)
    )
    assert response.status_code == 404


def test_the_documents_page_makes_as_many_queries_for_many_documents(
    net, django_assert_max_num_queries
):
    network, people = net
    client = people.client("member")
    make_document(network, versions=2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("documents", network)).status_code == 200
    for number in range(4):
        with scopes_disabled():
            folder = Folder.objects.create(
                network=network, name=f"Ordner {number}", audience="members"
            )
        for title in range(5):
            make_document(network, folder=folder, versions=3, title=f"Dokument {number}-{title}")
    with django_assert_max_num_queries(len(few)):
        page = client.get(url("documents", network)).content.decode()
    assert page.count("Version 3 vom") == 20


def test_the_document_page_makes_as_many_queries_for_many_versions(
    net, django_assert_max_num_queries
):
    network, people = net
    client = people.client("member")
    few_versions = make_document(network, versions=1)
    many_versions = make_document(network, versions=30, title="Viele")
    with CaptureQueriesContext(connection) as few:
        client.get(url("document", network, document=few_versions.pk))
    with django_assert_max_num_queries(len(few)):
        page = client.get(url("document", network, document=many_versions.pk)).content.decode()
    assert "Version 30 herunterladen" in page


def test_deleting_a_folder_deletes_its_files(net, django_capture_on_commit_callbacks):
    network, people = net
    document = make_document(network, versions=2)
    with scopes_disabled():
        names = [version.file.name for version in document.versions.all()]
        storage = document.versions.first().file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = people.client("coordinator").post(
            url("folder_delete", network, folder=document.folder_id)
        )
    assert response.status_code == 302
    with scopes_disabled():
        assert not Document.objects.exists()
    assert not any(storage.exists(name) for name in names)


def test_members_cannot_change_documents(net):
    network, people = net
    document = make_document(network)
    client = people.client("member")
    assert client.post(url("document_delete", network, document=document.pk)).status_code == 403
    assert (
        client.post(url("folder_new", network), {"name": "X", "audience": "public"}).status_code
        == 403
    )
    with scopes_disabled():
        assert Document.objects.exists()
        assert Folder.objects.count() == 1


def test_a_persons_uploads_are_in_their_data_and_stay_without_them_after_deletion(net):
    import json

    from django.urls import reverse

    from .meeting_helpers import make_meeting, make_photos

    network, people = net
    person = people.users["coordinator"]
    document = make_document(network, uploaded_by=person, title="Satzung")
    photo = make_photos(make_meeting(network), 1)[0]
    with scopes_disabled():
        type(photo).objects.filter(pk=photo.pk).update(uploaded_by=person)
    client = people.client("coordinator")
    data = json.loads(client.post(reverse("accounts:export_data")).content)
    uploads = data["network_meetings"]
    assert uploads["document_versions"][0]["document"] == "Satzung"
    assert uploads["photos"][0]["alt_text"] == "Pinnwand 0"

    response = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert response.status_code == 200
    with scopes_disabled():
        version = document.versions.get()
    assert version.uploaded_by is None
    page = people.client("member").get(url("document", network, document=document.pk))
    assert "(gelöschtes Konto)" in page.content.decode()
