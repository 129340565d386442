"""Benchmark: registrations per second for one event, through the real form over HTTP, in the
production configuration, against a minimal Django implementation of the same flow.

    uv run --frozen python bench/registration.py [--clients 16] [--duration 20] [--keep]

What it does (see bench/README.md):

1. drops and creates the PostgreSQL database ``mitwirken_bench``, migrates, runs collectstatic
   into a temporary MITWIRKEN_VAR_DIR, creates the platform operator, one organisation and
   published online events (warm-up, the measured event with capacity 1,000,000, an event
   with 30 seats, a 500-seat event for the burst, one for the profile) and the tables of the
   baseline flow (bench/models.py);
2. starts gunicorn (DEBUG off, Redis cache, tasks in the database, mails written to files)
   with ``DJANGO_SETTINGS_MODULE=bench.settings``, and ``manage.py worker``, which drains the
   tasks (the mails) during the run;
3. lets a pool of client threads (http.client, keep-alive) register in a loop, each
   registration as a new visitor: GET the event page (CSRF cookie and token), POST the form,
   look up the registration's token in the database (stands in for the link in the e-mail),
   POST the confirmation;
4. in the same run, the same pool runs the baseline flow (bench/views.py ``flow_*``: GET a page
   of the same size in the same layout with a form, POST that locks the event, counts seats,
   inserts a registration and enqueues a mail task, GET of the confirmation link that updates
   the row and enqueues one more), once before and once after the registrations;
5. a burst: 2,000 visitors arrive within 60 s for a 500-seat event the moment registration
   opens (most of them in its first seconds);
6. waits until the worker has drained every task, checks every status code, the database
   (seats, waiting list order) and the mails (every one written exactly once), prints the
   targets, stops what it started and drops the database (``--keep`` keeps it). Exit status
   1 on any error.
"""

