"""The accountability ledger of a project (open data): every idea of its idea collections
and every decision on it, as CSV (one row per contribution and per decision) and as JSON
(one object per contribution with its decisions), both streamed in chunks.

Only what the public pages show: no author, no e-mail, no member of staff (decisions are
the organisation's). A withdrawn idea keeps its row (it was received, and withdrawn) without
its title and text; a hidden one keeps its row with the moderation's reason instead."""

import json

from django.utils import timezone
from django.utils.translation import gettext as _

from mitwirken.core import exports

from .models_ideas import Idea, StatusChange

CHUNK_SIZE = 500

RECEIVED, DECISION, MERGED, WITHDRAWN, HIDDEN = (
    "received",
    "status",
    "merged",
    "withdrawn",
    "hidden",
)


def _ideas(project):
    return (
        Idea.objects.filter(collection__module__project=project)
        .order_by("pk")
        .values(
            "pk",
            "title",
            "status",
            "channel",
            "received_on",
            "withdrawn_at",
            "hidden_at",
            "hidden_reason",
            "merged_into_id",
            "category__name",
            "district__name",
            "collection__module__title",
        )
    )


def _chunks(project):
    """The ideas in chunks of ``CHUNK_SIZE``, each with its decisions (one query each)."""
    chunk = []
    for idea in _ideas(project).iterator(chunk_size=CHUNK_SIZE):
        chunk.append(idea)
        if len(chunk) == CHUNK_SIZE:
            yield _with_decisions(chunk)
            chunk = []
    if chunk:
        yield _with_decisions(chunk)


def _with_decisions(chunk):
    decisions: dict[int, list] = {}
    for change in (
        StatusChange.objects.filter(idea_id__in=[idea["pk"] for idea in chunk])
        .order_by("created_at", "pk")
        .values("idea_id", "created_at", "to_status", "merged_into_id", "reason")
    ):
        decisions.setdefault(change["idea_id"], []).append(change)
    return [(idea, decisions.get(idea["pk"], [])) for idea in chunk]


def _public(idea) -> dict:
    """What the ledger says of an idea."""
    hidden, withdrawn = idea["hidden_at"] is not None, idea["withdrawn_at"] is not None
    title = idea["title"]
    if withdrawn:
        title = ""
    elif hidden:
        title = _("(hidden by the moderation)")
    return {
        "id": idea["pk"],
        "module": idea["collection__module__title"],
        "title": title,
        "category": idea["category__name"] or "",
        "district": idea["district__name"] or "",
        "channel": idea["channel"],
        "received_on": idea["received_on"].isoformat(),
        "status": idea["status"],
        "merged_into": idea["merged_into_id"],
        "withdrawn": withdrawn,
        "hidden": hidden,
    }


def _day(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


def _events(idea, decisions, organisation_name):
    """(event, date, status, reason, merged_into) of the idea, in order."""
    events = [(RECEIVED, idea["received_on"].isoformat(), Idea.Status.RECEIVED.value, "", None)]
    for change in decisions:
        merged = change["merged_into_id"]
        events.append(
            (
                MERGED if merged else DECISION,
                _day(change["created_at"]),
                change["to_status"],
                change["reason"],
                merged,
            )
        )
    if idea["hidden_at"] is not None:
        events.append((HIDDEN, _day(idea["hidden_at"]), "", idea["hidden_reason"], None))
    if idea["withdrawn_at"] is not None:
        events.append((WITHDRAWN, _day(idea["withdrawn_at"]), "", "", None))
    return events


CSV_HEADER = (
    "idea_id",
    "module",
    "title",
    "category",
    "district",
    "channel",
    "received_on",
    "event",
    "date",
    "status",
    "status_label",
    "reason",
    "merged_into",
    "decided_by",
)


def csv_rows(project):
    """A header, then per idea its row of receipt and one row per decision on it."""
    organisation = project.organisation.name
    labels = dict(Idea.Status.choices)
    yield CSV_HEADER
    for chunk in _chunks(project):
        for idea, decisions in chunk:
            public = _public(idea)
            for event, date, status, reason, merged in _events(idea, decisions, organisation):
                yield (
                    public["id"],
                    public["module"],
                    public["title"],
                    public["category"],
                    public["district"],
                    public["channel"],
                    public["received_on"],
                    event,
                    date,
                    status,
                    str(labels.get(status, "")),
                    reason,
                    merged or "",
                    organisation if event in (DECISION, MERGED, HIDDEN) else "",
                )


def json_chunks(project):
    """The JSON document in pieces: the project, then its ideas one by one."""
    organisation = project.organisation.name
    head = {
        "project": {"id": project.pk, "title": project.title, "organisation": organisation},
        "licence": "CC0-1.0",
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "ideas": ['
    first = True
    for chunk in _chunks(project):
        pieces = []
        for idea, decisions in chunk:
            public = _public(idea)
            public["events"] = [
                {
                    "event": event,
                    "date": date,
                    "status": status,
                    "reason": reason,
                    "merged_into": merged,
                    "decided_by": organisation if event in (DECISION, MERGED, HIDDEN) else None,
                }
                for event, date, status, reason, merged in _events(idea, decisions, organisation)
            ]
            pieces.append(json.dumps(public, ensure_ascii=False))
        if pieces:
            yield ("" if first else ",") + ",".join(pieces)
            first = False
    yield "]}"


def csv_response(project):
    return exports.csv_response(csv_rows(project), f"rechenschaft-{project.pk}.csv")


def json_response(project):
    return exports.streamed_response(
        (piece.encode("utf-8") for piece in json_chunks(project)),
        f"rechenschaft-{project.pk}.json",
        "application/json; charset=utf-8",
    )
