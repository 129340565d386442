"""Benchmark: a survey page with 40 questions (GET, and the POST of the page: "Weiter"),
against bench's bare template page of the same size.

    uv run --frozen python bench/survey_page.py [--requests 200] [--keep]

What it does (see bench/README.md):

1. drops and creates the PostgreSQL database ``mitwirken_bench_survey_page``, migrates, runs
   collectstatic into a temporary MITWIRKEN_VAR_DIR (DEBUG off);
2. seeds one organisation and two surveys of an open module in a published project: page 1
   with 40 questions (the demo's 25 questions of "Beweg Dein Quartier", every kind, with their
   conditions, and 15 more of them again without conditions), or with 10 (for the query
   count at a second size), then a section and one question on page 2;
3. measures in-process with Django's test Client (the whole middleware stack, no HTTP
   server), as a visitor without an account (an anonymous public survey): GET of the
   survey's page, and POST of page 1 with every question answered ("Weiter": the answers
   evaluated with their conditions, page 2 rendered), each ``--requests`` times after a
   warm-up, interleaved with the baseline ``/bench/baseline-page/?bytes=`` padded to the size
   of the page compared (a plain template, no query);
4. counts the SQL queries of each request at 10 and at 40 questions (they must be the same);
5. prints p50/p95 and p95 against the baseline page. A ratio above 3 is printed as MISSED
   (``--strict``: exit 1). Exit status 1 on errors (a status other than 200, POST not
   reaching page 2).
"""

import argparse
import os
import re
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

TARGET = 3.0


def page_specs(count):
    """``count`` question specs of the demo (sections left out; the first 25 with their
    conditions, any more again without), then a section and one question (page 2)."""
    from mitwirken.participation.surveys import demo

    asked = [spec for spec in demo.QUARTER_QUESTIONS if spec[1] != "section"]
    again = [spec for spec in asked if spec[0] != "district"]  # its options: the districts
    specs = asked[:count]
    for n in range(count - len(specs)):
        key, kind, label, *rest = again[n % len(again)]
        specs.append((f"{key}{n}", kind, f"{label} ({n + 2})", *rest[:3]))
    # A condition may only name a question that is there.
    keys = {spec[0] for spec in specs}
    specs = [spec[:6] if len(spec) > 6 and spec[6][0] not in keys else spec for spec in specs]
    return [
        *specs,
        ("end", "section", "Zum Schluss", ""),
        ("last", "long_text", "Was möchten Sie uns sonst noch sagen?"),
    ]


def answers_of_page(questions) -> dict:
    """Form values for every question of page 1 that show no further question there (no
    "yes", the first option of a single choice, the last two of a multiple choice)."""
    data = {}
    for question in questions:
        name = f"q{question.pk}"
        options = list(question.choices.all()) if question.has_options else []
        config = question.config or {}
        if question.kind == "section":
            break
        if question.kind == "single_choice":
            data[name] = options[0].pk
        elif question.kind == "multiple_choice":
            data[name] = [option.pk for option in options[-2:]]
        elif question.kind == "ranking":
            for rank, option in enumerate(options, start=1):
                data[f"{name}_{option.pk}"] = rank
        elif question.kind == "scale":
            data[name] = config.get("min", 1)
        elif question.kind == "matrix":
            for index in range(len(config.get("rows", []))):
                data[f"{name}_{index}"] = 3
        elif question.kind == "yes_no":
            data[name] = "no"
        elif question.kind == "number":
            data[name] = config.get("min") or 1
        elif question.kind == "date":
            data[name] = "2020-03-01"
        else:
            data[name] = "Mehr Bänke und Bäume im Quartier"
    return data


class Failure(Exception):
    pass


def seed(organisation, size):
    from bench import _surveys
    from mitwirken.questionnaires.queries import questions_of

    survey = _surveys.make_survey(organisation, title=f"Umfrage mit {size} Fragen")
    _surveys.demo_questions(survey, page_specs(size))
    return survey, questions_of(survey.questionnaire_id)