import argparse
import contextlib
import email.parser
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
    """Operator, one organisation, the events, the baseline tables. Returns a dict."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from bench.models import BenchEvent, BenchRegistration
    from mitwirken.events.models import Event, Format, Mode
    from mitwirken.organisations.models import Organisation
    from mitwirken.portal.platform import init_platform

    with connection.schema_editor() as editor:
        editor.create_model(BenchEvent)
        editor.create_model(BenchRegistration)
    flow = {
        "warmup": BenchEvent.objects.create(title="Aufwärmen", capacity=1_000_000).pk,
        "main": BenchEvent.objects.create(
            title="Coffee Lecture: Digitale Verwaltung", capacity=1_000_000
        ).pk,
    }
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

    def event(title, capacity, waiting_list=True, **extra):
        return Event.objects.create(
            **extra,
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
            # Opens when the burst starts (run_burst sets the time).
            "burst": event(
                "Coffee Lecture mit 500 Plätzen",
                500,
                registration_opens_at=starts - timedelta(days=1),
            ),
        }
    return {
        "org": organisation.slug,
        "events": {k: e.pk for k, e in events.items()},
        "flow": flow,
    }


def start_worker(env, log_path):
    """``manage.py worker`` (core/management/commands/worker.py), as production runs it."""
    log = open(log_path, "w")  # noqa: SIM115  (closed in stop_process)
    process = subprocess.Popen(
        [sys.executable, str(REPO / "manage.py"), "worker", "--interval", "0.2"],
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        cwd=REPO,
    )
    process.log = log
    return process


def wait_for_tasks(db_url, timeout) -> tuple[float, dict]:
    """Seconds until no task is READY or RUNNING any more, and the count per status."""
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(db_url, autocommit=True) as db:
        while True:
            counts = dict(
                db.execute(
                    "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
                    "GROUP BY status"
                ).fetchall()
            )
            if not counts.get("READY") and not counts.get("RUNNING"):
                return time.perf_counter() - start, counts
            if time.perf_counter() - start > timeout:
                return float("nan"), counts
            time.sleep(0.5)


def read_mails(mail_dir: Path) -> dict:
    """{recipient: [subject, ...]} of every mail the file backend wrote."""
    parser = email.parser.BytesHeaderParser()
    found = {}
    separator = b"\n" + b"-" * 79 + b"\n"
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(separator):
            if not chunk.strip():
                continue
            headers = parser.parsebytes(chunk.lstrip(b"\n"))
            for recipient in (headers.get("To") or "").split(","):
                found.setdefault(recipient.strip().lower(), []).append(headers.get("Subject"))
    return found


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


def stop_process(process):
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
            # Post/Redirect/Get to the "check your mail" page; the form again means refused.
            location = response.headers.get("Location", "")
            if response.status != 302 or not location.endswith(f"/{event_id}/bitte-bestaetigen/"):
                text = data.decode()
                at = text.find("mw-error-summary")
                summary = " ".join(re.sub(r"<[^>]+>", " ", text[at : at + 1500]).split())
                raise RequestFailed(
                    f"POST {page}: {response.status} -> {location!r}, form shown again: "
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

    def flow(self, event_id, phase, page_bytes) -> Result:
        """The baseline flow (bench.views.flow_*): GET the page, POST the form, read the token,
        GET the confirmation link."""
        self.counter += 1
        email_address = f"{phase}-{self.number}-{self.counter}@flow.example"
        page = f"/bench/flow/{event_id}/?bytes={page_bytes}"
        steps = {}
        start = time.perf_counter()
        try:
            t = time.perf_counter()
            response, data = self.request("GET baseline page", "GET", page)
            match = TOKEN_RE.search(data.decode())
            cookie = None
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name.strip() == self.csrf_cookie_name:
                    cookie = f"{self.csrf_cookie_name}={rest.split(';', 1)[0]}"
            if response.status != 200 or not match or not cookie:
                raise RequestFailed(f"GET {page}: {response.status}, no form/CSRF token")
            csrf = match.group(1)
            steps["get"] = time.perf_counter() - t
            t = time.perf_counter()
            response, _data = self.request(
                "POST baseline form",
                "POST",
                page,
                cookie=cookie,
                body={
                    "csrfmiddlewaretoken": csrf,
                    "name": f"Person {self.number}-{self.counter}",
                    "email": email_address,
                    "accept_privacy": "on",
                    "homepage": "",
                },
            )
            if response.status != 302:
                raise RequestFailed(f"POST {page}: {response.status}")
            steps["post"] = time.perf_counter() - t
            t = time.perf_counter()
            row = self.db.execute(
                "SELECT token FROM bench_benchregistration WHERE email = %s", [email_address]
            ).fetchone()
            if row is None:
                raise RequestFailed(f"no baseline registration for {email_address}")
            steps["token"] = time.perf_counter() - t
            t = time.perf_counter()
            response, _data = self.request(
                "GET baseline confirmation", "GET", f"/bench/flow/confirm/{row[0]}/", cookie=cookie
            )
            if response.status != 302:
                raise RequestFailed(f"GET confirmation: {response.status}")
            steps["confirm"] = time.perf_counter() - t
        except Exception as error:  # noqa: BLE001  (reported, counted as an error)
            if not isinstance(error, RequestFailed):
                error = f"{type(error).__name__}: {error}\n{traceback.format_exc()}"
            return Result(False, time.perf_counter() - start, steps, str(error))
        return Result(True, time.perf_counter() - start, steps)


# --- CPU accounting (Linux /proc) -------------------------------------------------------------

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _machine_jiffies():
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in fields]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values[:8]), idle


WORKER = {"pid": None}  # the task worker's pid, once started


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
        elif pid == WORKER["pid"]:
            found[pid] = ("worker", seconds)
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
        used = {"app": 0.0, "db": 0.0, "worker": 0.0}
        for pid, (kind, seconds) in self.last.items():
            used[kind] += seconds - self.first[pid][1]
        busy = (total - self.machine[0]) - (idle - self.machine[1])
        self.busy_cores = busy / CLK_TCK / wall
        self.server_cores = used["app"] / wall
        self.db_cores = used["db"] / wall
        self.worker_cores = used["worker"] / wall
        self.client_cores = client / wall
        self.other_cores = (
            self.busy_cores
            - self.server_cores
            - self.db_cores
            - self.worker_cores
            - self.client_cores
        )


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


def run_burst(clients, org, event_id, visitors, window, server_pid, db_url, db_name):
    """``visitors`` arrive within ``window`` seconds, from the moment registration opens:
    visitor i at ``window * (i / visitors) ** 2``, so that a quarter of them arrive in the
    first 1/16 of the window (125 in 3.75 s for the defaults) and half in its first quarter.
    Each is served by the next free client thread (open loop: a visitor who must wait for a
    free client is counted in ``waited``)."""
    import psycopg

    for client in clients:
        client.reconnect()
    opens = time.time() + 1.5
    with psycopg.connect(db_url, autocommit=True) as db:
        db.execute(
            "UPDATE events_event SET registration_opens_at = to_timestamp(%s), "
            "updated_at = now() WHERE id = %s",
            [opens, event_id],
        )
    time.sleep(max(0.0, opens - time.time() + 0.02))
    arrivals = [window * (i / visitors) ** 2 for i in range(visitors)]
    results = []
    lock = threading.Lock()
    next_visitor = iter(range(visitors))
    meter = CpuMeter(server_pid, db_name)
    meter.__enter__()
    sampler = LockSampler(db_url, db_name)
    sampler.start()
    start = time.perf_counter()

    def loop(client):
        while True:
            with lock:
                index = next(next_visitor, None)
            if index is None:
                return
            due = start + arrivals[index]
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            result = client.register(org, event_id, "burst")
            result.waited = max(0.0, -delay)
            result.arrival = arrivals[index]
            with lock:
                results.append(result)

    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    meter.__exit__(None, None, None)
    phase = Phase("burst (500 seats)", "burst", results, elapsed, meter)
    phase.lock_waiters, phase.active_backends = sampler.result()
    return phase


def request_latencies(phase) -> list[float]:
    """Every HTTP request of the phase (GET page, POST form, POST confirmation), in seconds."""
    return [
        r.steps[step]
        for r in phase.results
        for step in ("get", "post", "confirm")
        if step in r.steps
    ]


# --- In-process profile -------------------------------------------------------------------


def profile_in_process(org, event_id, count):
    """One registration after another through django.test.Client in this process (no
    concurrency): per step the latency, the number of SQL queries, and how long the event's
    row lock (SELECT … FOR NO KEY UPDATE until COMMIT) is held, and how much of that is spent
    rendering e-mails. The lock is what serialises all seat decisions of one event."""
    from django.db import connections, transaction
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
        if state["locked_at"] is None and (" FOR UPDATE" in sql or " FOR NO KEY UPDATE" in sql):
            state["locked_at"] = time.perf_counter()
            transaction.on_commit(released)  # runs right after the COMMIT
        return result

    def released():
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
                step("POST registration", 302, "post", page, form, HTTP_X_FORWARDED_FOR=ip)
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


def main(argv=None):  # noqa: C901, PLR0915  (one run from start to end, in order)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--duration", type=float, default=20, help="seconds per measured phase")
    parser.add_argument(
        "--waitlist-duration",
        type=float,
        default=8,
        help="seconds of the capacity-30 phase (0: skip it)",
    )
    parser.add_argument("--burst-visitors", type=int, default=2000, help="0: no burst")
    parser.add_argument("--burst-window", type=float, default=60, help="seconds")
    parser.add_argument("--burst-clients", type=int, default=48, help="client threads")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker")
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
    parser.add_argument("--drain-timeout", type=float, default=600, help="seconds")
    parser.add_argument("--db", default="mitwirken_bench", help="database name (dropped!)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="mitwirken-bench-"))
    mail_dir = var_dir / "mail"
    mail_dir.mkdir()
    env = bench_environment(
        args.db,
        var_dir,
        args.conn_max_age,
        TRUSTED_PROXY_COUNT=1,
        # Production: tasks in the database, drained by the worker; mails really written.
        TASKS_IMMEDIATE="false",
        EMAIL_URL=f"filemail://{mail_dir}",
    )
    print(f"Preparing database {args.db} (migrate, collectstatic into {var_dir}) …", flush=True)
    args.busy_before = machine_busy()
    print(
        f"Machine busy before the start (other processes): {args.busy_before:.2f} of "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    recreate_database(args.db)
    server = worker = None
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
        org, events, flow = fixtures["org"], fixtures["events"], fixtures["flow"]

        port = free_port()
        log_path = var_dir / "gunicorn.log"
        server_desc = f"gunicorn {args.workers} x {args.worker_class}" + (
            f" ({args.threads} threads)" if args.worker_class == "gthread" else ""
        )
        print(f"Starting {server_desc} on port {port} and the task worker …", flush=True)
        server = start_gunicorn(env, args, port, log_path)
        worker = start_worker(env, var_dir / "worker.log")
        WORKER["pid"] = worker.pid
        db_url = psycopg_url(args.db)
        clients = [Client(i, port, db_url, csrf_cookie) for i in range(args.clients)]
        # The baseline's page is as large as the event page a visitor gets.
        response, page = clients[0].request(
            "GET event page", "GET", f"/{org}/veranstaltungen/{events['main']}/"
        )
        page_bytes = len(page)

        def registration(phase, event_key):
            return lambda c: c.register(org, events[event_key], phase)

        def baseline(phase, event_key):
            return lambda c: c.flow(flow[event_key], phase, page_bytes)

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
            run_phase(
                "warm-up baseline", "baseline", clients, args.warmup, baseline("warmup", "warmup")
            ),
        ]
        phases = []
        measured = [
            ("baseline (before)", "baseline", baseline("before", "main"), args.duration),
            ("registrations", "registration", registration("main", "main"), args.duration),
            ("baseline (after)", "baseline", baseline("after", "main"), args.duration),
        ]
        if args.waitlist_duration > 0:
            measured.append(
                (
                    "registrations (30 seats + waiting list)",
                    "registration",
                    registration("waitlist", "waitlist"),
                    args.waitlist_duration,
                )
            )
        for name, kind, operation, duration in measured:
            print(f"{name} ({duration:.0f} s) …", flush=True)
            phases.append(
                run_phase(name, kind, clients, duration, operation, server.pid, sampler, args.db)
            )
        statuses = {}
        for client in clients:
            for key, n in client.statuses.items():
                statuses[key] = statuses.get(key, 0) + n
        for client in clients:
            client.close()
        clients = []
        if args.burst_visitors:
            print(
                f"Burst: {args.burst_visitors} visitors within {args.burst_window:.0f} s for "
                f"500 seats, {args.burst_clients} client threads …",
                flush=True,
            )
            clients = [
                Client(1000 + i, port, db_url, csrf_cookie) for i in range(args.burst_clients)
            ]
            phases.append(
                run_burst(
                    clients,
                    org,
                    events["burst"],
                    args.burst_visitors,
                    args.burst_window,
                    server.pid,
                    db_url,
                    args.db,
                )
            )
            for client in clients:
                for key, n in client.statuses.items():
                    statuses[key] = statuses.get(key, 0) + n
                client.close()
            clients = []
        stop_process(server)

        print("Waiting for the worker to drain the tasks …", flush=True)
        drained, task_counts = wait_for_tasks(db_url, args.drain_timeout)
        profile = []
        if args.profile:  # after the drain: the worker does not compete with it for CPU
            print(f"In-process profile ({args.profile} registrations, one at a time) …", flush=True)
            profile = profile_in_process(org, events["profile"], args.profile)
            connection.close()
            _, task_counts = wait_for_tasks(db_url, args.drain_timeout)
        stop_process(worker)

        # --- Verification --------------------------------------------------------------
        checks = verify(db_url, events, warm + phases)
        checks += verify_mails(db_url, mail_dir, task_counts, drained)
        for phase in warm + phases:
            for result in phase.errors[:5]:
                failures.append(f"{phase.name}: {result.error}")
            if phase.errors:
                failures.append(f"{phase.name}: {len(phase.errors)} failed operations")
        failures += [c[0] + ": " + c[3] for c in checks if not c[2]]
        log_text = log_path.read_text(errors="replace")
        worker_log = (var_dir / "worker.log").read_text(errors="replace")
        server_errors = [
            line
            for line in (log_text + worker_log).splitlines()
            if "Traceback" in line or "[ERROR]" in line or "Internal Server Error" in line
        ]
        if server_errors:
            failures.append(
                f"gunicorn/worker log has {len(server_errors)} error lines, e.g. "
                f"{server_errors[0]!r}"
            )
        report(args, server_desc, csrf_cookie, phases, statuses, checks, log_text, profile)
        print(f"\nTask worker: drained {drained:.1f} s after the last request; tasks {task_counts}")
        print(f"Page sizes: event page {page_bytes} bytes; the baseline's page is padded to it")
    except Exception:
        traceback.print_exc()
        failures.append("the benchmark itself failed")
    finally:
        for client in clients:
            with contextlib.suppress(Exception):
                client.close()
        stop_process(server)
        stop_process(worker)
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
    print("\nOK: every request answered as expected, the database and the mails match.")
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
        for phase_name, event_key, seats in (
            ("registrations (30 seats + waiting list)", "waitlist", 30),
            ("burst (500 seats)", "burst", 500),
        ):
            if phase_name not in by_name:
                continue
            c = counts(events[event_key])
            n = done[phase_name]
            seated = min(seats, n)
            checks.append(
                (
                    f"{phase_name}: exactly {seats} seated, the rest waiting",
                    n,
                    c.get("confirmed", 0) == seated
                    and c.get("waiting", 0) == n - seated
                    and sum(c.values()) == n,
                    f"completed {n}, database {c}",
                )
            )
            # First come, first served: every seat went to an earlier confirmation than any
            # waiting place, and the waiting list is in the order of the confirmations.
            out_of_order = db.execute(
                "SELECT count(*) FROM (SELECT status, "
                "row_number() OVER (ORDER BY email_confirmed_at, id) AS by_time, "
                "row_number() OVER (ORDER BY CASE status WHEN 'confirmed' THEN 0 ELSE 1 END, "
                "queued_at NULLS FIRST, email_confirmed_at, id) AS by_place "
                "FROM events_registration WHERE event_id = %s) AS places "
                "WHERE by_time <> by_place",
                [events[event_key]],
            ).fetchone()[0]
            checks.append(
                (
                    f"{phase_name}: seats and waiting list in the order of confirmation",
                    0,
                    out_of_order == 0,
                    f"{out_of_order} out of order",
                )
            )
        rows = dict(
            db.execute(
                "SELECT e.title, count(*) FROM bench_benchregistration r "
                "JOIN bench_benchevent e ON e.id = r.event_id WHERE r.status = 'confirmed' "
                "GROUP BY e.title"
            ).fetchall()
        )
        flow_done = done["baseline (before)"] + done["baseline (after)"]
        confirmed = sum(n for title, n in rows.items() if title != "Aufwärmen")
        checks.append(
            (
                "baseline: confirmed rows in DB = completed flows",
                flow_done,
                confirmed == flow_done,
                f"completed {flow_done}, rows {confirmed}",
            )
        )
    return checks


def verify_mails(db_url, mail_dir, task_counts, drained):
    """Every registration got exactly its two mails (the confirmation link, then the seat or
    the waiting-list place; the baseline: link and confirmation), each written once."""
    import psycopg

    mails = read_mails(mail_dir)
    with psycopg.connect(db_url, autocommit=True) as db:
        addresses = [
            row[0]
            for row in db.execute(
                "SELECT email FROM events_registration UNION ALL "
                "SELECT email FROM bench_benchregistration"
            ).fetchall()
        ]
    wrong = [a for a in addresses if len(mails.get(a, [])) != 2]
    strangers = set(mails) - set(addresses)
    total = sum(len(v) for v in mails.values())
    return [
        (
            "worker drained every task, none failed",
            "0 left",
            drained == drained and set(task_counts) <= {"SUCCESSFUL"},
            f"{task_counts}",
        ),
        (
            "every registration got its 2 mails, each once",
            2 * len(addresses),
            not wrong and not strangers and total == 2 * len(addresses),
            f"{total} mails to {len(mails)} addresses; {len(wrong)} with another number "
            f"(e.g. {wrong[:1]} -> {[mails.get(a) for a in wrong[:1]]}), "
            f"{len(strangers)} to unknown addresses",
        ),
    ]


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
        unit = "flows/s" if p.kind == "baseline" else "reg/s"
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
        if p.kind == "baseline" and p.name != "baseline (before)":
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
    targets = [
        (
            "registrations / baseline flow >= 50 %",
            f"{registrations.throughput:.1f} / {base:.1f} = {ratio:.1%}",
            ratio >= 0.5,
        ),
        (
            "registrations per second >= 100",
            f"{registrations.throughput:.1f}",
            registrations.throughput >= 100,
        ),
    ]
    burst = next((p for p in phases if p.kind == "burst"), None)
    if burst is not None:
        latencies = request_latencies(burst)
        p95 = percentile(latencies, 95)
        last = max((r.arrival for r in burst.results), default=0)
        targets += [
            (
                f"burst: {len(burst.results)} visitors arrived within {last:.1f} s",
                f"{len(burst.ok)} done in {burst.elapsed:.1f} s",
                len(burst.results) == args.burst_visitors and last <= args.burst_window,
            ),
            ("burst: p95 per request <= 1 s", f"{p95 * 1000:.0f} ms", p95 <= 1.0),
            ("burst: 0 errors", f"{len(burst.errors)}", not burst.errors),
        ]
        waited = [r.waited for r in burst.results if hasattr(r, "waited")]
        print(
            f"\nBurst: {len(latencies)} requests, p50/p95/p99 per request "
            f"{percentile(latencies, 50) * 1000:.0f}/{p95 * 1000:.0f}/"
            f"{percentile(latencies, 99) * 1000:.0f} ms; a visitor's whole registration "
            f"p50/p95 {burst.latency(50):.0f}/{burst.latency(95):.0f} ms; visitors who waited "
            f"for a free client thread: {sum(1 for w in waited if w > 0.05)} "
            f"(max {max(waited, default=0) * 1000:.0f} ms)"
        )
    print(f"\nBaseline flow (mean of before/after): {base:.1f} flows/s")
    print("\nTargets:")
    print(
        table(
            ["target", "measured", "met"],
            [[name, value, "yes" if met else "MISSED"] for name, value, met in targets],
        )
    )
    print("(the seat, order and mail targets of the burst are in the checks below)")
    print(
        "\nCPU time per completed operation (ms; app = gunicorn, db = the PostgreSQL backends "
        "of the bench database, worker = the task worker draining the mails meanwhile; rest = "
        "Redis, other processes):"
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
                    f"{p.cpu.worker_cores * per:.1f}",
                    f"{p.cpu.client_cores * per:.1f}",
                    f"{p.cpu.busy_cores:.2f}",
                    f"{p.cpu.other_cores:.2f}",
                ]
            )
    print(
        table(
            [
                "phase",
                "app",
                "db",
                "worker",
                "client",
                "machine busy (cores)",
                "of which rest (cores)",
            ],
            cpu_rows,
        )
    )
    cores = os.cpu_count() or 1
    projected = {}
    for p in phases:
        if p.cpu and p.ok and p.name in ("registrations", "baseline (before)", "baseline (after)"):
            per = (
                p.elapsed
                / len(p.ok)
                * (p.cpu.server_cores + p.cpu.db_cores + p.cpu.worker_cores + p.cpu.client_cores)
            )
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
