"""Uploaded files: checked by their content, stored under random names, served so that they can
never run as a page of the portal.

Every upload goes through :func:`check` with a :class:`Purpose` (what the file is for: a logo,
an event's material). The check looks at the bytes, never at the name or the browser's content
type: magic numbers, Pillow for images, the zip structure of office documents, the container
signature of audio and video, strict UTF-8 for plain text. Only the types of the purpose's
allow-list pass, within its size and pixel limits (settings). Images are decoded and encoded
anew, which drops EXIF (GPS positions), comments and anything appended to the image data.

The checked file is named after its type (``upload.pdf``); model fields store it under a random
name with that extension (:class:`RandomName`), so a stored name tells the type that was
checked, and nothing about the person's original file name. :func:`file_response` serves a
stored file with that type, ``nosniff``, a sandboxing Content-Security-Policy and
``Content-Disposition: attachment`` (``inline`` only for images shown on a page), either by
streaming it or, behind nginx, with ``X-Accel-Redirect`` to an internal location.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import unicodedata
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import storages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# Sent with every stored file we serve: a file opened in the browser is its own, empty origin
# without scripts, plugins or forms, even if a browser ignored the content type.
MEDIA_CSP = "sandbox; default-src 'none'"


@dataclass(frozen=True)
class FileType:
    key: str
    label: str  # shown in the list of allowed types
    content_type: str
    extension: str  # of the stored file, with the dot
    family: str  # "image", "document", "text" or "media" (audio and video)
    other_extensions: tuple[str, ...] = ()  # that an original file name may have as well


_TYPES = [
    FileType("pdf", "PDF", "application/pdf", ".pdf", "document"),
    FileType("png", "PNG", "image/png", ".png", "image"),
    FileType("jpeg", "JPEG", "image/jpeg", ".jpg", "image", (".jpeg", ".jpe")),
    FileType("webp", "WebP", "image/webp", ".webp", "image"),
    FileType(
        "docx",
        "Word (.docx)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
        "document",
    ),
    FileType(
        "xlsx",
        "Excel (.xlsx)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
        "document",
    ),
    FileType(
        "pptx",
        "PowerPoint (.pptx)",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
        "document",
    ),
    FileType("odt", "ODT", "application/vnd.oasis.opendocument.text", ".odt", "document"),
    FileType("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", ".ods", "document"),
    FileType("odp", "ODP", "application/vnd.oasis.opendocument.presentation", ".odp", "document"),
    FileType("text", "Text (.txt)", "text/plain; charset=utf-8", ".txt", "text"),
    FileType("mp4", "MP4", "video/mp4", ".mp4", "media", (".m4v",)),
    FileType("m4a", "M4A", "audio/mp4", ".m4a", "media"),
    FileType("webm", "WebM", "video/webm", ".webm", "media"),
    FileType("mkv", "Matroska (.mkv)", "video/x-matroska", ".mkv", "media"),
    FileType("mp3", "MP3", "audio/mpeg", ".mp3", "media"),
    FileType("ogg", "Ogg", "audio/ogg", ".ogg", "media", (".oga", ".opus")),
    FileType("ogv", "Ogg-Video (.ogv)", "video/ogg", ".ogv", "media"),
    FileType("wav", "WAV", "audio/wav", ".wav", "media"),
]
TYPES = {file_type.key: file_type for file_type in _TYPES}
# The stored name's extension is the checked type (see RandomName).
_BY_EXTENSION = {file_type.extension: file_type for file_type in _TYPES}
OCTET_STREAM = "application/octet-stream"


@dataclass(frozen=True)
class Purpose:
    """What an upload is for: the allowed types and the names of the settings that limit it."""

    name: str
    types: tuple[str, ...]
    max_bytes_setting: str
    max_pixels_setting: str
    media_max_bytes_setting: str = ""  # audio and video, if allowed: a limit of their own

    @property
    def allowed(self) -> list[FileType]:
        return [TYPES[key] for key in self.types]

    def allowed_labels(self) -> str:
        return ", ".join(file_type.label for file_type in self.allowed)

    def accept(self) -> str:
        """For the file input's ``accept`` attribute."""
        extensions = []
        for file_type in self.allowed:
            extensions += [file_type.extension, *file_type.other_extensions]
        return ",".join(extensions)

    def max_bytes(self, family: str = "") -> int:
        if family == "media" and self.media_max_bytes_setting:
            return getattr(settings, self.media_max_bytes_setting)
        return getattr(settings, self.max_bytes_setting)

    def largest_allowed(self) -> int:
        families = {file_type.family for file_type in self.allowed}
        return max(self.max_bytes(family) for family in families)


LOGO = Purpose("logo", ("png", "jpeg"), "LOGO_MAX_BYTES", "LOGO_MAX_PIXELS")
MATERIAL = Purpose(
    "material",
    (
        "pdf",
        "png",
        "jpeg",
        "webp",
        "docx",
        "xlsx",
        "pptx",
        "odt",
        "ods",
        "odp",
        "text",
        "mp4",
        "m4a",
        "webm",
        "mkv",
        "mp3",
        "ogg",
        "ogv",
        "wav",
    ),
    "MATERIAL_MAX_BYTES",
    "MATERIAL_MAX_PIXELS",
    media_max_bytes_setting="RECORDING_MAX_BYTES",
)

