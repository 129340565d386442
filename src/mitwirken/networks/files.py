"""Files of the networks' meetings: thumbnails of the pinboard photos and the ZIP of all of a
meeting's photos, streamed photo by photo (never built in memory)."""

import io
import os
import zipfile

from django.core.files.base import ContentFile
from django.utils.text import slugify
from PIL import Image

THUMBNAIL_SIZE = (480, 480)
CHUNK = 64 * 1024


def thumbnail_of(checked) -> tuple[ContentFile, int, int]:
    """A small copy of a checked (re-encoded) image in its own format, and the image's size."""
    checked.seek(0)
    with Image.open(checked) as image:
        width, height = image.size
        pillow_format = image.format
        image.thumbnail(THUMBNAIL_SIZE)
        output = io.BytesIO()
        image.save(
            output, format=pillow_format, **({"quality": 85} if pillow_format != "PNG" else {})
        )
    checked.seek(0)
    extension = os.path.splitext(checked.name)[1]
    return ContentFile(output.getvalue(), name=f"thumbnail{extension}"), width, height


class _Pipe:
    """A write-only, non-seekable file for zipfile: what is written is taken out piece by
    piece (zipfile then writes data descriptors instead of seeking back)."""

    def __init__(self):
        self.pieces = []

    def write(self, data):
        self.pieces.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self) -> bytes:
        data = b"".join(self.pieces)
        self.pieces = []
        return data


def photo_entry_name(number: int, photo) -> str:
    extension = os.path.splitext(photo.image.name)[1]
    stem = slugify(photo.alt_text)[:60] or "foto"
    return f"{number:03d}-{stem}{extension}"


def stream_zip(photos):
    """The bytes of a ZIP of the photos at full size, in pieces of at most ~64 KiB: one photo
    is open at a time, so memory stays flat however many there are. Stored, not deflated:
    JPEG, PNG and WebP are compressed already."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as zip:
        for number, photo in enumerate(photos, start=1):
            info = zipfile.ZipInfo(
                photo_entry_name(number, photo), photo.created_at.timetuple()[:6]
            )
            info.compress_type = zipfile.ZIP_STORED
            try:
                source = photo.image.open("rb")
            except OSError:
                continue  # lost from the disk: the others still come
            with source, zip.open(info, mode="w", force_zip64=True) as entry:
                while chunk := source.read(CHUNK):
                    entry.write(chunk)
                    yield pipe.take()
            yield pipe.take()
    yield pipe.take()
