"""Demo content of an idea collection: ``fill_ideas(collection, authors, count=40)`` fills a
given collection (of a published project with a running phase, or not) with ideas at every
status, with public reasons, supports, comments, an offline idea of each channel, a merged
duplicate and a withdrawn idea. Called by the main demo (inside the organisation's scope,
or it opens it); deterministic, so that the demo looks the same on every ``make run``."""

import random
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_scopes import scope

from mitwirken.comments.models import Comment

from .models_ideas import Idea, StatusChange, Support

Status, Channel = Idea.Status, Idea.Channel

IDEAS = [
    ("Tempo 30 in der Hauptstraße", "Vor der Grundschule fahren viele zu schnell."),
    ("Mehr Fahrradbügel am Bahnhof", "Morgens ist jeder Bügel belegt, Räder stehen im Weg."),
    ("Sitzbänke am Marktplatz", "Ältere Menschen brauchen Pausen beim Einkaufen."),
    ("Zebrastreifen an der Kita", "Eltern queren mit Kinderwagen zwischen parkenden Autos."),
    ("Carsharing-Station im Quartier", "Viele würden ihr Zweitauto abschaffen."),
    ("Lastenrad zum Ausleihen", "Für den Wocheneinkauf ohne Auto."),
    ("Bäume in der Lindenstraße", "Im Sommer ist es dort unerträglich heiß."),
    ("Breitere Gehwege", "Mit Rollator kommt man an den Mülltonnen nicht vorbei."),
    ("Busanbindung am Abend", "Nach 20 Uhr fährt kein Bus mehr ins Quartier."),
    ("Spielstraße am Wochenende", "Sonntags die Schulstraße für Kinder öffnen."),
    ("Ampelphasen für Fußgänger verlängern", "Die Grünphase reicht nicht über die Kreuzung."),
    ("Radweg zur Innenstadt", "Der Radweg endet plötzlich an der Brücke."),
    ("Parkhaus statt Straßenparken", "So würde Platz für Grün und Gehwege frei."),
    ("Mitfahrbank am Ortsrand", "Eine Bank, auf der man mitgenommen wird."),
    ("Beleuchtung im Park", "Abends meiden viele den Weg durch den Park."),
    ("Trinkbrunnen am Spielplatz", "Im Sommer fehlt Wasser für Kinder."),
    ("Bordsteine absenken", "Für Rollstühle und Kinderwagen an allen Kreuzungen."),
    ("Schulweg-Lotsen", "Ehrenamtliche begleiten Kinder an gefährlichen Stellen."),
    ("Quartiersgarage für Fahrräder", "Sichere Abstellplätze für Anwohnende ohne Keller."),
    ("Weniger Durchgangsverkehr", "Navigationsgeräte führen Lkw durch Wohnstraßen."),
]

REASONS = {
    Status.IN_REVIEW: "Das Tiefbauamt prüft die Idee und meldet sich bis Ende des Quartals.",
    Status.ACCEPTED: "Die Idee wird umgesetzt; die Mittel stehen im Haushalt des nächsten Jahres.",
    Status.PARTLY_ACCEPTED: (
        "Ein Teil ist möglich: Wir beginnen an zwei Stellen; der Rest scheitert am Platz."
    ),
    Status.NOT_PURSUED: (
        "Die Straße ist eine Landesstraße; hier entscheidet nicht die Stadt. Wir haben die "
        "Idee an das Land weitergegeben."
    ),
    Status.IMPLEMENTED: "Seit dem Frühjahr fertig – danke für den Hinweis!",
}

# The status each idea reaches, in turn (so that every status is there), and the way to it.
PATHS = {
    Status.RECEIVED: [],
    Status.IN_REVIEW: [Status.IN_REVIEW],
    Status.ACCEPTED: [Status.IN_REVIEW, Status.ACCEPTED],
    Status.PARTLY_ACCEPTED: [Status.IN_REVIEW, Status.PARTLY_ACCEPTED],
    Status.NOT_PURSUED: [Status.IN_REVIEW, Status.NOT_PURSUED],
    Status.IMPLEMENTED: [Status.IN_REVIEW, Status.ACCEPTED, Status.IMPLEMENTED],
}
COMMENTS = [
    "Sehr gute Idee, das wünsche ich mir schon lange.",
    "Ich sehe das anders: Dann fehlen Parkplätze für die Geschäfte.",
    "Gibt es dazu schon Zahlen von der Verwaltung?",
    "Bitte auch an die Menschen mit Rollator denken.",
]


def fill_ideas(collection, authors, count=40, *, decided_by=None, seed=12) -> list[Idea]:
    """Fill ``collection`` with ``count`` ideas by ``authors`` (users with verified
    addresses), at every status; ``decided_by``: the member of staff in the trail."""
    organisation = collection.module.project.organisation
    with scope(organisation=organisation):
        return _fill(collection, list(authors), count, decided_by, random.Random(seed))


