"""The citizen's pages: the module's list, an idea with its trail, submitting (with an image
and the "tell me" box, never pre-ticked), editing, withdrawing after a confirmation,
supporting, reporting; and the staff's pages for status, merge, offline ideas, categories
and reported ideas."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from mitwirken.comments.models import Comment
from mitwirken.organisations.models import Role
from mitwirken.participation.models import FeedbackSubscription
from mitwirken.participation.models_ideas import Idea, StatusChange, Support

from ...core.upload_samples import image
from ...factories import UserFactory
from .helpers import make_idea, url

pytestmark = pytest.mark.django_db


def _page(collection):
    return collection.module.get_absolute_url()


def test_the_module_page_lists_ideas_with_counts_and_filters(client, collection, author):
    with scope(organisation=collection.module.project.organisation):
        grün = collection.categories.get(name="Grün")
    make_idea(collection, author, title="Bäume pflanzen", category=grün)
    make_idea(collection, author, title="Radweg")
    make_idea(collection, author, title="Zurückgezogen", withdrawn_at="2025-01-01T00:00Z")
    response = client.get(_page(collection))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bäume pflanzen" in text and "Radweg" in text and "Zurückgezogen" not in text
    assert "0 Unterstützungen" in text
    filtered = client.get(_page(collection), {"kategorie": grün.pk}).content.decode()
    assert "Bäume pflanzen" in filtered and "Radweg" not in filtered


def test_the_project_page_box_names_the_module_and_its_ideas(client, collection, author):
    make_idea(collection, author, title="Bäume pflanzen")
    project = collection.module.project
    response = client.get(project.get_absolute_url())
    text = response.content.decode()
    assert "Bäume pflanzen" in text and "1 Idee" in text and "rechenschaft.csv" in text


def test_submit_with_an_image_and_without_being_told(
    client, collection, author, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(author)
    form = client.get(url("idea_submit", collection)).content.decode()
    assert 'name="tell_me"' in form and "checked" not in form.split('name="tell_me"')[1][:80]
    response = client.post(
        url("idea_submit", collection),
        {
            "title": "Sitzbänke",
            "text": "Am Marktplatz fehlen Bänke.",
            "image": SimpleUploadedFile("bank.png", image("PNG"), "image/png"),
            "image_alt": "Ein leerer Platz ohne Bänke",
        },
    )
    with scope(organisation=collection.module.project.organisation):
        idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert idea.author == author and idea.image.name.startswith("ideas/")
    assert not FeedbackSubscription.objects.exists()
    detail = client.get(idea.get_absolute_url()).content.decode()
    assert "Sitzbänke" in detail and 'alt="Ein leerer Platz ohne Bänke"' in detail
    assert "Ideengeberin" in detail


def test_an_image_without_its_text_alternative_or_not_an_image_is_refused(
    client, collection, author
):
    client.force_login(author)
    data = {"title": "Sitzbänke", "text": "Am Marktplatz fehlen Bänke."}
    without_alt = client.post(
        url("idea_submit", collection),
        {**data, "image": SimpleUploadedFile("bank.png", image("PNG"), "image/png")},
    )
    assert "Bitte beschreiben Sie das Bild" in without_alt.content.decode()
    not_an_image = client.post(
        url("idea_submit", collection),
        {
            **data,
            "image_alt": "Bank",
            "image": SimpleUploadedFile("bank.png", b"%PDF-1.4 nothing", "image/png"),
        },
    )
    text = not_an_image.content.decode()
    assert not_an_image.status_code == 200
    assert "nicht erlaubt" in text or "nicht lesen" in text or "Erlaubt sind" in text
    assert "Sitzbänke" in text and "Am Marktplatz fehlen Bänke." in text  # nothing lost
    assert not Idea.objects.exists()


def test_the_tell_me_box_subscribes(client, collection, author):
    client.force_login(author)
    client.post(
        url("idea_submit", collection), {"title": "Bänke", "text": "Am Markt", "tell_me": "on"}
    )
    with scopes_disabled():
        assert FeedbackSubscription.objects.filter(email=author.email, user=author).exists()


def test_an_unverified_address_is_asked_to_confirm_and_nothing_is_saved(
    client, collection, unverified
):
    client.force_login(unverified)
    page = client.get(url("idea_submit", collection)).content.decode()
    assert "bestätigen Sie" in page
    client.post(url("idea_submit", collection), {"title": "Bänke", "text": "Am Markt"})
    assert not Idea.objects.exists()


def test_edit_until_supported_then_withdraw_after_confirmation(
    client, collection, author, participant
):
    idea = make_idea(collection, author, channel="online")
    client.force_login(author)
    response = client.post(
        url("idea_edit", collection, idea=idea.pk), {"title": "Neu", "text": "Neuer Text"}
    )
    assert response.status_code == 302
    with scope(organisation=collection.module.project.organisation):
        Support.objects.create(idea=idea, user=participant)
    assert client.get(url("idea_edit", collection, idea=idea.pk)).status_code == 403
    confirm = client.get(url("idea_withdraw", collection, idea=idea.pk))
    assert confirm.status_code == 200 and "Neu" in confirm.content.decode()
    idea.refresh_from_db()
    assert not idea.withdrawn  # asking changes nothing
    client.post(url("idea_withdraw", collection, idea=idea.pk))
    idea.refresh_from_db()
    assert idea.withdrawn
    detail = client.get(idea.get_absolute_url()).content.decode()
    assert "zurückgezogen" in detail and "Neuer Text" not in detail


def test_support_and_take_back_through_the_page(client, collection, author, participant):
    idea = make_idea(collection, author)
    client.force_login(participant)
    response = client.post(url("idea_support", collection, idea=idea.pk), follow=True)
    assert "Danke für Ihre Unterstützung" in response.content.decode()
    assert "1 Unterstützung" in response.content.decode()
    again = client.post(url("idea_support", collection, idea=idea.pk), follow=True)
    assert "unterstützen diese Idee bereits" in again.content.decode()
    client.post(url("idea_unsupport", collection, idea=idea.pk))
    assert not Support.objects.exists()
    assert client.get(url("idea_support", collection, idea=idea.pk)).status_code == 405


def test_a_visitor_is_sent_to_the_login_to_support(client, collection, author):
    idea = make_idea(collection, author)
    response = client.post(url("idea_support", collection, idea=idea.pk))
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert not Support.objects.exists()


def test_comments_under_an_idea(client, collection, author, participant):
    idea = make_idea(collection, author)
    client.force_login(participant)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Kommentar" in page
    with scope(organisation=collection.module.project.organisation):
        from mitwirken.comments import services as comments

        comments.post_comment(participant, idea, text="Gute Idee!")
        assert Comment.objects.count() == 1
    listed = client.get(_page(collection)).content.decode()
    assert "1 Kommentar" in listed


def test_staff_change_the_status_and_the_trail_shows_the_organisation(
    client, collection, author, staff_a, django_capture_on_commit_callbacks
):
    idea = make_idea(collection, author)
    with scope(organisation=collection.module.project.organisation):
        FeedbackSubscription.objects.create(
            project=collection.module.project, email=author.email, user=author
        )
    moderator = staff_a[Role.MODERATOR]
    client.force_login(moderator)
    status_url = url("staff_idea_status", collection, idea=idea.pk)
    missing = client.post(status_url, {"status": "in_review", "reason": ""})
    assert "öffentliche Begründung" in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(status_url, {"status": "in_review", "reason": "Das Amt prüft."})
    assert done.status_code == 302 and "/verwaltung/" in done["Location"]
    with scopes_disabled():
        assert StatusChange.objects.count() == 1
    assert len(mail.outbox) == 1 and "Das Amt prüft." in mail.outbox[0].body
    client.logout()
    detail = client.get(idea.get_absolute_url()).content.decode()
    assert "Das Amt prüft." in detail and "Stadt A" in detail
    assert moderator.display_name not in detail


def test_staff_merge_enter_offline_and_set_categories(client, collection, author, staff_a):
    target = make_idea(collection, author, title="Bänke")
    duplicate = make_idea(collection, UserFactory(), title="Sitzplätze")
    client.force_login(staff_a[Role.ADMIN])
    client.post(
        url("staff_idea_merge", collection, idea=duplicate.pk),
        {"target": target.pk, "reason": "Dasselbe"},
    )
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == target.pk
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert "zusammengeführt" in page and "Bänke" in page
    response = client.post(
        url("staff_idea_offline", collection),
        {
            "channel": "workshop",
            "received_on": "2025-03-01",
            "title": "Spielplatz",
            "text": "Aus dem Workshop",
        },
    )
    assert response.status_code == 302
    with scope(organisation=collection.module.project.organisation):
        offline = Idea.objects.get(title="Spielplatz")
        assert (offline.channel, offline.author) == ("workshop", None)
    client.post(url("staff_idea_categories", collection), {"names": "Verkehr\nSpielen\n"})
    with scope(organisation=collection.module.project.organisation):
        assert list(collection.categories.values_list("name", flat=True)) == [
            "Verkehr",
            "Spielen",
        ]


def test_report_and_hide_through_the_pages(
    client, collection, author, participant, staff_a, django_capture_on_commit_callbacks
):
    idea = make_idea(collection, author, title="Unflätig")
    client.force_login(participant)
    client.post(url("idea_report", collection, idea=idea.pk), {"reason": "insult"})
    client.force_login(staff_a[Role.MODERATOR])
    queue = client.get(url("staff_idea_reports", collection)).content.decode()
    assert "Unflätig" in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("staff_idea_hide", collection, idea=idea.pk), {"reason": "Beleidigend"})
    idea.refresh_from_db()
    assert idea.is_hidden
    assert sorted(m.to[0] for m in mail.outbox) == sorted([author.email, participant.email])
    client.logout()
    hidden = client.get(idea.get_absolute_url()).content.decode()
    assert "Beleidigend" in hidden and "Zum Ausruhen" not in hidden
    assert "Unflätig" not in client.get(_page(collection)).content.decode()


def test_nothing_of_another_organisation_is_found(client, org_b, collection, author):
    idea = make_idea(collection, author)
    wrong = reverse(
        "participation:idea_detail",
        kwargs={
            "org": org_b.slug,
            "pk": collection.module.project_id,
            "module": collection.module.pk,
            "idea": idea.pk,
        },
    )
    assert client.get(wrong).status_code == 404


def test_meine_beteiligung_lists_ones_ideas_with_their_status(client, collection, author):
    make_idea(collection, author, title="Meine Bänke", channel="online", status="accepted")
    client.force_login(author)
    page = client.get(reverse("participation:mine")).content.decode()
    assert "Meine Bänke" in page and "Angenommen" in page
