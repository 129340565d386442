"""Projects as citizens and staff meet them: the lists and their filters, a project's page
with its concept and timeline, publishing only with a complete concept, phases, modules,
concluding only with a Rückmeldung, and restricted access by invitation, code and e-mail
domain."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mitwirken.organisations.models import AuditLogEntry, Role
from mitwirken.participation import access, administration, invitations
from mitwirken.participation.models import AccessCode, Feedback, Invitation, Module, Project

from ..factories import UserFactory
from .factories import CONCEPT, make_module, make_project

pytestmark = pytest.mark.django_db


def _page(client, project):
    return client.get(project.get_absolute_url())


def test_a_published_project_shows_its_concept_and_where_it_stands(client, org_a):
    project = make_project(org_a)
    response = _page(client, project)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Worum es geht" in html
    assert CONCEPT["already_fixed"] in html and CONCEPT["decision_makers"] in html
    assert "Konsultation" in html
    assert 'aria-current="step"' in html  # the phase of today
    assert "Wo das Verfahren steht" in html


def test_a_draft_is_hidden_from_everyone_but_the_staff(client, org_a, staff_a, participant):
    project = make_project(org_a, status=Project.Status.DRAFT)
    assert _page(client, project).status_code == 404
    client.force_login(participant)
    assert _page(client, project).status_code == 404
    client.force_login(staff_a[Role.MODERATOR])
    response = _page(client, project)
    assert response.status_code == 200
    assert "Entwurf" in response.content.decode()


def test_publishing_needs_the_whole_concept(client, org_a, staff_a):
    client.force_login(staff_a[Role.EDITOR])
    response = client.post(
        reverse("participation:staff_new", kwargs={"org": org_a.slug}),
        {"title": "Spielplatz am Markt", "access": "public", "topics": "Spielen\nGrün"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        project = Project.objects.get(title="Spielplatz am Markt")
        assert project.phases.count() == 4
        assert sorted(project.topics.values_list("name", flat=True)) == ["Grün", "Spielen"]
    publish = reverse("participation:staff_publish", kwargs={"org": org_a.slug, "pk": project.pk})
    response = client.post(publish, follow=True)
    html = response.content.decode()
    assert "Beteiligungskonzept ist unvollständig" in html
    assert "was schon feststeht" in html
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    with scope(organisation=org_a):
        administration.update_project(None, project, **CONCEPT)
    response = client.post(publish, follow=True)
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED and project.published_at
    with scopes_disabled():
        assert AuditLogEntry.objects.filter(action="project_published").exists()


def test_the_project_form_says_what_is_wrong_in_german(client, org_a, staff_a):
    client.force_login(staff_a[Role.EDITOR])
    response = client.post(
        reverse("participation:staff_new", kwargs={"org": org_a.slug}),
        {
            "title": "Zeile\numbruch",
            "access": "internal",
            "internal_domains": "kein domain",
            "districts": "x" * 101,
            "contact_email": "keine-adresse",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "in einer Zeile stehen" in html
    assert "keine E-Mail-Domain" in html
    assert "höchstens 100 Zeichen" in html
    with scopes_disabled():
        assert not Project.objects.exists()


def test_the_lists_filter_by_organisation_topic_status_and_open_now(client, org_a, org_b):
    running = make_project(org_a, title="Radwege", topics=["Mobilität"])
    other = make_project(org_b, title="Bücherei", topics=["Kultur"])
    concluded = make_project(org_a, title="Marktplatz", status=Project.Status.CONCLUDED)
    make_project(org_a, title="Entwurf", status=Project.Status.DRAFT)
    internal = make_project(
        org_a, title="Beschäftigtenkonferenz", access="internal", internal_domains="a.example"
    )
    url = reverse("participation:list")

    def titles(query=""):
        html = client.get(url + query).content.decode()
        return {p.title for p in (running, other, concluded, internal) if p.title in html} | (
            {"Entwurf"} if "Entwurf</a>" in html else set()
        )

    assert titles() == {"Radwege", "Bücherei", "Marktplatz"}
    assert titles("?organisation=stadt-b") == {"Bücherei"}
    assert titles("?thema=mobilität") == {"Radwege", "Marktplatz"}
    assert titles("?status=concluded") == {"Marktplatz"}
    assert titles("?offen=1") == set()  # no modules yet
    make_module(running)
    assert titles("?offen=1") == {"Radwege"}
    own = client.get(reverse("participation:organisation_list", kwargs={"org": org_a.slug}))
    assert "Radwege" in own.content.decode() and "Bücherei" not in own.content.decode()
    # Hostile filters: no error.
    assert client.get(url + "?thema=%00&status=x&organisation=" + "y" * 500).status_code == 200


def test_the_start_page_and_the_sub_portal_show_running_projects(client, org_a):
    make_project(org_a, title="Radwege im Nordviertel")
    assert "Radwege im Nordviertel" in client.get("/").content.decode()
    assert "Radwege im Nordviertel" in client.get(f"/{org_a.slug}/").content.decode()


@pytest.mark.parametrize("size", [3, 12])
def test_the_list_makes_the_same_queries_at_any_size(
    client, org_a, size, django_assert_max_num_queries
):
    for number in range(size):
        make_module(make_project(org_a, title=f"Projekt {number}"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("participation:list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        client.get(reverse("participation:organisation_list", kwargs={"org": org_a.slug}))


@pytest.mark.parametrize("size", [2, 8])
def test_the_project_page_makes_the_same_queries_at_any_size(
    client, org_a, size, django_assert_max_num_queries
):
    project = make_project(org_a)
    for number in range(size):
        make_module(project, title=f"Modul {number}")
    with django_assert_max_num_queries(12):
        assert _page(client, project).status_code == 200


def test_phases_are_edited_and_a_phase_with_modules_stays(client, org_a, staff_a):
    project = make_project(org_a)
    module = make_module(project)
    client.force_login(staff_a[Role.EDITOR])
    url = reverse("participation:staff_phases", kwargs={"org": org_a.slug, "pk": project.pk})
    page = client.get(url)
    assert page.status_code == 200
    with scopes_disabled():
        phases = list(project.phases.all())
    data = {
        "phasen-TOTAL_FORMS": str(len(phases) + 1),
        "phasen-INITIAL_FORMS": str(len(phases)),
        "phasen-MIN_NUM_FORMS": "0",
        "phasen-MAX_NUM_FORMS": "12",
    }
    for index, phase in enumerate(phases):
        data |= {
            f"phasen-{index}-id": str(phase.pk),
            f"phasen-{index}-name": phase.name,
            f"phasen-{index}-description": phase.description,
            f"phasen-{index}-starts_on": phase.starts_on.isoformat(),
            f"phasen-{index}-ends_on": phase.ends_on.isoformat(),
        }
    # Delete the phase of the module: refused, and said why.
    held = phases.index(next(p for p in phases if p.pk == module.phase_id))
    response = client.post(url, data | {f"phasen-{held}-DELETE": "on"}, follow=True)
    assert "enthält Module und kann nicht gelöscht werden" in response.content.decode()
    with scopes_disabled():
        assert project.phases.count() == 4
    # An end before the start: a German error at the field.
    response = client.post(url, data | {"phasen-0-ends_on": "2000-01-01"})
    assert "kann nicht vor dem ersten Tag liegen" in response.content.decode()
    # Rename one and add a fifth.
    new = len(phases)
    today = timezone.localdate()
    response = client.post(
        url,
        data
        | {
            "phasen-0-name": "Auftakt",
            f"phasen-{new}-name": "Umsetzung",
            f"phasen-{new}-starts_on": (today + timedelta(days=100)).isoformat(),
            f"phasen-{new}-ends_on": (today + timedelta(days=200)).isoformat(),
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert list(project.phases.values_list("name", flat=True))[0] == "Auftakt"
        assert project.phases.count() == 5


def test_a_module_is_open_only_while_its_phase_runs(org_a):
    project = make_project(org_a)
    with scope(organisation=org_a):
        phases = list(project.phases.all())
        running = make_module(project)
        later = make_module(project, title="Später", phase=phases[2])
        assert running.is_open() and not later.is_open()
        Project.objects.filter(pk=project.pk).update(status=Project.Status.CONCLUDED)
        running = Module.objects.select_related("project", "phase").get(pk=running.pk)
        assert not running.is_open()


def test_staff_add_a_module_in_one_of_the_projects_phases(client, org_a, org_b, staff_a):
    project = make_project(org_a)
    foreign = make_project(org_b)
    with scopes_disabled():
        foreign_phase = foreign.phases.first()
        phase = project.phases.first()
    client.force_login(staff_a[Role.EDITOR])
    url = reverse("participation:staff_module_new", kwargs={"org": org_a.slug, "pk": project.pk})
    response = client.post(url, {"kind": "ideas", "title": "Ideen", "phase": foreign_phase.pk})
    assert "Bitte wählen Sie eine der Phasen des Verfahrens" in response.content.decode()
    response = client.post(url, {"kind": "ideas", "title": "Ideen", "phase": "9" * 30})
    assert response.status_code == 200
    response = client.post(url, {"kind": "ideas", "title": "Ideen", "phase": phase.pk})
    assert response.status_code == 302
    with scopes_disabled():
        assert project.modules.get().title == "Ideen"


def test_concluding_needs_a_published_feedback(client, org_a, staff_a):
    project = make_project(org_a)
    client.force_login(staff_a[Role.EDITOR])
    url = reverse("participation:staff_conclude", kwargs={"org": org_a.slug, "pk": project.pk})
    assert "erst abgeschlossen werden, wenn seine Rückmeldung" in client.get(url).content.decode()
    client.post(url)
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED
    with scopes_disabled():
        Feedback.objects.create(
            project=project, summary="Wir bauen 12 Bügel.", published_at=timezone.now()
        )
    page = client.get(url)
    assert "Verfahren jetzt abschließen" in page.content.decode()
    client.post(url)
    project.refresh_from_db()
    assert project.status == Project.Status.CONCLUDED and project.concluded_at
    html = _page(client, project).content.decode()
    assert "Wir bauen 12 Bügel." in html


# Restricted access ---------------------------------------------------------------------


class _Request:
    def __init__(self, client, user):
        self.session = client.session
        self.user = user


def test_an_access_code_opens_the_project_in_this_browser(client, org_a):
    project = make_project(org_a, access=Project.Access.CODE)
    with scope(organisation=org_a):
        (code,) = invitations.make_codes(None, project, 1, "Stichprobe")
    page = _page(client, project).content.decode()
    assert "Zugangscode" in page
    url = reverse("participation:enter_code", kwargs={"org": org_a.slug, "pk": project.pk})
    wrong = client.post(url, {"code": "AAAAA-BBBBB"}, follow=True).content.decode()
    assert "Dieser Code gilt nicht für dieses Verfahren" in wrong
    right = client.post(url, {"code": code.display.lower()}, follow=True).content.decode()
    assert "Sie können jetzt teilnehmen" in right
    from django.contrib.auth.models import AnonymousUser

    with scope(organisation=org_a):
        found = access.participant(_Request(client, AnonymousUser()), project)
    assert found is not None and found.access_code == code


def test_guessing_codes_is_slowed_down(client, org_a, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "access_code": (3, 600)}
    project = make_project(org_a, access=Project.Access.CODE)
    url = reverse("participation:enter_code", kwargs={"org": org_a.slug, "pk": project.pk})
    for _attempt in range(3):
        client.post(url, {"code": "AAAAABBBBB"})
    response = client.post(url, {"code": "AAAAABBBBB"}, follow=True)
    assert "Zu viele Versuche" in response.content.decode()


def test_an_invitation_mails_a_personal_link_that_opens_the_project(
    client, org_a, staff_a, django_capture_on_commit_callbacks
):
    project = make_project(org_a, access=Project.Access.INVITED)
    client.force_login(staff_a[Role.EDITOR])
    url = reverse("participation:staff_access", kwargs={"org": org_a.slug, "pk": project.pk})
    bad = client.post(url, {"invite": "1", "invite-emails": "a@example.org, kaputt"})
    assert "Das sind keine E-Mail-Adressen: kaputt" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"invite": "1", "invite-emails": "a@example.org; b@example.org\na@example.org"}
        )
    assert response.status_code == 302
    with scopes_disabled():
        assert Invitation.objects.filter(project=project).count() == 2
        invitation = Invitation.objects.get(email="a@example.org")
    (message,) = [m for m in mail.outbox if m.to == ["a@example.org"]]
    assert project.title in message.subject
    link = reverse("participation:invitation", kwargs={"token": invitation.token})
    assert link in message.body
    client.logout()
    response = client.get(link, follow=True)
    assert "Ihre Einladung wurde erkannt" in response.content.decode()
    assert "Bitte öffnen Sie den persönlichen Link" not in response.content.decode()
    # Revoked: the link no longer works.
    with scope(organisation=org_a):
        invitations.revoke_invitation(None, invitation)
    assert client.get(link).status_code == 404
    assert (
        client.get(reverse("participation:invitation", kwargs={"token": "x" * 150})).status_code
        == 404
    )


def test_an_invited_account_takes_part_without_the_link(org_a, client):
    project = make_project(org_a, access=Project.Access.INVITED)
    person = UserFactory(email="eingeladen@example.org")
    with scope(organisation=org_a):
        invitations.invite(None, project, ["Eingeladen@example.org"])
        from django.contrib.auth.models import AnonymousUser

        assert access.participant(_Request(client, AnonymousUser()), project) is None
        assert access.participant(_Request(client, person), project).invitation is not None


def test_internal_participation_is_for_employees_only(client, org_a, participant, staff_a):
    project = make_project(org_a, access=Project.Access.INTERNAL, internal_domains="stk.example.de")
    assert _page(client, project).status_code == 404
    client.force_login(participant)
    assert _page(client, project).status_code == 404
    employee = UserFactory(email="referentin@stk.example.de")
    client.force_login(employee)
    assert _page(client, project).status_code == 200
    # An address not yet verified does not count.
    unverified = UserFactory(email="neu@stk.example.de")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    client.force_login(unverified)
    assert _page(client, project).status_code == 404
    client.force_login(staff_a[Role.MODERATOR])
    assert _page(client, project).status_code == 200
    assert (
        "Beschäftigtenkonferenz" not in client.get(reverse("participation:list")).content.decode()
    )


def test_codes_are_exported_for_the_letters(client, org_a, staff_a):
    project = make_project(org_a, access=Project.Access.CODE)
    with scope(organisation=org_a):
        invitations.make_codes(None, project, 25, "März")
        invitations.make_codes(None, project, 5, "April")
        revoked = AccessCode.objects.filter(batch="März").first()
        invitations.revoke_code(None, revoked)
    client.force_login(staff_a[Role.EDITOR])
    url = reverse("participation:staff_codes_export", kwargs={"org": org_a.slug, "pk": project.pk})
    body = b"".join(client.get(url + "?stapel=März").streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Zugangscode;Stapel")
    assert len(lines) == 1 + 24
    assert revoked.display not in body
    page = client.get(
        reverse("participation:staff_access", kwargs={"org": org_a.slug, "pk": project.pk})
    )
    assert page.status_code == 200
    bad = client.post(
        reverse("participation:staff_access", kwargs={"org": org_a.slug, "pk": project.pk}),
        {"codes": "1", "codes-count": "99999999999999999999"},
    )
    assert bad.status_code == 200 and "kleiner oder gleich 5000" in bad.content.decode()


def test_oversized_and_foreign_ids_are_not_found(client, org_a, org_b):
    project = make_project(org_a)
    foreign = make_project(org_b)
    assert client.get(f"/{org_a.slug}/beteiligung/{'9' * 30}/").status_code == 404
    assert client.get(f"/{org_a.slug}/beteiligung/{foreign.pk}/").status_code == 404
    module_url = f"/{org_a.slug}/beteiligung/{project.pk}/modul/999999999/"
    assert client.get(module_url).status_code == 404
