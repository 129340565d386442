"""The survey module's demo content (``participation.demo.register_module_demo``): for the
city's "Beweg Dein Quartier" a survey on mobility in the quarter (every kind of question, on
four pages, with conditions and voluntary questions about who answered, with the census
shares), 300 generated responses, its results published; for the ministry's internal staff
survey nine questions and 60 responses, one of them the demo employee's.

The responses are drawn with a seeded random generator (the same every time), posted as the
form values a browser would send, evaluated like a page (``answering.evaluate``: the
conditions decide what is asked) and submitted through ``services.submit``. The responses of
an anonymous survey carry only their day; the demo spreads them over the days the survey has
been open."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from mitwirken.questionnaires.models import Response

from .. import access
from ..models_surveys import Survey
from . import answering, services
from .queries import questions_of

QUARTER_RESPONSES = 300
STAFF_RESPONSES = 60

AGES = ["unter 18", "18 bis 29", "30 bis 49", "50 bis 64", "65 und älter"]
AGE_SHARES = ["17", "16", "27", "21", "19"]  # the census (Nordviertel)
AGE_WEIGHTS = [3, 12, 38, 30, 17]  # who answered: the young are hard to reach (seed 002)
GENDERS = ["weiblich", "männlich", "divers", "keine Angabe"]
GENDER_SHARES = ["50.8", "48.7", "0.5", ""]
DISTRICT_SHARES = ["34", "26", "22", "18"]
DISTRICT_WEIGHTS = [40, 30, 12, 18]
SOURCE = "Zensus 2022, Stadt Musterstadt (Nordviertel)"

MODES = ["Zu Fuß", "Fahrrad", "Bus und Bahn", "Auto", "E-Scooter oder anderes"]
WEEKLY = ["zu Fuß", "Fahrrad", "Bus und Bahn", "Auto", "Carsharing", "E-Scooter"]
AGREE = {"min": 1, "max": 5, "min_label": "stimme gar nicht zu", "max_label": "stimme voll zu"}


def _scale(low, high, low_label, high_label):
    return {"min": low, "max": high, "min_label": low_label, "max_label": high_label}


# (key, kind, label, help text, options, config, condition: (key, [option labels | bool]))
QUARTER_QUESTIONS = [
    ("s1", "section", "Ihre Wege im Quartier", "Wie Sie sich heute im Nordviertel bewegen."),
    ("mode", "single_choice", "Wie sind Sie im Nordviertel meistens unterwegs?", "", MODES),
    (
        "weekly",
        "multiple_choice",
        "Welche Verkehrsmittel nutzen Sie mindestens einmal in der Woche?",
        "",
        WEEKLY,
        {"max_choices": 4},
    ),
    (
        "bus",
        "scale",
        "Wie zufrieden sind Sie mit Bus und Bahn im Nordviertel?",
        "",
        (),
        _scale(1, 5, "sehr unzufrieden", "sehr zufrieden"),
        ("mode", ["Bus und Bahn"]),
    ),
    (
        "racks",
        "short_text",
        "Wo fehlen Ihnen Fahrradbügel?",
        "Eine Straße oder ein Ort genügt.",
        (),
        None,
        ("weekly", ["Fahrrad"]),
    ),
    ("car", "yes_no", "Hat Ihr Haushalt ein eigenes Auto?"),
    (
        "car_use",
        "single_choice",
        "Wie oft nutzen Sie das Auto?",
        "",
        ["täglich", "mehrmals in der Woche", "einmal in der Woche", "seltener"],
        None,
        ("car", [True]),
    ),
    (
        "minutes",
        "number",
        "Wie viele Minuten brauchen Sie für Ihren Weg zur Arbeit, Schule oder Ausbildung?",
        "Der einfache Weg. Leer lassen, wenn Sie keinen solchen Weg haben.",
        (),
        {"min": 0, "max": 300},
    ),
    ("moved", "date", "Seit wann wohnen Sie im Nordviertel?", "Ungefähr genügt."),
    ("s2", "section", "Sicherheit und Aufenthalt", "Wie es sich im Quartier anfühlt."),
    (
        "safe",
        "scale",
        "Wie sicher fühlen Sie sich zu Fuß im Nordviertel?",
        "",
        (),
        _scale(1, 5, "gar nicht sicher", "sehr sicher"),
    ),
    (
        "rating",
        "matrix",
        "Wie bewerten Sie im Nordviertel …",
        "",
        (),
        {
            "rows": [
                "die Gehwege",
                "die Radwege",
                "die Beleuchtung am Abend",
                "die Querungen der Hauptstraße",
                "die Plätze zum Verweilen",
            ],
            **_scale(1, 5, "sehr schlecht", "sehr gut"),
        },
    ),
    (
        "recommend",
        "scale",
        "Wie wahrscheinlich würden Sie das Nordviertel als Wohnort empfehlen?",
        "",
        (),
        _scale(0, 10, "gar nicht wahrscheinlich", "äußerst wahrscheinlich"),
    ),
    (
        "danger",
        "yes_no",
        "Haben Sie in den letzten zwölf Monaten eine gefährliche Situation im Verkehr erlebt?",
    ),
    (
        "danger_where",
        "long_text",
        "Wo war das, und was ist passiert?",
        "",
        (),
        None,
        ("danger", [True]),
    ),
    (
        "missing",
        "multiple_choice",
        "Was fehlt Ihnen auf Plätzen und Straßen?",
        "",
        ["Bänke", "Bäume und Schatten", "Trinkbrunnen", "Spielflächen", "Beleuchtung"],
        {"max_choices": 3},
    ),
    ("s3", "section", "Was sich ändern soll", "Wo das Budget von 450.000 Euro hingehen soll."),
    (
        "priorities",
        "ranking",
        "Was sollte zuerst angegangen werden?",
        "",
        [
            "Sichere Schulwege",
            "Mehr Grün",
            "Fahrradstraßen",
            "Weniger Durchgangsverkehr",
            "Bessere Busanbindung",
        ],
    ),
    (
        "street",
        "single_choice",
        "Welche Straße soll zuerst verkehrsberuhigt werden?",
        "",
        ["Lindenstraße", "Schulstraße", "Kanalweg", "Bahnhofstraße"],
    ),
    (
        "parking",
        "scale",
        "Weniger Parkplätze, dafür mehr Bäume und Bänke: Wie stehen Sie dazu?",
        "",
        (),
        AGREE,
    ),
    ("idea", "short_text", "Ihr wichtigster Vorschlag in einem Satz"),
    ("remarks", "long_text", "Was möchten Sie uns sonst noch sagen?"),
    ("workshop", "yes_no", "Möchten Sie beim Ideen-Workshop im Stadtteilzentrum mitmachen?"),
    (
        "s4",
        "section",
        "Über Sie (freiwillig)",
        "Diese Angaben sind freiwillig. Sie zeigen uns, wen wir erreicht haben und wen noch nicht.",
    ),
    ("age", "single_choice", "Wie alt sind Sie?", "", AGES),
    ("gender", "single_choice", "Ihr Geschlecht", "", GENDERS),
    ("district", "single_choice", "In welchem Teil des Quartiers wohnen Sie?", ""),
    (
        "household",
        "number",
        "Wie viele Menschen leben in Ihrem Haushalt, Sie eingeschlossen?",
        "",
        (),
        {"min": 1, "max": 20},
    ),
    (
        "heard",
        "multiple_choice",
        "Wie haben Sie von der Umfrage erfahren?",
        "",
        ["Plakat", "Zeitung", "Schule", "Website der Stadt", "Nachbarschaft", "Soziale Medien"],
    ),
]

STAFF_QUESTIONS = [
    (
        "department",
        "single_choice",
        "In welcher Abteilung arbeiten Sie?",
        "",
        [
            "Zentrale Dienste",
            "Öffentliche Sicherheit",
            "Kommunales",
            "Digitalisierung",
            "Stabsstellen",
        ],
    ),
    (
        "cooperation",
        "scale",
        "Wie gut gelingt die Zusammenarbeit zwischen den Abteilungen?",
        "",
        (),
        _scale(1, 5, "sehr schlecht", "sehr gut"),
    ),
    (
        "satisfaction",
        "matrix",
        "Wie zufrieden sind Sie mit …",
        "",
        (),
        {
            "rows": [
                "dem Informationsfluss",
                "der Besprechungskultur",
                "den digitalen Werkzeugen",
                "der Vereinbarkeit von Beruf und Familie",
            ],
            **_scale(1, 5, "sehr unzufrieden", "sehr zufrieden"),
        },
    ),
    ("mobile", "yes_no", "Arbeiten Sie regelmäßig mobil?"),
    (
        "mobile_days",
        "number",
        "An wie vielen Tagen in der Woche?",
        "",
        (),
        {"min": 1, "max": 5},
        ("mobile", [True]),
    ),
    (
        "topics",
        "ranking",
        "Welche Themen soll die Konferenz bearbeiten?",
        "",
        [
            "Die elektronische Akte",
            "Mobiles Arbeiten",
            "Wissen weitergeben",
            "Führung",
            "Gesundheit",
        ],
    ),
    (
        "easier",
        "multiple_choice",
        "Was würde Ihre Arbeit am meisten erleichtern?",
        "",
        ["Weniger Abstimmungsschleifen", "Bessere Technik", "Klare Zuständigkeiten", "Fortbildung"],
        {"max_choices": 2},
    ),
    (
        "years",
        "single_choice",
        "Wie lange arbeiten Sie schon im Ministerium?",
        "",
        [
            "weniger als zwei Jahre",
            "zwei bis zehn Jahre",
            "mehr als zehn Jahre",
        ],
    ),
    ("message", "long_text", "Was möchten Sie der Hausleitung mitgeben?"),
]

PHRASES = {
    "racks": ["Am Bahnhof", "Vor der Bäckerei in der Lindenstraße", "Am Schulhof", "Kanalweg"],
    "danger_where": [
        "An der Kreuzung Hauptstraße/Lindenstraße: ein Auto ist bei Rot gefahren.",
        "Vor der Schule parken morgens Autos auf dem Gehweg, die Kinder laufen auf der Straße.",
        "Am Kanalweg ist es abends so dunkel, dass ich fast mit einem Radfahrer "
        "zusammengestoßen bin.",
    ],
    "idea": [
        "Eine Fahrradstraße durch das Schulviertel.",
        "Mehr Bäume in der Bahnhofstraße.",
        "Tempo 30 auf der ganzen Lindenstraße.",
        "Ein Zebrastreifen am Stadtteilzentrum.",
        "Bänke am Kanalufer.",
    ],
    "remarks": [
        "Danke, dass Sie fragen!",
        "Bitte auch an ältere Menschen mit Rollator denken: die Bordsteine sind zu hoch.",
        "Die Busse fahren abends zu selten.",
        "Lieferverkehr in zweiter Reihe ist das größte Problem.",
    ],
    "message": [
        "Weniger Mails, mehr Gespräche.",
        "Die E-Akte braucht bessere Schulungen.",
        "Mobiles Arbeiten hat sich bewährt, bitte beibehalten.",
    ],
}


def fill(module, role) -> None:
    """The demo's survey of ``module`` (``role``: "quarter" or "staff"; others: nothing)."""
    survey = Survey.objects.select_related("module__project__organisation").get(module=module)
    if role == "quarter":
        _quarter(survey)
    elif role == "staff":
        _staff(survey)


