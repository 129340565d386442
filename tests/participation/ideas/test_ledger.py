"""The accountability ledger (open data): one CSV row per contribution and per decision, a
JSON object per contribution with its decisions; only public data (no author, no e-mail, no
member of staff); withdrawn and hidden ideas keep their rows without their titles."""

import csv
import io
import json

import pytest
from django_scopes import scope

from mitwirken.organisations.models import Role
from mitwirken.participation import ideas_services as services
from mitwirken.participation.models_ideas import Idea

from .helpers import make_idea, project_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(collection, author, staff_a):
    moderator = staff_a[Role.MODERATOR]
    organisation = collection.module.project.organisation
    with scope(organisation=organisation):
        verkehr = collection.categories.get(name="Verkehr")
        altstadt = collection.module.project.districts.get(name="Altstadt")
    accepted = make_idea(
        collection, author, title="Tempo 30", category=verkehr, district=altstadt, channel="online"
    )
    letter = make_idea(collection, None, title="Per Brief")
    withdrawn = make_idea(collection, author, title="Geheimer Titel", channel="online")
    with scope(organisation=organisation):
        services.change_status(moderator, accepted, status="in_review", reason="Wird geprüft")
        services.change_status(moderator, accepted, status="accepted", reason="Kommt 2026")
        services.merge_ideas(moderator, letter, accepted, reason="Gleiches Anliegen")
        services.withdraw_idea(author, withdrawn)
    return {"accepted": accepted, "letter": letter, "withdrawn": withdrawn, "moderator": moderator}


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body), delimiter=";"))


def test_csv_has_a_row_per_contribution_and_decision(client, collection, decided, author):
    response = client.get(project_url("ideas_ledger_csv", collection))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    accepted = [r for r in rows if r["idea_id"] == str(decided["accepted"].pk)]
    assert [(r["event"], r["status"], r["reason"]) for r in accepted] == [
        ("received", "received", ""),
        ("status", "in_review", "Wird geprüft"),
        ("status", "accepted", "Kommt 2026"),
    ]
    assert accepted[0]["category"] == "Verkehr" and accepted[0]["district"] == "Altstadt"
    assert accepted[2]["status_label"] == "Angenommen" and accepted[2]["decided_by"] == "Stadt A"
    letter = [r for r in rows if r["idea_id"] == str(decided["letter"].pk)]
    assert letter[0]["channel"] == "letter"
    assert (letter[1]["event"], letter[1]["merged_into"]) == ("merged", str(decided["accepted"].pk))
    withdrawn = [r for r in rows if r["idea_id"] == str(decided["withdrawn"].pk)]
    assert [r["event"] for r in withdrawn] == ["received", "withdrawn"]
    assert all(r["title"] == "" for r in withdrawn)
    text = json.dumps(rows, ensure_ascii=False)
    for private in (author.email, author.display_name, decided["moderator"].display_name):
        assert private not in text
    assert "Geheimer Titel" not in text


def test_json_has_each_idea_with_its_events(client, collection, decided, author):
    response = client.get(project_url("ideas_ledger_json", collection))
    assert response.status_code == 200 and response.streaming
    document = json.loads(b"".join(response.streaming_content))
    assert document["project"]["organisation"] == "Stadt A"
    ideas = {idea["id"]: idea for idea in document["ideas"]}
    assert len(ideas) == 3
    accepted = ideas[decided["accepted"].pk]
    assert accepted["status"] == "accepted" and accepted["category"] == "Verkehr"
    assert [e["status"] for e in accepted["events"]] == ["received", "in_review", "accepted"]
    assert accepted["events"][-1]["reason"] == "Kommt 2026"
    assert ideas[decided["letter"].pk]["merged_into"] == decided["accepted"].pk
    assert ideas[decided["withdrawn"].pk]["title"] == ""
    raw = json.dumps(document, ensure_ascii=False)
    assert author.email not in raw and author.display_name not in raw


def test_an_empty_ledger_is_valid(client, collection):
    document = json.loads(
        b"".join(client.get(project_url("ideas_ledger_json", collection)).streaming_content)
    )
    assert document["ideas"] == []
    assert len(_csv(client.get(project_url("ideas_ledger_csv", collection)))) == 0


def test_the_ledger_streams_in_chunks_with_a_query_per_chunk(
    client, collection, author, django_assert_max_num_queries, monkeypatch
):
    from mitwirken.participation import ideas_ledger

    monkeypatch.setattr(ideas_ledger, "CHUNK_SIZE", 5)
    with scope(organisation=collection.module.project.organisation):
        Idea.objects.bulk_create(
            [Idea(collection=collection, title=f"Idee {n}", text="x") for n in range(23)]
        )
    response = client.get(project_url("ideas_ledger_csv", collection))
    with django_assert_max_num_queries(20):
        rows = _csv(response)
    assert len(rows) == 23
