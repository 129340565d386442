"""Benchmark: registrations per second for one event, through the real form over HTTP.

    uv run --frozen python bench/registration.py [--clients 16] [--duration 20] [--keep]

What it does (see bench/README.md):

1. drops and creates the PostgreSQL database ``mitwirken_bench``, migrates, runs collectstatic
   into a temporary MITWIRKEN_VAR_DIR, creates the platform operator, one organisation and
   three published online events (a warm-up event and the measured event with capacity
   1,000,000, and an event with 30 seats and a waiting list) and the baseline table;
2. starts gunicorn (DEBUG off, Redis cache, TASKS_IMMEDIATE, EMAIL_URL=dummymail://) with
   ``DJANGO_SETTINGS_MODULE=bench.settings``;
3. lets a pool of client threads (http.client, keep-alive) register in a loop, each
   registration as a new visitor: GET the event page (CSRF cookie and token), POST the form,
   look up the registration's token in the database (stands in for the link in the e-mail),
   POST the confirmation;
4. in the same run, the same pool POSTs to a bare Django view that inserts one row (baseline),
   once before and once after the registrations;
5. checks every status code and the database (confirmed registrations = completed
   registrations, baseline rows = completed baseline requests), prints a summary, stops
   gunicorn and drops the database (``--keep`` keeps it). Exit status 1 on any error.
"""

import argparse
import contextlib
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    REPO,
    bench_environment,
    drop_database,
    free_port,
    machine_busy,
    machine_summary,
    median,
    percentile,
    psycopg_url,
    recreate_database,
    setup_django,
    table,
)

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HOST = "127.0.0.1"


# --- Set-up ---------------------------------------------------------------------------------