def _add(survey, spec, districts=()) -> object:
    key, kind, label, *rest = spec
    help_text = rest[0] if rest else ""
    options = list(rest[1]) if len(rest) > 1 else []
    config = dict(rest[2] or {}) if len(rest) > 2 else {}
    if key == "district":
        options = list(districts)
    return services.add_question(
        None,
        survey,
        kind=kind,
        label=label,
        help_text=help_text,
        required=False,
        options=[(text, None) for text in options],
        config=config,
    )


def _build(survey, specs, districts=()) -> dict:
    """The questions of ``specs`` with their conditions; {key: question}."""
    made = {}
    for spec in specs:
        made[spec[0]] = _add(survey, spec, districts)
    for spec in specs:
        condition = spec[6] if len(spec) > 6 else None
        if condition is None:
            continue
        target = made[condition[0]]
        values = [
            value
            if isinstance(value, bool)
            else next(c.pk for c in target.choices.all() if c.label == value)
            for value in condition[1]
        ]
        services.set_condition(None, survey, made[spec[0]], on_question=target, values=values)
    return made


def _read(survey, made) -> dict:
    """{key: question} as read for answering (in order, with their options: no query per
    drawn answer)."""
    read = {question.pk: question for question in questions_of(survey)}
    return {key: read[question.pk] for key, question in made.items()}


