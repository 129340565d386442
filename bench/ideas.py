"""Benchmark: the idea list of one idea collection at 10,000 ideas with supports and comments.

    uv run --frozen python bench/ideas.py [--requests 60] [--ideas 10000] [--small 1000]
    uv run --frozen python bench/ideas.py --sqlite     # the same on a SQLite file

What it does (see bench/README.md):

1. drops and creates the PostgreSQL database ``mitwirken_bench_ideas`` (``--sqlite``: a new
   SQLite file in a temporary directory instead), migrates, runs collectstatic into a
   temporary MITWIRKEN_VAR_DIR (DEBUG off, Redis cache);
2. seeds one organisation with a published public project (8 districts), an open idea
   module with 8 categories, 2,000 people, then ideas in bulk (``bulk_create``, then
   ``ANALYZE``): every idea with a category, a district and a status drawn, a creation time
   within 90 days, 3 % withdrawn, hidden or merged (not listed); supports 5 per idea on
   average (skewed: a few ideas get many), comments 2 per idea on average through
   ``comments.Comment`` (5 % hidden by the moderation). First ``--small`` ideas are measured,
   then the same database grown to ``--ideas`` and measured again;
3. measures in-process with Django's test Client (the whole middleware stack, no HTTP
   server), as an anonymous visitor with a session (the random order's seed): the module's
   page in each sort (random, newest, most supported, most discussed), filtered by category,
   district, status, all three combined, and the last page of the newest; each
   ``--requests`` times after a warm-up, interleaved with the baseline; p50/p95 and the
   number of SQL queries (on separate requests: with the cache emptied and as most requests
   get it), which at least 3 of 5 requests must make, the same at both sizes;
4. the baseline in the same run: bench's ``/bench/baseline-page/`` (a plain template over 20
   items, padded to the size of the idea page), after every request of a page; and once a
   round, for information, ``/bench/baseline-layout-page/`` (the same items in the site's
   layout, ``core/base.html`` with its context processors);
5. prints the table: p95 against the baseline page's p95 (target ≤ 3×), the query counts at
   both sizes. Exit status 1 on errors (a status other than 200, a page without its 20 ideas,
   query counts that vary); a missed target is printed as ``MISSED`` (``--strict``: exit 1).
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    bench_environment,
    drop_database,
    machine_busy,
    machine_summary,
    percentile,
    recreate_database,
    setup_django,
    table,
)

CATEGORIES = [
    "Verkehr",
    "Grün und Klima",
    "Spielen und Sport",
    "Sicherheit",
    "Kultur",
    "Wohnen",
    "Bildung",
    "Sonstiges",
]
DISTRICTS = [
    "Altstadt",
    "Nordviertel",
    "Südstadt",
    "Weststadt",
    "Oststadt",
    "Am Hafen",
    "Hochfeld",
    "Kirchdorf",
]
# Most ideas wait; fewer are decided (the draw's weights).
STATUSES = [
    ("received", 40),
    ("in_review", 25),
    ("accepted", 10),
    ("partly_accepted", 8),
    ("not_pursued", 10),
    ("implemented", 7),
]
TARGET_RATIO = 3.0
CARD = 'class="mw-card"'


class Seeder:
    def __init__(self, people=2000, seed=11):
        self.random = random.Random(seed)
        self.people_count = people
        self.ideas = 0

    def setup(self):
        from django.utils import timezone

        from mitwirken.accounts.models import User
        from mitwirken.organisations.models import Organisation
        from mitwirken.participation import ideas_services
        from mitwirken.participation.models import District, Module, Phase, Project
        from mitwirken.participation.models_ideas import Category, IdeaCollection
        from mitwirken.portal.platform import init_platform

        init_platform()
        self.organisation = Organisation.objects.create(
            name="Stadt Musterstadt",
            slug="musterstadt",
            legal_name="Stadt Musterstadt",
            street="Rathausplatz 1",
            postal_code="12345",
            city="Musterstadt",
            representative="Erika Muster",
            imprint_email="info@musterstadt.example",
            privacy_text="## Datenschutz",
            accessibility_contact="a11y@musterstadt.example",
        )
        today = timezone.localdate()
        self.project = Project.objects.create(
            organisation=self.organisation,
            title="Beweg Dein Quartier",
            status=Project.Status.PUBLISHED,
            access=Project.Access.PUBLIC,
        )
        self.districts = [
            District.objects.create(project=self.project, name=name, position=n)
            for n, name in enumerate(DISTRICTS)
        ]
        phase = Phase.objects.create(
            project=self.project,
            name="Ideen sammeln",
            starts_on=today - timedelta(days=90),
            ends_on=today + timedelta(days=30),
        )
        self.module = Module.objects.create(
            project=self.project, phase=phase, kind=Module.Kind.IDEAS, title="Ideensammlung"
        )
        ideas_services.module_created(self.module)
        self.collection = IdeaCollection.objects.get(module=self.module)
        self.categories = [
            Category.objects.create(collection=self.collection, name=name, position=n)
            for n, name in enumerate(CATEGORIES)
        ]
        self.people = User.objects.bulk_create(
            [
                User(
                    email=f"person{n}@example.org",
                    display_name=f"Person {n:04d}",
                    password="!",  # unusable: no hashing while seeding
                )
                for n in range(self.people_count)
            ]
        )

    def grow(self, total):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection
        from django.utils import timezone

        from mitwirken.comments.models import Comment
        from mitwirken.participation.models_ideas import Idea, Support

        rnd = self.random
        now = timezone.now()
        statuses, weights = zip(*STATUSES, strict=True)
        idea_type = ContentType.objects.get_for_model(Idea)
        while self.ideas < total:
            start = self.ideas
            count = min(2000, total - start)
            batch = []
            for n in range(start, start + count):
                created = now - timedelta(seconds=rnd.randint(60, 90 * 86400))
                roll = rnd.random()
                batch.append(
                    Idea(
                        collection=self.collection,
                        author=rnd.choice(self.people),
                        title=f"Idee {n:05d}: mehr Bänke und Bäume am Marktplatz",
                        text="Zum Ausruhen beim Einkaufen, im Schatten. " * 5,
                        category=rnd.choice(self.categories),
                        district=rnd.choice(self.districts),
                        status=rnd.choices(statuses, weights)[0],
                        created_at=created,
                        received_on=created.date(),
                        withdrawn_at=now if roll < 0.01 else None,
                        hidden_at=now if 0.01 <= roll < 0.02 else None,
                    )
                )
            ideas = Idea.objects.bulk_create(batch)
            for idea in ideas[::100]:  # 1 % merged into another idea of the batch
                idea.merged_into = ideas[(ideas.index(idea) + 1) % len(ideas)]
            Idea.objects.bulk_update([i for i in ideas if i.merged_into_id], ["merged_into"])
            supports, comments = [], []
            for idea in ideas:
                # Skewed: most ideas get a few supports, some many; mean about 5 (2 comments):
                # int() of an exponential has its mean less 0.5.
                k = min(len(self.people), int(rnd.expovariate(1 / 5.5)))
                supports += [
                    Support(idea=idea, user=user, created_at=idea.created_at)
                    for user in rnd.sample(self.people, k)
                ]
                for _ in range(int(rnd.expovariate(1 / 2.5))):
                    comments.append(
                        Comment(
                            organisation=self.organisation,
                            content_type=idea_type,
                            object_id=idea.pk,
                            author=rnd.choice(self.people),
                            text="Gute Idee, aber bitte auch an die Radwege denken.",
                            status="hidden" if rnd.random() < 0.05 else "visible",
                            created_at=idea.created_at + timedelta(hours=1),
                        )
                    )
            Support.objects.bulk_create(supports, batch_size=5000)
            Comment.objects.bulk_create(comments, batch_size=5000)
            self.ideas += count
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return {
            "ideas": Idea.objects.count(),
            "listed": Idea.objects.filter(
                withdrawn_at=None, hidden_at=None, merged_into=None
            ).count(),
            "supports": Support.objects.count(),
            "comments": Comment.objects.count(),
        }


class Failure(Exception):
    pass


def targets(seeder, listed):
    base = seeder.module.get_absolute_url()
    category, district = seeder.categories[2].pk, seeder.districts[3].pk
    last = (listed + 19) // 20
    return {
        "random": base,
        "newest": f"{base}?sortierung=neueste",
        "most supported": f"{base}?sortierung=unterstuetzt",
        "most discussed": f"{base}?sortierung=diskutiert",
        "category (random)": f"{base}?kategorie={category}",
        "district (newest)": f"{base}?stadtteil={district}&sortierung=neueste",
        "status (most supported)": f"{base}?status=in_review&sortierung=unterstuetzt",
        "category + district + status (most discussed)": (
            f"{base}?kategorie={category}&stadtteil={district}&status=received"
            "&sortierung=diskutiert"
        ),
        "newest, last page": f"{base}?sortierung=neueste&seite={last}",
    }


def run_scale(seeder, listed, requests, warmup):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages = targets(seeder, listed)
    visitor = Client(HTTP_HOST="127.0.0.1")
    anonymous = Client(HTTP_HOST="127.0.0.1")

    def get(client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise Failure(f"GET {url}: {response.status_code}")
        return response

    sizes = {}
    for name, url in pages.items():
        content = get(visitor, url).content
        cards = content.decode().count(CARD)
        if cards != 20 and "last page" not in name and "+" not in name:
            raise Failure(f"{url}: {cards} ideas on the page, not 20")
        if cards == 0:
            raise Failure(f"{url}: no idea on the page")
        sizes[name] = len(content)
    size = sizes["random"]
    baseline_url = f"/bench/baseline-page/?bytes={size}"
    times = {name: [] for name in pages}
    times["baseline page"] = []
    times["layout page (information)"] = []
    for round_number in range(warmup + requests):
        for name, url in pages.items():
            start = time.perf_counter()
            get(visitor, url)
            elapsed = time.perf_counter() - start
            if round_number >= warmup:
                times[name].append(elapsed)
            start = time.perf_counter()
            get(anonymous, baseline_url)
            elapsed = time.perf_counter() - start
            if round_number >= warmup:
                times["baseline page"].append(elapsed)
        start = time.perf_counter()
        get(anonymous, "/bench/baseline-layout-page/")
        elapsed = time.perf_counter() - start
        if round_number >= warmup:
            times["layout page (information)"].append(elapsed)
    results = {}
    for name, values in times.items():
        queries = "-"
        if name in pages:
            found = []
            for cached in (False, True):
                # Five requests; the count is the one at least three of them make. On the
                # busy machine a short-lived cache entry (the header, the organisation)
                # may expire between the warm-up and the counted request: one more query.
                counts = []
                for _ in range(5):
                    if cached:
                        get(visitor, pages[name])
                    else:
                        cache.clear()
                    with CaptureQueriesContext(connection) as captured:
                        get(visitor, pages[name])
                    counts.append(len(captured.captured_queries))
                usual = max(set(counts), key=counts.count)
                if counts.count(usual) < 3:
                    raise Failure(f"{pages[name]}: the query count varies: {counts}")
                found.append(usual)
            queries = f"{found[0]} / {found[1]}"
        results[name] = {
            "p50": percentile(values, 50) * 1000,
            "p95": percentile(values, 95) * 1000,
            "queries": queries,
            "bytes": sizes.get(name, size),
        }
    return results


def explain(seeder, listed):
    """The plans of the list's statements for the sorts at the large size (``--explain``)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    vendor = connection.vendor
    for name, url in targets(seeder, listed).items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        for query in captured.captured_queries:
            sql = query["sql"]
            if "participation_idea" not in sql or float(query["time"]) < 0.002:
                continue
            print(f"\n--- {name}: {float(query['time']) * 1000:.1f} ms\n{sql[:600]}")
            with connection.cursor() as cursor:
                if vendor == "postgresql":
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                else:
                    cursor.execute("EXPLAIN QUERY PLAN " + sql)
                for row in cursor.fetchall():
                    print("   ", " | ".join(str(c) for c in row))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--db", default="mitwirken_bench_ideas", help="database (dropped!)")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    parser.add_argument("--explain", action="store_true", help="print the plans at the end")
    parser.add_argument("--strict", action="store_true", help="exit 1 on a missed target")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="mitwirken-bench-ideas-"))
    extra = {}
    if args.sqlite:
        extra["DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    env = bench_environment(args.db, var_dir, **extra)
    env["CACHE_KEY_PREFIX"] += "-sqlite" if args.sqlite else ""
    failures, missed, scales = [], [], []
    busy = machine_busy()
    print(f"Machine busy before the start: {busy:.2f} of {os.cpu_count()} cores", flush=True)
    if not args.sqlite:
        recreate_database(args.db)
    try:
        setup_django(env)
        from django.db import connection
        from django_scopes import scopes_disabled

        from bench._common import migrate_and_collectstatic

        migrate_and_collectstatic()
        seeder = Seeder(people=args.people)
        with scopes_disabled():  # seeding only: the pages run in their scope
            seeder.setup()
        counts = {}
        for total in (args.small, args.ideas):
            print(f"Seeding up to {total:,} ideas …", flush=True)
            started = time.perf_counter()
            with scopes_disabled():
                counts[total] = seeder.grow(total)
            print(
                f"  {counts[total]} in {time.perf_counter() - started:.1f} s; measuring …",
                flush=True,
            )
            label = f"{total:,}"
            scales.append(
                (label, run_scale(seeder, counts[total]["listed"], args.requests, args.warmup))
            )
        if args.explain:
            with scopes_disabled():
                explain(seeder, counts[args.ideas]["listed"])
        small, large = scales[0][1], scales[-1][1]
        print("\n" + "=" * 100)
        print(f"Idea list benchmark ({connection.vendor})")
        print(machine_summary() + f"; busy before the start: {busy:.2f} cores")
        for total, c in counts.items():
            print(
                f"{total:,} ideas: {c['listed']:,} listed, {c['supports']:,} supports, "
                f"{c['comments']:,} comments, {args.people:,} people"
            )
        print(
            f"In-process with django.test.Client, one thread, an anonymous visitor with a "
            f"session; {args.requests} timed requests per page after {args.warmup} warm-up, "
            f"each followed by one of the baseline page; 20 ideas per page\n"
        )
        rows = []
        for name in large:
            if name == "baseline page":
                continue
            if name.startswith("layout page"):
                for label, res in scales:
                    r, base = res[name], res["baseline page"]
                    rows.append(
                        [
                            name,
                            label,
                            f"{r['p50']:.1f}",
                            f"{r['p95']:.1f}",
                            f"{r['p50'] / base['p50']:.1f}x",
                            f"{r['p95'] / base['p95']:.1f}x",
                            "-",
                        ]
                    )
                continue
            for label, res in scales:
                r, base = res[name], res["baseline page"]
                ratio = r["p95"] / base["p95"]
                ok = "yes" if ratio <= TARGET_RATIO else "MISSED"
                rows.append(
                    [
                        name,
                        label,
                        f"{r['p50']:.1f}",
                        f"{r['p95']:.1f}",
                        f"{r['p50'] / base['p50']:.1f}x",
                        f"{ratio:.1f}x {ok}",
                        r["queries"],
                    ]
                )
                if ratio > TARGET_RATIO:
                    missed.append(f"{name} at {label} ideas: p95 {ratio:.1f}x the baseline")
        for label, res in scales:
            b = res["baseline page"]
            rows.append(
                ["baseline page", label, f"{b['p50']:.1f}", f"{b['p95']:.1f}", "1x", "1x", "0"]
            )
        print(
            table(
                [
                    "page",
                    "ideas",
                    "p50 ms",
                    "p95 ms",
                    "p50 / baseline",
                    f"p95 / baseline (≤ {TARGET_RATIO:g}x)",
                    "queries uncached / cached",
                ],
                rows,
            )
        )
        print(f"Page size: {large['random']['bytes']:,} bytes (the baseline is padded to it)")
        for name in large:
            if small[name]["queries"] != large[name]["queries"]:
                failures.append(
                    f"{name}: {small[name]['queries']} queries at {scales[0][0]}, "
                    f"{large[name]['queries']} at {scales[-1][0]}"
                )
    except Exception:
        traceback.print_exc()
        failures.append("the benchmark failed (see the traceback above)")
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110
            pass
        if args.keep:
            print(
                f"\nKept {'the SQLite file' if args.sqlite else 'database ' + args.db}, {var_dir}."
            )
        else:
            if not args.sqlite:
                drop_database(args.db)
            shutil.rmtree(var_dir, ignore_errors=True)
    if missed:
        print("\nTarget p95 ≤ 3x the baseline page MISSED:")
        for item in missed:
            print("  - " + item)
    if failures:
        print("\nERRORS:")
        for failure in failures:
            print("  - " + failure)
        return 1
    print("\nOK: constant query counts" + ("." if not missed else "; targets missed (above)."))
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
