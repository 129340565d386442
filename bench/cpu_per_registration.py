"""CPU per registration, in one process, for comparing two versions of the code on a busy
machine (where the throughput of registration.py is noise):

    uv run --frozen python bench/cpu_per_registration.py [--rounds 5] [--count 40]
    uv run --frozen python bench/cpu_per_registration.py --cprofile "GET event page"

The same flow as registration.py (GET the event page, POST the form, POST the confirmation,
each as a new visitor), through ``django.test.Client`` with the production settings of
registration.py (Redis cache, tasks in the database, mails written to files), one
registration at a time. Per round of ``--count`` registrations it measures the CPU time of
this process (the app), of its PostgreSQL backend (``/proc/<pid>/stat``, 10 ms ticks: the
round's sum is what counts) and, after the round, of draining the round's mail tasks with
``manage.py worker``'s ``Worker`` in this process (worker and its backend). Prints each
round and the median, plus queries per step. CPU time is what a busy neighbour does not
change much; compare medians of two versions measured the same way.
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    bench_environment,
    drop_database,
    median,
    recreate_database,
    setup_django,
)

HOST = "127.0.0.1"
STEPS = ("GET event page", "POST registration", "POST confirmation")
TICK = os.sysconf("SC_CLK_TCK")


def backend_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=40, help="registrations per round")
    parser.add_argument(
        "--prefill",
        type=int,
        default=1000,
        help="confirmed registrations the event has before the start (registration.py's "
        "event has ~1,300 after 20 s)",
    )
    parser.add_argument(
        "--waiting-list",
        action="store_true",
        help="register for the 30-seat event instead, its seats taken and the prefill "
        "waiting: every confirmation goes to the end of the waiting list (as in the burst)",
    )
    parser.add_argument("--db", default="mitwirken_bench_cpu", help="database name (dropped!)")
    parser.add_argument("--cprofile", choices=STEPS + ("worker",), help="profile one step")
    parser.add_argument("--cprofile-lines", type=int, default=40)
    parser.add_argument("--cprofile-sort", default="cumulative", help="tottime, cumulative, …")
    parser.add_argument("--sql", action="store_true", help="print the SQL of each step")
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="mitwirken-bench-cpu-"))
    mail_dir = var_dir / "mail"
    mail_dir.mkdir()
    env = bench_environment(
        args.db,
        var_dir,
        # One connection for the whole run, so that its backend's CPU time can be read (the
        # worker's close_old_connections would end it after conn_max_age).
        conn_max_age=3600,
        TRUSTED_PROXY_COUNT=1,
        TASKS_IMMEDIATE="false",
        EMAIL_URL=f"filemail://{mail_dir}",
    )
    recreate_database(args.db)
    try:
        setup_django(env)
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.db)


def run(args):  # noqa: C901, PLR0915  (one measurement from start to end, in order)
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_scopes import scopes_disabled
    from django_tasks_db.models import DBTaskResult

    from bench._common import migrate_and_collectstatic
    from bench.registration import TOKEN_RE, create_fixtures
    from mitwirken.core.management.commands.worker import Worker
    from mitwirken.events.models import Registration

    migrate_and_collectstatic()
    cache.clear()
    fixtures = create_fixtures()
    org = fixtures["org"]
    event_id = fixtures["events"]["waitlist" if args.waiting_list else "main"]
    start = timezone.now()

    def prefilled(n):
        if args.waiting_list and n >= 30:  # the 30 seats are taken, the rest wait
            return {"status": Registration.Status.WAITING, "queued_at": start}
        return {"status": Registration.Status.CONFIRMED}

    with scopes_disabled():  # no ANALYZE afterwards, as in registration.py
        Registration.objects.bulk_create(
            Registration(
                event_id=event_id,
                name="Vorher",
                email=f"vorher-{n}@bench.example",
                privacy_version="v1",
                **prefilled(n),
            )
            for n in range(args.prefill)
        )
    page = f"/{org}/veranstaltungen/{event_id}/"
    client = Client(HTTP_HOST=HOST)
    # CPU time, not wall time: waiting for the database or Redis costs this process nothing.
    profiler = cProfile.Profile(time.process_time) if args.cprofile else None

    def backend_pid():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    def drain():
        worker = Worker(
            stale_after=600,
            queue_names=["default"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="bench-cpu",
        )
        pid = backend_pid()
        db0, cpu0 = backend_seconds(pid), time.process_time()
        if args.cprofile == "worker":
            profiler.enable()
        worker.run()
        if args.cprofile == "worker":
            profiler.disable()
        cpu, db = time.process_time() - cpu0, backend_seconds(pid) - db0
        if backend_pid() != pid:
            raise RuntimeError("the database connection changed during the drain")
        return cpu, db

    number = 0
    last_sql = {}

    def register(queries):
        nonlocal number
        number += 1
        client.cookies.clear()
        ip = f"10.{number // 62500 % 250}.{number // 250 % 250}.{number % 250 + 1}"
        email = f"cpu-{number}@bench.example"
        cpu = {}

        def step(name, expect, method, *a, **kw):
            # Queries are counted in the warm-up only (the debug cursor costs CPU).
            with CaptureQueriesContext(connection) if queries is not None else nullcontext() as c:
                if args.cprofile == name:
                    profiler.enable()
                start = time.process_time()
                response = getattr(client, method)(*a, HTTP_X_FORWARDED_FOR=ip, **kw)
                cpu[name] = time.process_time() - start
                if args.cprofile == name:
                    profiler.disable()
            if response.status_code != expect:
                raise RuntimeError(f"{name} answered {response.status_code}")
            if queries is not None:
                queries[name].add(len(c))
                last_sql[name] = [q["sql"] for q in c.captured_queries]
            return response

        response = step("GET event page", 200, "get", page)
        csrf = TOKEN_RE.search(response.content.decode()).group(1)
        form = {
            "csrfmiddlewaretoken": csrf,
            "name": f"Besucherin {number}",
            "email": email,
            "accept_privacy": "on",
            "homepage": "",
        }
        step("POST registration", 302, "post", page, form)
        with scopes_disabled():
            token = Registration.objects.get(event_id=event_id, email=email).token
        step(
            "POST confirmation",
            302,
            "post",
            f"/{org}/veranstaltungen/anmeldung/{token}/bestaetigen/",
            {"csrfmiddlewaretoken": csrf},
        )
        return cpu

    # Warm-up: caches filled, connections open, code paths imported.
    queries = {name: set() for name in STEPS}
    enabled = args.cprofile
    args.cprofile = None
    for _ in range(10):
        register(queries)
    drain()
    args.cprofile = enabled

    rows = []
    for _ in range(args.rounds):
        pid = backend_pid()
        db0 = backend_seconds(pid)
        per_step = {name: [] for name in STEPS}
        for _ in range(args.count):
            for name, seconds in register(None).items():
                per_step[name].append(seconds)
        db = backend_seconds(pid) - db0
        if backend_pid() != pid:
            raise RuntimeError("the database connection changed during the round")
        worker_cpu, worker_db = drain()
        app = sum(sum(v) for v in per_step.values())
        rows.append(
            {
                **{name: median(v) * 1000 for name, v in per_step.items()},
                "app": app / args.count * 1000,
                "db": db / args.count * 1000,
                "worker": worker_cpu / args.count * 1000,
                "worker db": worker_db / args.count * 1000,
            }
        )
    with scopes_disabled():
        statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    if statuses != {"SUCCESSFUL"}:
        raise RuntimeError(f"task statuses: {statuses}")

    columns = list(rows[0])
    print(f"{args.rounds} rounds x {args.count} registrations, every task successful")
    print("CPU ms per registration (steps: median per request; app, db, worker: round mean)")
    print(" | ".join(f"{c:>17}" for c in columns))
    for row in rows:
        print(" | ".join(f"{row[c]:17.2f}" for c in columns))
    print(" | ".join(f"{median([r[c] for r in rows]):17.2f}" for c in columns) + "  (median)")
    total = median([r["app"] + r["db"] + r["worker"] + r["worker db"] for r in rows])
    print(f"app + db + worker + worker db: {total:.2f} ms (median of rounds)")
    print("queries per step:", {name: sorted(q) for name, q in queries.items()})
    if args.sql:
        for name, statements in last_sql.items():
            print(f"\n{name}:")
            for sql in statements:
                print("   ", sql[:400])
        with CaptureQueriesContext(connection) as c:
            register(None)
            drain()
        print("\nworker, the two mails of one registration:")
        for q in c.captured_queries[-30:]:
            print("   ", q["sql"][:300])
    if profiler is not None:
        print(f"\ncProfile of {args.cprofile!r} ({args.rounds * args.count} times):")
        pstats.Stats(profiler).sort_stats(args.cprofile_sort).print_stats(args.cprofile_lines)


if __name__ == "__main__":
    main()
