"""Files staff and participants download: registration exports (CSV, XLSX), the attendance
list and the certificate of attendance (PDF, pure Python: fpdf2 with the bundled fonts)."""

from itertools import islice
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from mitwirken.core import exports
from mitwirken.questionnaires.exports import answer_cells, answer_header, answers_of_responses

from .queries import questions_of

FONT_DIR = Path(__file__).resolve().parent / "fonts"
EXPORT_CHUNK_SIZE = 500  # registrations (with their answers) in memory at a time


def _local(moment) -> str:
    return (
        formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""
    )


def registration_rows(event, registrations):
    """Header, then one row per registration, produced one at a time: the registrations are
    read in chunks of ``EXPORT_CHUNK_SIZE``, with one query for the answers of each chunk, so
    memory does not grow with their number. The answers as given (numbers as numbers).

    The answers are read per chunk as plain rows rather than with ``prefetch_related``:
    prefetched answers and their registration refer to each other, so a chunk would stay in
    memory until the garbage collector's next full pass (three chunks were alive at once)."""
    questions = questions_of(event)
    header = [_("Name"), _("E-mail"), _("Status"), _("Registered at"), _("Attended")]
    yield header + answer_header(questions)
    registrations = registrations.prefetch_related(None).iterator(chunk_size=EXPORT_CHUNK_SIZE)
    while chunk := list(islice(registrations, EXPORT_CHUNK_SIZE)):
        answers = answers_of_responses(r.response_id for r in chunk) if questions else {}
        for registration in chunk:
            yield [
                registration.name,
                registration.email,
                registration.get_status_display(),
                _local(registration.created_at),
                _("yes") if registration.attended else _("no"),
            ] + answer_cells(questions, answers.get(registration.response_id))


def registrations_csv(event, registrations, filename):
    """The registrations as a streamed CSV download (``core.exports.csv_response``)."""
    return exports.csv_response(registration_rows(event, registrations), filename)


def registrations_xlsx(event, registrations, filename):
    """The registrations as an XLSX download written in constant memory."""
    return exports.xlsx_response(
        registration_rows(event, registrations), filename, sheet_title=_("Registrations")
    )


class _Document(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        self.add_font("Fira", "", str(FONT_DIR / "FiraSans-Regular.ttf"))
        self.add_font("Fira", "B", str(FONT_DIR / "FiraSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(20, 20, 20)


def attendance_list_pdf(event, registrations) -> bytes:
    pdf = _Document()
    pdf.add_page()
    pdf.set_font("Fira", "B", 16)
    pdf.multi_cell(0, 8, _("Attendance list"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Fira", "", 11)
    when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
    pdf.multi_cell(
        0, 6, f"{event.title}\n{when}\n{event.venue_address}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(4)
    with pdf.table(col_widths=(8, 60, 60, 42), text_align="LEFT") as table:
        header = table.row()
        for label in ("#", _("Name"), _("Organisation / note"), _("Signature")):
            header.cell(label)
        for number, registration in enumerate(registrations, start=1):
            row = table.row()
            row.cell(str(number))
            row.cell(registration.name)
            row.cell("")
            row.cell("")
    return bytes(pdf.output())


def certificate_pdf(certificate, event, verify_url) -> bytes:
    pdf = _Document()
    pdf.add_page()
    pdf.set_font("Fira", "", 11)
    pdf.multi_cell(0, 6, event.organisation.name, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(25)
    pdf.set_font("Fira", "B", 24)
    pdf.multi_cell(0, 12, _("Certificate of attendance"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("Fira", "", 13)
    date = formats.date_format(timezone.localtime(event.starts_at), "DATE_FORMAT")
    minutes = int(event.duration.total_seconds() // 60)
    body = _(
        "%(name)s took part in the event\n\n“%(title)s”\n\non %(date)s "
        "(%(minutes)s minutes), organised by %(organiser)s."
    ) % {
        "name": certificate.holder_name,
        "title": event.title,
        "date": date,
        "minutes": minutes,
        "organiser": event.organisation.name,
    }
    pdf.multi_cell(0, 8, body, align="C", new_x="LMARGIN", new_y="NEXT")
    topics = ", ".join(tag.name for tag in event.tags.all() if tag.kind == "topic")
    if topics:
        pdf.ln(6)
        pdf.multi_cell(
            0,
            7,
            _("Topics: %(topics)s") % {"topics": topics},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(30)
    pdf.set_font("Fira", "", 10)
    pdf.multi_cell(
        0,
        5,
        _("Verification code: %(code)s\nCheck that this certificate is genuine: %(url)s")
        % {"code": certificate.code, "url": verify_url},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_title(_("Certificate of attendance"))
    pdf.set_creator(f"mitwirken {settings.SITE_URL}")
    return bytes(pdf.output())
