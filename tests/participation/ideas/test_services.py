"""The use-cases of the idea collection: submit, edit while unsupported, withdraw, support
once, status decisions with their trail and mail, merging duplicates, offline ideas."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django_scopes import scope

from mitwirken.organisations.models import AuditLogEntry, Role
from mitwirken.participation import ideas_services as services
from mitwirken.participation.models import FeedbackSubscription
from mitwirken.participation.models_ideas import Idea, StatusChange, Support

from ...factories import UserFactory
from .helpers import make_collection, make_idea

pytestmark = pytest.mark.django_db
Status = Idea.Status


@pytest.fixture
def in_scope(org_a):
    with scope(organisation=org_a):
        yield


def test_submitting_an_idea_subscribes_only_when_asked(collection, author, in_scope):
    idea = services.submit_idea(author, collection, title=" Bänke ", text="Am Markt")
    assert (idea.title, idea.status, idea.channel) == ("Bänke", Status.RECEIVED, "online")
    assert not FeedbackSubscription.objects.exists()
    services.submit_idea(author, collection, title="Bäume", text="Mehr Schatten", tell_me=True)
    assert list(FeedbackSubscription.objects.values_list("email", flat=True)) == [author.email]


def test_an_unverified_address_or_a_closed_module_cannot_submit(
    org_a, collection, unverified, author
):
    with scope(organisation=org_a), pytest.raises(services.IdeaError, match="bestätigen"):
        services.submit_idea(unverified, collection, title="A", text="B")
    closed = make_collection(org_a, open_=False, title="Vorbei")
    with scope(organisation=org_a):
        with pytest.raises(services.IdeaError):
            services.submit_idea(author, closed, title="A", text="B")
        assert not Idea.objects.exists()


def test_a_category_or_district_of_another_collection_is_refused(org_a, collection, author):
    other = make_collection(org_a, title="Anderes Projekt")
    with scope(organisation=org_a):
        with pytest.raises(services.IdeaError):
            services.submit_idea(
                author, collection, title="A", text="B", category=other.categories.first()
            )
        with pytest.raises(services.IdeaError):
            services.submit_idea(
                author,
                collection,
                title="A",
                text="B",
                district=other.module.project.districts.first(),
            )


def test_edit_only_by_the_author_and_only_while_nobody_supports_it(
    collection, author, participant, in_scope
):
    idea = services.submit_idea(author, collection, title="Bänke", text="Am Markt")
    with pytest.raises(PermissionDenied):
        services.edit_idea(participant, idea, title="Fremd", text="x")
    services.edit_idea(author, idea, title="Mehr Bänke", text="Am Marktplatz")
    idea.refresh_from_db()
    assert (idea.title, idea.edited_at is not None) == ("Mehr Bänke", True)
    assert services.support_idea(participant, idea) is True
    with pytest.raises(services.IdeaError, match="unterstützt|supports"):
        services.edit_idea(author, idea, title="Anders", text="Ganz anders")
    idea.refresh_from_db()
    assert idea.title == "Mehr Bänke"


def test_withdrawing_takes_the_idea_out_of_support(collection, author, participant, in_scope):
    idea = services.submit_idea(author, collection, title="Bänke", text="Am Markt")
    with pytest.raises(PermissionDenied):
        services.withdraw_idea(participant, idea)
    services.withdraw_idea(author, idea)
    services.withdraw_idea(author, idea)  # twice is once
    idea.refresh_from_db()
    assert idea.withdrawn
    with pytest.raises(services.IdeaError):
        services.support_idea(participant, idea)


def test_support_once_per_person_and_take_it_back(collection, author, participant, in_scope):
    idea = make_idea(collection, author)
    assert services.support_idea(participant, idea) is True
    assert services.support_idea(participant, idea) is False
    assert Support.objects.filter(idea=idea).count() == 1
    assert services.withdraw_support(participant, idea) is True
    assert services.withdraw_support(participant, idea) is False
    assert not Support.objects.exists()


def test_a_status_decision_is_in_the_trail_the_audit_log_and_mailed_if_asked(
    collection, author, staff_a, in_scope, act
):
    moderator = staff_a[Role.MODERATOR]
    idea = services.submit_idea(author, collection, title="Bänke", text="Am Markt", tell_me=True)
    act(services.change_status, moderator, idea, status=Status.IN_REVIEW, reason="Wir prüfen.")
    act(
        services.change_status,
        moderator,
        idea,
        status=Status.ACCEPTED,
        reason="Zwei Bänke kommen im Mai.",
    )
    idea.refresh_from_db()
    assert idea.status == Status.ACCEPTED
    trail = list(StatusChange.objects.filter(idea=idea).values_list("from_status", "to_status"))
    assert trail == [(Status.RECEIVED, Status.IN_REVIEW), (Status.IN_REVIEW, Status.ACCEPTED)]
    entries = AuditLogEntry.objects.filter(action=services.IDEA_STATUS_CHANGED)
    assert entries.count() == 2
    assert entries.order_by("pk").last().changes["Begründung"] == ["", "Zwei Bänke kommen im Mai."]
    assert [m.to for m in mail.outbox] == [[author.email], [author.email]]
    last = mail.outbox[-1]
    assert "Angenommen" in last.subject and "Bänke" in last.subject
    assert "Zwei Bänke kommen im Mai." in last.body
    assert idea.get_absolute_url() in last.body


def test_no_mail_to_an_author_who_did_not_ask(collection, author, staff_a, in_scope, act):
    idea = services.submit_idea(author, collection, title="Bänke", text="Am Markt")
    act(
        services.change_status,
        staff_a[Role.ADMIN],
        idea,
        status=Status.IN_REVIEW,
        reason="Prüfung",
    )
    assert mail.outbox == []


def test_status_needs_a_reason_a_moderator_and_a_possible_step(
    collection, author, staff_a, in_scope
):
    idea = make_idea(collection, author)
    with pytest.raises(PermissionDenied):
        services.change_status(staff_a[Role.EDITOR], idea, status=Status.IN_REVIEW, reason="x")
    with pytest.raises(services.IdeaError, match="Begründung|reason"):
        services.change_status(staff_a[Role.MODERATOR], idea, status=Status.IN_REVIEW, reason=" ")
    with pytest.raises(services.IdeaError, match="Umgesetzt|Implemented"):
        services.change_status(
            staff_a[Role.MODERATOR], idea, status=Status.IMPLEMENTED, reason="Fertig"
        )
    with pytest.raises(services.IdeaError):
        services.change_status(staff_a[Role.MODERATOR], idea, status="erfunden", reason="x")
    assert not StatusChange.objects.exists()


def test_staff_of_another_organisation_cannot_decide(org_b, collection, author, in_scope):
    from ...factories import make_staff

    stranger = make_staff(org_b, Role.ADMIN)
    idea = make_idea(collection, author)
    with pytest.raises(PermissionDenied):
        services.change_status(stranger, idea, status=Status.IN_REVIEW, reason="x")


def test_merging_carries_supports_over_once_and_tells_both_authors(
    collection, author, participant, staff_a, in_scope, act
):
    other_author = UserFactory(email="zweite@example.org")
    target = make_idea(collection, author, title="Mehr Bänke")
    duplicate = make_idea(collection, other_author, title="Sitzgelegenheiten")
    both, only_duplicate = participant, UserFactory()
    for person in (both, only_duplicate):
        services.support_idea(person, duplicate)
    services.support_idea(both, target)
    act(services.merge_ideas, staff_a[Role.MODERATOR], duplicate, target, reason="Dasselbe.")
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == target.pk
    assert sorted(Support.objects.filter(idea=target).values_list("user_id", flat=True)) == sorted(
        [both.pk, only_duplicate.pk]
    )
    assert not Support.objects.filter(idea=duplicate).exists()
    change = StatusChange.objects.get(idea=duplicate)
    assert (change.merged_into_id, change.reason) == (target.pk, "Dasselbe.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([author.email, other_author.email])
    for message in mail.outbox:
        assert "Dasselbe." in message.body and target.get_absolute_url() in message.body
    with pytest.raises(services.IdeaError):
        services.support_idea(UserFactory(), duplicate)
    with pytest.raises(services.IdeaError):
        services.merge_ideas(staff_a[Role.MODERATOR], target, duplicate, reason="zurück")
    with pytest.raises(services.IdeaError):
        services.merge_ideas(staff_a[Role.MODERATOR], target, target, reason="selbst")


def test_offline_ideas_have_their_channel_and_no_author(collection, staff_a, in_scope):
    from datetime import date

    idea = services.enter_offline_idea(
        staff_a[Role.MODERATOR],
        collection,
        channel=Idea.Channel.LETTER,
        title="Ampel am Bahnhof",
        text="Per Brief",
        received_on=date(2025, 3, 1),
    )
    assert (idea.author, idea.channel, idea.received_on) == (None, "letter", date(2025, 3, 1))
    assert idea.entered_by == staff_a[Role.MODERATOR]
    assert AuditLogEntry.objects.filter(action=services.IDEA_ENTERED).exists()
    with pytest.raises(services.IdeaError):
        services.enter_offline_idea(
            staff_a[Role.MODERATOR], collection, channel="online", title="x", text="y"
        )


def test_reported_idea_hidden_tells_author_and_reporter(
    collection, author, participant, staff_a, in_scope, act
):
    idea = make_idea(collection, author)
    services.report_idea(participant, idea, reason="insult", text="Beleidigend")
    with pytest.raises(services.IdeaError):
        services.report_idea(participant, idea, reason="insult")
    act(services.hide_idea, staff_a[Role.MODERATOR], idea, reason="Beleidigung")
    idea.refresh_from_db()
    assert idea.is_hidden and idea.hidden_reason == "Beleidigung"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([author.email, participant.email])
    assert all("Beleidigung" in m.body for m in mail.outbox)
    assert AuditLogEntry.objects.filter(action=services.IDEA_HIDDEN).exists()


def test_reported_idea_kept_tells_the_reporter(
    collection, author, participant, staff_a, in_scope, act
):
    idea = make_idea(collection, author)
    services.report_idea(participant, idea, reason="spam")
    act(services.keep_idea, staff_a[Role.MODERATOR], idea, reason="Kein Spam")
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert "Kein Spam" in mail.outbox[0].body
    with pytest.raises(services.IdeaError):
        services.keep_idea(staff_a[Role.MODERATOR], idea)