class _Respondent:
    """Draws one person's form values, question by question (the answers they gave so far
    decide what they are asked: a value is drawn only for a question shown)."""

    def __init__(self, rnd, questions):
        self.rnd = rnd
        self.raw = {}
        self.questions = questions

    def set(self, question, **values):
        self.raw[str(question.pk)] = {key: [str(v) for v in vs] for key, vs in values.items()}

    def one(self, question, weights=None, skip=0.0):
        if self.rnd.random() < skip:
            return None
        options = list(question.choices.all())
        option = self.rnd.choices(options, weights=weights)[0]
        self.set(question, **{f"q{question.pk}": [option.pk]})
        return option.label

    def some(self, question, most, skip=0.0, prefer=()):
        if self.rnd.random() < skip:
            return []
        options = list(question.choices.all())
        count = self.rnd.randint(1, most)
        picked = [o for o in options if o.label in prefer][:count]
        others = [o for o in options if o not in picked]
        picked += self.rnd.sample(others, count - len(picked))
        self.set(question, **{f"q{question.pk}": [o.pk for o in picked]})
        return [o.label for o in picked]

    def scale(self, question, low, high, centre, skip=0.0):
        if self.rnd.random() < skip:
            return None
        value = max(low, min(high, round(self.rnd.gauss(centre, (high - low) / 4))))
        self.set(question, **{f"q{question.pk}": [value]})
        return value

    def matrix(self, question, centres):
        values = {}
        for index, centre in enumerate(centres):
            if self.rnd.random() < 0.9:
                values[f"q{question.pk}_{index}"] = [
                    max(1, min(5, round(self.rnd.gauss(centre, 1))))
                ]
        if values:
            self.set(question, **values)

    def ranking(self, question, order):
        options = sorted(
            question.choices.all(),
            key=lambda o: order.index(o.label) + self.rnd.uniform(-2.5, 2.5),
        )
        self.set(
            question,
            **{f"q{question.pk}_{o.pk}": [rank] for rank, o in enumerate(options, start=1)},
        )

    def yes(self, question, chance):
        value = self.rnd.random() < chance
        self.set(question, **{f"q{question.pk}": ["yes" if value else "no"]})
        return value

    def number(self, question, low, high, skip=0.0):
        if self.rnd.random() < skip:
            return None
        self.set(question, **{f"q{question.pk}": [self.rnd.randint(low, high)]})

    def text(self, question, key, chance):
        if self.rnd.random() < chance:
            self.set(question, **{f"q{question.pk}": [self.rnd.choice(PHRASES[key])]})

    def date(self, question, skip=0.0):
        if self.rnd.random() < skip:
            return
        day = datetime.date(2026, 10, 1) - datetime.timedelta(days=self.rnd.randint(30, 15000))
        self.set(question, **{f"q{question.pk}": [day.isoformat()]})


