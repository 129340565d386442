"""Benchmark: a network's member directory and the coordinators' export at 10,000 members.

    uv run --frozen python bench/network_directory.py [--requests 100] [--members 10000] [--keep]

What it does (see bench/README.md):

1. drops and creates the PostgreSQL database ``mitwirken_bench_directory``, migrates, runs
   collectstatic into a temporary MITWIRKEN_VAR_DIR (DEBUG off);
2. seeds one organisation with one active network and a small scale first (``--small``
   members), measures, then grows it to ``--members`` members and measures again. Members
   come with network profiles (85 %) in 400 municipalities of all 16 states, 1–4 of 30 topics,
   every field's visibility drawn (mostly members, some coordinators only, some nobody), all
   with bulk_create, then ANALYZE;
3. measures in-process with Django's test Client (the whole middleware stack, no HTTP server),
   as a member and as the coordinator: the directory's first page, its last page, a state
   filter, a topic filter, a name search; each ``--requests`` times after a warm-up, interleaved;
   p50/p95 and the number of SQL queries (on separate requests: with the cache emptied, and
   as most requests get it, the filter options from the cache); the CSV export once per
   scale (streamed to the end);
4. baselines in the same run: the bare query of 50 users (``User.objects.order_by("pk")[:50]``,
   no HTTP) and bench's ``/bench/baseline-page/`` (a plain template over 20 items, padded to the
   size of the directory's page);
5. prints the summary: p95 against the baseline page, whether the query counts are the same at
   both scales. Exit status 1 on errors (a status other than 200, a page without 50 members).
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
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

TOPICS = [f"Thema {n}" for n in range(25)] + [
    "Bürgerhaushalt",
    "Jugendbeteiligung",
    "Klimaschutz",
    "Online-Beteiligung",
    "Quartiersentwicklung",
]
VISIBILITIES = (["members"] * 7) + (["coordinators"] * 2) + ["nobody"]


class Seeder:
    def __init__(self, seed=7):
        self.random = random.Random(seed)
        self.members = 0
        rnd = self.random
        self.municipalities = [
            (
                f"{state:02d}{rnd.randint(1, 9)}{rnd.randint(1, 99):02d}{rnd.randint(0, 999):03d}",
                f"Gemeinde {n}",
            )
            for n, state in enumerate([1 + n % 16 for n in range(400)])
        ]

    def setup(self):
        from mitwirken.accounts.models import User
        from mitwirken.networks.models import Membership, Network
        from mitwirken.organisations.models import Organisation
        from mitwirken.portal.platform import init_platform

        init_platform()
        self.organisation = Organisation.objects.create(
            name="Netzwerkstelle",
            slug="netzwerkstelle",
            legal_name="Netzwerkstelle",
            street="Hauptstraße 1",
            postal_code="12345",
            city="Musterstadt",
            representative="Erika Muster",
            imprint_email="info@netzwerkstelle.example",
            privacy_text="## Datenschutz",
            accessibility_contact="a11y@netzwerkstelle.example",
        )
        self.network = Network.objects.create(
            organisation=self.organisation,
            name="Netzwerk kommunale Partizipationsbeauftragte",
            status=Network.Status.ACTIVE,
        )
        self.viewers = {}
        for role, name in (("member", "Mitglied"), ("coordinator", "Koordination")):
            user = User.objects.create(email=f"{role}@example.org", display_name=f"{name} Bench")
            Membership.objects.create(network=self.network, user=user, status="member", role=role)
            self.viewers[role] = user
        self.members = 2

    def grow(self, total):
        from django.db import connection
        from django.utils import timezone

        from mitwirken.accounts.models import User
        from mitwirken.networks.models import Membership, NetworkProfile, ProfileTopic

        rnd = self.random
        now = timezone.now()
        while self.members < total:
            start = self.members
            count = min(2000, total - start)
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"mitglied{n}@example.org",
                        display_name=f"Mitglied {n:05d}",
                        password="!",  # unusable: no hashing while seeding
                    )
                    for n in range(start, start + count)
                ]
            )
            Membership.objects.bulk_create(
                [
                    Membership(network=self.network, user=u, status="member", joined_at=now)
                    for u in users
                ]
            )
            profiles = []
            for user in users:
                if rnd.random() > 0.85:
                    continue
                key, name = rnd.choice(self.municipalities)

                def v():
                    return rnd.choice(VISIBILITIES)

                profiles.append(
                    NetworkProfile(
                        user=user,
                        function="Beauftragte für Bürgerbeteiligung",
                        function_visibility=v(),
                        authority=f"Verwaltung von {name}",
                        authority_visibility=v(),
                        municipality_name=name,
                        municipality_key=key,
                        municipality_visibility=v(),
                        topics_visibility=v(),
                        offers="Erfahrung mit Bürgerräten und Online-Beteiligung",
                        offers_visibility=v(),
                        seeks="Austausch zu Jugendbeteiligung",
                        seeks_visibility=v(),
                        about="Seit 2015 in der Beteiligung.",
                        about_visibility=v(),
                    )
                )
            profiles = NetworkProfile.objects.bulk_create(profiles)
            ProfileTopic.objects.bulk_create(
                [
                    ProfileTopic(profile=p, name=name)
                    for p in profiles
                    for name in rnd.sample(TOPICS, rnd.randint(1, 4))
                ]
            )
            self.members += count
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Failure(Exception):
    pass


def targets(seeder):
    base = f"/{seeder.organisation.slug}/netzwerke/{seeder.network.pk}/mitglieder/"
    last = (seeder.members + 49) // 50
    pages = {}
    for viewer in ("member", "coordinator"):
        pages[f"directory, page 1 ({viewer})"] = (viewer, base)
        pages[f"directory, last page ({viewer})"] = (viewer, f"{base}?seite={last}")
        pages[f"state filter ({viewer})"] = (viewer, f"{base}?land=05")
        pages[f"topic filter ({viewer})"] = (viewer, f"{base}?thema=Klimaschutz")
        pages[f"name search ({viewer})"] = (viewer, f"{base}?name=mitglied+00")
    return pages, base


def run_scale(seeder, requests, warmup):
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mitwirken.accounts.models import User

    pages, base = targets(seeder)
    clients = {}
    for viewer, user in seeder.viewers.items():
        clients[viewer] = Client(HTTP_HOST="127.0.0.1")
        clients[viewer].force_login(user)
    anonymous = Client(HTTP_HOST="127.0.0.1")

    def get(client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise Failure(f"GET {url}: {response.status_code}")
        return response

    first = get(clients["member"], base)
    size = len(first.content)
    if first.content.decode().count('class="mw-card mw-member"') != 50:
        raise Failure(f"{base}: not 50 members on the first page")
    baseline_url = f"/bench/baseline-page/?bytes={size}"
    times = {name: [] for name in pages}
    times["baseline page"] = []
    times["bare query: 50 users"] = []
    for round_number in range(warmup + requests):
        for name, (viewer, url) in pages.items():
            start = time.perf_counter()
            get(clients[viewer], url)
            elapsed = time.perf_counter() - start
            if round_number >= warmup:
                times[name].append(elapsed)
        start = time.perf_counter()
        get(anonymous, baseline_url)
        elapsed = time.perf_counter() - start
        if round_number >= warmup:
            times["baseline page"].append(elapsed)
        start = time.perf_counter()
        list(User.objects.order_by("pk")[:50])
        elapsed = time.perf_counter() - start
        if round_number >= warmup:
            times["bare query: 50 users"].append(elapsed)
    results = {}
    for name, values in times.items():
        queries = "-"
        if name in pages:
            # Uncached (the filter options read anew, as after a change of a profile, or
            # once a minute) and as most requests get it (the options from the cache).
            viewer, url = pages[name]
            found = []
            for cached in (False, True):
                counts = set()
                for _ in range(3):
                    if cached:
                        get(clients[viewer], url)
                    else:
                        cache.clear()
                    with CaptureQueriesContext(connection) as captured:
                        get(clients[viewer], url)
                    counts.add(len(captured.captured_queries))
                if len(counts) != 1:
                    raise Failure(f"{url}: the query count varies: {counts}")
                found.append(counts.pop())
            queries = f"{found[0]} / {found[1]}"
        results[name] = {
            "p50": percentile(values, 50) * 1000,
            "p95": percentile(values, 95) * 1000,
            "queries": queries,
        }
    export_url = base + "export.csv"
    start = time.perf_counter()
    response = get(clients["coordinator"], export_url)
    content = b"".join(response.streaming_content)
    results["CSV export, all members (coordinator)"] = {
        "p50": (time.perf_counter() - start) * 1000,
        "p95": float("nan"),
        "queries": "-",
        "rows": content.count(b"\n") - 1,
    }
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--db", default="mitwirken_bench_directory", help="database (dropped!)")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="mitwirken-bench-directory-"))
    env = bench_environment(args.db, var_dir)
    failures, missed, scales = [], [], []
    busy = machine_busy()
    print(f"Machine busy before the start: {busy:.2f} of {os.cpu_count()} cores", flush=True)
    recreate_database(args.db)
    try:
        setup_django(env)
        from django_scopes import scopes_disabled

        from bench._common import migrate_and_collectstatic

        migrate_and_collectstatic()
        seeder = Seeder()
        with scopes_disabled():  # seeding only: the pages run in their scope
            seeder.setup()
        for total in (args.small, args.members):
            print(f"Seeding up to {total:,} members …", flush=True)
            with scopes_disabled():
                seeder.grow(total)
            scales.append((f"{total:,} members", run_scale(seeder, args.requests, args.warmup)))
        small, large = scales[0][1], scales[-1][1]
        print("\n" + "=" * 100)
        print("Member directory benchmark")
        print(machine_summary() + f"; busy before the start: {busy:.2f} cores")
        print(
            f"In-process with django.test.Client, one thread; {args.requests} timed requests "
            f"per page after {args.warmup} warm-up, interleaved; 50 members per page\n"
        )
        rows = []
        for name in large:
            for label, res in scales:
                r, base = res[name], res["baseline page"]
                rows.append(
                    [
                        name,
                        label,
                        f"{r['p50']:.1f}",
                        f"{r['p95']:.1f}",
                        f"{r['p95'] / base['p95']:.1f}x" if r["p95"] == r["p95"] else "-",
                        r["queries"],
                    ]
                )
        print(
            table(
                [
                    "page",
                    "data",
                    "p50 ms",
                    "p95 ms",
                    "p95 / baseline page",
                    "queries uncached / cached",
                ],
                rows,
            )
        )
        for label, res in scales:
            export = res["CSV export, all members (coordinator)"]
            print(f"CSV export at {label}: {export['rows']:,} rows in {export['p50']:.0f} ms")
        for name in large:
            if small[name]["queries"] != large[name]["queries"]:
                missed.append(
                    f"{name}: {small[name]['queries']} queries small, "
                    f"{large[name]['queries']} large"
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
            print(f"\nKept database {args.db} and {var_dir}.")
        else:
            drop_database(args.db)
            shutil.rmtree(var_dir, ignore_errors=True)
    if missed:
        print("\nQuery count not constant:")
        for item in missed:
            print("  - " + item)
    if failures:
        print("\nERRORS:")
        for failure in failures:
            print("  - " + failure)
        return 1
    print("\nOK: constant query counts." if not missed else "")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
