"""Demo networks from the seeds: the network of municipal participation officers (seed 003,
active since 2013, on application) and the working group "Innovationsdialog
Bürgerbeteiligung" (seed 001: by invitation, its goal, five topics and four guiding questions,
concluded after two years). Members, meetings and notes come from the other parts."""

from django_scopes import scope

from mitwirken.networks.models import Audience, GuidingQuestion, Network, Topic
from mitwirken.organisations.models import Organisation

OFFICERS = {
    "name": "Netzwerk kommunale Partizipationsbeauftragte",
    "kind": Network.Kind.NETWORK,
    "status": Network.Status.ACTIVE,
    "join_policy": Network.JoinPolicy.APPLICATION,
    "teaser": "Vertrauensvoller kollegialer Austausch und gegenseitige Unterstützung seit 2013.",
    "description": (
        "Im Netzwerk kommunale Partizipationsbeauftragte haben sich im Jahr 2013 "
        "Verwaltungsmitarbeiterinnen und -mitarbeiter zusammengeschlossen, deren Auftrag es "
        "ist, die Bürgerbeteiligung in ihrer Kommune voranzubringen und strategisch zu "
        "entwickeln.\n\n"
        "Im Rahmen des Netzwerks soll die Arbeit der Partizipationsbeauftragten systematisch "
        "vorangebracht werden. Das Netzwerk bietet die Möglichkeit zum vertrauensvollen "
        "kollegialen Austausch und zur gegenseitigen Unterstützung.\n\n"
        "## Was die Mitglieder vom Netzwerk erwarten\n\n"
        "- einen Austausch zu den Leitlinien\n"
        "- gegenseitige Impulse\n"
        "- Expertise in Umsetzbarkeit und Umsetzung von Projekten"
    ),
    "goal": (
        "Gemeinsam wollen die Partizipationsbeauftragten ein Selbstverständnis des neuen "
        "Berufsfeldes herausbilden."
    ),
    "term_from": 2013,
    "meeting_rhythm": "einmal im Jahr, dazwischen Online-Treffen",
    "contact_name": "Netzwerkstelle Bürgerbeteiligung",
    "contact_email": "kontakt@netzwerk-partizipation.example",
    "members_audience": Audience.MEMBERS,
    "discussion_audience": Audience.MEMBERS,
    "documents_audience": Audience.MEMBERS,
    "notes_audience": Audience.PUBLIC,
}
OFFICERS_TOPICS = [
    ("Strukturelle Verankerung von Beteiligung", "Leitlinien, Stabsstellen, Fortbildung"),
    ("Selbstverständnis des Berufsfeldes", "Was Partizipationsbeauftragte tun und brauchen"),
]

DIALOGUE = {
    "name": "Innovationsdialog Bürgerbeteiligung",
    "kind": Network.Kind.WORKING_GROUP,
    "status": Network.Status.CONCLUDED,
    "join_policy": Network.JoinPolicy.INVITATION,
    "teaser": "Ein Arbeitskreis für Vordenker aus der Verwaltung.",
    "description": (
        "Die Mitglieder tragen Praxiswissen und eigene Beteiligungserfahrungen zusammen. Ihr "
        "Ziel ist es, zu einer bürgerorientierten Verwaltungspraxis und einer neuen Dialog- "
        "und Beteiligungskultur beizutragen.\n\n"
        "Alle Mitglieder haben bereits Bürgerbeteiligungsprojekte durchgeführt und "
        "Praxiserfahrungen gesammelt. In einem Zeitraum von zwei Jahren trafen sie sich drei "
        "Mal im Jahr.\n\n"
        "## Ergebnisse\n\n"
        "Die wichtigsten Erkenntnisse und Handlungsempfehlungen sind in der Publikation "
        "„Behörden beteiligen Bürger. Strategien, Praxistipps und Erfolgsfaktoren für eine "
        "neue Beteiligungskultur“ zusammengefasst. Auf der Fachtagung am 28. November 2013 in "
        "Berlin stellten die Mitglieder ihre Ergebnisse vor."
    ),
    "goal": (
        "Wir wollen unsere Erfahrungen und unser Wissen über wirksame Bürgerbeteiligung "
        "untereinander austauschen, an andere weitergeben und so zu einer neuen Dialog- und "
        "Beteiligungskultur und einer bürgerorientierten Verwaltungspraxis beitragen. (So "
        "formulierten es die Mitglieder auf ihrer Gründungsveranstaltung.)"
    ),
    "term_from": 2012,
    "term_until": 2013,
    "meeting_rhythm": "drei Mal im Jahr",
    "members_audience": Audience.PUBLIC,
    "discussion_audience": Audience.MEMBERS,
    "documents_audience": Audience.MEMBERS,
    "notes_audience": Audience.PUBLIC,
}
DIALOGUE_TOPICS = [
    ("Methoden", "Formelle und informelle Verfahren der Bürgerbeteiligung"),
    ("Nutzen", "Nutzen von Bürgerbeteiligung, Chancen und Risiken für Politik und Verwaltung"),
    (
        "Qualität",
        "Qualität von Bürgerbeteiligung, Erfolgsfaktoren, Vorbereitung und Rahmenbedingungen",
    ),
    (
        "Mentalitätswandel",
        "Aufbau einer neuen Beteiligungskultur in Politik und Verwaltung, Verankerung in der "
        "Organisation",
    ),
    ("Kompetenzaufbau", "Kompetenzaufbau in der Verwaltung, personelle und finanzielle Ressourcen"),
]
DIALOGUE_QUESTIONS = [
    "Wie gelingt echte Teilhabe und welche Faktoren sind für den Erfolg von Bürgerbeteiligung "
    "entscheidend?",
    "Wo liegen die Chancen und Risiken von Bürgerbeteiligung?",
    "Wie entsteht eine neue Kultur innerhalb der Verwaltung, die den Mitarbeiterinnen und "
    "Mitarbeitern ein flexibleres und bürgerorientierteres Arbeiten ermöglicht?",
    "Welche Kompetenzen brauchen Verwaltungskräfte und wie können diese aufgebaut werden?",
]


def _network(organisation, fields, topics=(), questions=()) -> None:
    if Network.objects.filter(organisation=organisation, name=fields["name"]).exists():
        return
    network = Network.objects.create(organisation=organisation, **fields)
    Topic.objects.bulk_create(
        Topic(network=network, position=number, name=name, text=text)
        for number, (name, text) in enumerate(topics, start=1)
    )
    GuidingQuestion.objects.bulk_create(
        GuidingQuestion(network=network, position=number, text=text)
        for number, text in enumerate(questions, start=1)
    )


def load() -> None:
    officers = Organisation.objects.get(slug="netzwerk-partizipation")
    ministry = Organisation.objects.get(slug="ministerium-inneres")
    with scope(organisation=officers):
        _network(officers, OFFICERS, OFFICERS_TOPICS)
    with scope(organisation=ministry):
        _network(ministry, DIALOGUE, DIALOGUE_TOPICS, DIALOGUE_QUESTIONS)
