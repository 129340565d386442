"""Organisation logos: PNG and JPEG only, by content; re-encoded (nothing appended survives,
no EXIF), stored under a random name, and served under /medien/ as an image with nosniff and a
sandboxing CSP."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from PIL.ExifTags import IFD

from mitwirken.organisations.models import Role

from ..core import upload_samples as samples

SANDBOX = "sandbox; default-src 'none'"


@pytest.fixture
def admin_a(staff_a):
    return staff_a[Role.ADMIN]


def _post_logo(client, org, name, content):
    return client.post(
        reverse("organisations:edit_profile", kwargs={"org": org.slug}),
        {
            "name": org.name,
            "teaser": "Neu",
            "description": "",
            "contact_email": "",
            "contact_phone": "",
            "website": "",
            "logo_alt": "Logo der Stadt",
            "registration_retention_days": "90",
            "logo": SimpleUploadedFile(name, content, "image/png"),
        },
    )


def _logo_error(response) -> str:
    match = re.search(
        r'id="id_logo_error">.*?<span class="kern-body">(.*?)</span>',
        response.content.decode(),
        re.DOTALL,
    )
    assert match, "no error next to the logo field"
    return match.group(1)


def test_a_png_with_html_appended_is_stored_as_a_clean_png_and_served_as_an_image(
    client, org_a, admin_a
):
    client.force_login(admin_a)
    response = _post_logo(client, org_a, "logo.html", samples.png_with_html())
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", org_a.logo.name)
    with org_a.logo.open("rb") as stored:
        data = stored.read()
    assert b"<script" not in data and b"<html" not in data

    client.logout()
    served = client.get(org_a.logo.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == SANDBOX
    assert served["Content-Disposition"] == "inline"
    assert b"".join(served.streaming_content) == data


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", samples.SVG),
        ("logo.html", samples.HTML),
        ("logo.webp", samples.image("WEBP")),
        ("logo.png", samples.image("GIF")),
        ("logo.pdf", samples.PDF),
    ],
)
def test_only_png_and_jpeg_are_logos(client, org_a, admin_a, name, content):
    client.force_login(admin_a)
    response = _post_logo(client, org_a, name, content)
    assert response.status_code == 200
    assert _logo_error(response) == (
        "Diese Datei ist kein erlaubter Dateityp. Erlaubt sind: PNG, JPEG."
    )
    org_a.refresh_from_db()
    assert not org_a.logo


@pytest.mark.parametrize(
    "size",
    [(12_000, 12_000), (5_000, 4_000), (30_000, 30_000)],
    ids=["12000x12000", "over-the-logo-limit", "decompression-bomb"],
)
def test_a_logo_with_too_many_pixels_is_refused(client, org_a, admin_a, size):
    client.force_login(admin_a)
    content = samples.blank_png(*size)
    assert len(content) < 1024 * 1024  # under the size limit: the pixels decide
    response = _post_logo(client, org_a, "logo.png", content)
    assert _logo_error(response) == (
        "Das Bild hat zu viele Pixel. Erlaubt sind höchstens 16 Megapixel."
    )
    org_a.refresh_from_db()
    assert not org_a.logo


def test_a_jpeg_logo_loses_its_exif(client, org_a, admin_a):
    client.force_login(admin_a)
    assert _post_logo(client, org_a, "wappen.jpg", samples.jpeg_with_gps()).status_code == 302
    org_a.refresh_from_db()
    assert org_a.logo.name.endswith(".jpg")
    with Image.open(org_a.logo.path) as logo:
        assert dict(logo.getexif()) == {} and not logo.getexif().get_ifd(IFD.GPSInfo)


def test_a_replaced_or_removed_logo_is_deleted_from_disk_and_no_longer_served(
    client, org_a, admin_a, django_capture_on_commit_callbacks
):
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_logo(client, org_a, "alt.png", samples.image("PNG")).status_code == 302
    org_a.refresh_from_db()
    first, first_url, storage = org_a.logo.name, org_a.logo.url, org_a.logo.storage
    assert client.get(first_url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        assert _post_logo(client, org_a, "neu.png", samples.image("PNG")).status_code == 302
    org_a.refresh_from_db()
    second = org_a.logo.name
    assert second and second != first
    assert not storage.exists(first)
    assert client.get(first_url).status_code == 404

    data = {
        "name": org_a.name,
        "teaser": "Neu",
        "logo_alt": "",
        "registration_retention_days": "90",
        "logo-clear": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:edit_profile", kwargs={"org": org_a.slug}), data
        )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert not org_a.logo
    assert not storage.exists(second)
