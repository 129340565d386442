"""Profile photos: checked and re-encoded by ``core.uploads`` (EXIF and GPS gone), then made
small enough for a directory (at most ``MAX_SIDE`` pixels on each side)."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from mitwirken.core import uploads

# A photo straight from a phone camera: the limits of a pinboard photo among the materials
# (10 MB, 50 megapixels); what is stored is much smaller (MAX_SIDE).
PROFILE_PHOTO = uploads.Purpose(
    "profile_photo", ("png", "jpeg", "webp"), "MATERIAL_MAX_BYTES", "MATERIAL_MAX_PIXELS"
)
MAX_SIDE = 600
_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}


def check(upload) -> uploads.CheckedFile:
    """The upload checked by its content (a German ValidationError otherwise)."""
    return uploads.check(upload, PROFILE_PHOTO)


def shrunk(checked: uploads.CheckedFile) -> ContentFile:
    """The checked image at most ``MAX_SIDE`` pixels wide and high, in its checked format."""
    checked.seek(0)
    with Image.open(checked, formats=[_FORMATS[checked.file_type.key]]) as image:
        image.load()
        if max(image.size) > MAX_SIDE:
            image.thumbnail((MAX_SIDE, MAX_SIDE))
        output = io.BytesIO()
        options = {"quality": 85} if checked.file_type.key in ("jpeg", "webp") else {}
        image.save(output, format=_FORMATS[checked.file_type.key], **options)
    return ContentFile(output.getvalue(), name=f"photo{checked.file_type.extension}")
