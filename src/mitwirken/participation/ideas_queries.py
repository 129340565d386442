"""Reads of the idea collection with a constant number of queries: the list with its counts
(supports and comments as subqueries, not a query per idea), its sorts and filters, an idea
with its status trail."""

import secrets
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from mitwirken.comments.models import Comment

from .models_ideas import Category, Idea, IdeaCollection, StatusChange, Support

IDEAS_PER_PAGE = 20

SORT_NEWEST = "neueste"
SORT_SUPPORTED = "unterstuetzt"
SORT_DISCUSSED = "diskutiert"
SORT_RANDOM = "zufall"
SORTS = (SORT_RANDOM, SORT_NEWEST, SORT_SUPPORTED, SORT_DISCUSSED)

# The random order: a key computed by the database from the idea's id and the visitor's
# seed, the same on every page and every visit of that session, different for another
# visitor. Two rounds of arithmetic modulo the prime 2^31 - 1 (an affine map, then a square:
# not a monotone function of the id, so early ideas are not favoured); every product stays
# below 2^62, exact in PostgreSQL's bigint and SQLite's integers.
PRIME = 2_147_483_647
SEED_KEY = "ideas_random_seed"


@dataclass
class IdeaFilter:
    """The filters and the sort of the list, read from the query string (ids as numbers,
    anything else ignored)."""

    category: int | None = None
    district: int | None = None
    status: str = ""
    sort: str = SORT_RANDOM

    @classmethod
    def from_query(cls, query) -> "IdeaFilter":
        def number(name):
            value = query.get(name, "")
            return int(value) if value.isdigit() and len(value) <= 18 else None

        status = query.get("status", "")
        sort = query.get("sortierung", "")
        return cls(
            category=number("kategorie"),
            district=number("stadtteil"),
            status=status if status in Idea.Status.values else "",
            sort=sort if sort in SORTS else SORT_RANDOM,
        )


def seed_of(session) -> tuple[int, int]:
    """This visitor's seed of the random order (made once per session)."""
    seed = session.get(SEED_KEY)
    if not (isinstance(seed, list) and len(seed) == 2):
        seed = [secrets.randbelow(PRIME - 2) + 1, secrets.randbelow(PRIME)]
        session[SEED_KEY] = seed
    return seed[0], seed[1]


def random_key(seed: tuple[int, int]):
    multiplier, offset = seed
    mixed = (F("pk") % PRIME * Value(multiplier) + Value(offset)) % PRIME
    return (mixed * mixed + Value(offset)) % PRIME


# The counts' subqueries read through the plain manager (``_base_manager``): the outer query
# is already scoped to the ideas of one collection, and the scoped manager would join idea,
# collection, module and project once more for every idea (bench/ideas.py: 181 of 313 ms
# for the list by support at 10,000 ideas).