# Photos of a meeting's pinboards (networks): images only, re-encoded like every image.
PHOTO = Purpose("photo", ("png", "jpeg", "webp"), "MATERIAL_MAX_BYTES", "MATERIAL_MAX_PIXELS")
# A network's publication: a PDF.
PUBLICATION = Purpose("publication", ("pdf",), "MATERIAL_MAX_BYTES", "MATERIAL_MAX_PIXELS")


# A file to a post or comment: documents and images, no recordings.
ATTACHMENT = Purpose(
    "attachment",
    ("pdf", "png", "jpeg", "webp", "docx", "xlsx", "pptx", "odt", "ods", "odp", "text"),
    "MATERIAL_MAX_BYTES",
    "MATERIAL_MAX_PIXELS",
)


class CheckedFile(File):
    """An upload that passed :func:`check`: named ``upload<extension of its type>``."""

    def __init__(self, file, file_type: FileType, original_name: str):
        super().__init__(file, name=f"upload{file_type.extension}")
        self.file_type = file_type
        self.content_type = file_type.content_type
        self.original_name = original_name
        if hasattr(file, "temporary_file_path"):  # the storage moves a large upload into place
            self.temporary_file_path = file.temporary_file_path


def _not_allowed(purpose: Purpose) -> ValidationError:
    return ValidationError(
        _("This file is not an allowed file type. Allowed are: %(types)s.")
        % {"types": purpose.allowed_labels()},
        code="file_type",
    )


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        _("The file is larger than %(max)s.") % {"max": filesizeformat(limit)}, code="file_size"
    )


def _too_many_pixels(limit: int) -> ValidationError:
    return ValidationError(
        _("The image has too many pixels. At most %(max)s megapixels are allowed.")
        % {"max": f"{limit / 1_000_000:g}".replace(".", ",")},
        code="image_pixels",
    )


def _unreadable() -> ValidationError:
    return ValidationError(
        _(
            "The file could not be read. It may be damaged; please save it anew and "
            "upload it again."
        ),
        code="file_damaged",
    )


def check(upload, purpose: Purpose) -> CheckedFile:
    """The upload as a :class:`CheckedFile`, or a ValidationError with a message for the person:
    not an allowed type, too large, too many pixels, unreadable."""
    if upload.size > purpose.largest_allowed():
        raise _too_large(purpose.largest_allowed())
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    file_type = identify(upload, head, original_name=upload.name or "")
    if file_type is None or file_type.key not in purpose.types:
        raise _not_allowed(purpose)
    if upload.size > purpose.max_bytes(file_type.family):
        raise _too_large(purpose.max_bytes(file_type.family))
    original_name = display_name(upload.name or "", file_type)
    if file_type.family == "image":
        data = _reencode(upload, file_type, getattr(settings, purpose.max_pixels_setting))
        return CheckedFile(ContentFile(data), file_type, original_name)
    upload.seek(0)
    return CheckedFile(upload, file_type, original_name)


def identify(file, head: bytes, original_name: str = "") -> FileType | None:
    """The type of a file by its content (``head``: its first bytes), or None if it is none of
    the types we know. Plain text is only taken as such when its name says ``.txt``."""
    if head.startswith(b"%PDF-"):
        return TYPES["pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return TYPES["webp"]
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return TYPES["wav"]
    if head.startswith(b"PK\x03\x04"):
        return _office_type(file)
    if head[4:8] == b"ftyp":
        return _mp4_type(head[8:12])
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: WebM or Matroska
        if b"webm" in head[:64]:
            return TYPES["webm"]
        if b"matroska" in head[:64]:
            return TYPES["mkv"]
        return None
    if head.startswith(b"OggS"):
        return TYPES["ogv"] if b"\x80theora" in head else TYPES["ogg"]
    if head.startswith(b"ID3") or _is_mpeg_audio_frame(head):
        return TYPES["mp3"]
    if os.path.splitext(original_name)[1].lower() == ".txt" and _is_plain_text(file):
        return TYPES["text"]
    return None


_MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"dash",
}
_M4A_BRANDS = {b"M4A ", b"M4B "}


def _mp4_type(brand: bytes) -> FileType | None:
    if brand in _M4A_BRANDS:
        return TYPES["m4a"]
    if brand in _MP4_BRANDS:
        return TYPES["mp4"]
    return None  # e.g. HEIC images or QuickTime


def _is_mpeg_audio_frame(head: bytes) -> bool:
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 0b11
    return version != 0b01 and layer != 0 and bitrate not in (0, 0b1111) and sample_rate != 0b11


_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_MAX_ZIP_ENTRIES = 20_000


