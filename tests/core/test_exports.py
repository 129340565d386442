"""core.exports: formula-safe, streamed CSV and constant-memory XLSX downloads."""

import csv
import io
import zipfile

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django_scopes import get_scope, scope
from openpyxl import load_workbook

from mitwirken.core import exports

DANGEROUS = ["=1+1", "+49 30 123", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_would_start_a_formula_is_prefixed_with_an_apostrophe(text):
    assert exports.safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "cell"), [("Anna", "Anna"), ("a=b", "a=b"), (None, ""), (3, "3"), ("", "")]
)
def test_other_values_stay_as_they_are(value, cell):
    assert exports.safe_cell(value) == cell


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_csv_is_streamed_with_a_bom_semicolons_and_safe_cells():
    response = exports.csv_response(
        iter([["Name", "Hinweis"], ["Jürgen", "=HYPERLINK(1)"], *[[t, 7] for t in DANGEROUS]]),
        "anmeldungen.csv",
    )
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="anmeldungen.csv"'
    rows = _csv(response)
    assert rows[:2] == [["Name", "Hinweis"], ["Jürgen", "'=HYPERLINK(1)"]]
    assert rows[2:] == [["'" + text, "7"] for text in DANGEROUS]


def test_the_csv_is_produced_while_it_is_sent_in_pieces():
    produced = []

    def rows():
        for number in range(20_000):
            produced.append(number)
            yield [f"Person {number}", "x" * 20]

    response = exports.csv_response(rows(), "gross.csv")
    assert produced == []  # nothing is produced before the download starts
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"\xef\xbb\xbf")
    assert 0 < len(produced) < 20_000  # only what the first piece needs
    assert exports.CHUNK_BYTES <= len(first) < 2 * exports.CHUNK_BYTES
    rest = list(chunks)
    assert len(rest) > 5 and len(produced) == 20_000
    assert all(len(chunk) < 2 * exports.CHUNK_BYTES for chunk in rest)


def test_the_csv_is_produced_in_the_scope_and_language_of_the_view(org_a):
    seen = {}

    def rows():
        seen["scope"] = get_scope().get("organisation")
        seen["language"] = translation.get_language()
        yield ["a"]

    with scope(organisation=org_a), translation.override("en"):
        response = exports.csv_response(rows(), "a.csv")
    with translation.override("de"):
        assert _csv(response) == [["a"]]
    assert seen == {"scope": org_a, "language": "en"}
    assert get_scope().get("organisation") is None  # and left again


def _sheet(response):
    return load_workbook(io.BytesIO(response.getvalue())).active


def test_the_xlsx_stores_every_text_as_text_and_numbers_as_numbers():
    response = exports.xlsx_response(
        iter([["Name", "Hinweis", "Anzahl"], *[[t, "ok", 3] for t in DANGEROUS]]),
        "anmeldungen.xlsx",
        sheet_title="Anmeldungen",
    )
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="anmeldungen.xlsx"'
    sheet = _sheet(response)
    assert sheet.title == "Anmeldungen"
    for row, text in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row=row, column=1)
        # a text cell: no formula, no apostrophe (XML reads a carriage return as a line feed)
        assert (cell.value, cell.data_type) == (text.replace("\r", "\n"), "s")
        assert (sheet.cell(row=row, column=3).value, sheet.cell(row=row, column=3).data_type) == (
            3,
            "n",
        )


def test_the_xlsx_has_no_formula_at_all():
    response = exports.xlsx_response(iter([DANGEROUS]), "a.xlsx", "A")
    with zipfile.ZipFile(io.BytesIO(response.getvalue())) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and sheet.count('t="inlineStr"') == len(DANGEROUS)


def test_the_xlsx_drops_characters_a_spreadsheet_cannot_hold():
    response = exports.xlsx_response(iter([["Anna\x00\x07 Muster"]]), "a.xlsx", "A")
    assert _sheet(response)["A1"].value == "Anna Muster"


def test_a_download_name_with_umlauts_is_kept():
    assert exports.attachment("Prüfung.csv") == ("attachment; filename*=utf-8''Pr%C3%BCfung.csv")
