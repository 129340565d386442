"""Benchmark: event lists and the event page with many events and registrations.

    uv run --frozen python bench/event_list.py [--requests 200] [--keep] [--strict]

What it does (see bench/README.md):

1. drops and creates the PostgreSQL database ``mitwirken_bench_list``, migrates, runs
   collectstatic into a temporary MITWIRKEN_VAR_DIR (DEBUG off: manifest static files);
2. seeds a small data set first (100 events, 1,000 registrations) and measures, then grows it
   to 10,000 events across five organisations (with topics, target groups, series) and 100,000
   registrations (all with bulk_create, then ANALYZE) and measures again;
3. measures in-process with Django's test Client (the whole middleware stack, no HTTP server):
   the portal list with a filter, the portal list, one organisation's list and an event page,
   each ``--requests`` times after a warm-up: p50/p95 latency, and the number of SQL queries
   (CaptureQueriesContext, on separate requests so that capturing does not skew the timing);
   every page twice: as visitors get it (the lists and parts of the event page are cached) and
   "(uncached)", with the caches emptied before each request (not timed);
4. baseline: a bench-only view rendering a plain template with a loop over 20 items, padded to
   the size of the filtered list page;
5. prints a summary with the p95 ratios against the baseline (target <= 3x) and whether the
   query counts are the same at 100 and at 10,000 events (target: constant). Exit status 1 on
   errors (a status other than 200, an empty list, an exception); with --strict also when a
   target is missed.
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

ORGANISATIONS = [  # (slug, name, share of the events)
    ("stadt-gross", "Stadt Großstadt", 0.40),
    ("land-ministerium", "Ministerium des Landes", 0.25),
    ("kreis-mitte", "Landkreis Mitte", 0.15),
    ("netzwerk-digital", "Netzwerk Digitale Verwaltung", 0.12),
    ("gemeinde-klein", "Gemeinde Kleinort", 0.08),
]
TOPICS = [
    "Digitalisierung",
    "Bürgerbeteiligung",
    "Klimaschutz",
    "Mobilität",
    "Haushalt",
    "Datenschutz",
    "Barrierefreiheit",
    "Personal",
    "Vergabe",
    "Stadtentwicklung",
]
TARGET_GROUPS = [
    "Landesverwaltung",
    "Kommunalverwaltung",
    "Ratsmitglieder",
    "Bürgerinnen und Bürger",
    "Führungskräfte",
]


class Seeder:
    """Creates organisations once, then events and registrations in batches (bulk_create)."""

    def __init__(self, seed=42):
        self.random = random.Random(seed)
        self.organisations = []
        self.tags = {}
        self.series = {}
        self.events = 0
        self.registrations = 0

    def organisations_and_tags(self):
        from mitwirken.events.models import Series, Tag
        from mitwirken.organisations.models import Organisation
        from mitwirken.portal.platform import init_platform

        init_platform()
        for slug, name, _share in ORGANISATIONS:
            organisation = Organisation.objects.create(
                name=name,
                slug=slug,
                teaser=f"{name} lädt ein.",
                legal_name=name,
                street="Hauptstraße 1",
                postal_code="12345",
                city="Musterstadt",
                representative="Erika Muster",
                imprint_email=f"info@{slug}.example",
                privacy_text="## Datenschutz",
                accessibility_contact=f"a11y@{slug}.example",
            )
            self.organisations.append(organisation)
            tags = [Tag(organisation=organisation, kind=Tag.Kind.TOPIC, name=n) for n in TOPICS]
            tags += [
                Tag(organisation=organisation, kind=Tag.Kind.TARGET_GROUP, name=n)
                for n in TARGET_GROUPS
            ]
            self.tags[organisation.pk] = Tag.objects.bulk_create(tags)
            self.series[organisation.pk] = Series.objects.bulk_create(
                [Series(organisation=organisation, title=f"Reihe {y}") for y in (2025, 2026)]
            )

    def grow(self, total_events, total_registrations):
        """Add events and registrations until the totals are reached."""
        from django.db import connection
        from django.utils import timezone

        from mitwirken.events.models import Event, Format, Mode, Registration

        rnd = self.random
        now = timezone.now().replace(second=0, microsecond=0)
        new_events = total_events - self.events
        weights = [share for _slug, _name, share in ORGANISATIONS]
        formats = [f for f, _label in Format.choices]
        modes = [m for m, _label in Mode.choices]
        events = []
        for i in range(new_events):
            n = self.events + i
            organisation = rnd.choices(self.organisations, weights)[0]
            starts = now + timedelta(days=rnd.randint(-365, 365), hours=rnd.randint(-6, 6))
            status = rnd.choices(
                [Event.Status.PUBLISHED, Event.Status.CANCELLED, Event.Status.DRAFT],
                [0.85, 0.05, 0.10],
            )[0]
            mode = rnd.choice(modes)
            events.append(
                Event(
                    organisation=organisation,
                    series=rnd.choice(self.series[organisation.pk]) if n % 3 == 0 else None,
                    format=formats[n % len(formats)],
                    status=status,
                    title=f"{Format(formats[n % len(formats)]).label}: Thema Nummer {n}",
                    teaser="Ein kurzer Überblick mit Beispielen aus der Praxis "
                    "und Zeit für Fragen.",
                    description="## Worum es geht\n\nEin **Vortrag** mit Diskussion.\n\n- Teil 1\n"
                    "- Teil 2",
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=rnd.choice([45, 90, 480])),
                    mode=mode,
                    venue_name="Rathaus" if mode != Mode.ONLINE else "",
                    venue_city="Musterstadt" if mode != Mode.ONLINE else "",
                    online_provider="Jitsi" if mode != Mode.IN_PERSON else "",
                    join_url="https://meet.example.org/x" if mode != Mode.IN_PERSON else "",
                    capacity=None if n % 5 == 0 else rnd.choice([10, 20, 30, 50, 100]),
                    waiting_list=n % 4 != 0,
                )
            )
        events = Event.objects.bulk_create(events, batch_size=2000)
        through = Event.tags.through
        links = []
        for event in events:
            tags = self.tags[event.organisation_id]
            for tag in rnd.sample(tags[: len(TOPICS)], rnd.randint(1, 3)) + rnd.sample(
                tags[len(TOPICS) :], rnd.randint(0, 2)
            ):
                links.append(through(event_id=event.pk, tag_id=tag.pk))
        through.objects.bulk_create(links, batch_size=5000)
        self.events = total_events

        # Registrations: spread over the new events, more for some (up to full and waiting).
        new_registrations = total_registrations - self.registrations
        per_event = [rnd.expovariate(1) for _ in events]
        scale = new_registrations / sum(per_event)
        counts = [int(w * scale) for w in per_event]
        for i in range(new_registrations - sum(counts)):
            counts[i % len(counts)] += 1
        batch = []
        Status = Registration.Status
        for event, count in zip(events, counts, strict=True):
            for k in range(count):
                if event.capacity is not None and k >= event.capacity:
                    status = Status.WAITING if event.waiting_list else Status.CANCELLED
                else:
                    status = rnd.choices(
                        [Status.CONFIRMED, Status.CANCELLED, Status.UNCONFIRMED, Status.PENDING],
                        [0.85, 0.08, 0.05, 0.02],
                    )[0]
                batch.append(
                    Registration(
                        event_id=event.pk,
                        name=f"Person {k}",
                        email=f"p{k}-e{event.pk}@example.org",
                        status=status,
                        privacy_version="v1",
                        created_at=now,
                        queued_at=now if status == Status.WAITING else None,
                        email_confirmed_at=None if status == Status.UNCONFIRMED else now,
                    )
                )
                if len(batch) >= 5000:
                    Registration.objects.bulk_create(batch)
                    batch = []
        Registration.objects.bulk_create(batch)
        self.registrations = total_registrations
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does after a bulk load


LAYOUT = "(info) 20 items in the site layout"


class Failure(Exception):
    pass


def pick_targets(seeder):
    """The URLs to measure: the biggest organisation's lists and, as the event page, its
    upcoming event with a seat limit and a series (as every scale has one, the pages are
    comparable) and the most registrations."""
    from django.db.models import Count
    from django.utils import timezone

    from mitwirken.events.models import Event

    big = seeder.organisations[0]
    event = (
        Event.objects.filter(
            organisation=big,
            status=Event.Status.PUBLISHED,
            capacity__isnull=False,
            series__isnull=False,  # the same kind of page at both scales
            starts_at__gt=timezone.now() + timedelta(days=1),
        )
        .annotate(n=Count("registrations"))
        .order_by("-n", "pk")
        .first()
    )
    pages = {
        "portal list, filtered": "/veranstaltungen/?format=coffee_lecture&freie_plaetze=1",
        "portal list": "/veranstaltungen/",
        "organisation list": f"/{big.slug}/veranstaltungen/",
        "event page": f"/{big.slug}/veranstaltungen/{event.pk}/",
    }
    # The same pages with an empty cache before every request: what the first visitor after
    # a change (or after the lists' 30 seconds) waits for.
    return {**pages, **{name + UNCACHED: url for name, url in pages.items()}}, event


UNCACHED = " (uncached)"


def run_scale(label, targets, requests, warmup):
    """Time every page ``requests`` times, interleaved (page A, B, C, …, baseline, A, B, …) so
    that a noisy neighbour on the machine slows all pages alike; then count the queries of
    each page on separate requests (capturing them costs time)."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")

    def clear_caches():
        for cache in caches.all(initialized_only=False):  # the one cache (Redis)
            cache.clear()

    def get(url, name=""):
        if name.endswith(UNCACHED):
            clear_caches()  # not timed
        response = client.get(url)
        if response.status_code != 200:
            raise Failure(f"GET {url}: {response.status_code}")
        return response

    size = len(get(targets["portal list, filtered"]).content)
    urls = {
        **targets,
        "baseline page": f"/bench/baseline-page/?bytes={size}",
        LAYOUT: "/bench/baseline-layout-page/",
    }
    print(f"  {label}: " + ", ".join(f"{name} {url}" for name, url in urls.items()), flush=True)
    for _ in range(warmup):
        for name, url in urls.items():
            get(url, name)
    times = {name: [] for name in urls}
    for _ in range(requests):
        for name, url in urls.items():
            # An uncached page empties the cache; the cached pages are timed as the next
            # visitor gets them, after one untimed request has filled it again.
            if name.endswith(UNCACHED):
                clear_caches()
            else:
                get(url)
            start = time.perf_counter()
            get(url)
            times[name].append(time.perf_counter() - start)
    results = {}
    for name, url in urls.items():
        query_counts = set()
        for _ in range(3):
            if name.endswith(UNCACHED):
                clear_caches()
            else:
                get(url)
            with CaptureQueriesContext(connection) as captured:
                response = get(url)
            query_counts.add(len(captured.captured_queries))
        if len(query_counts) != 1:
            raise Failure(f"GET {url}: query count varies between requests: {query_counts}")
        values = times[name]
        results[name] = {
            "p50": percentile(values, 50) * 1000,
            "p95": percentile(values, 95) * 1000,
            "mean": sum(values) / len(values) * 1000,
            "queries": query_counts.pop(),
            "bytes": len(response.content),
            "cards": response.content.decode().count('class="mw-card"'),
            "sql": [(q["sql"], q["time"]) for q in captured.captured_queries],
        }
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page first")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--small-events", type=int, default=100)
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--db", default="mitwirken_bench_list", help="database name (dropped!)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 also when a target (p95 <= 3x, constant queries) is missed",
    )
    parser.add_argument("--show-sql", action="store_true", help="print the queries of each page")
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="mitwirken-bench-list-"))
    env = bench_environment(args.db, var_dir, args.conn_max_age)
    failures = []
    missed = []
    print(f"Preparing database {args.db} (migrate, collectstatic into {var_dir}) …", flush=True)
    args.busy_before = machine_busy()
    print(
        f"Machine busy before the start (other processes): {args.busy_before:.2f} of "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    recreate_database(args.db)
    try:
        setup_django(env)
        from django.conf import settings
        from django_scopes import scopes_disabled

        from bench._common import migrate_and_collectstatic

        migrate_and_collectstatic()
        seeder = Seeder()
        scales = []
        with scopes_disabled():
            seeder.organisations_and_tags()
        small_regs = args.registrations * args.small_events // args.events
        for n_events, n_regs in (
            (args.small_events, small_regs),
            (args.events, args.registrations),
        ):
            print(f"Seeding up to {n_events:,} events and {n_regs:,} registrations …", flush=True)
            start = time.perf_counter()
            with scopes_disabled():
                seeder.grow(n_events, n_regs)
                targets, event = pick_targets(seeder)
            print(
                f"  seeded in {time.perf_counter() - start:.1f} s; event page: {event} "
                f"({event.capacity} seats)",
                flush=True,
            )
            label = f"{n_events:,} events"
            scales.append((label, run_scale(label, targets, args.requests, args.warmup)))

        small, large = scales[0][1], scales[-1][1]
        pages = [name for name in large if name not in ("baseline page", LAYOUT)]
        for name in ("portal list, filtered", "portal list", "organisation list"):
            name += UNCACHED  # the cached page has the same content
            if large[name]["cards"] != 20:
                failures.append(
                    f"{name} at {scales[-1][0]}: {large[name]['cards']} cards, "
                    "expected a full page of 20"
                )

        print("\n" + "=" * 100)
        print("Event list benchmark")
        print(machine_summary() + f"; busy before the start: {args.busy_before:.2f} cores")
        print(
            f"In-process with django.test.Client (full middleware, no HTTP server), one "
            f"thread; {args.requests} timed requests per page after {args.warmup} warm-up; "
            f"DEBUG={settings.DEBUG}, cache "
            f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, "
            f"conn_max_age={args.conn_max_age}"
        )
        print(
            f"Data: {seeder.events:,} events in {len(ORGANISATIONS)} organisations "
            f"({len(TOPICS)} topics, {len(TARGET_GROUPS)} target groups each), "
            f"{seeder.registrations:,} registrations; small scale {args.small_events} events, "
            f"{small_regs:,} registrations\n"
        )
        rows = []
        for name in [*pages, "baseline page", LAYOUT]:
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
                        r["queries"],
                        r["bytes"],
                        r["cards"] if "list" in name else "-",
                    ]
                )
        print(
            table(
                [
                    "page",
                    "data",
                    "p50 ms",
                    "p95 ms",
                    "p50 / baseline",
                    "p95 / baseline",
                    "queries",
                    "bytes",
                    "cards",
                ],
                rows,
            )
        )
        print("\nTargets (at the large scale):")
        target_rows = []
        for name in pages:
            ratio = large[name]["p95"] / large["baseline page"]["p95"]
            same = small[name]["queries"] == large[name]["queries"]
            target_rows.append(
                [
                    name,
                    f"{ratio:.2f}x",
                    "yes" if ratio <= 3 else "MISSED",
                    f"{small[name]['queries']} -> {large[name]['queries']}",
                    "yes" if same else "MISSED",
                ]
            )
            if ratio > 3:
                missed.append(f"{name}: p95 {ratio:.2f}x the baseline (target <= 3x)")
            if not same:
                missed.append(
                    f"{name}: {small[name]['queries']} queries at "
                    f"{scales[0][0]}, {large[name]['queries']} at {scales[-1][0]}"
                )
        print(
            table(
                ["page", "p95 / baseline", "<= 3x", "queries small -> large", "constant"],
                target_rows,
            )
        )
        if args.show_sql:
            for name in pages:
                print(f"\n-- {name} ({scales[-1][0]}):")
                for sql, seconds in large[name]["sql"]:
                    print(f"    [{float(seconds) * 1000:.1f} ms] {sql}")
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
            print(f"\nKept database {args.db} and {var_dir}.")
        else:
            drop_database(args.db)
            shutil.rmtree(var_dir, ignore_errors=True)
    if missed:
        print("\nTargets missed:")
        for item in missed:
            print("  - " + item)
    if failures:
        print("\nERRORS:")
        for failure in failures:
            print("  - " + failure)
        return 1
    if missed and args.strict:
        return 1
    print("\nOK: every page answered 200 with a full page of results.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
