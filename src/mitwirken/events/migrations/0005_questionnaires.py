"""Registration questions move to the questionnaires app: every event with questions gets a
Questionnaire with the same questions and options (same IDs, so that a form opened before
the move still posts valid ones), every registration with answers a Response with the same
answers. The old tables go in 0006."""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models
from django.utils import timezone


def _reset_sequences(schema_editor, models_):
    """The copied rows keep their IDs: PostgreSQL's sequences must be moved past them."""
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), models_):
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    OldQuestion = apps.get_model("events", "Question")
    OldChoice = apps.get_model("events", "Choice")
    OldAnswer = apps.get_model("events", "Answer")
    Registration = apps.get_model("events", "Registration")
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Question = apps.get_model("questionnaires", "Question")
    Choice = apps.get_model("questionnaires", "Choice")
    Response = apps.get_model("questionnaires", "Response")
    Answer = apps.get_model("questionnaires", "Answer")
    now = timezone.now()

    questionnaire_of = {}  # event id -> questionnaire id
    for event in Event._base_manager.filter(
        pk__in=OldQuestion._base_manager.values("event_id")
    ).only("pk", "organisation_id"):
        questionnaire = Questionnaire._base_manager.create(
            organisation_id=event.organisation_id, created_at=now
        )
        questionnaire_of[event.pk] = questionnaire.pk
        # A new updated_at: the cached parts of the event page (its form) are made anew.
        Event._base_manager.filter(pk=event.pk).update(
            questionnaire_id=questionnaire.pk, updated_at=now
        )
    Question._base_manager.bulk_create(
        Question(
            pk=old.pk,
            questionnaire_id=questionnaire_of[old.event_id],
            kind=old.kind,
            label=old.label,
            help_text=old.help_text,
            required=old.required,
            position=old.position,
            config={},
        )
        for old in OldQuestion._base_manager.order_by("pk").iterator()
    )
    Choice._base_manager.bulk_create(
        Choice(pk=old.pk, question_id=old.question_id, label=old.label, seat_limit=old.seat_limit)
        for old in OldChoice._base_manager.order_by("pk").iterator()
    )
    _reset_sequences(schema_editor, [Question, Choice])

    answered = Registration._base_manager.filter(
        pk__in=OldAnswer._base_manager.values("registration_id")
    ).only("pk", "event_id", "created_at")
    response_of = {}  # registration id -> response id
    for registration in answered.iterator():
        response = Response._base_manager.create(
            questionnaire_id=questionnaire_of[registration.event_id],
            submitted_at=registration.created_at,
        )
        response_of[registration.pk] = response.pk
        Registration._base_manager.filter(pk=registration.pk).update(response_id=response.pk)
    for old in OldAnswer._base_manager.prefetch_related("choices").order_by("pk").iterator(500):
        answer = Answer._base_manager.create(
            response_id=response_of[old.registration_id],
            question_id=old.question_id,
            text=old.text,
        )
        answer.choices.set([choice.pk for choice in old.choices.all()])


def backwards(apps, schema_editor):
    """The same the other way round: questions, options and answers back to the events."""
    Event = apps.get_model("events", "Event")
    OldQuestion = apps.get_model("events", "Question")
    OldChoice = apps.get_model("events", "Choice")
    OldAnswer = apps.get_model("events", "Answer")
    Registration = apps.get_model("events", "Registration")
    Question = apps.get_model("questionnaires", "Question")
    Choice = apps.get_model("questionnaires", "Choice")
    Answer = apps.get_model("questionnaires", "Answer")
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Response = apps.get_model("questionnaires", "Response")

    event_of = dict(
        Event._base_manager.filter(questionnaire__isnull=False).values_list(
            "questionnaire_id", "pk"
        )
    )
    OldQuestion._base_manager.bulk_create(
        OldQuestion(
            pk=new.pk,
            event_id=event_of[new.questionnaire_id],
            kind=new.kind,
            label=new.label,
            help_text=new.help_text,
            required=new.required,
            position=new.position,
        )
        for new in Question._base_manager.filter(questionnaire_id__in=event_of).iterator()
    )
    OldChoice._base_manager.bulk_create(
        OldChoice(pk=new.pk, question_id=new.question_id, label=new.label, seat_limit=new.seat_limit)
        for new in Choice._base_manager.filter(
            question__questionnaire_id__in=event_of
        ).iterator()
    )
    _reset_sequences(schema_editor, [OldQuestion, OldChoice])
    registration_of = dict(
        Registration._base_manager.filter(response__isnull=False).values_list(
            "response_id", "pk"
        )
    )
    for new in (
        Answer._base_manager.filter(response_id__in=registration_of)
        .prefetch_related("choices")
        .iterator(500)
    ):
        old = OldAnswer._base_manager.create(
            registration_id=registration_of[new.response_id],
            question_id=new.question_id,
            text=new.text,
        )
        old.choices.set([choice.pk for choice in new.choices.all()])
    # What was copied back goes from the questionnaires app, so that going forward again
    # finds it empty (questionnaires of other owners stay).
    Response._base_manager.filter(pk__in=registration_of).delete()
    Event._base_manager.filter(questionnaire__isnull=False).update(questionnaire=None)
    Questionnaire._base_manager.filter(pk__in=event_of).delete()
    # PostgreSQL checks foreign keys at the commit; the fields go right after this in the
    # same transaction, which it refuses while checks are pending: check them now.
    schema_editor.connection.check_constraints()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_private_material_files"),
        ("questionnaires", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="questionnaire",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="event",
                to="questionnaires.questionnaire",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="response",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="registration",
                to="questionnaires.response",
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
