"""The upload module (core/uploads.py) and the public media view under /medien/."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mitwirken.core import uploads

from . import upload_samples as samples

SANDBOX = "sandbox; default-src 'none'"


def _put(relative: str, content: bytes) -> Path:
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "path",
    [
        "/medien/" + "a" * 5000,
        "/medien/logos/" + "a" * 5000 + ".png",
        "/medien/" + "/".join(["a"] * 2000),
        "/medien/logos/%00.png",
        "/medien/logos/%FF%FE.png",
        "/medien/logos/..%2F..%2Fsettings.py",
        "/medien/%2e%2e/%2e%2e/etc/passwd",
        "/medien/../../etc/passwd",
        "/medien/logos/",
        "/medien/logos/gibt-es-nicht.png",
        "/medien/logos\\..\\x.png",
        "/medien/logos/.versteckt.png",
    ],
    ids=lambda path: path[:40],
)
def test_anything_but_a_stored_public_file_is_not_found(client, db, path):
    response = client.get(path)
    assert response.status_code == 404


def test_files_outside_the_public_folders_are_not_served(client, db):
    """Materials uploaded before this check lay in MEDIA_ROOT/materials/ under their names."""
    _put("materials/2026/protokoll.pdf", samples.PDF)
    _put("geheim.txt", b"intern")
    assert client.get("/medien/materials/2026/protokoll.pdf").status_code == 404
    assert client.get("/medien/geheim.txt").status_code == 404


def test_a_logo_is_served_inline_as_its_type_with_nosniff_and_a_sandbox(client, db):
    _put("logos/0123abcd.png", samples.image("PNG"))
    response = client.get("/medien/logos/0123abcd.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    # As nginx serves them ("expires 7d"): names are random, a replaced logo has a new one.
    assert response["Cache-Control"] == "public, max-age=604800"


@pytest.mark.parametrize("name", ["logos/alt.html", "logos/alt.svg", "logos/alt.js"])
def test_an_old_upload_with_a_dangerous_name_is_never_served_as_a_page(client, db, name):
    _put(name, samples.HTML)
    response = client.get(f"/medien/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


def test_check_names_the_file_after_its_checked_type():
    checked = uploads.check(
        SimpleUploadedFile("../../Präsentation\x07.final.PDF", samples.PDF), uploads.MATERIAL
    )
    assert checked.name == "upload.pdf"
    assert checked.content_type == "application/pdf"
    assert checked.original_name == "Präsentation.final.pdf"
    png = uploads.check(SimpleUploadedFile("bild.html", samples.png_with_html()), uploads.MATERIAL)
    assert png.name == "upload.png" and png.original_name == "bild.png"


def test_check_refuses_an_empty_file_and_a_broken_image():
    with pytest.raises(ValidationError) as empty:
        uploads.check(SimpleUploadedFile("leer.txt", b""), uploads.MATERIAL)
    assert empty.value.code == "file_type"
    broken = samples.image("PNG")[:60]
    with pytest.raises(ValidationError) as damaged:
        uploads.check(SimpleUploadedFile("kaputt.png", broken), uploads.MATERIAL)
    assert damaged.value.code == "file_damaged"


def test_random_names_keep_only_known_extensions():
    name = uploads.RandomName("materials")
    assert name(None, "x.PDF").endswith(".pdf")
    assert name(None, "x.html").endswith(".bin")
    assert name(None, "x.pdf") != name(None, "x.pdf")


def test_media_from_a_host_of_its_own_is_allowed_as_image_source_only(tmp_path):
    """MEDIA_URL with a host: logos load from there (img-src), nothing else does."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json; from mitwirken.config import settings as s; "
        "print(json.dumps([s.MEDIA_URL, s.MEDIA_PATH, s.CONTENT_SECURITY_POLICY['DIRECTIVES']]))"
    )
    env = {
        **os.environ,
        "MEDIA_URL": "https://medien.example.org/medien",
        "MITWIRKEN_VAR_DIR": str(tmp_path),
    }
    output = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    media_url, media_path, directives = json.loads(output)
    assert media_url == "https://medien.example.org/medien/" and media_path == "/medien/"
    assert directives["img-src"] == ["'self'", "data:", "https://medien.example.org"]
    assert directives["script-src"] == ["'self'"] and directives["default-src"] == ["'self'"]
