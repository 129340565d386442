"""The public pages of networks: a network's page with its closed sections shown as "exists,
who may see it, how to join" (never their content), the join box for each kind of person, the
organisation's and the portal's lists with their filters (query counts at two sizes), drafts
hidden, the start page and the organisation's page, and the demo networks."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.core.visibility import visible
from mitwirken.networks.models import Audience, GuidingQuestion, Network, Topic
from mitwirken.organisations.models import Role

from ..factories import OrganisationFactory, UserFactory
from .factories import make_member, make_network


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def network(org_a):
    network = make_network(
        org_a,
        description="## Worum es geht\n\nKollegialer **Austausch**.<script>alert(1)</script>",
        goal="Ein Selbstverständnis des Berufsfeldes.",
        contact_name="Netzwerkstelle",
        contact_email="netzwerk@stadt-a.example",
    )
    with scopes_disabled():
        Topic.objects.create(network=network, position=2, name="Leitlinien", text="Austausch")
        Topic.objects.create(network=network, position=1, name="Verankerung", text="")
        GuidingQuestion.objects.create(network=network, position=1, text="Wie gelingt Teilhabe?")
    return network


def test_the_page_shows_the_public_parts_of_a_network(client, network):
    response = client.get(network.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    text = _text(response)
    assert "Netzwerk kommunale Partizipationsbeauftragte" in text
    assert "Vertrauensvoller kollegialer Austausch seit 2013" in text
    assert "<strong>Austausch</strong>" in page and "<script>alert" not in page
    assert "Ein Selbstverständnis des Berufsfeldes." in text
    assert "Wie gelingt Teilhabe?" in text
    assert text.index("Verankerung") < text.index("Leitlinien")  # in their order
    assert "seit 2013" in text and "einmal im Jahr" in text
    assert "netzwerk@stadt-a.example" in text
    assert "aktiv" in text


def test_a_term_with_an_end_shows_both_years(client, org_a):
    network = make_network(org_a, term_from=2012, term_until=2013)
    assert "2012–2013" in _text(client.get(network.get_absolute_url()))


def test_closed_sections_say_that_they_exist_and_how_to_join_never_their_content(client, network):
    for _number in range(3):
        make_member(network)
    text = _text(client.get(network.get_absolute_url()))
    # members: closed for visitors, so no member count
    assert "Mitglieder" in text
    assert "Nur Mitglieder des Netzwerks können diesen Bereich sehen." in text
    assert "3 Mitglieder" not in text
    assert "Mit einem Konto können Sie sich für dieses Netzwerk bewerben." in text
    # the meeting notes are public: their block is shown
    assert "Protokolle" in text


def test_members_see_the_sections_for_members(client, network):
    member = make_member(network).user
    for _number in range(2):
        make_member(network)
    client.force_login(member)
    text = _text(client.get(network.get_absolute_url()))
    assert "Das Netzwerk hat 3 Mitglieder." in text
    assert "Sie sind Mitglied dieses Netzwerks." in text
    assert "Mit einem Konto können Sie sich" not in text


def test_coordinators_only_sections_stay_closed_for_members(client, network):
    network.members_audience = Audience.COORDINATORS
    network.save()
    client.force_login(make_member(network).user)
    text = _text(client.get(network.get_absolute_url()))
    assert "Nur die Koordination des Netzwerks kann diesen Bereich sehen." in text
    assert "Das Netzwerk hat" not in text


def test_the_take_part_box_for_each_kind_of_person_and_policy(client, network, participant):
    client.force_login(participant)
    page = client.get(network.get_absolute_url()).content.decode()
    assert reverse("networks:apply", args=[network.organisation.slug, network.pk]) in page
    make_member(network, participant, status="applied")
    assert "Sie haben sich beworben." in _text(client.get(network.get_absolute_url()))

    other = make_network(network.organisation, name="Offen", join_policy="open")
    assert reverse("networks:join", args=[other.organisation.slug, other.pk]) in (
        client.get(other.get_absolute_url()).content.decode()
    )
    invited = make_network(network.organisation, name="Kreis", join_policy="invitation")
    assert "nimmt neue Mitglieder nur auf Einladung auf" in _text(
        client.get(invited.get_absolute_url())
    )
    concluded = make_network(network.organisation, name="Alt", status="concluded")
    text = _text(client.get(concluded.get_absolute_url()))
    assert "abgeschlossen – Archiv" in text
    assert "Seine Seiten bleiben als Archiv lesbar" in text


def test_visitors_get_login_and_sign_up_links_back_to_the_page(client, network):
    page = client.get(network.get_absolute_url()).content.decode()
    path = network.get_absolute_url()
    assert f"{reverse('account_login')}?next={path}" in page
    assert f"{reverse('account_signup')}?next={path}" in page


def test_drafts_are_hidden_from_everyone_but_the_organisations_staff(
    client, org_a, org_b, staff_a, participant
):
    draft = make_network(org_a, name="Geheimer Entwurf", status=Network.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    for url in (reverse("networks:list"), reverse("networks:organisation_list", args=["stadt-a"])):
        assert "Geheimer Entwurf" not in _text(client.get(url))
    client.force_login(participant)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    with scopes_disabled():
        from mitwirken.organisations.models import StaffRole

        StaffRole.objects.create(organisation=org_b, user=participant, role=Role.ADMIN)
    client.force_login(participant)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff_a[Role.MODERATOR])
    assert client.get(draft.get_absolute_url()).status_code == 200

    assert list(visible(Network, None)) == []
    assert list(visible(Network, participant)) == []
    assert list(visible(Network, staff_a[Role.EDITOR])) == [draft]


def test_a_network_of_another_organisation_is_not_found_under_this_one(client, org_a, org_b):
    other = make_network(org_b)
    url = reverse("networks:detail", kwargs={"org": org_a.slug, "pk": other.pk})
    assert client.get(url).status_code == 404


def _many(org, count, **fields):
    for number in range(count):
        network = make_network(org, name=f"{org.name} Netzwerk {number:02d}", **fields)
        with scopes_disabled():
            Topic.objects.create(network=network, name=f"Thema {number % 4}")
        make_member(network)


@pytest.mark.parametrize("count", [3, 30])
def test_the_portal_list_in_few_queries(client, org_a, org_b, count, django_assert_max_num_queries):
    _many(org_a, count)
    _many(org_b, count, status="concluded", join_policy="open")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("networks:list"))
    text = _text(response)
    assert f"{2 * count} Netzwerke gefunden" in text
    assert "Stadt A Netzwerk 00" in text
    with django_assert_max_num_queries(6):
        response = client.get(reverse("networks:list"), {"seite": "2"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_organisation_list_in_few_queries(
    client, org_a, org_b, count, django_assert_max_num_queries
):
    _many(org_a, count)
    _many(org_b, 2)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("networks:organisation_list", args=[org_a.slug]))
    text = _text(response)
    assert f"{count} Netzwerke gefunden" in text
    assert "Stadt A Netzwerk 00" in text and "Stadt B Netzwerk" not in text


def test_the_portal_list_filters(client, org_a, org_b):
    _many(org_a, 4)
    _many(org_b, 2, status="concluded", join_policy="open")
    url = reverse("networks:list")
    assert "2 Netzwerke gefunden" in _text(client.get(url, {"organisation": "stadt-b"}))
    assert "2 Netzwerke gefunden" in _text(client.get(url, {"status": "concluded"}))
    assert "4 Netzwerke gefunden" in _text(client.get(url, {"status": "active"}))
    assert "2 Netzwerke gefunden" in _text(client.get(url, {"beitritt": "open"}))
    # "Thema 0" is the topic of the first network of each organisation
    text = _text(client.get(url, {"thema": "Thema 0"}))
    assert "2 Netzwerke gefunden" in text
    assert "Stadt A Netzwerk 00" in text and "Stadt B Netzwerk 00" in text
    # unknown values find nothing or filter nothing away, and never fail
    assert "6 Netzwerke gefunden" in _text(client.get(url, {"beitritt": "x", "status": "y"}))
    assert "0 Netzwerke gefunden" in _text(client.get(url, {"thema": "T" * 300}))
    assert "6 Netzwerke gefunden" in _text(client.get(url, {"thema": "Bau\x00recht"}))
    assert "6 Netzwerke gefunden" in _text(client.get(url, {"organisation": "\x00"}))


def test_the_main_navigation_links_the_networks(client, db):
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("networks:list")}"' in page


def test_the_start_page_and_the_organisation_page_show_active_networks(client, org_a):
    make_network(org_a, name="Aktives Netzwerk")
    make_network(org_a, name="Entwurf im Stillen", status="draft")
    home = _text(client.get(reverse("home")))
    assert "Aktives Netzwerk" in home and "Entwurf im Stillen" not in home
    organisation_page = _text(client.get(org_a.get_absolute_url()))
    assert "Aktives Netzwerk" in organisation_page
    assert "Entwurf im Stillen" not in organisation_page


def test_an_organisation_without_networks_shows_no_networks_section(client, db):
    organisation = OrganisationFactory(slug="ohne-netz")
    assert "Netzwerke und Arbeitskreise" not in _text(client.get(organisation.get_absolute_url()))


def test_coordinators_build_the_application_questions(client, network, participant):
    coordinator = make_member(network, role="coordinator").user
    client.force_login(coordinator)
    url = reverse("networks:questions", kwargs={"org": network.organisation.slug, "pk": network.pk})
    response = client.post(url, {"kind": "short_text", "label": "Ihre Kommune", "help_text": ""})
    assert response.status_code == 302
    network.refresh_from_db()
    with scopes_disabled():
        question = network.application_questionnaire.questions.get()
    assert question.label == "Ihre Kommune"
    assert "Ihre Kommune" in _text(client.get(url))
    delete = reverse(
        "networks:question_delete",
        kwargs={"org": network.organisation.slug, "pk": network.pk, "question_id": question.pk},
    )
    client.post(delete)
    with scopes_disabled():
        assert not network.application_questionnaire.questions.exists()
    client.force_login(participant)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_the_demo_has_the_two_seed_networks(client):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # twice is once
    with scopes_disabled():
        officers = Network.objects.get(name="Netzwerk kommunale Partizipationsbeauftragte")
        dialogue = Network.objects.get(name="Innovationsdialog Bürgerbeteiligung")
        assert (officers.status, officers.join_policy, officers.term_from) == (
            "active",
            "application",
            2013,
        )
        assert (dialogue.kind, dialogue.status, dialogue.join_policy) == (
            "working_group",
            "concluded",
            "invitation",
        )
        assert dialogue.topics.count() == 5 and dialogue.guiding_questions.count() == 4
    text = _text(client.get(dialogue.get_absolute_url()))
    assert "2012–2013" in text and "abgeschlossen – Archiv" in text