def _quarter_answers(rnd, q, questions) -> dict:
    r = _Respondent(rnd, questions)
    age = r.one(q["age"], AGE_WEIGHTS, skip=0.08)
    older = age in ("50 bis 64", "65 und älter")
    mode = r.one(q["mode"], [30, 24, 20, 22, 4] if not older else [34, 12, 26, 26, 2])
    prefer = {
        "Zu Fuß": ["zu Fuß"],
        "Fahrrad": ["Fahrrad"],
        "Bus und Bahn": ["Bus und Bahn"],
        "Auto": ["Auto"],
    }.get(mode, ["E-Scooter"])
    weekly = r.some(q["weekly"], 3, prefer=prefer)
    if mode == "Bus und Bahn":
        r.scale(q["bus"], 1, 5, 2.6)
    if "Fahrrad" in weekly:
        r.text(q["racks"], "racks", 0.6)
    car = r.yes(q["car"], 0.75 if mode == "Auto" else 0.45)
    if car:
        r.one(q["car_use"], [45, 30, 15, 10] if mode == "Auto" else [5, 20, 30, 45])
    r.number(q["minutes"], 5, 60, skip=0.2)
    r.date(q["moved"], skip=0.3)
    r.scale(q["safe"], 1, 5, 3.1 if not older else 2.6)
    r.matrix(q["rating"], [3.2, 2.3, 2.5, 1.9, 2.8])
    r.scale(q["recommend"], 0, 10, 7.0, skip=0.05)
    if r.yes(q["danger"], 0.38):
        r.text(q["danger_where"], "danger_where", 0.7)
    r.some(q["missing"], 3, skip=0.1, prefer=["Bäume und Schatten"] if rnd.random() < 0.5 else [])
    r.ranking(
        q["priorities"],
        [
            "Sichere Schulwege",
            "Weniger Durchgangsverkehr",
            "Mehr Grün",
            "Fahrradstraßen",
            "Bessere Busanbindung",
        ],
    )
    r.one(q["street"], [40, 30, 15, 15], skip=0.1)
    r.scale(q["parking"], 1, 5, 2.7 if car else 4.0)
    r.text(q["idea"], "idea", 0.45)
    r.text(q["remarks"], "remarks", 0.2)
    r.yes(q["workshop"], 0.22)
    r.one(q["gender"], [52, 44, 1, 3], skip=0.1)
    r.one(q["district"], DISTRICT_WEIGHTS, skip=0.12)
    r.number(q["household"], 1, 5, skip=0.15)
    r.some(q["heard"], 2, skip=0.1)
    return r.raw


