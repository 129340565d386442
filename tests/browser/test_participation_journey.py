"""Issue 12 in Chromium: a citizen with a verified account opens the city's project "Beweg
Dein Quartier", reads the concept, answers the survey over three pages (a yes on "Haben Sie
ein Auto?" shows "Wie oft nutzen Sie es?" on the next page; changing "Rad" to "Bus" hides the
question asked only of cyclists, whose answer was already typed), saves halfway, finishes
from the resume link in a new browser context without an account or cookies and asks to be
told what became of it; submits an idea (asking to be told about it), supports and comments
on another; a moderator accepts the idea with a reason, the citizen gets the mail and sees
the trail; an editor writes and publishes the Rückmeldung and everyone who asked is told,
once each. axe-core on every page on the way, and the project and survey pages on a phone."""

import pytest
from django.core import mail
from django_scopes import scope, scopes_disabled

from mitwirken.organisations.models import Role
from mitwirken.participation import feedback
from mitwirken.participation.ideas_queries import collection_of
from mitwirken.participation.models import FeedbackSubscription, Module
from mitwirken.participation.models_ideas import Idea
from mitwirken.participation.models_surveys import SurveyDraft, SurveyParticipation
from mitwirken.questionnaires.models import Answer, Response

from ..factories import PASSWORD, OrganisationFactory, UserFactory, make_staff
from ..participation.factories import make_module, make_project
from ..participation.ideas.helpers import make_idea
from ..participation.surveys.factories import ask, choice
from .support import (
    SHOTS_DIR,
    assert_accessible,
    link_path,
    login,
    main_text,
    submit,
    wait_for_mail,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VISITOR = "visitor (participation)"
PARTICIPANT = "participant (participation)"
EDITOR = "editor (participation)"
MODERATOR = "moderator (participation)"
REASON = "Die Bügel kommen im Frühjahr: Die Mittel stehen im Haushalt 2027."
SUMMARY = "Danke für Ihre Antworten und Ideen! Der Ausschuss hat 12 Vorschläge beschlossen."
ADOPTED = "- **Fahrradbügel am Bahnhof**: 40 neue Bügel."


def _survey(project):
    module = make_module(project, Module.Kind.SURVEY, title="Umfrage: Ihre Wege im Quartier")
    with scope(organisation=project.organisation):
        survey = module.survey
    car = ask(survey, "yes_no", "Haben Sie ein Auto?", required=True)
    mode = ask(
        survey,
        "single_choice",
        "Wie sind Sie meist unterwegs?",
        options=["Rad", "Bus", "Zu Fuß"],
        required=True,
    )
    bike = ask(
        survey,
        "short_text",
        "Wo stellen Sie Ihr Rad ab?",
        condition=(mode, [choice(mode, "Rad").pk]),
    )
    ask(survey, "section", "Ihre Wege im Quartier")
    often = ask(
        survey,
        "single_choice",
        "Wie oft nutzen Sie es?",
        options=["Täglich", "Mehrmals pro Woche", "Seltener"],
        condition=(car, [True]),
    )
    bother = ask(survey, "long_text", "Was stört Sie auf Ihren Wegen?")
    ask(survey, "section", "Zum Schluss")
    happy = ask(
        survey,
        "scale",
        "Wie zufrieden sind Sie mit dem Quartier?",
        required=True,
        config={"min": 1, "max": 5, "min_label": "gar nicht", "max_label": "sehr"},
    )
    survey.q = {
        "car": car,
        "mode": mode,
        "bike": bike,
        "often": often,
        "bother": bother,
        "happy": happy,
    }
    return survey


def _phone_check(page, name):
    """375 px wide: a screenshot for people to look at, and no horizontal scrolling."""
    page.set_viewport_size({"width": 375, "height": 800})
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"participation-{name}-375.png"), full_page=True)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"{name}: scrolls sideways at 375 px ({width} px wide)"
    page.set_viewport_size({"width": 1280, "height": 900})


def _fits_phone(page, name):
    """The current page at 375 px: no horizontal scrolling (no screenshot: quick)."""
    page.set_viewport_size({"width": 375, "height": 800})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert width <= 375, f"{name}: scrolls sideways at 375 px ({width} px wide)"