def _office_type(file) -> FileType | None:
    """OOXML (docx, xlsx, pptx) or ODF (odt, ods, odp) by the zip's structure; documents with
    macros are refused. Reads only the small parts that name the document's type."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if len(names) > _MAX_ZIP_ENTRIES:
                return None
            lowered = [name.lower() for name in names]
            if any(
                name.endswith("vbaproject.bin") or name.startswith(("basic/", "scripts/"))
                for name in lowered
            ):
                return None
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    key = _ODF.get(part.read(100).strip())
                return TYPES[key] if key else None
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as part:
                    content_types = part.read(1024 * 1024).decode("utf-8", "replace")
                found = [key for main, key in _OOXML_MAIN.items() if main in content_types]
                return TYPES[found[0]] if len(found) == 1 else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError, EOFError):
        return None
    finally:
        file.seek(0)
    return None


# What a browser would take for markup if it sniffed (WHATWG MIME sniffing), and XML: a text
# file starting like this is refused, although it is served as text/plain with nosniff.
_MARKUP = re.compile(
    r"\s*<(?:!doctype\s+html|html|head|body|script|iframe|svg|\?xml|!--|a\s|div|img|style|table)",
    re.IGNORECASE,
)


def _is_plain_text(file) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    start = ""
    file.seek(0)
    try:
        for chunk in iter(lambda: file.read(64 * 1024), b""):
            text = decoder.decode(chunk)
            if "\x00" in text:
                return False
            if len(start) < 512:
                start += text[:512]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        file.seek(0)
    return bool(start.strip()) and not _MARKUP.match(start)


_PILLOW_FORMAT = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
# The colour modes each format can store, and what other modes are converted to.
_MODES = {
    "JPEG": (("L", "RGB", "CMYK"), "RGB"),
    "PNG": (("1", "L", "LA", "P", "RGB", "RGBA"), "RGBA"),
    "WEBP": (("RGB", "RGBA"), "RGBA"),
}


def _reencode(upload, file_type: FileType, max_pixels: int) -> bytes:
    """Decode the image fully and encode it anew: only the pixels (and the colour profile) are
    kept; EXIF with GPS positions, comments and whatever was appended to the file are not."""
    pillow_format = _PILLOW_FORMAT[file_type.key]
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[pillow_format]) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise _too_many_pixels(max_pixels)
                image.load()
                icc_profile = image.info.get("icc_profile")
                image = ImageOps.exif_transpose(image)  # keep photos upright without EXIF
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(max_pixels) from error
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise _unreadable() from error
    finally:
        upload.seek(0)
    modes, fallback = _MODES[pillow_format]
    if image.mode not in modes:
        image = image.convert(fallback)
    image.info = {}
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if pillow_format in ("JPEG", "WEBP"):
        options["quality"] = 90
    output = io.BytesIO()
    image.save(output, format=pillow_format, **options)
    return output.getvalue()


def display_name(original_name: str, file_type: FileType) -> str:
    """The name a file is offered for download under: the person's file name without folders
    and control characters, with an extension that fits the checked type."""
    name = re.split(r"[/\\]", original_name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(". ")
    stem, extension = os.path.splitext(name)
    if extension.lower() not in (file_type.extension, *file_type.other_extensions):
        extension = file_type.extension  # a wrong or missing one is replaced
    stem = stem[:150].strip() or "datei"
    return stem + extension.lower()


@deconstructible
class RandomName:
    """``upload_to`` for a FileField: ``<folder>/<random>.<extension of the checked type>``.
    The given name is only read for its extension, and only a known one is kept."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = os.path.splitext(filename)[1].lower()
        if extension not in _BY_EXTENSION:
            extension = ".bin"
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)


def private_storage():
    """Where files go that only some people may see (``PRIVATE_MEDIA_ROOT``, outside of
    ``MEDIA_ROOT``): no URL reaches them, only a view that checks the person."""
    return storages["private"]


def delete_after_commit(storage, name: str) -> None:
    """Remove a stored file that no row points to any more (replaced or deleted), once the
    change is surely in the database: a rolled-back change keeps its file. A public file left
    on disk would stay reachable under its old address."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def content_type_of(name: str) -> str:
    file_type = _BY_EXTENSION.get(os.path.splitext(name)[1].lower())
    return file_type.content_type if file_type else OCTET_STREAM


def protect(response):
    """The headers every served upload carries."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response


def file_response(storage, name: str, *, filename: str | None = None, inline: bool = False):
    """Serve a stored file with the type its stored name says, ``nosniff`` and the sandbox
    CSP; as an attachment unless ``inline`` is asked for and it is an image.

    Files of the private storage are handed to nginx with ``X-Accel-Redirect`` when
    ``MEDIA_ACCEL_REDIRECT`` is on (``MEDIA_ACCEL_PREFIX`` + the stored name, an ``internal``
    location); otherwise, and for the public storage, the file is streamed from here."""
    content_type = content_type_of(name)
    inline = inline and content_type.startswith("image/")
    private = storage is private_storage()
    if private and settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + quote(name)
    else:
        try:
            opened = storage.open(name, "rb")
        except (OSError, ValueError) as error:  # lost from the disk, or an odd name
            raise Http404 from error
        response = FileResponse(opened, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or "inline"
    if private:
        response["Cache-Control"] = "private, no-store"
    return protect(response)
