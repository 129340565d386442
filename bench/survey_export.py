"""Benchmark: the staff export of a survey with 10,000 responses × 25 questions with conditions
(≈250,000 answers) as CSV and as XLSX, through the real view.

    uv run --frozen python bench/survey_export.py [--responses 10000] [--keep]

What it does (see bench/README.md):

1. drops and creates the PostgreSQL database ``mitwirken_bench_survey_export``, migrates
   (DEBUG off, production settings from the environment);
2. seeds one organisation, a staff member (admin) and a survey with the demo's 25 questions
   of "Beweg Dein Quartier" on four pages (every kind, four conditions), and ``--responses``
   responses drawn like the demo's, evaluated like a page and written in bulk as
   ``record_response`` writes them (a hidden question has no answer);
3. runs each export in a **fresh child process** (the process that serves it: Django set up,
   the staff member logged in, Django's test Client through the whole middleware stack and
   the real view ``participation:survey_staff_csv`` / ``survey_staff_xlsx``), which writes
   the download to a file chunk by chunk and reports its time and its peak RSS (VmHWM of
   /proc/self/status; also the RSS before the request);
4. the baseline, in a child process of the same run: the same responses with the csv module
   from a plain ``values_list`` query of the answers (one row per response, one cell per
   question: the answers' text), no view, no column logic;
5. checks the files: CSV and XLSX have a header and one row per response, every row as many
   cells as the export has columns, the answer sheet and the code book; the number of filled
   cells of every one-column question equals its answers in the database;
6. prints the figures. Exit status 1 on errors (a failed check, a status other than 200) and
   when the peak RSS reaches 150 MB.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
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
    recreate_database,
    setup_django,
    table,
)

RSS_LIMIT_MB = 150


def _vm(name) -> float:
    """A VmXXX line of /proc/self/status in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(args) -> int:
    """One export (or the baseline) in this process; prints its figures as JSON."""
    setup_django(json.loads(os.environ["BENCH_CHILD_ENV"]))
    from django.test import Client

    from mitwirken.accounts.models import User

    if args.child == "baseline":
        from django_scopes import scope

        from mitwirken.organisations.models import Organisation
        from mitwirken.questionnaires.models import Answer, Question

        organisation = Organisation.objects.get(slug="stadt-bench")
        before = _vm("VmRSS")
        start = time.perf_counter()
        with scope(organisation=organisation), open(args.out, "w", newline="") as out:
            writer = csv.writer(out)
            questions = list(
                Question.objects.filter(questionnaire_id=args.questionnaire)
                .exclude(kind="section")
                .values_list("pk", "label")
            )
            writer.writerow(["response", *[label for _pk, label in questions]])
            index = {pk: n for n, (pk, _label) in enumerate(questions)}
            answers = (
                Answer.objects.filter(response__questionnaire_id=args.questionnaire)
                .order_by("response_id")
                .values_list("response_id", "question_id", "text")
            )
            current, row = None, None
            for response_id, question_id, text in answers.iterator(chunk_size=5000):
                if response_id != current:
                    if row is not None:
                        writer.writerow([current, *row])
                    current, row = response_id, [""] * len(questions)
                row[index[question_id]] = text
            if row is not None:
                writer.writerow([current, *row])
        seconds = time.perf_counter() - start
    else:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(pk=args.user))
        client.get("/")  # warm: URLconf, templates of the layout
        before = _vm("VmRSS")
        start = time.perf_counter()
        response = client.get(args.url)
        if response.status_code != 200:
            print(json.dumps({"error": f"GET {args.url}: {response.status_code}"}))
            return 1
        with open(args.out, "wb") as out:
            for chunk in response.streaming_content:
                out.write(chunk)
        response.close()
        seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_before_mb": before,
                "peak_rss_mb": _vm("VmHWM"),
                "bytes": Path(args.out).stat().st_size,
            }
        )
    )
    return 0