def _staff_answers(rnd, q, questions) -> dict:
    r = _Respondent(rnd, questions)
    r.one(q["department"], [25, 30, 20, 15, 10], skip=0.05)
    r.scale(q["cooperation"], 1, 5, 2.9)
    r.matrix(q["satisfaction"], [2.6, 2.9, 2.2, 3.8])
    if r.yes(q["mobile"], 0.7):
        r.number(q["mobile_days"], 1, 3)
    r.ranking(
        q["topics"],
        [
            "Die elektronische Akte",
            "Mobiles Arbeiten",
            "Führung",
            "Wissen weitergeben",
            "Gesundheit",
        ],
    )
    r.some(q["easier"], 2)
    r.one(q["years"], [20, 45, 35], skip=0.1)
    r.text(q["message"], "message", 0.3)
    return r.raw


def _answer(survey, questions, raw, participant) -> None:
    """Submit one person's form values as a page would: evaluated (the conditions decide what
    is kept), checked, recorded."""
    evaluation = answering.evaluate(questions, answering.clean_raw(raw))
    if evaluation.form.errors:  # the demo's own values: a mistake here is a bug
        raise ValueError(f"demo answers do not fit: {evaluation.form.errors.as_json()}")
    services.submit(survey, participant, evaluation.answers())


def _spread_over_days(survey, days: int) -> None:
    """The responses of an anonymous survey carry only their day: spread the demo's over the
    ``days`` the survey has been open, more at the start (midnight, as ``submit`` stamps)."""
    ids = list(
        Response.objects.filter(questionnaire_id=survey.questionnaire_id).values_list(
            "pk", flat=True
        )
    )
    today = services.start_of_day()
    by_day = {}
    rnd = random.Random(f"days-{survey.pk}")
    for pk in ids:
        back = min(days - 1, int(rnd.triangular(0, days, days * 0.85)))
        by_day.setdefault(back, []).append(pk)
    for back, pks in by_day.items():
        Response.objects.filter(pk__in=pks).update(
            submitted_at=today - datetime.timedelta(days=back)
        )


def _quarter(survey) -> None:
    project = survey.module.project
    districts = [district.name for district in project.districts.all()]
    q = _read(survey, _build(survey, QUARTER_QUESTIONS, districts))
    demographics = []
    for key, shares in (
        ("age", AGE_SHARES),
        ("gender", GENDER_SHARES),
        ("district", DISTRICT_SHARES),
    ):
        options = list(q[key].choices.all())
        demographics.append(
            {
                "question": q[key].pk,
                "shares": {
                    option.pk: share for option, share in zip(options, shares, strict=False)
                },
                "source": SOURCE,
            }
        )
    services.set_demographics(None, survey, demographics)
    questions = list(q.values())
    rnd = random.Random("beweg-dein-quartier")
    for _n in range(QUARTER_RESPONSES):
        _answer(survey, questions, _quarter_answers(rnd, q, questions), access.Participant())
    started = survey.module.phase.starts_on if survey.module.phase_id else None
    days = (timezone.localdate() - started).days + 1 if started else 20
    _spread_over_days(survey, max(1, min(days, 60)))
    services.update_survey(None, survey, results_public=True)


def _staff(survey) -> None:
    q = _read(survey, _build(survey, STAFF_QUESTIONS))
    questions = list(q.values())
    rnd = random.Random("beschaeftigtenkonferenz")
    employee = get_user_model().objects.filter(email="beschaeftigte@mik.musterland.example").first()
    for n in range(STAFF_RESPONSES):
        person = access.Participant(user=employee if n == 0 else None)
        _answer(survey, questions, _staff_answers(rnd, q, questions), person)