def create_fixtures():
    """Operator, one organisation, three events, the baseline table. Returns a dict."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from bench.views import BASELINE_TABLE
    from mitwirken.events.models import Event, Format, Mode
    from mitwirken.organisations.models import Organisation
    from mitwirken.portal.platform import init_platform

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {BASELINE_TABLE} (id bigserial PRIMARY KEY, phase text NOT NULL, "
            "client integer NOT NULL, payload text NOT NULL, "
            "created_at timestamptz NOT NULL DEFAULT now())"
        )
    init_platform()
    organisation = Organisation.objects.create(
        name="Stadt Benchhausen",
        slug="stadt-benchhausen",
        is_platform_operator=False,
        legal_name="Stadt Benchhausen",
        street="Hauptstraße 1",
        postal_code="12345",
        city="Benchhausen",
        representative="Bürgermeisterin Erika Muster",
        imprint_email="info@benchhausen.example",
        privacy_text="## Datenschutz\n\nNur Nötiges.",
        accessibility_contact="barrierefrei@benchhausen.example",
    )
    starts = timezone.now().replace(microsecond=0) + timedelta(days=30)

    def event(title, capacity, waiting_list=True):
        return Event.objects.create(
            organisation=organisation,
            format=Format.COFFEE_LECTURE,
            status=Event.Status.PUBLISHED,
            title=title,
            teaser="Eine halbe Stunde über ein Thema der Verwaltung.",
            description="## Worum es geht\n\nEin **Vortrag** mit anschließender Diskussion.\n\n"
            "- Einführung\n- Beispiele aus der Praxis\n- Fragen",
            starts_at=starts,
            ends_at=starts + timedelta(minutes=45),
            mode=Mode.ONLINE,
            online_provider="BigBlueButton",
            join_url="https://meet.example.org/b/bench",
            access_code="1234",
            contact_name="Erika Muster",
            contact_email="veranstaltungen@benchhausen.example",
            capacity=capacity,
            waiting_list=waiting_list,
        )

    with scopes_disabled():
        events = {
            "warmup": event("Aufwärmen", 1_000_000),
            "main": event("Coffee Lecture: Digitale Verwaltung", 1_000_000),
            "waitlist": event("Coffee Lecture mit 30 Plätzen", 30),
            "profile": event("Profil", 1_000_000),
        }
    return {"org": organisation.slug, "events": {k: e.pk for k, e in events.items()}}


def start_gunicorn(env, args, port, log_path):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "mitwirken.config.wsgi:application",
        "--pythonpath",
        str(REPO),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--keep-alive",
        "5",
        "--timeout",
        "120",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    log = open(log_path, "w")  # noqa: SIM115  (closed in stop_gunicorn)
    process = subprocess.Popen(
        command,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log = log
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}, see {log_path}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def stop_gunicorn(process):
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # the master stops its workers gracefully
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log.close()


# --- Clients --------------------------------------------------------------------------------


class RequestFailed(Exception):
    pass


@dataclass
class Result:
    ok: bool
    latency: float
    steps: dict = field(default_factory=dict)
    error: str = ""


class Client:
    """One simulated browser tab at a time: a keep-alive connection, a fresh cookie jar per
    registration, and a database connection to read the token 'from the e-mail'."""

    def __init__(self, number, port, db_url, csrf_cookie_name):
        import psycopg

        self.number = number
        self.port = port
        self.csrf_cookie_name = csrf_cookie_name
        self.conn = http.client.HTTPConnection(HOST, port, timeout=120)
        self.db = psycopg.connect(db_url, autocommit=True)
        self.counter = 0
        self.statuses = {}

    def close(self):
        self.conn.close()
        self.db.close()

    def reconnect(self):
        self.conn.close()
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=120)

    def request(self, step, method, path, body=None, cookie=None, ip=None):
        headers = {}
        if ip:
            headers["X-Forwarded-For"] = ip
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if cookie:
            headers["Cookie"] = cookie
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.reconnect()
            key = (step, type(error).__name__)
            self.statuses[key] = self.statuses.get(key, 0) + 1
            raise RequestFailed(f"{step}: {type(error).__name__}: {error}") from None
        key = (step, response.status)
        self.statuses[key] = self.statuses.get(key, 0) + 1
        return response, data

    def register(self, org, event_id, phase) -> Result:
        self.counter += 1
        email = f"{phase}-{self.number}-{self.counter}@bench.example"
        page = f"/{org}/veranstaltungen/{event_id}/"
        # Every registration is a different visitor behind the reverse proxy (the app trusts
        # one proxy, TRUSTED_PROXY_COUNT=1): the per-IP rate limit of the form still runs.
        ip = f"10.{self.number % 250}.{self.counter // 250 % 250}.{self.counter % 250 + 1}"
        steps = {}
        start = time.perf_counter()
        try:
            t = time.perf_counter()
            response, data = self.request("GET event page", "GET", page, ip=ip)
            if response.status != 200:
                raise RequestFailed(f"GET {page}: {response.status}")
            match = TOKEN_RE.search(data.decode())
            cookie = None
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name.strip() == self.csrf_cookie_name:
                    cookie = f"{self.csrf_cookie_name}={rest.split(';', 1)[0]}"
            if not match or not cookie:
                raise RequestFailed(f"GET {page}: no form/CSRF token (cookie {cookie!r})")
            csrf = match.group(1)
            steps["get"] = time.perf_counter() - t

            t = time.perf_counter()
            response, data = self.request(
                "POST registration",
                "POST",
                page,
                cookie=cookie,
                ip=ip,
                body={
                    "csrfmiddlewaretoken": csrf,
                    "name": f"Person {self.number}-{self.counter}",
                    "email": email,
                    "accept_privacy": "on",
                    "homepage": "",
                },
            )
            text = data.decode()
            # The "check your mail" page names the address; the form again means refused.
            if response.status != 200 or email not in text or 'name="accept_privacy"' in text:
                at = text.find("mw-error-summary")
                summary = " ".join(re.sub(r"<[^>]+>", " ", text[at : at + 1500]).split())
                raise RequestFailed(
                    f"POST {page}: {response.status}, form shown again: "
                    f"{summary[:300] if at >= 0 else '(no error summary)'}"
                )
            steps["post"] = time.perf_counter() - t

            t = time.perf_counter()
            row = self.db.execute(
                "SELECT token, status FROM events_registration WHERE event_id = %s AND email = %s",
                [event_id, email],
            ).fetchone()
            if row is None or row[1] != "unconfirmed":
                raise RequestFailed(f"no unconfirmed registration for {email}: {row}")
            token = row[0]
            steps["token"] = time.perf_counter() - t

            t = time.perf_counter()
            confirm = f"/{org}/veranstaltungen/anmeldung/{token}/bestaetigen/"
            response, data = self.request(
                "POST confirmation",
                "POST",
                confirm,
                cookie=cookie,
                ip=ip,
                body={"csrfmiddlewaretoken": csrf},
            )
            location = response.headers.get("Location", "")
            if response.status != 302 or not location.endswith(
                f"/veranstaltungen/anmeldung/{token}/"
            ):
                raise RequestFailed(f"POST {confirm}: {response.status} -> {location!r}")
            steps["confirm"] = time.perf_counter() - t
        except Exception as error:  # noqa: BLE001  (reported, counted as an error)
            if not isinstance(error, RequestFailed):
                error = f"{type(error).__name__}: {error}\n{traceback.format_exc()}"
            return Result(False, time.perf_counter() - start, steps, str(error))
        return Result(True, time.perf_counter() - start, steps)

    def baseline(self, phase) -> Result:
        self.counter += 1
        start = time.perf_counter()
        try:
            response, _data = self.request(
                "POST baseline",
                "POST",
                "/bench/baseline-insert/",
                body={"phase": phase, "client": self.number, "payload": f"{phase}-{self.counter}"},
            )
            if response.status != 204:
                raise RequestFailed(f"POST baseline: {response.status}")
        except Exception as error:  # noqa: BLE001
            return Result(False, time.perf_counter() - start, error=str(error))
        return Result(True, time.perf_counter() - start)


# --- CPU accounting (Linux /proc) -------------------------------------------------------------

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _machine_jiffies():
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values[:8]), idle


def _process_seconds(root_pid, db_name):
    """CPU seconds (user + system) per pid: {pid: (kind, seconds)} for the gunicorn master and
    its workers ("app") and the PostgreSQL backends connected to db_name ("db")."""
    found = {}
    marker = f" {db_name} ".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        rest = stat.rsplit(")", 1)[1].split()
        pid, ppid = int(entry.name), int(rest[1])
        seconds = (int(rest[11]) + int(rest[12])) / CLK_TCK
        if pid == root_pid or ppid == root_pid:
            found[pid] = ("app", seconds)
        elif cmdline.startswith(b"postgres: ") and marker in cmdline:
            found[pid] = ("db", seconds)
    return found


class CpuMeter(threading.Thread):
    """Cores used during a phase: the app server, its PostgreSQL backends, the client process,
    and the rest of the machine (other PostgreSQL processes, Redis, other tenants). Processes
    are sampled every second, so a backend that exits during the phase (conn_max_age) is
    counted up to its last sample."""

    def __init__(self, server_pid, db_name):
        super().__init__(daemon=True)
        self.server_pid = server_pid
        self.db_name = db_name
        self.stopped = threading.Event()

    def __enter__(self):
        self.first = _process_seconds(self.server_pid, self.db_name)
        self.last = dict(self.first)
        self.machine = _machine_jiffies()
        self.client = time.process_time()
        self.wall = time.perf_counter()
        self.start()
        return self

    def run(self):
        while not self.stopped.wait(1.0):
            for pid, value in _process_seconds(self.server_pid, self.db_name).items():
                self.last[pid] = value
                self.first.setdefault(pid, (value[0], 0.0))

    def __exit__(self, *exc):
        self.stopped.set()
        self.join()
        total, idle = _machine_jiffies()
        wall = time.perf_counter() - self.wall
        client = time.process_time() - self.client
        for pid, value in _process_seconds(self.server_pid, self.db_name).items():
            self.last[pid] = value
            self.first.setdefault(pid, (value[0], 0.0))
        used = {"app": 0.0, "db": 0.0}
        for pid, (kind, seconds) in self.last.items():
            used[kind] += seconds - self.first[pid][1]
        busy = (total - self.machine[0]) - (idle - self.machine[1])
        self.busy_cores = busy / CLK_TCK / wall
        self.server_cores = used["app"] / wall
        self.db_cores = used["db"] / wall
        self.client_cores = client / wall
        self.other_cores = self.busy_cores - self.server_cores - self.db_cores - self.client_cores


class LockSampler(threading.Thread):
    """Samples pg_stat_activity of the bench database every 20 ms: how many backends wait
    for a lock (the event row lock) and how many are running."""

    def __init__(self, db_url, db_name):
        super().__init__(daemon=True)
        import psycopg

        self.db = psycopg.connect(db_url, autocommit=True)
        self.db_name = db_name
        self.stop = threading.Event()
        self.samples = []

    def run(self):
        query = (
            "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), "
            "count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock')"
            " FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
        )
        while not self.stop.is_set():
            self.samples.append(self.db.execute(query, [self.db_name]).fetchone())
            time.sleep(0.02)
        self.db.close()

    def result(self):
        if not self.samples:
            return float("nan"), float("nan")
        waiting = sum(s[0] for s in self.samples) / len(self.samples)
        active = sum(s[1] for s in self.samples) / len(self.samples)
        return waiting, active


# --- Phases ---------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    kind: str  # "registration" or "baseline"
    results: list
    elapsed: float
    cpu: CpuMeter | None = None
    lock_waiters: float = float("nan")
    active_backends: float = float("nan")

    @property
    def ok(self):
        return [r for r in self.results if r.ok]

    @property
    def errors(self):
        return [r for r in self.results if not r.ok]

    @property
    def throughput(self):
        return len(self.ok) / self.elapsed if self.elapsed else float("nan")

    def latency(self, p, step=None):
        if step:
            values = [r.steps[step] for r in self.ok if step in r.steps]
        else:
            values = [r.latency for r in self.ok]
        return percentile(values, p) * 1000


def run_phase(
    name, kind, clients, duration, operation, server_pid=None, sampler_args=None, db_name=None
):
    for client in clients:  # idle connections may have been closed by the server
        client.reconnect()
    results = []
    lock = threading.Lock()
    ends = []
    barrier = threading.Barrier(len(clients) + 1)
    deadline_box = {}

    def loop(client):
        barrier.wait()
        deadline = deadline_box["deadline"]
        mine = []
        last = time.perf_counter()
        while time.perf_counter() < deadline:
            mine.append(operation(client))
            last = time.perf_counter()
        with lock:
            results.extend(mine)
            ends.append(last)

    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    sampler = None
    if sampler_args:
        sampler = LockSampler(*sampler_args)
    meter = CpuMeter(server_pid, db_name) if server_pid else None
    if meter:
        meter.__enter__()
    if sampler:
        sampler.start()
    start = time.perf_counter()
    deadline_box["deadline"] = start + duration
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = max(ends) - start
    if sampler:
        sampler.stop.set()
        sampler.join()
    if meter:
        meter.__exit__(None, None, None)
    phase = Phase(name, kind, results, elapsed, meter)
    if sampler:
        phase.lock_waiters, phase.active_backends = sampler.result()
    return phase


# --- In-process profile -------------------------------------------------------------------


def profile_in_process(org, event_id, count):
    """One registration after another through django.test.Client in this process (no
    concurrency): per step the latency, the number of SQL queries, and how long the event's
    row lock (SELECT … FOR UPDATE until COMMIT) is held, and how much of that is spent
    rendering e-mails. The lock is what serialises all registrations of one event."""
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    import mitwirken.core.mail as mail
    from mitwirken.events.models import Registration

    conn = connections["default"]
    state = {"locked_at": None, "held": 0.0, "render": 0.0, "sql": 0.0}

    def lock_watch(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            result = execute(sql, params, many, context)
        finally:
            state["sql"] += time.perf_counter() - start
        if state["locked_at"] is None and "FOR UPDATE" in sql:
            state["locked_at"] = time.perf_counter()
        return result

    original_commit = conn._commit

    def commit():
        original_commit()
        if state["locked_at"] is not None:
            state["held"] += time.perf_counter() - state["locked_at"]
            state["locked_at"] = None

    original_render = mail.render_to_string

    def render(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original_render(*args, **kwargs)
        finally:
            if state["locked_at"] is not None:
                state["render"] += time.perf_counter() - start

    conn._commit = commit
    mail.render_to_string = render
    client = Client(HTTP_HOST=HOST)
    page = f"/{org}/veranstaltungen/{event_id}/"
    samples = {step: [] for step in ("GET event page", "POST registration", "POST confirmation")}

    def step(name, expect, method, *args, **kwargs):
        state.update(held=0.0, render=0.0, sql=0.0, locked_at=None)
        with CaptureQueriesContext(conn) as queries:
            start = time.perf_counter()
            response = getattr(client, method)(*args, **kwargs)
            elapsed = time.perf_counter() - start
        if response.status_code != expect:
            raise RuntimeError(f"profile: {name} answered {response.status_code}")
        samples[name].append((elapsed, len(queries), state["held"], state["render"], state["sql"]))
        return response

    try:
        with conn.execute_wrapper(lock_watch):
            for i in range(count):
                client.cookies.clear()
                ip = f"10.251.{i // 250}.{i % 250 + 1}"
                email = f"profile-{i}@bench.example"
                response = step("GET event page", 200, "get", page, HTTP_X_FORWARDED_FOR=ip)
                csrf = TOKEN_RE.search(response.content.decode()).group(1)
                form = {
                    "csrfmiddlewaretoken": csrf,
                    "name": f"Profil {i}",
                    "email": email,
                    "accept_privacy": "on",
                    "homepage": "",
                }
                step("POST registration", 200, "post", page, form, HTTP_X_FORWARDED_FOR=ip)
                with scopes_disabled():
                    token = Registration.objects.get(event_id=event_id, email=email).token
                step(
                    "POST confirmation",
                    302,
                    "post",
                    f"/{org}/veranstaltungen/anmeldung/{token}/bestaetigen/",
                    {"csrfmiddlewaretoken": csrf},
                    HTTP_X_FORWARDED_FOR=ip,
                )
    finally:
        conn._commit = original_commit
        mail.render_to_string = original_render
    rows = []
    for name, values in samples.items():
        values = values[len(values) // 5 :]  # the first fifth warms up
        rows.append(
            {
                "step": name,
                "p50": median([v[0] for v in values]) * 1000,
                "queries": sorted({v[1] for v in values}),
                "held": median([v[2] for v in values]) * 1000,
                "render": median([v[3] for v in values]) * 1000,
                "sql": median([v[4] for v in values]) * 1000,
            }
        )
    return rows


# --- Main -----------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--duration", type=float, default=20, help="seconds per measured phase")
    parser.add_argument(
        "--waitlist-duration",
        type=float,
        default=8,
        help="seconds of the capacity-30 phase (0: skip it)",
    )
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker")
    parser.add_argument(
        "--scheduled-backend",
        default="db",
        choices=["db", "dummy", "none"],
        help="task backend for deferred tasks (reminders), see bench/settings.py",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=50,
        help="registrations for the in-process profile (0: skip it)",
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="DATABASE_URL ?conn_max_age= (docs/operators.md: 60)",
    )
    parser.add_argument("--db", default="mitwirken_bench", help="database name (dropped!)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="mitwirken-bench-"))
    env = bench_environment(
        args.db,
        var_dir,
        args.conn_max_age,
        BENCH_SCHEDULED_BACKEND=args.scheduled_backend,
        TRUSTED_PROXY_COUNT=1,
    )
    print(f"Preparing database {args.db} (migrate, collectstatic into {var_dir}) …", flush=True)
    args.busy_before = machine_busy()
    print(
        f"Machine busy before the start (other processes): {args.busy_before:.2f} of "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    recreate_database(args.db)
    server = None
    clients = []
    failures = []
    try:
        setup_django(env)
        from django.conf import settings
        from django.db import connection

        from bench._common import migrate_and_collectstatic

        migrate_and_collectstatic()
        fixtures = create_fixtures()
        connection.close()
        csrf_cookie = settings.CSRF_COOKIE_NAME
        org, events = fixtures["org"], fixtures["events"]

        port = free_port()
        log_path = var_dir / "gunicorn.log"
        server_desc = f"gunicorn {args.workers} x {args.worker_class}" + (
            f" ({args.threads} threads)" if args.worker_class == "gthread" else ""
        )
        print(f"Starting {server_desc} on port {port} …", flush=True)
        server = start_gunicorn(env, args, port, log_path)
        db_url = psycopg_url(args.db)
        clients = [Client(i, port, db_url, csrf_cookie) for i in range(args.clients)]

        def registration(phase, event_key):
            return lambda c: c.register(org, events[event_key], phase)

        def baseline(phase):
            return lambda c: c.baseline(phase)

        sampler = (db_url, args.db)
        print("Warm-up …", flush=True)
        warm = [
            run_phase(
                "warm-up registrations",
                "registration",
                clients,
                args.warmup,
                registration("warmup", "warmup"),
            ),
            run_phase("warm-up baseline", "baseline", clients, args.warmup / 2, baseline("warmup")),
        ]
        phases = []
        print(f"Baseline 1 ({args.duration:.0f} s) …", flush=True)
        phases.append(
            run_phase(
                "baseline (before)",
                "baseline",
                clients,
                args.duration,
                baseline("before"),
                server.pid,
                sampler,
                args.db,
            )
        )
        print(f"Registrations, capacity 1,000,000 ({args.duration:.0f} s) …", flush=True)
        phases.append(
            run_phase(
                "registrations",
                "registration",
                clients,
                args.duration,
                registration("main", "main"),
                server.pid,
                sampler,
                args.db,
            )
        )
        print(f"Baseline 2 ({args.duration:.0f} s) …", flush=True)
        phases.append(
            run_phase(
                "baseline (after)",
                "baseline",
                clients,
                args.duration,
                baseline("after"),
                server.pid,
                sampler,
                args.db,
            )
        )
        if args.waitlist_duration > 0:
            print(
                f"Registrations, 30 seats + waiting list ({args.waitlist_duration:.0f} s) …",
                flush=True,
            )
            phases.append(
                run_phase(
                    "registrations (30 seats + waiting list)",
                    "registration",
                    clients,
                    args.waitlist_duration,
                    registration("waitlist", "waitlist"),
                    server.pid,
                    sampler,
                    args.db,
                )
            )
        statuses = {}
        for client in clients:
            for key, n in client.statuses.items():
                statuses[key] = statuses.get(key, 0) + n
        for client in clients:
            client.close()
        clients = []
        stop_gunicorn(server)

        profile = []
        if args.profile:
            print(f"In-process profile ({args.profile} registrations, one at a time) …", flush=True)
            profile = profile_in_process(org, events["profile"], args.profile)
            connection.close()

        # --- Verification --------------------------------------------------------------
        checks = verify(db_url, events, warm + phases)
        for phase in warm + phases:
            for result in phase.errors[:5]:
                failures.append(f"{phase.name}: {result.error}")
            if phase.errors:
                failures.append(f"{phase.name}: {len(phase.errors)} failed operations")
        failures += [c[0] + ": " + c[3] for c in checks if not c[2]]
        log_text = log_path.read_text(errors="replace")
        server_errors = [
            line
            for line in log_text.splitlines()
            if "Traceback" in line or "[ERROR]" in line or "Internal Server Error" in line
        ]
        if server_errors:
            failures.append(
                f"gunicorn log has {len(server_errors)} error lines, e.g. {server_errors[0]!r}"
            )

        report(args, server_desc, csrf_cookie, phases, statuses, checks, log_text, profile)
    except Exception:
        traceback.print_exc()
        failures.append("the benchmark itself failed")
    finally:
        for client in clients:
            with contextlib.suppress(Exception):
                client.close()
        stop_gunicorn(server)
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
    if failures:
        print("\nERRORS:")
        for failure in failures:
            print("  - " + failure.strip().replace("\n", "\n    "))
        return 1
    print("\nOK: every request answered as expected and the database matches.")
    return 0


def verify(db_url, events, phases):
    """(check, expected, passed, detail) rows."""
    import psycopg

    done = {p.name: len(p.ok) for p in phases}
    by_name = {p.name: p for p in phases}
    checks = []
    with psycopg.connect(db_url, autocommit=True) as db:

        def counts(event_id):
            return dict(
                db.execute(
                    "SELECT status, count(*) FROM events_registration WHERE event_id = %s "
                    "GROUP BY status",
                    [event_id],
                ).fetchall()
            )

        for key, phase_name in (("warmup", "warm-up registrations"), ("main", "registrations")):
            c = counts(events[key])
            n = done[phase_name]
            checks.append(
                (
                    f"{phase_name}: confirmed in DB = completed",
                    n,
                    c.get("confirmed", 0) == n and sum(c.values()) == n,
                    f"completed {n}, database {c}",
                )
            )
        waitlist = "registrations (30 seats + waiting list)"
        if waitlist in by_name:
            c = counts(events["waitlist"])
            n = done[waitlist]
            seats = min(30, n)
            checks.append(
                (
                    f"{waitlist}: 30 confirmed, rest waiting",
                    n,
                    c.get("confirmed", 0) == seats
                    and c.get("waiting", 0) == n - seats
                    and sum(c.values()) == n,
                    f"completed {n}, database {c}",
                )
            )
        rows = dict(
            db.execute("SELECT phase, count(*) FROM bench_baseline GROUP BY phase").fetchall()
        )
        for phase_key, phase_name in (
            ("warmup", "warm-up baseline"),
            ("before", "baseline (before)"),
            ("after", "baseline (after)"),
        ):
            n = done[phase_name]
            checks.append(
                (
                    f"{phase_name}: rows in DB = completed",
                    n,
                    rows.get(phase_key, 0) == n,
                    f"completed {n}, rows {rows.get(phase_key, 0)}",
                )
            )
        tasks = db.execute(
            "SELECT to_regclass('django_tasks_database_dbtaskresult') IS NOT NULL"
        ).fetchone()[0]
        if tasks:
            scheduled = db.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult"
            ).fetchone()[0]
            checks.append(
                (
                    "deferred tasks stored (reminders are planned per event, not per seat)",
                    "-",
                    True,
                    str(scheduled),
                )
            )
    return checks


def report(args, server_desc, csrf_cookie, phases, statuses, checks, log_text, profile):
    from django.conf import settings

    print("\n" + "=" * 100)
    print("Registration benchmark")
    print(machine_summary() + f"; busy before the start: {args.busy_before:.2f} cores")
    print(
        f"Server: {server_desc}; clients: {args.clients} threads (http.client keep-alive) in "
        f"one process on the same machine; phase length {args.duration:.0f} s"
    )
    print(
        f"Settings: bench.settings, DEBUG={settings.DEBUG}, cache "
        f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, tasks "
        + ", ".join(f"{k}={v['BACKEND'].rsplit('.', 1)[-1]}" for k, v in settings.TASKS.items())
        + f", e-mail {settings.EMAIL_BACKEND.rsplit('.', 2)[-2]}, CSRF cookie '{csrf_cookie}'"
    )
    print()
    rows = []
    for p in phases:
        unit = "reg/s" if p.kind == "registration" else "req/s"
        rows.append(
            [
                p.name,
                len(p.ok),
                len(p.errors),
                f"{p.throughput:.1f} {unit}",
                f"{p.latency(50):.1f}",
                f"{p.latency(95):.1f}",
                f"{p.latency(99):.1f}",
                f"{p.cpu.server_cores:.2f}/{p.cpu.db_cores:.2f}/{p.cpu.client_cores:.2f}/"
                f"{p.cpu.other_cores:.2f}"
                if p.cpu
                else "-",
                f"{p.lock_waiters:.1f}",
            ]
        )
    print(
        table(
            [
                "phase",
                "done",
                "errors",
                "throughput",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "cores app/db/client/rest",
                "lock waiters",
            ],
            rows,
        )
    )
    print("\nLatency of the steps of one registration (ms, p50 / p95):")
    step_rows = []
    for p in phases:
        if p.kind != "registration":
            continue
        step_rows.append(
            [p.name]
            + [
                f"{p.latency(50, s):.1f} / {p.latency(95, s):.1f}"
                for s in ("get", "post", "token", "confirm")
            ]
        )
    print(table(["phase", "GET page", "POST form", "token (DB)", "POST confirm"], step_rows))
    baselines = [p.throughput for p in phases if p.kind == "baseline"]
    registrations = next(p for p in phases if p.name == "registrations")
    base = sum(baselines) / len(baselines)
    ratio = registrations.throughput / base
    print(f"\nBaseline (mean of before/after): {base:.1f} req/s")
    print(
        f"Registrations / baseline: {registrations.throughput:.1f} / {base:.1f} = "
        f"{ratio:.1%}  (target >= 40 %)"
    )
    print(f"Registrations per second: {registrations.throughput:.1f}  (target >= 100)")
    print(
        f"A registration is 3 HTTP requests (+1 token lookup): {3 * registrations.throughput:.1f}"
        f" req/s = {3 * ratio:.1%} of the baseline's requests/s (so the 40 % target asks each "
        "registration request to cost at most ~0.8 baseline requests)"
    )
    print(
        "\nCPU time per completed operation (ms; app = gunicorn, db = its PostgreSQL backends; "
        "rest = Redis, other processes):"
    )
    cpu_rows = []
    for p in phases:
        if p.cpu and p.ok:
            per = p.elapsed / len(p.ok) * 1000
            cpu_rows.append(
                [
                    p.name,
                    f"{p.cpu.server_cores * per:.1f}",
                    f"{p.cpu.db_cores * per:.1f}",
                    f"{p.cpu.client_cores * per:.1f}",
                    f"{p.cpu.busy_cores:.2f}",
                    f"{p.cpu.other_cores:.2f}",
                ]
            )
    print(
        table(
            ["phase", "app", "db", "client", "machine busy (cores)", "of which rest (cores)"],
            cpu_rows,
        )
    )
    cores = os.cpu_count() or 1
    projected = {}
    for p in phases:
        if p.cpu and p.ok and p.name in ("registrations", "baseline (before)", "baseline (after)"):
            per = p.elapsed / len(p.ok) * (p.cpu.server_cores + p.cpu.db_cores + p.cpu.client_cores)
            projected[p.name] = cores / per
    if len(projected) == 3:
        base = (projected["baseline (before)"] + projected["baseline (after)"]) / 2
        print(
            f"CPU-bound projection for this machine with nothing else running ({cores} cores / "
            f"CPU per operation): registrations {projected['registrations']:.0f}/s, baseline "
            f"{base:.0f}/s, ratio {projected['registrations'] / base:.1%}"
        )
    if profile:
        print("\nIn-process profile, one registration at a time (median ms):")
        print(
            table(
                [
                    "step",
                    "latency",
                    "SQL queries",
                    "time in SQL",
                    "event row lock held",
                    "e-mail rendering in lock",
                ],
                [
                    [
                        r["step"],
                        f"{r['p50']:.1f}",
                        "/".join(map(str, r["queries"])),
                        f"{r['sql']:.1f}",
                        f"{r['held']:.1f}",
                        f"{r['render']:.1f}",
                    ]
                    for r in profile
                ],
            )
        )
        held = sum(r["held"] for r in profile)
        if held:
            print(
                f"Lock held per registration: {held:.1f} ms -> at most {1000 / held:.0f} "
                "registrations/s for one event, however many cores (measured without "
                "contention; under load the holder also waits for CPU)."
            )
    print("\nHTTP statuses (all phases incl. warm-up):")
    print(
        table(
            ["request", "status", "count"],
            [[k[0], k[1], n] for k, n in sorted(statuses.items(), key=str)],
        )
    )
    print("\nChecks:")
    print(
        table(
            ["check", "expected", "ok", "detail"],
            [[c[0], c[1], "yes" if c[2] else "NO", c[3]] for c in checks],
        )
    )
    if log_text.strip():
        print("\ngunicorn log (last lines):")
        print("\n".join(log_text.strip().splitlines()[-10:]))


if __name__ == "__main__":
    sys.exit(main())