def run_child(env, mode, out, **extra) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--out", str(out)]
    for key, value in extra.items():
        command += [f"--{key}", str(value)]
    result = subprocess.run(
        command,
        env={**os.environ, **env, "BENCH_CHILD_ENV": json.dumps(env)},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{result.stdout}\n{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


class Failure(Exception):
    pass


def check_csv(path, expected_columns, responses, filled) -> int:
    with open(path, newline="", encoding="utf-8-sig") as file:
        reader = csv.reader(file, delimiter=";")  # core.exports: what German Excel expects
        header = next(reader)
        if len(header) != expected_columns:
            raise Failure(f"CSV: {len(header)} columns, expected {expected_columns}")
        rows = 0
        counts = dict.fromkeys(filled, 0)
        positions = {key: header.index(heading) for key, (heading, _n) in filled.items()}
        for row in reader:
            rows += 1
            if len(row) != expected_columns:
                raise Failure(f"CSV row {rows}: {len(row)} cells, expected {expected_columns}")
            for key, position in positions.items():
                if row[position] != "":
                    counts[key] += 1
    if rows != responses:
        raise Failure(f"CSV: {rows} rows, expected {responses}")
    for key, (heading, count) in filled.items():
        if counts[key] != count:
            raise Failure(f"CSV column {heading!r}: {counts[key]} answers, database {count}")
    return rows


def check_xlsx(path, expected_columns, responses, codebook_rows) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    sheets = workbook.worksheets
    if len(sheets) != 2:
        raise Failure(f"XLSX: {len(sheets)} sheets, expected 2 (answers, code book)")
    rows = 0
    for number, row in enumerate(sheets[0].iter_rows(values_only=True)):
        if len(row) != expected_columns:
            raise Failure(f"XLSX row {number}: {len(row)} cells, expected {expected_columns}")
        rows += 1
    book = sum(1 for _row in sheets[1].iter_rows(values_only=True))
    workbook.close()
    if rows - 1 != responses:
        raise Failure(f"XLSX: {rows - 1} rows, expected {responses}")
    if book != codebook_rows:
        raise Failure(f"XLSX code book: {book} rows, expected {codebook_rows}")
    return rows - 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--db", default="mitwirken_bench_survey_export", help="database (dropped!)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", choices=["csv", "xlsx", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--user", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--questionnaire", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args)

    var_dir = Path(tempfile.mkdtemp(prefix="mitwirken-bench-survey-export-"))
    env = bench_environment(args.db, var_dir)
    failures, results = [], {}
    busy = machine_busy()
    print(f"Machine busy before the start: {busy:.2f} of {os.cpu_count()} cores", flush=True)
    recreate_database(args.db)
    try:
        setup_django(env)
        from django.db import connection
        from django.urls import reverse
        from django_scopes import scope

        from bench import _surveys
        from bench._common import migrate_and_collectstatic
        from mitwirken.questionnaires import exports
        from mitwirken.questionnaires.models import Answer
        from mitwirken.questionnaires.queries import questions_of

        migrate_and_collectstatic()
        organisation = _surveys.make_organisation()
        staff = _surveys.make_staff(organisation)
        print(f"Seeding {args.responses:,} responses …", flush=True)
        started = time.perf_counter()
        with scope(organisation=organisation):
            survey = _surveys.make_survey(organisation)
            q = _surveys.demo_questions(survey)
            _surveys.bulk_responses(
                survey,
                q,
                args.responses,
                progress=lambda n: print(f"  {n:,}", flush=True) if n % 2000 == 0 else None,
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            questions = questions_of(survey.questionnaire_id)
            columns = exports.export_columns(questions)
            answers = Answer.objects.filter(response__questionnaire_id=survey.questionnaire_id)
            answer_count = answers.count()
            conditioned = sum(1 for question in questions if "condition" in question.config)
            codebook = sum(1 for _row in exports.codebook_rows(questions))
            # The columns of one-column questions: their filled cells = their answers.
            filled = {
                column.key: (column.header, answers.filter(question=column.question).count())
                for column in columns
                if column.key == f"q{column.question.pk}"
            }
        print(
            f"Seeded {args.responses:,} responses, {answer_count:,} answers in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
        module = survey.module
        kwargs = {"org": organisation.slug, "pk": module.project_id, "module": module.pk}
        expected_columns = len(columns) + 2  # response, submitted at
        out = var_dir / "export"
        results["baseline: csv module, values_list"] = run_child(
            env, "baseline", out.with_suffix(".base.csv"), questionnaire=survey.questionnaire_id
        )
        for kind, name in (("csv", "survey_staff_csv"), ("xlsx", "survey_staff_xlsx")):
            path = out.with_suffix("." + kind)
            figures = run_child(
                env, kind, path, url=reverse(f"participation:{name}", kwargs=kwargs), user=staff.pk
            )
            if kind == "csv":
                figures["rows"] = check_csv(path, expected_columns, args.responses, filled)
            else:
                figures["rows"] = check_xlsx(path, expected_columns, args.responses, codebook)
            figures["columns"] = expected_columns
            results[f"{kind.upper()} export (view)"] = figures
        base = results["baseline: csv module, values_list"]
        print("\n" + "=" * 100)
        print("Survey export benchmark")
        print(machine_summary() + f"; busy before the start: {busy:.2f} cores")
        print(
            f"{args.responses:,} responses × {len(q) - 4} questions ({conditioned} with a "
            f"condition) = {answer_count:,} answers; {expected_columns} columns. Each export "
            "in a fresh process (Django test Client, the real staff view), written to a file "
            "chunk by chunk.\n"
        )
        rows = []
        for name, r in results.items():
            rows.append(
                [
                    name,
                    f"{r['seconds']:.1f}",
                    f"{r['seconds'] / base['seconds']:.1f}x",
                    f"{r['rss_before_mb']:.0f}",
                    f"{r['peak_rss_mb']:.0f}",
                    f"{r['bytes'] / 1e6:.1f}",
                    f"{r.get('rows', '-')}",
                    f"{r.get('columns', '-')}",
                ]
            )
        print(
            table(
                [
                    "",
                    "seconds",
                    "vs baseline",
                    "RSS before MB",
                    "peak RSS MB",
                    "file MB",
                    "rows checked",
                    "columns",
                ],
                rows,
            )
        )
        for name, r in results.items():
            if "export" in name and r["peak_rss_mb"] >= RSS_LIMIT_MB:
                failures.append(f"{name}: peak RSS {r['peak_rss_mb']:.0f} MB ≥ {RSS_LIMIT_MB} MB")
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
    if failures:
        print("\nERRORS:")
        for failure in failures:
            print("  - " + failure)
        return 1
    print(f"\nOK: every file complete, peak RSS below {RSS_LIMIT_MB} MB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
