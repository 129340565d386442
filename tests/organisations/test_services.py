import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from PIL import Image

from mitwirken.organisations import services
from mitwirken.organisations.models import AuditLogEntry, Invitation, Role, StaffRole

from ..factories import UserFactory, make_staff


def _link_from(message):
    return next(word for word in message.body.split() if "/einladung/" in word)


@pytest.fixture
def admin_a(staff_a):
    return staff_a[Role.ADMIN]


def test_invitation_sends_mail_and_the_invitee_accepts(
    client, org_a, admin_a, django_capture_on_commit_callbacks
):
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:staff_list", kwargs={"org": org_a.slug}),
            {"email": "Neue.Kollegin@Example.org", "role": Role.EDITOR},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["neue.kollegin@example.org"]
    assert "Stadt A | mitwirken" in message.from_email
    assert message.alternatives and "<a href=" in message.alternatives[0][0]
    link = _link_from(message)

    invitee = UserFactory(email="neue.kollegin@example.org")
    client.force_login(invitee)
    path = link.split("http://127.0.0.1:8000")[-1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    with scopes_disabled():
        assert StaffRole.objects.get(user=invitee).role == Role.EDITOR
        actions = list(
            AuditLogEntry.objects.filter(organisation=org_a).values_list("action", flat=True)
        )
    assert actions == [AuditLogEntry.Action.INVITATION_ACCEPTED, AuditLogEntry.Action.INVITED]

    # The link is spent now: a clear page, no second staff_role.
    response = client.post(path)
    assert response.status_code == 410
    assert "nicht mehr gültig" in response.content.decode()


def test_an_invitation_never_changes_an_existing_role(client, org_a, admin_a):
    """The only admin opening an editor invitation himself must not lose the admin role."""
    with scope(organisation=org_a):
        invitation = services.invite(admin_a, org_a, "zweite@example.org", Role.EDITOR)
    # his second, confirmed address (an invitation is accepted only with the invited one)
    EmailAddress.objects.create(user=admin_a, email="zweite@example.org", verified=True)
    client.force_login(admin_a)
    path = reverse("organisations:accept_invitation", kwargs={"token": invitation.token})
    page = client.post(path).content.decode()
    assert "bereits" in page and "Administration" in page
    with scopes_disabled():
        assert StaffRole.objects.get(user=admin_a).role == Role.ADMIN
        invitation.refresh_from_db()
    assert invitation.is_open  # still there for the person it was meant for


def test_the_last_admin_cannot_delete_the_account_before_handing_the_role_on(
    client, org_a, admin_a
):
    client.force_login(admin_a)
    page = client.post(reverse("accounts:delete_account"), {"confirm": "on"}).content.decode()
    assert "letzte Person mit der Rolle Administration" in page and "Stadt A" in page
    with scopes_disabled():
        assert StaffRole.objects.filter(user=admin_a, role=Role.ADMIN).exists()
    make_staff(org_a, Role.ADMIN)  # a second administrator
    client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    with scopes_disabled():
        assert not StaffRole.objects.filter(user=admin_a).exists()


def test_expired_and_forged_invitation_links_are_refused(client, org_a, admin_a, participant):
    with scope(organisation=org_a):
        invitation = Invitation.objects.create(
            organisation=org_a,
            email="alt@example.org",
            role=Role.EDITOR,
            expires_at=timezone.now() - timedelta(minutes=1),
        )
    client.force_login(participant)
    for token in (invitation.token, "gefälschter-token"):
        response = client.post(reverse("organisations:accept_invitation", args=[token]))
        assert response.status_code == 410
    with scopes_disabled():
        assert not StaffRole.objects.filter(user=participant).exists()


def test_inviting_a_member_twice_is_refused_with_a_message(client, org_a, staff_a, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("organisations:staff_list", kwargs={"org": org_a.slug}),
        {"email": staff_a[Role.EDITOR].email, "role": Role.EDITOR},
    )
    assert response.status_code == 200
    assert "gehört bereits zum Team" in response.content.decode()
    assert mail.outbox == []


def test_invalid_invitation_input_gets_german_errors(client, org_a, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("organisations:staff_list", kwargs={"org": org_a.slug}),
        {"email": "keine-adresse", "role": "chef"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte korrigieren Sie" in page
    assert "gültige E-Mail-Adresse" in page
    assert 'aria-invalid="true"' in page


def test_role_change_and_removal_are_logged_and_the_last_admin_stays(org_a, staff_a, admin_a):
    with scope(organisation=org_a):
        editor = StaffRole.objects.get(user=staff_a[Role.EDITOR])
        services.change_role(admin_a, editor, Role.MODERATOR)
        entry = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ROLE_CHANGED).get()
        assert entry.actor == admin_a
        assert list(entry.changes.values()) == [["Redaktion", "Moderation"]]

        own = StaffRole.objects.get(user=admin_a)
        with pytest.raises(services.OrganisationError, match="mindestens eine Person"):
            services.change_role(admin_a, own, Role.EDITOR)
        with pytest.raises(services.OrganisationError):
            services.remove_from_staff(admin_a, own)

        services.remove_from_staff(admin_a, editor)
        assert not StaffRole.objects.filter(pk=editor.pk).exists()
        assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ROLE_REMOVED).exists()


def test_audit_log_page_shows_who_did_what(client, org_a, staff_a, admin_a):
    with scope(organisation=org_a):
        services.change_role(
            admin_a, StaffRole.objects.get(user=staff_a[Role.EDITOR]), Role.MODERATOR
        )
    client.force_login(admin_a)
    page = client.get(reverse("organisations:audit_log", kwargs={"org": org_a.slug}))
    text = page.content.decode()
    assert admin_a.public_name in text
    assert "Rolle geändert" in text
    assert "Redaktion → Moderation" in text


def _png(size=(20, 20), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 80, 160)).save(buffer, format=image_format)
    return buffer.getvalue()


