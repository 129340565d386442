"""Demo projects from the seeds: the Living Lab "Beweg Dein Quartier" of Stadt Musterstadt
(seed 000: mobility and quality of life in one quarter, with the people who live there),
running now in its participation phase; the concluded redesign of the market square with its
Rückmeldung; and the ministry's internal staff survey (seed 002's Beschäftigtenkonferenz).
What the modules hold (survey answers, ideas) is filled by their own demo code
(``register_module_demo``)."""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from mitwirken.organisations.demo import demo_person
from mitwirken.organisations.models import Organisation

from . import administration, feedback
from .models import Module, Project

QUARTER = {
    "title": "Beweg Dein Quartier: Mobilität im Nordviertel",
    "teaser": (
        "Wie wollen wir uns im Nordviertel bewegen? Ein Living Lab mit allen, die hier "
        "wohnen, arbeiten und zur Schule gehen."
    ),
    "description": (
        "Im Living Lab „Beweg Dein Quartier“ entwickeln Bürgerinnen und Bürger, Verwaltung, "
        "Verkehrsbetriebe und Wissenschaft gemeinsam eine bessere Mobilität der Zukunft und "
        "mehr Lebensqualität im Nordviertel.\n\n"
        "## So können Sie mitmachen\n\n"
        "- Beantworten Sie die Umfrage zu Ihren Wegen im Quartier (etwa 10 Minuten).\n"
        "- Schlagen Sie Ideen vor und unterstützen Sie die Ideen anderer.\n"
        "- Kommen Sie zum Ideen-Workshop im Stadtteilzentrum: Ideen, die dort entstehen, "
        "tragen wir hier ein."
    ),
    "area": "Nordviertel",
    "contact_name": "Leyla Demir, Stabsstelle Bürgerbeteiligung",
    "contact_email": "buergerbeteiligung@musterstadt.example",
    "contact_phone": "+49 201 123-4567",
    "subject": (
        "Das Nordviertel soll leiser, sicherer und besser erreichbar werden. Wir wollen "
        "wissen, wie Sie sich heute bewegen, was Sie stört und was Sie sich wünschen."
    ),
    "open_to_decision": (
        "Wo Fahrradbügel, Sitzbänke, Bäume und Lieferzonen hinkommen; welche zwei Straßen "
        "zuerst verkehrsberuhigt werden; wie der Platz vor der Schule gestaltet wird."
    ),
    "already_fixed": (
        "Die Buslinie 4 und ihre Haltestellen bleiben. Das Budget für 2027 beträgt "
        "450.000 Euro. Die Hauptstraße bleibt Durchgangsstraße."
    ),
    "level": Project.Level.COOPERATION,
    "decision_makers": (
        "Der Ausschuss für Stadtentwicklung entscheidet im Juni 2027 über das "
        "Maßnahmenpaket. Die Verwaltung legt ihm alle Ideen mit ihrer Bewertung vor und "
        "begründet jede Empfehlung öffentlich."
    ),
    "target_groups": (
        "Alle im Quartier, besonders die bisher wenig gehörten: Jugendliche (über die "
        "Schulen), ältere Menschen (über die Seniorentreffs), Gewerbetreibende und "
        "Immobilieneigentümerinnen und -eigentümer."
    ),
}
QUARTER_TOPICS = ["Mobilität", "Quartier", "Living Lab"]
QUARTER_DISTRICTS = ["Nordviertel-Mitte", "Am Bahnhof", "Schulviertel", "Kanalufer"]

MARKET = {
    "title": "Neugestaltung des Marktplatzes",
    "teaser": "Wie soll der Marktplatz aussehen? Die Umfrage und die Ideen sind ausgewertet.",
    "area": "Altstadt",
    "contact_name": "Paul Neumann, Stadtplanung",
    "contact_email": "buergerbeteiligung@musterstadt.example",
    "subject": "Der Marktplatz wird 2026 neu gepflastert; wir haben gefragt, was er braucht.",
    "open_to_decision": "Bäume, Bänke, Brunnen, die Fläche für den Wochenmarkt.",
    "already_fixed": "Der Wochenmarkt bleibt auf dem Platz; die Tiefgarage bleibt.",
    "level": Project.Level.CONSULTATION,
    "decision_makers": "Der Stadtrat hat im September 2026 entschieden.",
    "target_groups": "Marktbesucherinnen und -besucher, Händler, Anwohnende.",
}
MARKET_FEEDBACK = {
    "summary": (
        "Vielen Dank für 412 Antworten und 57 Ideen! Der Stadtrat hat im September 2026 "
        "beschlossen: Der Platz bekommt zwölf Bäume, einen Trinkbrunnen und Sitzgelegenheiten "
        "im Schatten."
    ),
    "adopted": (
        "- **Bäume und Schatten** (von 310 Menschen unterstützt): zwölf Bäume an der Westseite.\n"
        "- **Trinkbrunnen**: neben dem Rathauseingang.\n"
        "- **Fahrradbügel**: 40 statt der geplanten 20."
    ),
    "not_adopted": (
        "- **Ein Wasserspiel**: Die Unterhaltskosten von 30.000 Euro im Jahr sind nicht "
        "finanziert.\n"
        "- **Autofreier Platz auch nachts**: Die Zufahrt zur Tiefgarage muss offen bleiben."
    ),
    "next_steps": "Baubeginn im März 2027, Fertigstellung vor dem Weihnachtsmarkt 2027.",
}

