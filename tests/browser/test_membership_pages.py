"""The membership pages in Chromium: an application (with its error state), the
coordinators' queue, one person's history, the members, the invitations, "Meine Netzwerke"
and an invitation's page; axe-core and the markup checks find nothing on any of them."""

import pytest
from django_scopes import scope, scopes_disabled

from mitwirken.networks.membership import invitations, services
from mitwirken.networks.models import Membership
from mitwirken.organisations.models import Role

from ..factories import PASSWORD, OrganisationFactory, UserFactory, make_staff
from ..networks.factories import make_member, make_network
from ..networks.membership_support import ask
from .support import assert_accessible, login, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_membership_pages_are_accessible(new_context):
    with scopes_disabled():
        OrganisationFactory(name="Landesbetrieb IT", slug="betrieb", is_platform_operator=True)
        organisation = OrganisationFactory(name="Stadt Musterstadt", slug="musterstadt")
    make_staff(organisation, Role.EDITOR)
    network = make_network(organisation)
    question = ask(network, kind="short_text", label="Ihre Kommune", required=True)
    coordinator = make_member(network, role=Membership.Role.COORDINATOR).user
    make_member(network)
    applicant = UserFactory()
    newcomer = UserFactory()
    with scope(organisation=organisation):
        membership = services.apply(
            applicant,
            network,
            message="Ich bringe zehn Jahre Erfahrung mit.",
            answers={question: "Musterstadt"},
        )
        invitation = invitations.invite(coordinator, network, "eingeladen@example.org")
    base = f"/musterstadt/netzwerke/{network.pk}/"

    page = new_context().new_page()
    login(page, newcomer.email, PASSWORD)
    page.goto(base + "bewerben/")
    assert_accessible(page, "participant (networks)", "apply")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.title().startswith("Fehler")
    assert_accessible(page, "participant (networks)", "apply with errors")
    page.goto("/konto/netzwerke/")
    assert_accessible(page, "participant (networks)", "my networks")
    page.goto(f"/netzwerke/einladung/{invitation.token}/")
    assert_accessible(page, "participant (networks)", "invitation for another address")

    page = new_context().new_page()
    login(page, coordinator.email, PASSWORD)
    for path, label in (
        ("bewerbungen/", "queue"),
        (f"bewerbungen/{membership.pk}/ablehnen/", "decline"),
        (f"mitgliedschaften/{membership.pk}/", "history"),
        ("mitgliedschaften/", "members"),
        ("einladungen/", "invitations"),
    ):
        page.goto(base + path)
        assert_accessible(page, "coordinator (networks)", label)
