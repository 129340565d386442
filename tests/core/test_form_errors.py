"""Form errors as a person meets them: a real list in the summary, messages that name the
field, "Fehler:" at the start of the page title; and a certificate check that explains itself."""

import re

from django.urls import reverse


def _title(html: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", html, re.S).group(1).split())


def _summary(html: str) -> str:
    return re.search(r"<div[^>]*data-error-summary.*?</ul>", html, re.S).group(0)


def test_sign_up_errors_name_their_fields_in_a_list_and_in_the_title(client, operator):
    html = client.post(reverse("account_signup"), {"email": "", "password1": ""}).content.decode()
    assert _title(html).startswith("Fehler: Registrieren")
    summary = _summary(html)
    assert '<ul class="mw-error-list">' in summary
    assert summary.count("<li>") >= 3
    assert "zwingend erforderlich" not in html
    assert "Bitte füllen Sie das Feld „E-Mail-Adresse“ aus." in html
    # The summary does not repeat the label in front of a message that names it already.
    assert "E-Mail-Adresse: Bitte füllen Sie" not in summary


def test_our_own_forms_name_the_missing_field(client, org_a):
    url = reverse("organisations:barriere_melden", kwargs={"org": org_a.slug})
    html = client.post(url, {"message": ""}).content.decode()
    assert _title(html).startswith("Fehler: ")
    assert "zwingend erforderlich" not in html
    assert re.search(r"Bitte füllen Sie das Feld „[^“]+“ aus\.", html)


def test_a_required_checkbox_asks_to_tick_it(client, operator):
    html = client.post(reverse("account_signup"), {"email": "a@example.org"}).content.decode()
    # The consent has a message of its own; other checkboxes would be asked to be ticked.
    assert "Bitte akzeptieren Sie die Datenschutzerklärung" in html


def test_the_event_registration_with_errors_says_so_in_the_title(client, org_a):
    from ..events.factories import make_event

    event = make_event(org_a)
    html = client.post(event.get_absolute_url(), {"name": ""}).content.decode()
    assert _title(html).startswith("Fehler: ")
    assert "Bitte füllen Sie das Feld „Name“ aus." in html
    assert not _title(client.get(event.get_absolute_url()).content.decode()).startswith("Fehler")


def test_a_page_without_errors_has_no_error_title(client, operator):
    assert not _title(client.get(reverse("account_signup")).content.decode()).startswith("Fehler")


def test_the_certificate_check_says_what_it_is_for(client, operator):
    html = client.get(reverse("events:verify_form")).content.decode()
    assert "Hier prüfen Sie, ob eine Teilnahmebescheinigung echt ist" in html
    assert "kern-error" not in html and not _title(html).startswith("Fehler")


def test_the_certificate_check_with_an_empty_code_asks_for_it(client, operator):
    html = client.get(reverse("events:verify_form"), {"code": "  "}).content.decode()
    assert _title(html).startswith("Fehler: ")
    assert "Bitte geben Sie den Prüfcode der Bescheinigung ein." in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'aria-describedby="[^"]*code-error', html)
