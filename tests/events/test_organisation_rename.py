"""A renamed organisation shows its new name at once on every page, cached or not."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.organisations.models import Organisation

from .factories import make_event


def _pages(organisation, event):
    slug = organisation.slug
    return [
        reverse("organisations:detail", kwargs={"org": slug}),
        reverse("events:organisation_list", kwargs={"org": slug}),
        reverse("events:detail", kwargs={"org": slug, "pk": event.pk}),
        reverse("events:ics", kwargs={"org": slug, "pk": event.pk}),
        reverse("organisations:impressum", kwargs={"org": slug}),
        reverse("organisations:datenschutz", kwargs={"org": slug}),
        reverse("organisations:barrierefreiheit", kwargs={"org": slug}),
        reverse("events:list"),
    ]


@pytest.mark.parametrize("cache_first", [True, False])
def test_every_page_of_a_renamed_organisation_shows_the_new_name(
    client, org_a, cache_first, django_capture_on_commit_callbacks
):
    event = make_event(org_a, title="Ein Vortrag")
    pages = _pages(org_a, event)
    if cache_first:  # every page seen once before the rename, so every cache holds it
        for url in pages:
            assert "Stadt A" in client.get(url).content.decode(), url
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        organisation = Organisation.objects.get(pk=org_a.pk)
        organisation.name = organisation.legal_name = "Gemeinde Neuhausen"
        organisation.save()
    for url in pages:
        content = client.get(url).content.decode()
        assert "Gemeinde Neuhausen" in content, url
        assert "Stadt A" not in content, url
