"""Seeding shared by the survey benchmarks: an organisation with a published project whose
survey module is open (phase running), its questions (the demo's questions of "Beweg Dein
Quartier", ``participation.surveys.demo``), a staff member, and responses written in bulk
exactly as ``questionnaires.services.record_response`` writes them (each kind's ``store``,
conditions evaluated: a hidden question has no answer)."""

import datetime
import random


def make_organisation(slug="stadt-bench"):
    from mitwirken.organisations.models import Organisation

    return Organisation.objects.create(
        name="Stadt Bench",
        slug=slug,
        legal_name="Stadt Bench",
        street="Hauptstraße 1",
        postal_code="12345",
        city="Musterstadt",
        representative="Erika Muster",
        imprint_email="info@stadt-bench.example",
        privacy_text="## Datenschutz",
        accessibility_contact="a11y@stadt-bench.example",
    )


def make_staff(organisation):
    from mitwirken.accounts.models import User
    from mitwirken.organisations.models import Role, StaffRole

    user = User.objects.create(email="auswertung@example.org", display_name="Auswertung Bench")
    StaffRole.objects.create(organisation=organisation, user=user, role=Role.ADMIN)
    return user


def make_survey(organisation, title="Umfrage Mobilität"):
    """A survey module of a published project, open today; districts as in the demo."""
    from django.utils import timezone

    from mitwirken.participation.models import District, Module, Phase, Project
    from mitwirken.participation.surveys import services

    today = timezone.localdate()
    project = Project.objects.create(
        organisation=organisation,
        title="Beweg Dein Quartier",
        status=Project.Status.PUBLISHED,
        access=Project.Access.PUBLIC,
        subject="Mobilität im Quartier",
        open_to_decision="Wo Fahrradbügel hinkommen",
        already_fixed="Das Budget",
        level=Project.Level.CONSULTATION,
        decision_makers="Der Stadtrat",
        target_groups="Alle im Quartier",
    )
    for position, name in enumerate(
        ["Nordviertel-Mitte", "Am Bahnhof", "Schulviertel", "Kanalufer"]
    ):
        District.objects.create(project=project, name=name, position=position)
    phase = Phase.objects.create(
        project=project,
        name="Beteiligung",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=30),
    )
    module = Module.objects.create(
        project=project, phase=phase, kind=Module.Kind.SURVEY, title=title
    )
    services.module_created(module)
    survey = module.survey
    survey.module = module
    return survey


def demo_questions(survey, specs=None) -> dict:
    """The demo's questions (default: the quarter's 25 questions and 4 sections, with their
    conditions) as {key: question}, read with their options."""
    from mitwirken.participation.surveys import demo

    districts = [d.name for d in survey.module.project.districts.all()]
    return demo._read(survey, demo._build(survey, specs or demo.QUARTER_QUESTIONS, districts))


def bulk_responses(survey, q: dict, count: int, *, seed=12, batch=500, progress=None) -> None:
    """``count`` responses drawn like the demo's (``demo._quarter_answers``), evaluated as a
    page would (``answering.evaluate``: conditions, the fields' cleaning) and written in bulk
    as ``record_response`` writes them."""
    from django.utils import timezone

    from mitwirken.participation.surveys import answering, demo
    from mitwirken.questionnaires.conditions import visible_questions
    from mitwirken.questionnaires.kinds import find_kind
    from mitwirken.questionnaires.models import Answer, Response

    questions = sorted(q.values(), key=lambda question: (question.position, question.pk))
    rnd = random.Random(seed)
    now = timezone.now()
    done = 0
    while done < count:
        size = min(batch, count - done)
        cleaned = []
        for _n in range(size):
            raw = answering.clean_raw(demo._quarter_answers(rnd, q, questions))
            evaluation = answering.evaluate(questions, raw)
            if evaluation.form.errors:
                raise ValueError(evaluation.form.errors.as_json())
            cleaned.append(evaluation.answers())
        responses = Response.objects.bulk_create(
            [
                Response(
                    questionnaire_id=survey.questionnaire_id,
                    submitted_at=now - datetime.timedelta(minutes=rnd.randint(0, 40000)),
                )
                for _n in range(size)
            ]
        )
        rows, chosen = [], []
        for response, answers in zip(responses, cleaned, strict=True):
            values = {question.pk: value for question, value in answers.items()}
            shown = {question.pk for question in visible_questions(questions, values)}
            for question in questions:
                handler = find_kind(question.kind)
                value = answers.get(question)
                if handler is None or not handler.is_question or question.pk not in shown:
                    continue
                if handler.is_empty(value):
                    continue
                answer = Answer(response=response, question=question)
                chosen.append(handler.store(answer, value))
                rows.append(answer)
        Answer.objects.bulk_create(rows, batch_size=5000)
        Answer.choices.through.objects.bulk_create(
            [
                Answer.choices.through(answer_id=answer.pk, choice_id=option.pk)
                for answer, options in zip(rows, chosen, strict=True)
                for option in options
            ],
            batch_size=5000,
        )
        done += size
        if progress:
            progress(done)
