import re

import pytest

from .factories import ask, make_survey


def state_of(response) -> dict:
    """The hidden fields of the survey form on a page (to post the next step)."""
    html = response.content.decode()
    found = {}
    for name in ("state", "seite"):
        match = re.search(rf'name="{name}" value="([^"]*)"', html)
        if match:
            found[name] = match.group(1)
    return found


@pytest.fixture
def mobility(org_a):
    """Page 1: how do you get around (car/bike/bus), "why not by bike" only for car drivers;
    page 2 (section "Ihr Quartier"): a scale, a ranking, a long text."""
    survey = make_survey(org_a)
    mode = ask(
        survey,
        "single_choice",
        "Wie sind Sie meist unterwegs?",
        options=["Auto", "Rad", "Bus"],
        required=True,
    )
    with_car = [q for q in [mode]][0]
    from .factories import choice

    why = ask(
        survey,
        "long_text",
        "Warum nicht mit dem Rad?",
        condition=(mode, [choice(with_car, "Auto").pk]),
    )
    ask(survey, "section", "Ihr Quartier")
    scale = ask(
        survey,
        "scale",
        "Wie zufrieden sind Sie?",
        config={"min": 1, "max": 5, "min_label": "gar nicht", "max_label": "sehr"},
    )
    ranking = ask(
        survey, "ranking", "Was ist Ihnen wichtig?", options=["Sicherheit", "Tempo", "Ruhe"]
    )
    remark = ask(survey, "long_text", "Anmerkungen")
    survey.q = {"mode": mode, "why": why, "scale": scale, "ranking": ranking, "remark": remark}
    return survey