def _support_count():
    return Coalesce(
        Subquery(
            Support._base_manager.filter(idea=OuterRef("pk"))
            .order_by()
            .values("idea")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _comment_count():
    return Coalesce(
        Subquery(
            Comment._base_manager.filter(
                content_type=ContentType.objects.get_for_model(Idea),
                object_id=OuterRef("pk"),
                status=Comment.Status.VISIBLE,
            )
            .order_by()
            .values("object_id")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def with_counts(ideas):
    return ideas.annotate(support_count=_support_count(), comment_count=_comment_count())


LISTED = Q(withdrawn_at=None, hidden_at=None, merged_into=None)


def listed_ideas(collection, idea_filter: IdeaFilter, seed=(1, 0)):
    """The ids of the ideas of the list, in its order: not withdrawn, hidden or merged,
    filtered and sorted. Only what the order needs is computed for every idea (the key of
    the random order, or one count); a page reads its ideas with ``ideas_of_page``."""
    ideas = Idea.objects.filter(LISTED, collection=collection)
    if idea_filter.category:
        ideas = ideas.filter(category_id=idea_filter.category)
    if idea_filter.district:
        ideas = ideas.filter(district_id=idea_filter.district)
    if idea_filter.status:
        ideas = ideas.filter(status=idea_filter.status)
    if idea_filter.sort == SORT_NEWEST:
        ideas = ideas.order_by("-created_at", "-pk")
    elif idea_filter.sort == SORT_SUPPORTED:
        ideas = ideas.annotate(support_count=_support_count()).order_by(
            "-support_count", "-created_at", "-pk"
        )
    elif idea_filter.sort == SORT_DISCUSSED:
        ideas = ideas.annotate(comment_count=_comment_count()).order_by(
            "-comment_count", "-created_at", "-pk"
        )
    else:
        ideas = ideas.annotate(random_key=random_key(seed)).order_by("random_key", "pk")
    return ideas.values_list("pk", flat=True)


def ideas_of_page(ids) -> list[Idea]:
    """The ideas of one page of ``listed_ideas`` (their ids, in that order) with
    ``support_count`` and ``comment_count``, category and district: one query, the counts
    for these ideas only (not for every idea the database skips to reach a late page)."""
    ids = list(ids)
    found = {
        idea.pk: idea
        for idea in with_counts(Idea.objects.filter(pk__in=ids)).select_related(
            "category", "district"
        )
    }
    return [found[pk] for pk in ids if pk in found]


def collection_of(module):
    """The module's idea collection (made if an older module has none yet)."""
    collection, _created = IdeaCollection.objects.select_related(
        "module__project__organisation", "module__phase"
    ).get_or_create(module=module)
    return collection


def categories(collection):
    return list(Category.objects.filter(collection=collection))


def idea_of(collection, idea_id):
    """An idea of this collection (any state) with what its page shows, or None."""
    return (
        with_counts(Idea.objects.filter(collection=collection, pk=idea_id))
        .select_related("category", "district", "author", "merged_into")
        .first()
    )


def trail(idea) -> list[StatusChange]:
    return list(
        StatusChange.objects.filter(idea=idea)
        .select_related("merged_into")
        .order_by("created_at", "pk")
    )


def duplicates_of(idea) -> list[Idea]:
    return list(Idea.objects.filter(merged_into=idea).order_by("pk").only("pk", "title"))


def supports(user, idea) -> bool:
    return user.is_authenticated and Support.objects.filter(idea=idea, user=user).exists()


def summary(collection) -> dict:
    """The figures of the module's box on the project page (two queries)."""
    ideas = Idea.objects.filter(collection=collection, withdrawn_at=None, hidden_at=None)
    counts = ideas.aggregate(
        total=Count("pk", filter=Q(merged_into=None)),
        decided=Count(
            "pk",
            filter=Q(merged_into=None)
            & Q(
                status__in=[
                    Idea.Status.ACCEPTED,
                    Idea.Status.PARTLY_ACCEPTED,
                    Idea.Status.NOT_PURSUED,
                    Idea.Status.IMPLEMENTED,
                ]
            ),
        ),
    )
    newest = list(
        Idea.objects.filter(LISTED, collection=collection).order_by("-created_at", "-pk")[:3]
    )
    return {**counts, "newest": newest}


def staff_ideas(collection):
    """Every idea of the collection for the staff list, newest first, with counts."""
    return with_counts(
        Idea.objects.filter(collection=collection).select_related(
            "category", "district", "merged_into"
        )
    ).order_by("-created_at", "-pk")


def contributions_of(user) -> list:
    """'Meine Beteiligung': the person's ideas in every organisation, with their status
    (two queries)."""
    from django.utils.translation import gettext as _
    from django_scopes import scopes_disabled

    from .mine import Contribution

    if not user.is_authenticated:
        return []
    with scopes_disabled():  # one person, every organisation (SPANS_ORGANISATIONS)
        ideas = list(
            Idea.objects.filter(author=user).select_related(
                "collection__module__project__organisation"
            )
        )
    found = []
    for idea in ideas:
        if idea.withdrawn:
            status = _("Withdrawn")
        elif idea.is_hidden:
            status = _("Hidden by the moderation")
        elif idea.merged_into_id:
            status = _("Merged into another idea")
        else:
            status = idea.get_status_display()
        found.append(
            Contribution(
                project=idea.collection.module.project,
                kind=_("Idea"),
                title=idea.title,
                status=str(status),
                url=idea.get_absolute_url(),
                when=idea.created_at,
            )
        )
    return found
