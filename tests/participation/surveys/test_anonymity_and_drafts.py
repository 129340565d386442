"""Anonymous surveys: after one, no column of any table links the person (account, e-mail,
invitation, code, session key) to their response; the response carries only the day. Save
and continue later without an account, with expiry and the purge."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from mitwirken.participation import access
from mitwirken.participation.models import Invitation, Project
from mitwirken.participation.models_surveys import SurveyDraft, SurveyParticipation
from mitwirken.questionnaires.models import Answer, Response

from .conftest import state_of
from .factories import ask, make_survey, url

pytestmark = pytest.mark.django_db


PERSON_TABLES = {
    "accounts_user",
    "participation_invitation",
    "participation_accesscode",
    "participation_surveyparticipation",
    "participation_surveydraft",
    "django_session",
}


def _rows_of_every_table():
    """(table, column, value) of every cell in the database."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                yield table, dict(zip(columns, row, strict=True))


def test_no_row_of_any_table_links_the_person_to_their_anonymous_answers(
    client, org_a, participant
):
    survey = make_survey(org_a, access=Project.Access.INVITED)
    question = ask(survey, "short_text", "Was wünschen Sie sich?")
    project = survey.module.project
    with scopes_disabled():
        invitation = Invitation.objects.create(project=project, email=participant.email)
    client.force_login(participant)
    session = client.session
    session[access.SESSION_KEY] = {str(project.pk): {"invitation": invitation.pk}}
    session.save()
    page = client.get(survey.module.get_absolute_url())
    # Saved once in between: the draft goes with the submission.
    page = client.post(url(survey, "survey_save"), {**state_of(page), f"q{question.pk}": "Bänke"})
    done = client.post(url(survey, "survey_submit"), {**state_of(page), f"q{question.pk}": "Bänke"})
    assert done.status_code == 302
    with scopes_disabled():
        response = Response.objects.get(questionnaire_id=survey.questionnaire_id)
        answer = Answer.objects.get(response=response)
        mark = SurveyParticipation.objects.get(survey=survey)
        assert not SurveyDraft.objects.exists()
    # The mark holds the invitation (one response per person) and nothing of the answers.
    assert mark.invitation_id == invitation.pk and mark.response_id is None
    # The response carries the day only.
    local = timezone.localtime(response.submitted_at)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)

    # What names the person, and what names the response.
    person = {
        str(participant.pk),
        participant.email,
        str(invitation.pk),
        invitation.token,
        client.session.session_key,
        str(mark.pk),
        mark.pk.hex,
    }
    answers = {str(response.pk), str(answer.pk)}
    unique = {
        participant.email,
        invitation.token,
        client.session.session_key,
        str(mark.pk),
        mark.pk.hex,
    }
    with connection.cursor() as cursor:
        relations = {
            table: connection.introspection.get_relations(cursor, table)
            for table in connection.introspection.table_names(cursor)
        }
    for table, row in _rows_of_every_table():
        values = {str(v) for v in row.values() if v is not None}
        text = " ".join(values)
        names_person = any(value in person for value in values) or participant.email in text
        if table in (
            "questionnaires_response",
            "questionnaires_answer",
            "questionnaires_answer_choices",
        ):
            # No column of the answer side names the person: no key, token, address or
            # session, and no foreign key to anything that stands for a person.
            assert not any(value in unique for value in values), (table, row)
            assert participant.email not in text, (table, row)
            for _column, (_to, to_table) in relations[table].items():
                assert to_table not in PERSON_TABLES, (table, to_table)
            continue
        if names_person:
            # A row that names the person (the account, the invitation, the mark, the
            # session, the audit log) has no column pointing to a response or an answer,
            # nor holds their numbers as text (a token, a link).
            for column, (_to_column, to_table) in relations[table].items():
                assert not (
                    to_table.startswith("questionnaires_")
                    and row[column] is not None
                    and to_table != "questionnaires_questionnaire"
                ), (table, column)
            assert not any(f"#{pk}" in text or f"/{pk}/" in text for pk in answers), (table, row)
    with scopes_disabled():
        mark_columns = {f.column for f in SurveyParticipation._meta.concrete_fields}
    assert not {"created_at", "submitted_at", "updated_at"} & mark_columns


def test_save_and_resume_without_an_account_and_the_link_by_mail(
    client, mobility, django_capture_on_commit_callbacks
):
    q = mobility.q
    page = client.get(mobility.module.get_absolute_url())
    from .factories import choice

    data = {**state_of(page), f"q{q['mode'].pk}": choice(q["mode"], "Rad").pk}
    page = client.post(url(mobility, "survey_next"), data)
    page = client.post(
        url(mobility, "survey_save"), {**state_of(page), f"q{q['remark'].pk}": "Mehr Licht"}
    )
    html = page.content.decode()
    assert "Ihre Antworten wurden zwischengespeichert" in html
    link = html.split('class="kern-body mw-resume-link"><a class="kern-link" href="')[1].split('"')[
        0
    ]
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with scopes_disabled():
        draft = SurveyDraft.objects.get()
        assert draft.token_hash != token and token not in str(draft.answers)
        assert draft.user_id is None and str(q["remark"].pk) in draft.answers
    # Mail the link: the address is not stored with the draft.
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            url(mobility, "survey_mail_link"),
            {"state": state_of(page)["state"], "email": "rad@example.org"},
        )
    assert sent.status_code == 302
    assert any(token in m.body and m.to == ["rad@example.org"] for m in mail.outbox)
    with scopes_disabled():
        assert "rad@example.org" not in str(SurveyDraft.objects.values().get())
    # Another browser, no account: the link opens page 2 with the answers so far.
    from django.test import Client

    other = Client()
    page = other.get(link)
    html = page.content.decode()
    assert "Ihre zwischengespeicherten Antworten wurden geladen" in html
    assert "Seite 2 von 2" in html and "Mehr Licht" in html
    done = other.post(
        url(mobility, "survey_submit"), state_of(page) | {f"q{q['remark'].pk}": "Mehr Licht"}
    )
    assert done.status_code == 302
    with scopes_disabled():
        assert not SurveyDraft.objects.exists()  # gone with the submission
    assert Client().get(link).status_code == 404  # a fresh browser: the link is gone


def test_an_expired_draft_cannot_be_resumed_and_is_purged(client, mobility):
    page = client.get(mobility.module.get_absolute_url())
    page = client.post(url(mobility, "survey_save"), state_of(page))
    link = (
        page.content.decode().split('mw-resume-link"><a class="kern-link" href="')[1].split('"')[0]
    )
    with scopes_disabled():
        SurveyDraft.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    gone = client.get(link)
    assert gone.status_code == 404
    assert "nicht mehr gültig" in gone.content.decode()
    out = StringIO()
    call_command("purge_survey_drafts", stdout=out)
    assert "1 abgelaufene" in out.getvalue()
    with scopes_disabled():
        assert not SurveyDraft.objects.exists()


def test_an_account_finds_its_draft_again(client, mobility, participant):
    client.force_login(participant)
    q = mobility.q
    page = client.get(mobility.module.get_absolute_url())
    client.post(url(mobility, "survey_save"), {**state_of(page), f"q{q['why'].pk}": "x"})
    page = client.get(mobility.module.get_absolute_url())
    assert "Ihre zwischengespeicherten Antworten wurden geladen" in page.content.decode()
    with scopes_disabled():
        assert SurveyDraft.objects.get().user == participant