STAFF_SURVEY = {
    "title": "Beschäftigtenkonferenz 2026: Wie wollen wir zusammenarbeiten?",
    "teaser": "Eine interne Befragung aller Beschäftigten des Ministeriums.",
    "subject": (
        "Vor der Beschäftigtenkonferenz fragen wir alle Beschäftigten, wie die "
        "Zusammenarbeit zwischen den Abteilungen gelingt und was sie braucht."
    ),
    "open_to_decision": "Welche drei Themen die Konferenz bearbeitet.",
    "already_fixed": "Die Konferenz findet am 12. März statt.",
    "level": Project.Level.CONSULTATION,
    "decision_makers": "Die Hausleitung wählt die Themen nach der Auswertung.",
    "target_groups": "Alle Beschäftigten des Ministeriums.",
    "access": Project.Access.INTERNAL,
    "internal_domains": "mik.musterland.example",
    "contact_name": "Mira Schulz, Personalentwicklung",
    "contact_email": "beteiligung@mik.musterland.example",
}
EMPLOYEE = ("beschaeftigte@mik.musterland.example", "Beschäftigte im Ministerium")

_module_demos: dict[str, Callable] = {}


def register_module_demo(kind, fill: Callable) -> None:
    """A module kind's demo content: ``fill(module, role)`` for a module of the demo projects
    (``role`` names which: "quarter", "market", "staff")."""
    _module_demos[str(kind)] = fill


def _dated_phases(project, offsets):
    """Put the project's four phases at these offsets in days from today (start, length)."""
    today = timezone.localdate()
    for phase, (start, length) in zip(project.phases.all(), offsets, strict=True):
        phase.starts_on = today + timedelta(days=start)
        phase.ends_on = phase.starts_on + timedelta(days=length - 1)
        phase.save()


def _project(organisation, fields, topics=(), districts=(), offsets=None):
    project = Project.objects.filter(organisation=organisation, title=fields["title"]).first()
    if project is not None:
        return project, False
    project = administration.create_project(
        None, organisation, topics=topics, districts=districts, **fields
    )
    _dated_phases(project, offsets)
    return project, True


def _module(project, kind, title, phase_index, description, role):
    module = Module.objects.filter(project=project, kind=kind).first()
    if module is None:
        phase = list(project.phases.all())[phase_index]
        module = administration.add_module(
            None, project, kind=kind, title=title, phase=phase, description=description
        )
        fill = _module_demos.get(str(kind))
        if fill is not None:
            fill(module, role)
    return module


def load():
    city = Organisation.objects.get(slug="stadt-musterstadt")
    ministry = Organisation.objects.get(slug="ministerium-inneres")
    with scope(organisation=city):
        quarter, new = _project(
            city,
            QUARTER,
            QUARTER_TOPICS,
            QUARTER_DISTRICTS,
            offsets=[(-40, 20), (-20, 50), (30, 30), (60, 30)],
        )
        _module(
            quarter,
            Module.Kind.SURVEY,
            "Umfrage: Ihre Wege im Nordviertel",
            1,
            "Etwa 10 Minuten. Sie können zwischendurch speichern und später weitermachen.",
            "quarter",
        )
        _module(
            quarter,
            Module.Kind.IDEAS,
            "Ideensammlung: Was soll sich ändern?",
            1,
            "Schlagen Sie vor, was das Nordviertel besser macht, und unterstützen Sie andere Ideen.",
            "quarter",
        )
        if new:
            administration.publish_project(None, quarter)
        market, new = _project(
            city,
            MARKET,
            ["Stadtgestaltung"],
            ["Altstadt"],
            offsets=[(-300, 30), (-270, 40), (-230, 40), (-190, 60)],
        )
        _module(market, Module.Kind.IDEAS, "Ideen für den Marktplatz", 1, "", "market")
        if new:
            administration.publish_project(None, market)
            feedback.save_feedback(None, market, **MARKET_FEEDBACK)
            feedback.publish_feedback(None, market)
            administration.conclude_project(None, market)
    demo_person(*EMPLOYEE)
    with scope(organisation=ministry):
        staff, new = _project(
            ministry,
            STAFF_SURVEY,
            ["Zusammenarbeit"],
            offsets=[(-7, 7), (0, 21), (21, 14), (35, 30)],
        )
        _module(staff, Module.Kind.SURVEY, "Befragung der Beschäftigten", 1, "", "staff")
        if new:
            administration.publish_project(None, staff)
    return [("Beschäftigte (interne Beteiligung)", EMPLOYEE[0])]