def _fill(collection, authors, count, decided_by, rng) -> list[Idea]:
    project = collection.module.project
    categories = list(collection.categories.all()) or [None]
    districts = list(project.districts.all()) or [None]
    statuses = list(PATHS)
    offline = [Channel.LETTER, Channel.PHONE, Channel.WORKSHOP]
    now = timezone.now()
    ideas = []
    for n in range(count):
        title, text = IDEAS[n % len(IDEAS)]
        if n >= len(IDEAS):
            title = f"{title} ({districts[n % len(districts)] or 'Quartier'})"
        channel = offline[(n // 9) % 3] if n % 9 == 8 else Channel.ONLINE
        created = now - timedelta(days=count - n, hours=rng.randrange(12))
        idea = Idea.objects.create(
            collection=collection,
            author=authors[n % len(authors)] if channel == Channel.ONLINE and authors else None,
            entered_by=decided_by if channel != Channel.ONLINE else None,
            title=title[:150],
            text=text,
            category=categories[n % len(categories)],
            district=districts[(n * 7) % len(districts)],
            channel=channel,
            created_at=created,
            received_on=timezone.localtime(created).date(),
        )
        for step, status in enumerate(PATHS[statuses[n % len(statuses)]]):
            StatusChange.objects.create(
                idea=idea,
                from_status=idea.status,
                to_status=status,
                reason=REASONS[status],
                decided_by=decided_by,
                created_at=created + timedelta(days=3 + 5 * step),
            )
            idea.status = status
        idea.save(update_fields=["status"])
        ideas.append(idea)
    _supports_and_comments(ideas, authors, rng)
    if len(ideas) >= 4:
        _merge_and_withdraw(ideas, decided_by)
    return ideas


def _supports_and_comments(ideas, authors, rng) -> None:
    idea_type = ContentType.objects.get_for_model(Idea)
    organisation = ideas[0].collection.module.project.organisation if ideas else None
    supports, comments = [], []
    for idea in ideas:
        for person in rng.sample(authors, rng.randrange(len(authors) + 1)) if authors else []:
            supports.append(Support(idea=idea, user=person, created_at=idea.created_at))
        for k in range(rng.randrange(3) if authors else 0):
            comments.append(
                Comment(
                    organisation=organisation,
                    content_type=idea_type,
                    object_id=idea.pk,
                    author=authors[(idea.pk + k) % len(authors)],
                    text=COMMENTS[(idea.pk + k) % len(COMMENTS)],
                    created_at=idea.created_at + timedelta(hours=5 + k),
                )
            )
    Support.objects.bulk_create(supports, ignore_conflicts=True)
    Comment.objects.bulk_create(comments)


def _merge_and_withdraw(ideas, decided_by) -> None:
    """The last received idea is a duplicate of the first; one more is withdrawn."""
    received = [idea for idea in ideas if idea.status == Status.RECEIVED]
    if len(received) >= 3:
        duplicate, target = received[-1], received[0]
        for support in Support.objects.filter(idea=duplicate):
            Support.objects.get_or_create(idea=target, user_id=support.user_id)
        Support.objects.filter(idea=duplicate).delete()
        duplicate.merged_into = target
        duplicate.save(update_fields=["merged_into"])
        StatusChange.objects.create(
            idea=duplicate,
            from_status=duplicate.status,
            to_status=duplicate.status,
            merged_into=target,
            reason="Beide Ideen meinen dasselbe; ihre Unterstützungen zählen jetzt zusammen.",
            decided_by=decided_by,
        )
        withdrawn = received[-2]
        if withdrawn.author_id:
            withdrawn.withdrawn_at = withdrawn.created_at + timedelta(days=1)
            withdrawn.save(update_fields=["withdrawn_at"])


DEMO_CATEGORIES = {
    "quarter": ["Rad und Fuß", "Bus und Bahn", "Auto und Parken", "Plätze und Grün"],
    "market": ["Grün und Schatten", "Sitzen und Verweilen", "Markt und Handel"],
}
DEMO_COUNTS = {"quarter": 40, "market": 12}
DEMO_CITIZENS = [
    (f"buerger{number}@demo.mitwirken.example", name)
    for number, name in enumerate(
        ["Nachbarin Nord", "Kanalufer-Kalle", "Schulweg-Mama", "Pendler_42", "Oma Ilse"], 1
    )
]


def fill_demo(module, role) -> None:
    """The demo projects' idea collections (``participation.demo.register_module_demo``):
    categories, and ideas by the demo participants and a few more citizens, decided by the
    city's moderation."""
    from django.contrib.auth import get_user_model

    from mitwirken.organisations.demo import demo_person

    from .models_ideas import Category, IdeaCollection

    collection = IdeaCollection.objects.get(module=module)
    for position, name in enumerate(DEMO_CATEGORIES.get(role, [])):
        Category.objects.get_or_create(
            collection=collection, name=name, defaults={"position": position}
        )
    people = get_user_model().objects
    authors = [
        people.get(email=email)
        for email in (
            "teilnehmerin@demo.mitwirken.example",
            "teilnehmer@demo.mitwirken.example",
        )
        if people.filter(email=email).exists()
    ] + [demo_person(email, name) for email, name in DEMO_CITIZENS]
    fill_ideas(
        collection,
        authors,
        DEMO_COUNTS.get(role, 20),
        decided_by=people.filter(email="moderation.stadt@demo.mitwirken.example").first(),
    )
