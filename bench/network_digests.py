"""Benchmark: the daily digest run (``manage.py send_digests``) for 5,000 members of 20
networks, in constant memory.

    uv run --frozen python bench/network_digests.py [--members 5000] [--keep]

1. drops and creates the PostgreSQL database ``mitwirken_bench_digests`` and migrates;
2. seeds one organisation with 20 networks and ``--members`` people with a daily digest,
   each a member of 4 networks, with 6 notifications each from yesterday (bulk_create);
3. runs ``send_digests`` (which queues one task per person into the task table, the
   production backend) at a fifth of the people and at all of them, each in a fresh
   database state, and measures the wall time and the peak of Python memory (tracemalloc)
   of each run; a second run right after must queue nothing (once per period);
4. runs the queued digest tasks of 200 people (build, render, send to a dummy mail backend)
   and reports the time per digest.

Constant memory means: the peak at all members is about the peak at a fifth of them.
"""

import argparse
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    bench_environment,
    drop_database,
    machine_summary,
    recreate_database,
    setup_django,
    table,
)

DB = "mitwirken_bench_digests"


def seed(members: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from mitwirken.networks.discussion_models import Post, Thread
    from mitwirken.networks.models import Membership, Network
    from mitwirken.networks.notification_models import Notification, NotificationSettings
    from mitwirken.organisations.models import Organisation

    User = get_user_model()
    yesterday = timezone.now() - timedelta(days=1)
    with scopes_disabled():
        organisation = Organisation.objects.create(
            name="Bench", slug="bench", legal_name="Bench", imprint_email="b@example.org"
        )
        networks = Network.objects.bulk_create(
            Network(organisation=organisation, name=f"Netzwerk {n}", status="active")
            for n in range(20)
        )
        threads = Thread.objects.bulk_create(
            Thread(network=network, title=f"Thema {network.name}") for network in networks
        )
        posts = Post.objects.bulk_create(
            Post(thread=thread, text="Beitrag " * 20, created_at=yesterday) for thread in threads
        )
        users = User.objects.bulk_create(
            User(email=f"m{n}@bench.example", display_name=f"Mitglied {n}") for n in range(members)
        )
        NotificationSettings.objects.bulk_create(
            NotificationSettings(user=user, delivery="daily") for user in users
        )
        for start in range(0, members, 1000):
            chunk = users[start : start + 1000]
            Membership.objects.bulk_create(
                Membership(network=networks[(i + k) % 20], user=user, status="member")
                for i, user in enumerate(chunk, start)
                for k in range(4)
            )
            Notification.objects.bulk_create(
                Notification(
                    user=user,
                    network=networks[(i + k) % 20],
                    post=posts[(i + k) % 20],
                    reason="post",
                    created_at=yesterday,
                )
                for i, user in enumerate(chunk, start)
                for k in range(6)
            )


def measure(members: int) -> dict:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from mitwirken.networks.digests import send_digests

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    tracemalloc.start()
    started = time.perf_counter()
    queued = send_digests()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    again = send_digests()
    return {
        "members": members,
        "queued": queued,
        "tasks": DBTaskResult.objects.count(),
        "second run": again,
        "seconds": seconds,
        "peak_mib": peak / 2**20,
    }


def run_some_digests(count: int) -> float:
    from django_tasks_db.models import DBTaskResult

    from mitwirken.networks.notification_tasks import deliver_digest

    results = list(DBTaskResult.objects.filter(task_path__endswith="deliver_digest")[:count])
    started = time.perf_counter()
    for result in results:
        deliver_digest.using(backend="immediate").enqueue(**result.args_kwargs["kwargs"])
    return (time.perf_counter() - started) / max(len(results), 1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="bench-digests-"))
    env = bench_environment(DB, var_dir, TASKS_IMMEDIATE="false", EMAIL_URL="dummymail://")
    setup_django(env)
    from django.conf import settings
    from django.core.management import call_command

    settings.TASKS["immediate"] = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    rows = []
    try:
        for members in (args.members // 5, args.members):
            recreate_database(DB)
            from django.db import connections

            connections.close_all()
            call_command("migrate", interactive=False, verbosity=0)
            seed(members)
            rows.append(measure(members))
        per_digest = run_some_digests(200)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(DB)
    print(machine_summary())
    print(
        table(
            ["members", "queued", "task rows", "second run queues", "seconds", "peak MiB"],
            [
                [
                    r["members"],
                    r["queued"],
                    r["tasks"],
                    r["second run"],
                    f"{r['seconds']:.2f}",
                    f"{r['peak_mib']:.2f}",
                ]
                for r in rows
            ],
        )
    )
    print(f"one digest built, rendered and sent (dummy mail): {per_digest * 1000:.1f} ms")
    small, large = rows
    ratio = large["peak_mib"] / small["peak_mib"] if small["peak_mib"] else float("nan")
    print(f"peak memory at {large['members']} / at {small['members']} members: {ratio:.2f}x")
    ok = large["queued"] == large["members"] and large["second run"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
