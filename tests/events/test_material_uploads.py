"""Materials: uploads are checked by content, stored under random names outside the public
media folder, and served only through the view that checks the person, with headers that keep
a file from ever running as a page of the portal."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image
from PIL.ExifTags import IFD

from mitwirken.events.models import Event, Material, Registration
from mitwirken.organisations.models import Role

from ..core import upload_samples as samples
from ..factories import UserFactory
from .factories import make_event

SANDBOX = "sandbox; default-src 'none'"
NOT_ALLOWED = "Diese Datei ist kein erlaubter Dateityp. Erlaubt sind: PDF, PNG, JPEG, WebP"


@pytest.fixture
def editor_client(staff_a):
    client = Client()
    client.force_login(staff_a[Role.EDITOR])
    return client


@pytest.fixture
def past_event(org_a):
    return make_event(org_a, starts_at=timezone.now() - timedelta(days=1))


def _upload(client, event, name, content, visibility=Material.Visibility.PUBLIC, **data):
    kwargs = {"org": event.organisation.slug, "pk": event.pk}
    url = reverse("events:staff_material_add", kwargs=kwargs)
    return client.post(
        url,
        {
            "kind": data.get("kind", "slides"),
            "title": data.get("title", "Unterlagen"),
            "url": "",
            "visibility": visibility,
            "file": SimpleUploadedFile(name, content, "application/octet-stream"),
        },
    )


def _materials(event):
    with scopes_disabled():
        return list(Material.objects.filter(event=event))


@pytest.fixture
def new_files():
    """The files a test added to a media folder (the folders live as long as the test run)."""
    before = {
        str(root): {path for path in Path(root).rglob("*") if path.is_file()}
        for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    }

    def added(root) -> list[Path]:
        return sorted({p for p in Path(root).rglob("*") if p.is_file()} - before[str(root)])

    return added


def _field_error(response) -> str:
    """The error shown next to the file field (linked to it by its id)."""
    match = re.search(
        r'id="id_file_error">.*?<span class="kern-body">(.*?)</span>',
        response.content.decode(),
        re.DOTALL,
    )
    assert match, "no error next to the file field"
    return match.group(1).replace("\xa0", " ")


def _download(client, material, token=None):
    kwargs = {"org": material.event.organisation.slug, "pk": material.pk}
    if token:
        kwargs["token"] = token
        return client.get(reverse("events:registration_material", kwargs=kwargs))
    return client.get(reverse("events:material", kwargs=kwargs))


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("b.html", samples.HTML),
        ("a.js", samples.JAVASCRIPT),
        ("bild.svg", samples.SVG),
        ("notiz.txt", samples.HTML),  # markup, even when named as text
        ("daten.txt", b"Zeile\x00mit NUL"),
        ("alt.txt", "Grüße aus Münster".encode("latin-1")),  # not UTF-8
        ("makros.docx", samples.docm()),
        ("programm.exe", b"MZ\x90\x00" + b"\x00" * 100),
        ("film.mov", samples.mp4(brand=b"qt  ")),
    ],
)
def test_files_that_are_not_an_allowed_type_are_refused_next_to_the_field(
    editor_client, past_event, name, content, new_files
):
    response = _upload(editor_client, past_event, name, content)
    assert response.status_code == 200
    error = _field_error(response)
    assert error.startswith(NOT_ALLOWED)
    assert "Text (.txt)" in error and "MP4" in error
    assert _materials(past_event) == []
    assert new_files(settings.PRIVATE_MEDIA_ROOT) == []
    assert new_files(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize(
    ("name", "content", "extension", "content_type"),
    [
        ("Folien.PDF", samples.PDF, ".pdf", "application/pdf"),
        ("pinnwand.png", samples.image("PNG"), ".png", "image/png"),
        ("pinnwand.jpeg", samples.image("JPEG"), ".jpg", "image/jpeg"),
        ("pinnwand.webp", samples.image("WEBP"), ".webp", "image/webp"),
        ("protokoll.docx", samples.docx(), ".docx", "application/vnd.openxmlformats-"),
        ("tabelle.xlsx", samples.xlsx(), ".xlsx", "application/vnd.openxmlformats-"),
        ("vortrag.pptx", samples.pptx(), ".pptx", "application/vnd.openxmlformats-"),
        ("protokoll.odt", samples.odf("text"), ".odt", "application/vnd.oasis.opendocument.text"),
        ("zahlen.ods", samples.odf("spreadsheet"), ".ods", "application/vnd.oasis."),
        ("folien.odp", samples.odf("presentation"), ".odp", "application/vnd.oasis."),
        ("notiz.txt", "Grüße, Ergebnisse: 1 < 2".encode(), ".txt", "text/plain; charset=utf-8"),
        ("aufzeichnung.mp4", samples.mp4(), ".mp4", "video/mp4"),
        ("ton.m4a", samples.mp4(brand=b"M4A "), ".m4a", "audio/mp4"),
        ("aufzeichnung.webm", samples.webm(), ".webm", "video/webm"),
        ("ton.mp3", samples.mp3(), ".mp3", "audio/mpeg"),
        ("ton.ogg", samples.ogg(), ".ogg", "audio/ogg"),
        ("ton.wav", samples.wav(), ".wav", "audio/wav"),
    ],
)
def test_allowed_files_are_stored_under_a_random_name_and_served_as_their_type(
    client, editor_client, past_event, name, content, extension, content_type, new_files
):
    response = _upload(editor_client, past_event, name, content, kind="other")
    assert response.status_code == 302
    (material,) = _materials(past_event)
    assert re.fullmatch(rf"materials/[0-9a-f]{{32}}\{extension}", material.file.name)
    assert material.original_name.lower() == name.lower()
    # Outside the public media folder.
    assert new_files(settings.MEDIA_ROOT) == []
    assert [p.name for p in new_files(settings.PRIVATE_MEDIA_ROOT)] == [
        Path(material.file.name).name
    ]
    download = _download(client, material)
    assert download.status_code == 200
    assert download["Content-Type"].startswith(content_type)
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == SANDBOX
    assert download["Content-Disposition"].startswith("attachment;")


def test_an_html_looking_upload_is_never_served_as_html(client, editor_client, past_event):
    """A PNG with HTML appended, named .html: it is stored as the PNG it is, without what was
    appended, and the download is a sandboxed attachment of type image/png."""
    response = _upload(editor_client, past_event, "b.html", samples.png_with_html())
    assert response.status_code == 302
    (material,) = _materials(past_event)
    assert material.file.name.endswith(".png")
    with material.file.open("rb") as stored:
        data = stored.read()
    assert b"<script" not in data and b"<html" not in data
    assert Image.open(material.file.path).size == (40, 30)

    download = _download(client, material)
    assert download.status_code == 200
    assert "html" not in download["Content-Type"]
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == SANDBOX
    assert download["Content-Disposition"] == 'attachment; filename="b.png"'
    assert b"<script" not in _body(download)


def test_a_file_over_the_limit_is_refused(editor_client, past_event, new_files):
    twenty_mb = samples.PDF + b"0" * (20 * 1024 * 1024)
    response = _upload(editor_client, past_event, "gross.pdf", twenty_mb)
    assert _field_error(response) == "Die Datei ist größer als 10,0 MB."
    assert _materials(past_event) == []
    assert new_files(settings.PRIVATE_MEDIA_ROOT) == []


def test_recordings_have_a_limit_of_their_own(editor_client, past_event, settings):
    settings.RECORDING_MAX_BYTES = 30 * 1024 * 1024
    twelve_mb = samples.mp4() + b"\x00" * (12 * 1024 * 1024)
    assert _upload(editor_client, past_event, "video.mp4", twelve_mb).status_code == 302
    forty_mb = samples.mp4() + b"\x00" * (40 * 1024 * 1024)
    response = _upload(editor_client, past_event, "lang.mp4", forty_mb)
    assert _field_error(response) == "Die Datei ist größer als 30,0 MB."
    twelve_mb_pdf = samples.PDF + b"0" * (12 * 1024 * 1024)
    response = _upload(editor_client, past_event, "lang.pdf", twelve_mb_pdf)
    assert _field_error(response) == "Die Datei ist größer als 10,0 MB."


def test_a_decompression_bomb_is_refused(editor_client, past_event):
    bomb = samples.blank_png(30_000, 30_000)  # 900 million pixels
    assert len(bomb) < 200_000
    response = _upload(editor_client, past_event, "pinnwand.png", bomb, kind="photos")
    assert _field_error(response).startswith("Das Bild hat zu viele Pixel.")
    assert _materials(past_event) == []


def test_an_image_over_the_pixel_limit_is_refused(editor_client, past_event):
    response = _upload(editor_client, past_event, "gross.png", samples.blank_png(8000, 7000))
    assert _field_error(response) == (
        "Das Bild hat zu viele Pixel. Erlaubt sind höchstens 50 Megapixel."
    )


def test_a_photo_loses_its_exif_and_gps_position(editor_client, past_event):
    original = samples.jpeg_with_gps(size=(60, 40))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(IFD.GPSInfo)
    response = _upload(editor_client, past_event, "IMG_0042.JPG", original, kind="photos")
    assert response.status_code == 302
    (material,) = _materials(past_event)
    assert material.file.name.endswith(".jpg") and material.original_name == "IMG_0042.jpg"
    with material.file.open("rb") as stored:
        data = stored.read()
    assert b"Exif" not in data and "Präsidiums".encode() not in data
    with Image.open(material.file.path) as photo:
        assert not photo.getexif().get_ifd(IFD.GPSInfo)
        assert dict(photo.getexif()) == {}
        assert photo.size == (40, 60)  # turned upright as the EXIF orientation said


def _registration(event, name, status=Registration.Status.CONFIRMED, **extra):
    with scopes_disabled():
        return Registration.objects.create(
            event=event,
            name=name,
            email=f"{name.lower()}@example.org",
            status=status,
            privacy_version="v1",
            **extra,
        )


@pytest.fixture
def restricted(editor_client, past_event):
    response = _upload(
        editor_client,
        past_event,
        "Folien für Angemeldete.pdf",
        samples.PDF,
        visibility=Material.Visibility.REGISTERED,
    )
    assert response.status_code == 302
    (material,) = _materials(past_event)
    return material


def test_a_restricted_material_is_reachable_by_no_public_path(client, restricted):
    stored = restricted.file.name  # materials/<random>.pdf
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    assert (private_root / stored).is_file()
    year = timezone.now().year
    for path in (
        f"/medien/{stored}",
        f"/medien/materials/{year}/Folien_fur_Angemeldete.pdf",
        f"/medien/materials/{year}/Folien für Angemeldete.pdf",
        f"/medien/{Path(stored).name}",
        f"/medien/../{private_root.name}/{stored}",
        f"/medien/%2e%2e/{private_root.name}/{stored}",
        f"/medien/logos/..%2F{stored}",
        f"/_geschuetzt/{stored}",
        f"/_nicht-oeffentlich/{stored}",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
    assert _download(client, restricted).status_code in (403, 404)
    # Someone else's link, a waiting person's link, a wrong token.
    other_event = make_event(restricted.event.organisation)
    other = _registration(other_event, "Otto")
    waiting = _registration(restricted.event, "Wanda", Registration.Status.WAITING)
    for token in (other.token, waiting.token, "x" * 40):
        assert _download(client, restricted, token).status_code == 404


def test_a_registered_person_and_staff_download_a_restricted_material(
    client, restricted, staff_a, org_a
):
    anna = _registration(restricted.event, "Anna")
    response = _download(client, restricted, anna.token)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Folien%20f%C3%BCr%20Angemeldete.pdf"
    )
    assert "private" in response["Cache-Control"]
    assert _body(response) == samples.PDF

    # With an account: signed in, no link needed.
    person = UserFactory(email="ben@example.org")
    _registration(restricted.event, "Ben", user=person)
    client.force_login(person)
    assert _download(client, restricted).status_code == 200

    for role in (Role.MODERATOR, Role.EDITOR):
        staff = Client()
        staff.force_login(staff_a[role])
        response = _download(staff, restricted)
        assert response.status_code == 200 and _body(response) == samples.PDF


def test_behind_nginx_the_file_is_handed_over_with_x_accel_redirect(client, restricted, settings):
    settings.MEDIA_ACCEL_REDIRECT = True
    anna = _registration(restricted.event, "Anna")
    response = _download(client, restricted, anna.token)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_geschuetzt/{restricted.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == SANDBOX
    assert _download(Client(), restricted).status_code == 404


def test_staff_see_the_file_name_and_a_link_to_the_file(editor_client, restricted):
    page = editor_client.get(
        reverse(
            "events:staff_materials",
            kwargs={"org": restricted.event.organisation.slug, "pk": restricted.event.pk},
        )
    ).content.decode()
    assert "Folien für Angemeldete.pdf" in page
    assert (
        reverse(
            "events:material",
            kwargs={"org": restricted.event.organisation.slug, "pk": restricted.pk},
        )
        in page
    )


def test_materials_made_in_code_are_stored_privately_under_a_random_name(past_event):
    with scopes_disabled():
        material = Material.objects.create(
            event=past_event,
            kind=Material.Kind.SLIDES,
            title="Folien",
            file=ContentFile(samples.PDF, name="folien.html"),
        )
    assert re.fullmatch(r"materials/[0-9a-f]{32}\.bin", material.file.name)
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / material.file.name).is_file()


def test_a_material_whose_file_is_lost_is_not_found(client, restricted):
    anna = _registration(restricted.event, "Anna")
    Path(restricted.file.path).unlink()
    assert _download(client, restricted, anna.token).status_code == 404


def test_the_migration_moves_old_material_files_out_of_the_public_folder(past_event):
    """Before, materials lay in MEDIA_ROOT/materials/<year>/ under their upload names."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("mitwirken.events.migrations.0004_private_material_files")
    public = Path(settings.MEDIA_ROOT) / "materials" / "2026"
    public.mkdir(parents=True, exist_ok=True)
    (public / "Protokoll.pdf").write_bytes(samples.PDF)
    (public / "b.html").write_bytes(samples.HTML)
    with scopes_disabled():
        for title, name in (("Protokoll", "Protokoll.pdf"), ("Alt", "b.html")):
            Material.objects.create(
                event=past_event, kind="other", title=title, file=f"materials/2026/{name}"
            )
        migration.move_to_private_storage(apps, None)
        pdf, old = Material.objects.get(title="Protokoll"), Material.objects.get(title="Alt")
    assert not (public / "Protokoll.pdf").exists() and not (public / "b.html").exists()
    assert re.fullmatch(r"materials/[0-9a-f]{32}\.pdf", pdf.file.name)
    assert pdf.original_name == "Protokoll.pdf"
    assert Path(pdf.file.path).read_bytes() == samples.PDF
    assert re.fullmatch(r"materials/[0-9a-f]{32}\.bin", old.file.name)
    assert Path(old.file.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    download = _download(Client(), old)
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"] == 'attachment; filename="b.html"'
    assert download["Content-Security-Policy"] == SANDBOX


def test_the_materials_of_a_draft_are_neither_listed_nor_served_one_rule_for_both(
    client, past_event
):
    with scopes_disabled():
        registration = past_event.registrations.create(
            name="Anna", email="anna@example.org", status="confirmed", privacy_version="v1"
        )
        material = Material.objects.create(
            event=past_event, kind="slides", title="Folien A", url="https://example.org/a"
        )
    personal = reverse(
        "events:registration",
        kwargs={"org": past_event.organisation.slug, "token": registration.token},
    )
    assert "Folien A" in client.get(personal).content.decode()
    assert _download(client, material, registration.token).status_code == 302  # the link
    with scopes_disabled():
        Event.objects.filter(pk=past_event.pk).update(status=Event.Status.DRAFT)
    assert "Folien A" not in client.get(personal).content.decode()
    assert _download(client, material, registration.token).status_code == 404
    assert client.post(personal).status_code == 405  # the page's actions have URLs of their own
