"""Files for the upload tests, made here: real ones of every allowed type and the attacks (HTML,
JavaScript, SVG, a PNG with HTML appended, decompression bombs, a JPEG with a GPS position)."""

import io
import struct
import zipfile
import zlib

from PIL import Image
from PIL.ExifTags import IFD

HTML = b"<!doctype html><title>x</title><script src='/medien/a.js'></script>"
JAVASCRIPT = b"fetch('/konto/').then(r => r.text()).then(t => alert(t));"
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image(image_format="PNG", size=(40, 30), mode="RGB", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 80, 160) if mode == "RGB" else 0).save(
        buffer, format=image_format, **options
    )
    return buffer.getvalue()


def png_with_html() -> bytes:
    return image("PNG") + b"<html><body><script>alert(document.cookie)</script></body></html>"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def blank_png(width: int, height: int) -> bytes:
    """A black 1-bit PNG of any size, small on disk: the rows compress to almost nothing."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


GPS_LATITUDE = (52.0, 31.0, 12.0)


def jpeg_with_gps(size=(60, 40)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Kamera des Präsidiums"  # Make
    exif[0x0112] = 6  # Orientation: turned by 90°
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[1], gps[2] = "N", GPS_LATITUDE
    return image("JPEG", size=size, exif=exif)


def _zip(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(main_type: str, main_part: str, extra: dict | None = None) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>'
    )
    return _zip({"[Content_Types].xml": content_types, main_part: "<x/>", **(extra or {})})


def docx() -> bytes:
    return ooxml(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
    )


def xlsx() -> bytes:
    return ooxml(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/workbook.xml",
    )


def pptx() -> bytes:
    return ooxml(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "ppt/presentation.xml",
    )


def docm() -> bytes:
    """A Word document with macros."""
    return ooxml(
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "word/document.xml",
        {"word/vbaProject.bin": b"\x00macro"},
    )


def odf(kind: str) -> bytes:
    return _zip({"mimetype": f"application/vnd.oasis.opendocument.{kind}", "content.xml": "<x/>"})


def mp4(brand=b"mp42") -> bytes:
    box = b"ftyp" + brand + b"\x00\x00\x00\x00" + b"isommp41"
    return struct.pack(">I", 4 + len(box)) + box + b"\x00" * 64


def webm() -> bytes:
    return b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 64


def mp3() -> bytes:
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400


def ogg() -> bytes:
    return b"OggS\x00\x02" + b"\x00" * 22 + b"\x01\x1e\x01vorbis" + b"\x00" * 64


def wav() -> bytes:
    data = b"\x00\x00" * 100
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 16000, 2, 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data"
    body += struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body