def measure(surveys, requests, warmup):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client(HTTP_HOST="127.0.0.1")
    targets = {}
    for size, (survey, questions) in surveys.items():
        module = survey.module
        url = module.get_absolute_url()
        page = client.get(url)
        if page.status_code != 200:
            raise Failure(f"GET {url}: {page.status_code}")
        html = page.content.decode()
        state = re.search(r'name="state" value="([^"]*)"', html).group(1)
        post_url = reverse(
            "participation:survey_next",
            kwargs={
                "org": module.project.organisation.slug,
                "pk": module.project_id,
                "module": module.pk,
            },
        )
        data = {"state": state, "seite": "0", **answers_of_page(questions)}
        done = client.post(post_url, data)
        if done.status_code != 200 or "Seite 2 von 2" not in done.content.decode():
            raise Failure(f"POST {post_url}: {done.status_code}, not page 2")
        targets[size] = {
            "GET": (lambda url=url: client.get(url), len(page.content)),
            "POST": (lambda u=post_url, d=data: client.post(u, d), len(done.content)),
        }
    counts = {}
    for size, pages in targets.items():
        for name, (call, _bytes) in pages.items():
            found = set()
            for _n in range(3):
                with CaptureQueriesContext(connection) as captured:
                    call()
                found.add(len(captured.captured_queries))
            if len(found) != 1:
                raise Failure(f"{name} at {size} questions: the query count varies: {found}")
            counts[(size, name)] = found.pop()
    largest = max(targets)
    times = {}
    for name, (call, size_bytes) in targets[largest].items():
        baseline = f"/bench/baseline-page/?bytes={size_bytes}"
        times[name] = []
        times[f"baseline page ({size_bytes:,} bytes)"] = []
        for round_number in range(warmup + requests):
            start = time.perf_counter()
            response = call()
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise Failure(f"{name}: {response.status_code}")
            if round_number >= warmup:
                times[name].append(elapsed)
            start = time.perf_counter()
            client.get(baseline)
            elapsed = time.perf_counter() - start
            if round_number >= warmup:
                times[f"baseline page ({size_bytes:,} bytes)"].append(elapsed)
    return targets, counts, times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--db", default="mitwirken_bench_survey_page", help="database (dropped!)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--strict", action="store_true", help="exit 1 on a missed target")
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="mitwirken-bench-survey-page-"))
    env = bench_environment(args.db, var_dir)
    failures, missed = [], []
    busy = machine_busy()
    print(f"Machine busy before the start: {busy:.2f} of {os.cpu_count()} cores", flush=True)
    recreate_database(args.db)
    try:
        setup_django(env)
        from django_scopes import scope

        from bench._common import migrate_and_collectstatic

        migrate_and_collectstatic()
        from bench._surveys import make_organisation

        organisation = make_organisation()
        surveys = {}
        with scope(organisation=organisation):
            for size in (10, 40):
                surveys[size] = seed(organisation, size)
        targets, counts, times = measure(surveys, args.requests, args.warmup)
        print("\n" + "=" * 100)
        print("Survey page benchmark")
        print(machine_summary() + f"; busy before the start: {busy:.2f} cores")
        print(
            f"In-process with django.test.Client, one thread, a visitor without an account; "
            f"{args.requests} timed requests per page after {args.warmup} warm-up, interleaved "
            "with the baseline page of the same size\n"
        )
        rows = []
        for name in ("GET", "POST"):
            base_name = f"baseline page ({targets[40][name][1]:,} bytes)"
            values, base = times[name], times[base_name]
            ratio = percentile(values, 95) / percentile(base, 95)
            rows.append(
                [
                    f"{name} survey page, 40 questions",
                    f"{percentile(values, 50) * 1000:.1f}",
                    f"{percentile(values, 95) * 1000:.1f}",
                    f"{ratio:.1f}x",
                    f"{counts[(10, name)]} / {counts[(40, name)]}",
                ]
            )
            rows.append(
                [
                    "  " + base_name,
                    f"{percentile(base, 50) * 1000:.1f}",
                    f"{percentile(base, 95) * 1000:.1f}",
                    "1.0x",
                    "0",
                ]
            )
            if ratio > TARGET:
                missed.append(f"{name}: p95 {ratio:.1f}x the baseline page (target {TARGET}x)")
            if counts[(10, name)] != counts[(40, name)]:
                failures.append(
                    f"{name}: {counts[(10, name)]} queries at 10 questions, "
                    f"{counts[(40, name)]} at 40"
                )
        print(
            table(
                ["", "p50 ms", "p95 ms", "p95 / baseline", "queries at 10 / 40 questions"],
                rows,
            )
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
    for item in missed:
        print("MISSED: " + item)
    if failures:
        print("\nERRORS:")
        for failure in failures:
            print("  - " + failure)
        return 1
    if not missed:
        print(f"\nOK: p95 within {TARGET}x the baseline page, constant query counts.")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
