"""Measure the caseworker queue and follow-up statistics with 100 000 records (DESIGN §6).

    python benchmarks/caseworker.py                    # fresh SQLite, 100 000 households
    python benchmarks/caseworker.py --records 5000 --runs 30
    python benchmarks/caseworker.py --instance /tmp/bench   # keep (or reuse) the database

Creates a fresh SQLite database in a temporary instance folder (or ``--instance``; an existing
database there with records is reused as it is), loads synthetic households with
``selfservice.stats.demo`` (the code behind ``flask demo-data``), then times:

- every statistics table, each run right after a new rating saved through the service (the
  tables keep no cache; they count from the follow-up state kept per person);
- the pages ``/caseworker/`` (queue, with filters and a deep page) and the two statistics
  pages (each run right after a new rating) through the Flask test client, signed in as a
  caseworker;
  pages whose routes do not exist (yet) are skipped and named.

Prints p50 and p95 over ``--runs`` runs each (at least 20) against the 150 ms budget.
Times are in-process (no network, no gunicorn), on whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from selfservice import create_app, database
from selfservice.cli import upgrade_database
from selfservice.records.models import Submission
from selfservice.stats import services, tallies
from selfservice.stats.agreement import agreement_by_group
from selfservice.stats.demo import create_households
from selfservice.stats.models import RatingState
from selfservice.stats.persons import person_counts
from selfservice.stats.transitions import transition_tables

BUDGET_MS = 150
PASSWORD = "benchmark lösenord 123"  # noqa: S105 -- a throwaway account in a throwaway database


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(name: str, action: Callable[[], object], runs: int,
            before: Callable[[], object] | None = None) -> tuple[str, float, float]:
    """Run ``action`` once to warm up, then ``runs`` times; return p50 and p95 in ms."""
    action()
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return name, statistics.median(samples), percentile(samples, 0.95)


def load(app: Flask, records: int, workers: int) -> None:
    with app.app_context():
        upgrade_database()
        existing = database.session().scalar(select(func.count()).select_from(Submission))
        if existing:
            print(f"Reusing the database with {existing} records.")
            if not database.session().scalar(select(func.count()).select_from(RatingState)):
                started = time.perf_counter()  # a database from before the follow-up state
                persons = tallies.rebuild(database.session().connection())
                database.session().commit()
                print(f"Rebuilt the follow-up of {persons} persons in "
                      f"{time.perf_counter() - started:.0f} s.")
            return
        started = time.perf_counter()
        for progress in create_households(records, workers=workers):
            if progress.made % 10_000 == 0 or progress.made == progress.total:
                print(f"  {progress.made}/{progress.total} households "
                      f"({time.perf_counter() - started:.0f} s)", flush=True)
        print(f"Loaded {records} households in {time.perf_counter() - started:.0f} s.")


def a_new_rating() -> Callable[[], object]:
    """Return a write: a caseworker rating of some adult, saved through the service."""
    from selfservice.records.models import SubmissionPerson
    from selfservice.review.services import add_rating
    from selfservice.stats.demo import demo_user

    user = demo_user()
    adults = database.session().execute(
        select(SubmissionPerson.submission_pk, SubmissionPerson.position).limit(500)).all()
    turn = iter(range(10**9))

    def write() -> None:
        pk, position = adults[next(turn) % len(adults)]
        record = database.session().get(Submission, pk)
        add_rating(record=record, position=position, category="am2", rehabilitation=None,
                   justification="Benchmark", user=user)
    return write


def service_timings(app: Flask, runs: int) -> list[tuple[str, float, float]]:
    """Time every statistics table and the queue queries.

    The tables keep no cache: each run counts from the follow-up state kept per person, and
    each right after a new rating written through the service (tallies and all).
    """
    end = date.today()
    period = {"start": end - timedelta(days=364), "end": end}
    results = []
    with app.app_context():
        write = a_new_rating()
        terms = app.extensions["caseworker_terms"]
        for name, action in [
            ("category_counts(self, gender)", lambda: services.category_counts(
                rating="self", by="gender", **period)),
            ("category_counts(caseworker, age_band)", lambda: services.category_counts(
                rating="caseworker", by="age_band", **period)),
            ("agreement() (per gender)", lambda: services.agreement(**period)),
            ("all_tables() (counts and agreement)", lambda: services.all_tables(**period)),
            ("agreement by group, AM (κ, direction)", lambda: agreement_by_group(
                person_counts(**period), scale="am", codes=terms.category_codes)),
            ("transition_tables() (KNUT, AM and RH)", lambda: transition_tables(**period)),
            ("transition_tables(by=gender)", lambda: transition_tables(**period, by="gender")),
            ("transition_tables(by=locale)", lambda: transition_tables(**period, by="locale")),
        ]:
            results.append(measure(f"{name} after a write", action, runs, before=write))
        try:
            from selfservice.review.services import QueueFilter, queue
        except ImportError:
            return results
        for name, filters, page in [
                ("review queue(), first page", QueueFilter(), 1),
                ("review queue(status=new, language=ar), page 20",
                 QueueFilter(status="new", language="ar"), 20),
                ("review queue(category=am3, interpreter)",
                 QueueFilter(category="am3", interpreter=True), 1)]:
            results.append(measure(name, lambda f=filters, p=page: queue(filters=f, page=p),
                                   runs))
        results.append(measure("review queue(order=category), first page",
                               lambda: queue(filters=QueueFilter(), order="category"), runs))
    return results


def signed_in_client(app: Flask):
    """Return a test client signed in through the sign-in form as a new caseworker."""
    from selfservice.accounts.auth import create_user

    username = f"bench-{time.time_ns()}"
    with app.app_context():
        create_user(username=username, display_name="Benchmark", password=PASSWORD,
                    role="caseworker")
    client = app.test_client()
    form = BeautifulSoup(client.get("/caseworker/sign-in").get_data(as_text=True), "html.parser")
    token = form.select_one("input[name=csrf_token]")["value"]
    response = client.post("/caseworker/sign-in", data={
        "username": username, "password": PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"Could not sign in: {response.status_code}")
    return client


def _a_reference(app: Flask) -> str:
    from selfservice.records.models import Submission

    with app.app_context():
        return database.session().scalar(select(Submission.reference_code).limit(1)) or "-"


def page_timings(app: Flask, runs: int) -> tuple[list[tuple[str, float, float]], list[str]]:
    endpoints = set(app.view_functions)
    pages = [("review.queue", "GET /caseworker/", "/caseworker/"),
             ("review.queue", "GET /caseworker/?status=new&language=ar&page=20",
              "/caseworker/?status=new&language=ar&page=20"),
             ("review.queue", "GET /caseworker/?category=am3&interpreter=yes",
              "/caseworker/?category=am3&interpreter=yes"),
             ("stats.index", "GET /caseworker/statistics (KNUT, waiting, reports)",
              "/caseworker/statistics"),
             ("stats.assessments", "GET /caseworker/statistics/assessments (counts, agreement)",
              "/caseworker/statistics/assessments"),
             ("stats.download", "GET /caseworker/statistics/agreement.csv (publication)",
              "/caseworker/statistics/agreement.csv"),
             ("board.board", "GET /caseworker/board?who=unit (whole unit)",
              "/caseworker/board?who=unit"),
             ("review.record", "GET /caseworker/records/<ref> (first screen, prompts)",
              f"/caseworker/records/{_a_reference(app)}")]
    wanted = sorted({endpoint for endpoint, _name, _url in pages} | {"accounts.sign_in"})
    missing = [f"route {endpoint} does not exist yet" for endpoint in wanted
               if endpoint not in endpoints]
    if "accounts.sign_in" not in endpoints:
        return [], missing
    client = signed_in_client(app)
    results = []
    for endpoint, name, url in pages:
        if endpoint not in endpoints:
            continue
        status = client.get(url).status_code
        if status != 200:
            missing.append(f"{name}: answered HTTP {status}, not measured")
            continue
        if endpoint.startswith("stats."):  # tables: each run right after a new rating
            results.append(measure(f"{name} after a write", lambda url=url: client.get(url),
                                   runs, before=lambda: _write_in(app)))
        else:
            results.append(measure(name, lambda url=url: client.get(url), runs))
    return results, missing


def _write_in(app: Flask) -> None:
    with app.app_context():
        a_new_rating()()


def report(title: str, rows: list[tuple[str, float, float]], runs: int) -> None:
    print(f"\n{title} ({runs} runs each)")
    print(f"  {'':76} {'p50 ms':>8} {'p95 ms':>8}  budget {BUDGET_MS} ms (p95)")
    for name, p50, p95 in rows:
        verdict = "ok" if p95 <= BUDGET_MS else "OVER"
        print(f"  {name:76} {p50:8.1f} {p95:8.1f}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="processes building households")
    parser.add_argument("--instance", help="instance folder to keep or reuse (default: temp)")
    args = parser.parse_args()
    runs = max(20, args.runs)
    with tempfile.TemporaryDirectory(prefix="bench-caseworker-") as temp:
        instance = Path(args.instance) if args.instance else Path(temp) / "instance"
        app = create_app({"INSTANCE_PATH": str(instance)})
        load(app, args.records, args.workers)
        with app.app_context():
            count = database.session().scalar(select(func.count()).select_from(Submission))
        print(f"Database: {app.config['DATABASE_URL']} with {count} records.")
        report("Services (no HTTP)", service_timings(app, runs), runs)
        pages, missing = page_timings(app, runs)
        if pages:
            report("Pages through the test client, signed in as a caseworker", pages, runs)
        for reason in missing:
            print(f"  skipped: {reason}")
        app.extensions["db_engine"].dispose()


if __name__ == "__main__":
    main()
