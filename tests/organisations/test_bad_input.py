"""Bad input to the organisation forms gets a German error next to its field, and a name
stored before the check still never breaks a mail."""

import pytest
from django.core import mail
from django.urls import reverse

from mitwirken.core.mail import sender
from mitwirken.organisations.models import Organisation, Role

from .test_services import _profile_data


@pytest.fixture
def admin_a(staff_a, client):
    client.force_login(staff_a[Role.ADMIN])
    return staff_a[Role.ADMIN]


# (NUL: Django's own CharField refuses it already.)
LINE_BREAKS = ["Stadt A\r\nBcc: alle@example.org", "Stadt A\nZweite Zeile", "Stadt\x1bA"]


@pytest.mark.parametrize("name", LINE_BREAKS)
def test_an_organisation_name_with_a_line_break_is_refused(client, org_a, admin_a, name):
    response = client.post(
        reverse("organisations:edit_profile", kwargs={"org": org_a.slug}),
        _profile_data(org_a, name=name),
    )
    page = response.content.decode()
    assert response.status_code == 200
    # next to the field, not only in the summary
    next_to_field = page.split('id="id_name_error"', 1)[1][:400]
    assert "„Name“ muss in einer Zeile stehen" in next_to_field
    org_a.refresh_from_db()
    assert org_a.name == "Stadt A"


def test_a_new_organisation_s_name_with_a_line_break_is_refused(client, operator, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        reverse("organisations:create"),
        {
            "name": "Landkreis\r\nBeispiel",
            "slug": "landkreis-beispiel",
            "teaser": "",
            "contact_email": "",
            "admin_email": "chefin@example.org",
        },
    )
    assert response.status_code == 200
    assert "„Name“ muss in einer Zeile stehen" in response.content.decode()
    assert not Organisation.objects.filter(slug="landkreis-beispiel").exists()


def _legal_data(client, org):
    url = reverse("organisations:edit_legal_pages", kwargs={"org": org.slug})
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"barrieren-TOTAL_FORMS": "0", "barrieren-INITIAL_FORMS": "0"})
    return url, data


@pytest.mark.parametrize("field", ["accessibility_assessed_on", "accessibility_statement_date"])
@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_legal_page_dates_far_from_today_are_refused(client, org_a, admin_a, field, day):
    url, data = _legal_data(client, org_a)
    response = client.post(url, {**data, field: day})
    assert response.status_code == 200
    next_to_field = response.content.decode().split(f'id="id_{field}_error"', 1)[1][:400]
    assert "Bitte geben Sie ein Datum zwischen den Jahren 2000 und 2100 an." in next_to_field
    org_a.refresh_from_db()
    assert getattr(org_a, field) is None


def test_legal_page_dates_of_this_century_are_saved(client, org_a, admin_a):
    url, data = _legal_data(client, org_a)
    response = client.post(url, {**data, "accessibility_assessed_on": "2026-10-01"})
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert str(org_a.accessibility_assessed_on) == "2026-10-01"


def test_a_stored_name_with_a_line_break_still_sends_mail(
    client, org_a, django_capture_on_commit_callbacks
):
    """Names stored before the form refused line breaks: the sender is made one line."""
    Organisation.objects.filter(pk=org_a.pk).update(name="Stadt\r\nA")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:barriere_melden", kwargs={"org": org_a.slug}),
            {"page_url": "/", "message": "Kontrast zu gering", "email": "b@example.org"},
        )
    assert response.status_code == 200
    to_reporter = next(m for m in mail.outbox if m.to == ["b@example.org"])
    assert to_reporter.from_email.startswith('"Stadt A | mitwirken" <')
    assert "\r" not in to_reporter.from_email and "\n" not in to_reporter.from_email
    assert to_reporter.message()["From"]  # the header can be built: BadHeaderError otherwise


@pytest.mark.parametrize("name", ["Stadt\r\nA", "Stadt\nA", "Stadt\x00A", ' "Stadt"\tA '])
def test_the_sender_is_always_one_line(name):
    assert sender(name).startswith('"Stadt A | mitwirken" <')
