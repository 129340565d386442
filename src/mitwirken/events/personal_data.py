from django_scopes import scopes_disabled

from mitwirken.core import personal_data
from mitwirken.questionnaires.services import erase_responses

from .models import Certificate, Registration
from .queries import of_person


def export(user) -> list:
    with scopes_disabled():
        registrations = (
            Registration.objects.filter(of_person(user))
            .select_related("event__organisation")
            .prefetch_related("response__answers__question")
        )
        return [
            {
                "event": r.event.title,
                "organisation": r.event.organisation.name,
                "starts_at": r.event.starts_at.isoformat(),
                "name": r.name,
                "email": r.email,
                "status": r.get_status_display(),
                "registered_at": r.created_at.isoformat(),
                "privacy_version": r.privacy_version,
                "recording_consent": r.recording_consent,
                "attended": r.attended,
                "answers": {a.question.label: a.text for a in r.response.answers.all()}
                if r.response
                else {},
            }
            for r in registrations
        ]


def erase(user) -> None:
    """The person's registrations go with the account (those made with it, and those made
    before under any of the person's verified addresses); a held seat is freed and handed on
    like any cancellation."""
    from .services import cancel

    with scopes_disabled():
        registrations = list(Registration.objects.filter(of_person(user)))
        for registration in registrations:
            cancel(registration, by_staff=True, notify=False)
        Certificate.objects.filter(registration__in=registrations).update(holder_name="")
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).delete()
        erase_responses([r.response_id for r in registrations if r.response_id])


personal_data.register("events", export=export, erase=erase)