def _profile_data(org, **extra):
    return {
        "name": org.name,
        "teaser": "Neu",
        "description": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
        "logo_alt": "Logo der Stadt",
        "registration_retention_days": "90",
        **extra,
    }


SVG = b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"
NOT_A_LOGO = "Diese Datei ist kein erlaubter Dateityp. Erlaubt sind: PNG, JPEG."


@pytest.mark.parametrize(
    ("filename", "content", "content_type", "error"),
    [
        ("logo.png", SVG, "image/png", NOT_A_LOGO),
        ("logo.svg", SVG, "image/svg+xml", NOT_A_LOGO),
        ("logo.png", _png(image_format="GIF"), "image/png", NOT_A_LOGO),
        (
            "logo.jpg",
            b"\xff\xd8\xff\xe0 kein echtes JPEG",
            "image/jpeg",
            "Die Datei konnte nicht gelesen werden.",
        ),
    ],
)
def test_logo_must_really_be_png_or_jpeg(
    client, org_a, admin_a, filename, content, content_type, error
):
    client.force_login(admin_a)
    response = client.post(
        reverse("organisations:edit_profile", kwargs={"org": org_a.slug}),
        _profile_data(org_a, logo=SimpleUploadedFile(filename, content, content_type)),
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    org_a.refresh_from_db()
    assert not org_a.logo


def test_too_large_logo_is_refused(client, org_a, admin_a, settings):
    settings.LOGO_MAX_BYTES = 10
    client.force_login(admin_a)
    response = client.post(
        reverse("organisations:edit_profile", kwargs={"org": org_a.slug}),
        _profile_data(org_a, logo=SimpleUploadedFile("logo.png", _png(), "image/png")),
    )
    assert "Die Datei ist größer als 10\xa0Bytes." in response.content.decode()


def test_profile_edit_with_real_png_is_saved_and_logged(client, org_a, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("organisations:edit_profile", kwargs={"org": org_a.slug}),
        _profile_data(
            org_a,
            teaser="Bürgernah und digital",
            logo=SimpleUploadedFile("x.png", _png(), "image/png"),
        ),
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.logo and org_a.teaser == "Bürgernah und digital"
    with scope(organisation=org_a):
        entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.PROFILE_CHANGED)
    assert entry.changes["Kurzbeschreibung"] == ["Eine Verwaltung", "Bürgernah und digital"]


def test_overlong_text_gets_a_message_not_an_error(client, org_a, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("organisations:edit_profile", kwargs={"org": org_a.slug}),
        _profile_data(org_a, teaser="x" * 301),
    )
    assert response.status_code == 200
    assert "höchstens 300 Zeichen" in response.content.decode()


def test_legal_pages_edit_bumps_privacy_version_and_shows_on_public_pages(client, org_a, admin_a):
    client.force_login(admin_a)
    url = reverse("organisations:edit_legal_pages", kwargs={"org": org_a.slug})
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        {
            "privacy_text": "## Neu\n\nWir speichern weniger.",
            "accessibility_status": "partial",
            "accessibility_assessed_on": "2026-10-01",
            "accessibility_statement_date": "2026-10-02",
            "supervisory_authority": "Landesverwaltungsamt",
            "barrieren-TOTAL_FORMS": "1",
            "barrieren-INITIAL_FORMS": "0",
            "barrieren-MIN_NUM_FORMS": "0",
            "barrieren-MAX_NUM_FORMS": "30",
            "barrieren-0-part": "Videos ohne Untertitel",
            "barrieren-0-reason": "Altbestand",
            "barrieren-0-alternative": "Transkript auf Anfrage",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    org_a.refresh_from_db()
    assert org_a.privacy_version == 2
    imprint = client.get(reverse("organisations:impressum", kwargs={"org": org_a.slug}))
    assert "Landesverwaltungsamt" in imprint.content.decode()
    statement = client.get(reverse("organisations:barrierefreiheit", kwargs={"org": org_a.slug}))
    text = statement.content.decode()
    assert "Videos ohne Untertitel" in text and "Transkript auf Anfrage" in text
    assert "schlichtungsstelle-bgg.de" in text
    with scope(organisation=org_a):
        entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.LEGAL_CHANGED)
    assert entry.changes["Bekannte Barrieren"] == ["0", "1"]  # barriers kept, not form rows

    # Saving again unchanged is no new privacy text, even if the stored one ends in a
    # line break (older data; the form strips it).
    org_a.privacy_text += "\n"
    org_a.save()
    form = client.get(url).context["form"]
    unchanged = {name: form.initial.get(name) or "" for name in form.fields}
    unchanged.update({k: v for k, v in data.items() if k.startswith("barrieren-")})
    unchanged.update({"barrieren-TOTAL_FORMS": "0", "barrieren-INITIAL_FORMS": "0"})
    assert client.post(url, unchanged).status_code == 302
    org_a.refresh_from_db()
    assert org_a.privacy_version == 2


def test_the_report_form_says_optional_once(client, org_a):
    page = client.get(reverse("organisations:barriere_melden", kwargs={"org": org_a.slug}))
    assert "(optional) (optional)" not in page.content.decode()


def test_the_operator_s_staff_pages_link_the_portal_not_a_sub_portal(
    client, operator, platform_admin
):
    client.force_login(platform_admin)
    page = client.get(reverse("organisations:staff_home", kwargs={"org": operator.slug}))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/{operator.slug}/"' not in html


def test_barrier_report_is_stored_confirmed_and_shows_the_deadline(
    client, org_a, staff_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:barriere_melden", kwargs={"org": org_a.slug}),
            {
                "page_url": "/stadt-a/",
                "message": "Der Kontrast der Links ist zu schwach.",
                "name": "",
                "email": "melderin@example.org",
                "homepage": "",
            },
        )
    assert response.status_code == 200
    assert "Vielen Dank" in response.content.decode()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["info@stadt-a.example", "melderin@example.org"]
    with scope(organisation=org_a):
        report = org_a.barrier_reports.get()
    due = timezone.localtime(report.answer_due)
    assert (due.date() - timezone.localdate()).days in range(28, 32)

    client.force_login(staff_a[Role.MODERATOR])
    page = client.get(reverse("organisations:barrier_reports", kwargs={"org": org_a.slug}))
    assert f"{due:%d.%m.%Y}" in page.content.decode()


def test_barrier_report_honeypot_and_empty_message(client, org_a):
    url = reverse("organisations:barriere_melden", kwargs={"org": org_a.slug})
    response = client.post(url, {"message": "Spam", "homepage": "http://spam.example"})
    assert response.status_code == 200
    assert "konnte nicht gesendet werden" in response.content.decode()
    response = client.post(url, {"message": ""})
    assert "Bitte füllen Sie das Feld „Beschreibung der Barriere“ aus." in response.content.decode()
    with scope(organisation=org_a):
        assert not org_a.barrier_reports.exists()
    assert mail.outbox == []


def test_platform_admin_creates_an_organisation_and_invites_its_admin(
    client, platform_admin, operator, django_capture_on_commit_callbacks
):
    client.force_login(platform_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:create"),
            {
                "name": "Landkreis Beispiel",
                "slug": "landkreis-beispiel",
                "teaser": "",
                "contact_email": "",
                "admin_email": "landrat@example.org",
            },
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["landrat@example.org"]
    assert client.get("/landkreis-beispiel/").status_code == 200


def test_reserved_slug_is_refused(client, platform_admin, operator):
    client.force_login(platform_admin)
    response = client.post(
        reverse("organisations:create"),
        {"name": "Konto", "slug": "konto", "admin_email": "a@example.org"},
    )
    assert response.status_code == 200
    assert "reserviert" in response.content.decode()


def test_other_member_roles_are_unaffected_by_scoping(org_a, org_b):
    person = make_staff(org_a, Role.EDITOR)
    make_staff(org_b, Role.ADMIN, user=person)
    with scope(organisation=org_a):
        assert [m.role for m in StaffRole.objects.filter(user=person)] == [Role.EDITOR]


def test_removing_and_role_changes_have_their_own_urls_and_a_refusal_shows_its_message(
    client, org_a, staff_a, admin_a
):
    client.force_login(admin_a)
    with scope(organisation=org_a):
        own = StaffRole.objects.get(user=admin_a)
        editor = StaffRole.objects.get(user=staff_a[Role.EDITOR])
    team = reverse("organisations:staff_list", kwargs={"org": org_a.slug})
    page = client.get(team).content.decode()
    for name in ("organisations:staff_role_change", "organisations:staff_remove"):
        url = reverse(name, kwargs={"org": org_a.slug, "staff_role_id": editor.pk})
        assert f'action="{url}"' in page

    def post(name, staff_role, data=None):
        url = reverse(name, kwargs={"org": org_a.slug, "staff_role_id": staff_role.pk})
        return client.post(url, data or {}, follow=True).content.decode()

    refused = post("organisations:staff_remove", own)
    assert "mindestens eine Person" in refused
    refused = post("organisations:staff_role_change", editor, {f"m{editor.pk}-role": "chef"})
    assert "Bitte wählen Sie eine gültige Rolle." in refused
    post("organisations:staff_role_change", editor, {f"m{editor.pk}-role": Role.MODERATOR})
    with scope(organisation=org_a):
        assert StaffRole.objects.get(pk=editor.pk).role == Role.MODERATOR
    assert "gehört nicht mehr zum Team" in post("organisations:staff_remove", editor)
    with scope(organisation=org_a):
        assert not StaffRole.objects.filter(pk=editor.pk).exists()
        assert StaffRole.objects.filter(pk=own.pk).exists()


def test_an_organisation_is_created_from_plain_data_and_its_admin_invited(
    operator, platform_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.create_organisation(
            platform_admin, name="Kreis C", slug="kreis-c", admin_email="Chefin@Kreis-C.example"
        )
    with scope(organisation=organisation):
        assert Invitation.objects.get(organisation=organisation).email == "chefin@kreis-c.example"
        assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.ORG_CREATED).exists()
    assert [m.to for m in mail.outbox] == [["chefin@kreis-c.example"]]


def test_the_profile_is_changed_from_plain_data_and_the_log_compares_before_and_after(
    org_a, admin_a
):
    from mitwirken.core import uploads

    png = SimpleUploadedFile("logo.png", _png(), "image/png")
    with scope(organisation=org_a):
        services.update_profile(
            admin_a,
            org_a,
            teaser="Bürgernah",
            registration_retention_days=60,
            logo=uploads.check(png, uploads.LOGO),
            logo_alt="Wappen",
        )
        services.update_profile(admin_a, org_a, remove_logo=True)
        services.update_profile(admin_a, org_a, teaser="Bürgernah")  # nothing changed
        first, second = AuditLogEntry.objects.filter(
            action=AuditLogEntry.Action.PROFILE_CHANGED
        ).order_by("pk")
    org_a.refresh_from_db()
    assert not org_a.logo and org_a.teaser == "Bürgernah"
    assert first.changes["Kurzbeschreibung"] == ["Eine Verwaltung", "Bürgernah"]
    assert first.changes["Logo"] == ["(keine Angabe)", "(neues Bild)"]
    assert first.changes["Anmeldedaten aufbewahren (Tage nach der Veranstaltung)"][1] == "60"
    assert second.changes == {"Logo": ["(Bild)", "(entfernt)"]}


def test_legal_pages_and_barriers_are_changed_from_plain_data(org_a, admin_a):
    with scope(organisation=org_a):
        services.update_legal_pages(
            admin_a,
            org_a,
            privacy_text="Neuer Text",
            accessibility_status="full",
            barriers=[{"id": None, "part": "Videos", "reason": "Altbestand", "alternative": ""}],
        )
        barrier = org_a.known_barriers.get()
        services.update_legal_pages(
            admin_a,
            org_a,
            privacy_text="Neuer Text\n",  # the same text: no new version
            barriers=[{"id": barrier.pk, "delete": True}],
        )
        first, second = AuditLogEntry.objects.filter(
            action=AuditLogEntry.Action.LEGAL_CHANGED
        ).order_by("pk")
        assert not org_a.known_barriers.exists()
    org_a.refresh_from_db()
    assert org_a.privacy_version == 2
    assert first.changes["Bekannte Barrieren"] == ["0", "1"]
    assert first.changes["Datenschutzerklärung"][1] == "Neuer Text"
    status = first.changes["Stand der Vereinbarkeit"]
    assert status == ["teilweise vereinbar", "vollständig vereinbar"]
    assert second.changes == {"Bekannte Barrieren": ["1", "0"]}