def _error_links_resolve(page):
    """Every link of the error summary leads to an element on the page (the field)."""
    targets = page.eval_on_selector_all(
        ".mw-error-list a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert targets, "no error summary"
    for target in targets:
        assert page.locator(target).count() == 1, f"error link {target} leads nowhere"


def test_issue_12_from_the_concept_to_the_rueckmeldung(new_context):
    with scopes_disabled():
        OrganisationFactory(name="Landesbetrieb IT", slug="betrieb", is_platform_operator=True)
        city = OrganisationFactory(name="Stadt Musterstadt", slug="stadt-musterstadt")
    project = make_project(city, title="Beweg Dein Quartier")
    survey = _survey(project)
    q = survey.q
    ideas_module = make_module(project, Module.Kind.IDEAS, title="Ideensammlung")
    with scope(organisation=city):
        collection = collection_of(ideas_module)
    citizen = UserFactory(email="bewohnerin@example.org", display_name="Bewohnerin Nord")
    neighbour = UserFactory(email="nachbar@example.org", display_name="Nachbar Süd")
    moderator = make_staff(city, Role.MODERATOR)
    editor = make_staff(city, Role.EDITOR)
    other_idea = make_idea(
        collection,
        neighbour,
        title="Tempo 30 vor der Schule",
        text="Morgens fahren viele zu schnell.",
    )
    with scope(organisation=city):  # someone who asked at the workshop, on paper
        feedback.subscribe(project, "workshop@example.org")
    project_url = project.get_absolute_url()
    survey_url = survey.module.get_absolute_url()
    ideas_url = ideas_module.get_absolute_url()
    staff_base = f"/{city.slug}/verwaltung/beteiligung/{project.pk}/"

    # A visitor opens the project and reads the concept (also on a phone).
    visitor = new_context().new_page()
    visitor.goto(project_url)
    assert_accessible(visitor, VISITOR, "project page")
    text = main_text(visitor)
    assert "Beweg Dein Quartier" in text
    assert "Worum es geht" in text and "Wie wollen wir uns im Quartier bewegen?" in text
    assert "Was schon feststeht" in text and "Die Buslinie 4 bleibt" in text
    _phone_check(visitor, "project")

    # The citizen logs in and starts the survey; sending page 1 empty shows the errors.
    page = new_context().new_page()
    login(page, citizen.email, PASSWORD)
    page.goto(survey_url)
    assert_accessible(page, PARTICIPANT, "survey page 1")
    assert "Seite 1 von 3" in main_text(page)
    assert q["bike"].label not in main_text(page)
    _phone_check(page, "survey")
    submit(page, page.get_by_role("button", name="Weiter"))
    assert_accessible(page, PARTICIPANT, "survey page 1 with errors")
    _fits_phone(page, "survey page 1 with errors")
    assert "Seite 1 von 3" in main_text(page)
    text = main_text(page)
    assert "Bitte treffen Sie eine Auswahl für „Haben Sie ein Auto?“" in text
    assert "Bitte treffen Sie eine Auswahl für „Wie sind Sie meist unterwegs?“" in text
    _error_links_resolve(page)

    # "Rad" shows the cyclists' question on the same page; she answers it, then changes to
    # "Bus": the question is hidden again and "Weiter" leads on.
    page.check(f"input[name=q{q['car'].pk}][value=yes]")
    page.check(f"input[name=q{q['mode'].pk}][value='{choice(q['mode'], 'Rad').pk}']")
    submit(page, page.get_by_role("button", name="Weiter"))
    assert "Seite 1 von 3" in main_text(page)
    page.get_by_label(q["bike"].label).fill("Im Hinterhof")
    page.check(f"input[name=q{q['mode'].pk}][value='{choice(q['mode'], 'Bus').pk}']")
    submit(page, page.get_by_role("button", name="Weiter"))
    text = main_text(page)
    assert "Seite 2 von 3" in text and "Ihre Wege im Quartier" in text
    assert q["often"].label in text  # shown by the yes on page 1
    assert q["bike"].label not in text
    assert_accessible(page, PARTICIPANT, "survey page 2")
    page.check(f"input[name=q{q['often'].pk}][value='{choice(q['often'], 'Täglich').pk}']")
    page.get_by_label(q["bother"].label).fill("Zugeparkte Gehwege")

    # Zwischenspeichern: the page shows the personal resume link.
    submit(page, page.get_by_role("button", name="Zwischenspeichern"))
    assert_accessible(page, PARTICIPANT, "survey saved, with the resume link")
    _fits_phone(page, "survey saved")  # the long resume link must wrap
    resume = page.locator(".mw-resume-link a").get_attribute("href")
    resume_path = link_path(resume, r"/\S+/fortsetzen/\S+/")
    with scopes_disabled():
        (draft,) = SurveyDraft.objects.filter(survey=survey)
        assert str(q["bike"].pk) not in draft.answers  # hidden: not kept in the draft either
        assert draft.user_id == citizen.pk

    # A new browser context: no account, no cookies. The answers are there; she finishes.
    elsewhere = new_context().new_page()
    elsewhere.goto(resume_path)
    assert_accessible(elsewhere, PARTICIPANT, "resume page")
    _fits_phone(elsewhere, "resume page")
    text = main_text(elsewhere)
    assert "Seite 2 von 3" in text and "zwischengespeicherten Antworten" in text
    assert elsewhere.get_by_label(q["bother"].label).input_value() == "Zugeparkte Gehwege"
    submit(elsewhere, elsewhere.get_by_role("button", name="Weiter"))
    assert "Seite 3 von 3" in main_text(elsewhere)
    assert_accessible(elsewhere, PARTICIPANT, "survey page 3")
    _fits_phone(elsewhere, "survey page 3")
    elsewhere.check(f"input[name=q{q['happy'].pk}][value='4']")
    elsewhere.locator("#id_rueckmeldung").check()
    elsewhere.locator("#id_rueckmeldung_email").fill(citizen.email)
    submit(elsewhere, elsewhere.get_by_role("button", name="Antworten absenden"))
    assert elsewhere.url.endswith("/danke/")
    assert_accessible(elsewhere, PARTICIPANT, "thank-you page")
    _fits_phone(elsewhere, "thank-you page")

    # One response; the cyclists' question (typed, then hidden) has no answer.
    with scopes_disabled():
        assert Response.objects.filter(questionnaire_id=survey.questionnaire_id).count() == 1
        answers = {
            a.question_id: a
            for a in Answer.objects.filter(response__questionnaire_id=survey.questionnaire_id)
        }
        assert set(answers) == {
            q["car"].pk,
            q["mode"].pk,
            q["often"].pk,
            q["bother"].pk,
            q["happy"].pk,
        }
        assert answers[q["mode"].pk].text == "Bus"
        assert answers[q["bother"].pk].text == "Zugeparkte Gehwege"
        assert not Answer.objects.filter(question=q["bike"]).exists()
        assert not Answer.objects.filter(text__contains="Hinterhof").exists()
        assert SurveyDraft.objects.filter(survey=survey).count() == 0
        assert SurveyParticipation.objects.filter(survey=survey).count() == 1
        assert FeedbackSubscription.objects.filter(project=project, email=citizen.email).exists()

    # The idea collection: the list, the form with errors, her idea (tell me about it).
    page.goto(ideas_url)
    assert_accessible(page, PARTICIPANT, "idea list")
    _fits_phone(page, "idea list")
    assert other_idea.title in main_text(page)
    page.goto(ideas_url + "idee/neu/")
    assert_accessible(page, PARTICIPANT, "idea form")
    submit(page, page.locator("main form button[type=submit]"))
    assert_accessible(page, PARTICIPANT, "idea form with errors")
    _fits_phone(page, "idea form with errors")
    assert "Bitte geben Sie Ihrer Idee einen Titel." in main_text(page)
    _error_links_resolve(page)
    page.get_by_label("Titel").fill("Fahrradbügel am Bahnhof")
    page.get_by_label("Ihre Idee", exact=True).fill("Morgens ist jeder Bügel belegt.")
    page.locator("#id_tell_me").check()
    submit(page, page.locator("main form button[type=submit]"))
    assert "/idee/" in page.url and "Fahrradbügel am Bahnhof" in main_text(page)
    assert_accessible(page, PARTICIPANT, "her idea")
    with scopes_disabled():
        idea = Idea.objects.get(title="Fahrradbügel am Bahnhof")
    assert idea.author_id == citizen.pk
    idea_path = page_path_of(page)

    # She supports the neighbour's idea and comments on it.
    page.goto(other_idea.get_absolute_url())
    assert_accessible(page, PARTICIPANT, "another idea")
    submit(page, page.get_by_role("button", name="Diese Idee unterstützen"))
    assert "Danke für Ihre Unterstützung" in main_text(page) or "1 Unterstützung" in main_text(page)
    page.get_by_label("Ihr Kommentar").fill("Ja, vor allem zwischen 7 und 8 Uhr.")
    submit(page, page.get_by_role("button", name="Kommentar veröffentlichen"))
    assert "zwischen 7 und 8 Uhr" in main_text(page)
    assert_accessible(page, PARTICIPANT, "another idea, supported and commented")
    _fits_phone(page, "another idea, supported and commented")
    with scopes_disabled():
        assert other_idea.supports.filter(user=citizen).exists()

    # A moderator accepts her idea with a public reason.
    staff = new_context().new_page()
    login(staff, moderator.email, PASSWORD)
    staff.goto(f"{staff_base}modul/{ideas_module.pk}/ideen/")
    assert_accessible(staff, MODERATOR, "staff idea list")
    assert "Fahrradbügel am Bahnhof" in main_text(staff)
    mail.outbox.clear()
    staff.goto(f"{staff_base}modul/{ideas_module.pk}/ideen/{idea.pk}/status/")
    assert_accessible(staff, MODERATOR, "status form")
    staff.get_by_label("Angenommen", exact=True).check()
    staff.get_by_label("Öffentliche Begründung").fill(REASON)
    submit(staff, staff.locator("main form button[type=submit]"))
    assert_accessible(staff, MODERATOR, "staff idea list after the decision")
    status_mail = wait_for_mail(lambda m: citizen.email in m.to)
    assert "Fahrradbügel am Bahnhof" in status_mail.subject and "Angenommen" in status_mail.subject
    assert REASON in status_mail.body and "Beweg Dein Quartier" in status_mail.body
    assert idea_path in link_path(status_mail.body, r"/\S+/idee/\d+/")
    assert not [m for m in mail.outbox if neighbour.email in m.to]

    # She sees the trail on her idea's page.
    page.goto(idea_path)
    assert_accessible(page, PARTICIPANT, "her idea with its status trail")
    _fits_phone(page, "her idea with its status trail")
    text = main_text(page)
    assert "Neuer Status: Angenommen." in text and REASON in text
    assert "Stadt Musterstadt" in text

    # The editor: dashboard and survey results, then the Rückmeldung.
    office = new_context().new_page()
    login(office, editor.email, PASSWORD)
    office.goto(f"{staff_base}auswertung/")
    assert_accessible(office, EDITOR, "dashboard")
    office.goto(f"{staff_base}modul/{survey.module.pk}/umfrage/ergebnisse/")
    assert_accessible(office, EDITOR, "survey results")
    assert "Zugeparkte Gehwege" in main_text(office) or "1 Antwort" in main_text(office)
    office.goto(f"{staff_base}rueckmeldung/")
    assert_accessible(office, EDITOR, "feedback form")
    assert "2 Personen" in main_text(office)  # she asked twice (survey and idea), once counted
    office.locator("#id_summary").fill(SUMMARY)
    office.locator("#id_adopted").fill(ADOPTED)
    submit(office, office.locator("main form button[type=submit]", has_text="Speichern"))
    assert_accessible(office, EDITOR, "feedback form, saved")
    with office.expect_navigation():
        office.get_by_role("link", name="Rückmeldung veröffentlichen").click()
    assert_accessible(office, EDITOR, "publish confirmation")
    assert "2 Personen" in main_text(office)
    mail.outbox.clear()
    submit(office, office.get_by_role("button", name="Rückmeldung jetzt veröffentlichen"))
    assert "2 Personen" in main_text(office)

    # Everyone who asked is told, once each, truthfully; nobody else.
    wait_for_mail(lambda m: "workshop@example.org" in m.to)
    told = wait_for_mail(lambda m: citizen.email in m.to)
    told_mails = [m for m in mail.outbox if "Rückmeldung" in m.body or "Beweg" in m.subject]
    assert sorted(r for m in told_mails for r in m.to) == [citizen.email, "workshop@example.org"]
    assert "Beweg Dein Quartier" in told.subject
    assert SUMMARY in told.body and "Stadt Musterstadt" in told.body
    assert link_path(told.body, r"/\S+/beteiligung/\d+/") == project_url
    assert not [m for m in mail.outbox if neighbour.email in m.to]
    with scopes_disabled():
        assert not FeedbackSubscription.objects.filter(project=project, notified=False).exists()

    # The visitor sees the Rückmeldung on the project page.
    visitor.goto(project_url)
    assert SUMMARY in main_text(visitor)
    assert_accessible(visitor, VISITOR, "project page with the Rückmeldung")


def page_path_of(page) -> str:
    from .support import page_path

    return page_path(page.url)
