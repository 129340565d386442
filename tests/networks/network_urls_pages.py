"""The network URLs of the pages part that need a network role (tests/networks/matrix.py):
the coordinators' builder of the questions asked of applicants."""

from django_scopes import scope, scopes_disabled

from mitwirken.networks import administration
from mitwirken.questionnaires.models import Question

from .matrix import RUNS_NETWORK, NetworkURL


def objects(network) -> dict:
    with scope(organisation=network.organisation):
        question = administration.add_application_question(
            network, kind="short_text", label="Ihre Dienststelle"
        )
    return {"application_question": question}


def _network(o):
    return {"pk": o["network"].pk}


def _question_exists(o):
    with scopes_disabled():
        return Question.objects.filter(pk=o["application_question"].pk).exists()


NETWORK_URLS = {
    "networks:questions": NetworkURL(RUNS_NETWORK, kwargs=_network),
    "networks:question_delete": NetworkURL(
        RUNS_NETWORK,
        "post",
        kwargs=lambda o: {**_network(o), "question_id": o["application_question"].pk},
        effect=_question_exists,
    ),
}
