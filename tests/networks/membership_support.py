"""Helpers of the membership tests."""

from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from mitwirken.networks.models import Membership
from mitwirken.questionnaires.models import Questionnaire


def ask(network, **fields):
    """A question of the network to applicants (its questionnaire made with the first)."""
    with scopes_disabled():
        if network.application_questionnaire_id is None:
            network.application_questionnaire = Questionnaire.objects.create(
                organisation_id=network.organisation_id
            )
            network.save(update_fields=["application_questionnaire"])
        return network.application_questionnaire.questions.create(**fields)


def url(name, network, **kwargs):
    return reverse(name, kwargs={"org": network.organisation.slug, "pk": network.pk, **kwargs})


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def membership_of(network, user):
    with scopes_disabled():
        return Membership.objects.filter(network=network, user=user).first()


def steps_of(membership):
    with scopes_disabled():
        return list(membership.steps.order_by("at", "pk").values_list("kind", "text", "actor_id"))


def acting(capture_on_commit_callbacks):
    """For a fixture ``act``: run one request or use-case and let its mails go out (the
    tasks run on commit)."""

    def run(function, *args, **kwargs):
        with capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
