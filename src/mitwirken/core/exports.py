"""Spreadsheet downloads (CSV, XLSX) that every app offers its staff, in constant memory.

An app produces its rows with a generator (a header, then one row per object, read with
``queryset.iterator(chunk_size=...)``) and hands it to one of the responses::

    def export(request, organisation, pk):
        rows = documents.registration_rows(event, registrations)  # a generator
        return exports.csv_response(rows, "anmeldungen.csv")

- ``csv_response``: a ``StreamingHttpResponse`` that writes the rows while they are sent:
  ``;`` as separator and a UTF-8 BOM (what German Excel expects), every text made safe with
  ``safe_cell``. The rows are produced after the view has returned, in the scope, language
  and time zone the view ran in.
- ``xlsx_response``: an XLSX written row by row (openpyxl's write-only workbook) into a
  temporary file that is sent as a ``FileResponse``; every text is stored as text, never as
  a formula, numbers stay numbers, dates dates. ``xlsx_sheets_response`` writes several
  sheets (a questionnaire's answers and their code book).

Neither keeps more than one chunk of rows in memory, however many rows there are
(``tests/core/test_exports.py``, ``tests/events/test_export_memory.py``).
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django_scopes import get_scope, scope
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # Excel detects UTF-8 by it
CHUNK_BYTES = 64 * 1024  # a streamed CSV is sent in pieces of about this size


def safe_cell(value) -> str:
    """Spreadsheet programs run text that starts with = + - @ (or a tab or carriage return
    before one) as a formula; prefix it with an apostrophe so that what a person typed can
    never become one (CSV injection). The XLSX export stores every text as text instead."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def attachment(filename: str) -> str:
    """The ``Content-Disposition`` of a download named ``filename`` (non-ASCII names too)."""
    return content_disposition_header(as_attachment=True, filename=filename)


def csv_rows(rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV of ``rows`` in UTF-8 pieces of about ``CHUNK_BYTES``, the first with the BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # what German Excel expects
    buffer.write(BOM)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def csv_response(rows: Iterable[Sequence], filename: str) -> StreamingHttpResponse:
    """A streamed CSV download of ``rows`` (a generator: it runs while the file is sent)."""
    response = StreamingHttpResponse(_as_in_the_view(csv_rows(rows)), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = attachment(filename)
    return response


def streamed_response(chunks: Iterable[bytes], filename: str, content_type: str):
    """A streamed download of other pieces (a JSON document written piece by piece), made
    like ``csv_response``: while it is sent, in the scope, language and time zone of the view."""
    response = StreamingHttpResponse(_as_in_the_view(iter(chunks)), content_type=content_type)
    response["Content-Disposition"] = attachment(filename)
    return response


def xlsx_response(rows: Iterable[Sequence], filename: str, sheet_title: str) -> FileResponse:
    """An XLSX download of ``rows``: one sheet, written row by row into a temporary file
    (deleted when the response is closed), every text a text cell."""
    return xlsx_sheets_response([(sheet_title, rows)], filename)


def xlsx_sheets_response(sheets: Iterable[tuple[str, Iterable[Sequence]]], filename: str):
    """An XLSX download of several sheets: ``sheets`` are (title, rows) pairs, written one
    after the other, row by row (a questionnaire's answers, then its code book), in constant
    memory as ``xlsx_response``."""
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115  the response closes it
    try:
        write_xlsx(file, sheets)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def write_xlsx(file, sheets: Iterable[tuple[str, Iterable[Sequence]]]) -> None:
    """Write the (title, rows) ``sheets`` as an XLSX into ``file`` (openpyxl's write-only
    workbook: a row is written when it is appended). Texts are text cells, never formulas;
    numbers, dates and times keep their type (a time-zone-aware one in local time)."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])  # Excel's limit for a sheet name
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(file)


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel knows no time zones
    if not isinstance(value, str):
        return value  # numbers, dates and empty cells as they are
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # text, never a formula: no apostrophe needed
    return cell


def _as_in_the_view(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A streamed response is produced after its view has returned, when the middleware has
    left the organisation's scope: produce it in the scope, language and time zone of the
    view (captured now, while the view runs)."""
    captured_scope = get_scope()
    language = translation.get_language()
    zone = timezone.get_current_timezone()

    def produce():
        with scope(**captured_scope), translation.override(language), timezone.override(zone):
            yield from chunks

    return produce()
