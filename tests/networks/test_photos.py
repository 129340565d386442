"""The photo gallery of a meeting's notes: each upload checked by content and re-encoded (no
EXIF, no GPS), a thumbnail made, a text alternative required; several per form, with a German
error per bad file while the good ones are kept; downloads only with ``networks.view_notes``;
the ZIP of all photos streams in flat memory."""

import gc
import io
import os
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled
from PIL import Image

from mitwirken.networks.models import Audience, Photo

from ..core import upload_samples as samples
from .meeting_helpers import make_meeting, make_photos, setup, url


@pytest.fixture
def net(org_a):
    network, people = setup(org_a, notes_audience=Audience.MEMBERS)
    return network, people, make_meeting(network)


def _rows(*rows):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0"}
    for number, (name, content, alt, caption) in enumerate(rows):
        if content is not None:
            data[f"form-{number}-image"] = SimpleUploadedFile(name, content, "image/jpeg")
        data[f"form-{number}-alt_text"] = alt
        data[f"form-{number}-caption"] = caption
    return data


def test_good_photos_are_kept_and_each_bad_one_gets_its_german_error(net):
    network, people, meeting = net
    response = people.client("coordinator").post(
        url("photos_add", network, meeting=meeting.pk),
        _rows(
            (
                "pinnwand.jpg",
                samples.jpeg_with_gps(size=(1200, 900)),
                "Pinnwand Erwartungen",
                "Vormittag",
            ),
            ("pinnwand.jpg", samples.HTML, "Keine Bilddatei", ""),
            ("ohne-text.png", samples.image("PNG"), "", ""),
            ("", None, "", ""),  # an empty row is left out
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "1 Foto wurde hinzugefügt." in page
    assert (
        "Foto 2, Foto: Diese Datei ist kein erlaubter Dateityp. Erlaubt sind: PNG, JPEG, WebP."
        in page
    )
    assert "Foto 3, Textalternative: Bitte beschreiben Sie das Foto" in page
    assert "Gespeichert: „Pinnwand Erwartungen“" in page
    with scopes_disabled():
        photo = Photo.objects.get()
    assert (photo.alt_text, photo.caption, photo.width, photo.height) == (
        "Pinnwand Erwartungen",
        "Vormittag",
        900,
        1200,  # turned upright by its EXIF
    )
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (900, 1200)
        assert not image.getexif()  # no camera, no GPS position
        stored.seek(0)
        assert "Präsidium".encode() not in stored.read()
    with photo.thumbnail.open("rb") as stored, Image.open(stored) as thumbnail:
        assert thumbnail.size == photo.thumbnail_size == (360, 480)


def test_photos_without_any_alt_text_are_refused(net):
    network, people, meeting = net
    response = people.client("coordinator").post(
        url("photos_add", network, meeting=meeting.pk),
        _rows(("a.jpg", samples.image("JPEG"), "   ", "")),
    )
    assert response.status_code == 400
    assert "Bitte beschreiben Sie das Foto" in response.content.decode()
    with scopes_disabled():
        assert not Photo.objects.exists()


def test_a_broken_management_form_is_no_server_error(net):
    network, people, meeting = net
    response = people.client("coordinator").post(
        url("photos_add", network, meeting=meeting.pk), {"form-TOTAL_FORMS": "x"}
    )
    assert response.status_code == 200
    assert "Das Formular war unvollständig" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visitor", 302),
        ("participant", 403),
        ("member", 200),
        ("coordinator", 200),
        ("org_editor", 200),
    ],
)
def test_photo_downloads_check_who_may_see_the_notes(net, role, status):
    network, people, meeting = net
    photo = make_photos(meeting, 2)[0]
    client = people.client(role)
    for name, kwargs in (
        ("photo", {"photo": photo.pk}),
        ("photo_thumbnail", {"photo": photo.pk}),
        ("photos_zip", {}),
    ):
        response = client.get(url(name, network, meeting=meeting.pk, **kwargs))
        assert response.status_code == status, name
        if status == 200:
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Cache-Control"] == "private, no-store"
        if status == 302:
            assert response["Location"].startswith("/konto/login/")


def test_a_photo_of_another_meeting_is_not_found(net):
    network, people, meeting = net
    other = make_meeting(network, days=-30)
    photo = make_photos(other, 1)[0]
    response = people.client("member").get(
        url("photo", network, meeting=meeting.pk, photo=photo.pk)
    )
    assert response.status_code == 404


def test_the_zip_holds_every_photo_at_full_size(net):
    network, people, meeting = net
    photos = make_photos(meeting, 3, content=samples.image("JPEG", size=(800, 600)))
    response = people.client("member").get(url("photos_zip", network, meeting=meeting.pk))
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="fotos-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["001-pinnwand-0.jpg", "002-pinnwand-1.jpg", "003-pinnwand-2.jpg"]
    with photos[0].image.open("rb") as stored:
        assert archive.read("001-pinnwand-0.jpg") == stored.read()


def _noise_jpeg(size=(400, 300)) -> bytes:
    """A photo that does not compress: about 100 KB."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def _zip_peak(client, zip_url) -> tuple[int, int]:
    """(peak of the memory Python allocated while the ZIP was made and sent, its size)."""
    gc.collect()
    tracemalloc.start()
    try:
        response = client.get(zip_url)
        assert response.status_code == 200 and response.streaming
        size = 0
        for piece in response.streaming_content:
            size += len(piece)
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


def test_a_zip_of_500_photos_streams_in_flat_memory(net):
    network, people, meeting = net
    content = _noise_jpeg()
    client = people.client("member")
    zip_url = url("photos_zip", network, meeting=meeting.pk)
    make_photos(meeting, 50, content=content)
    small_peak, small_size = _zip_peak(client, zip_url)
    make_photos(meeting, 450, content=content)
    large_peak, large_size = _zip_peak(client, zip_url)
    assert large_size > 500 * len(content) > 40_000_000
    print(
        f"\nZIP of 50 photos: {small_size / 1e6:.1f} MB, peak {small_peak / 1e6:.2f} MB; "
        f"of 500: {large_size / 1e6:.1f} MB, peak {large_peak / 1e6:.2f} MB"
    )
    # Ten times the photos, hardly more memory: far less than one tenth of the ZIP.
    assert large_peak < small_peak * 1.5 + 512 * 1024
    assert large_peak < large_size / 20


def test_the_gallery_page_makes_as_many_queries_for_many_photos(net, django_assert_max_num_queries):
    network, people, meeting = net
    client = people.client("member")
    make_photos(meeting, 3)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url("meeting", network, meeting=meeting.pk)).content.decode()
    assert page.count('alt="Pinnwand ') == 3
    make_photos(meeting, 40)
    with django_assert_max_num_queries(len(few)):
        page = client.get(url("meeting", network, meeting=meeting.pk)).content.decode()
    assert page.count('alt="Pinnwand ') == 43
    assert "Alle 43 Fotos in voller Größe herunterladen (ZIP)" in page


def test_a_coordinator_deletes_a_photo_and_its_files(net, django_capture_on_commit_callbacks):
    network, people, meeting = net
    photo = make_photos(meeting, 1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = people.client("coordinator").post(
            url("photo_delete", network, meeting=meeting.pk, photo=photo.pk)
        )
    assert response.status_code == 302
    with scopes_disabled():
        assert not Photo.objects.exists()
    assert not photo.image.storage.exists(photo.image.name)
    assert not photo.thumbnail.storage.exists(photo.thumbnail.name)
