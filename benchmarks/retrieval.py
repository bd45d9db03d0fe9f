"""Print how long one glossary search takes, per language, over the retrieval test questions.

    python benchmarks/retrieval.py [--rounds 20]

Each search goes through ``selfservice.glossary.search`` in a request, as the chat calls
it. The index of a language is built on its first search; that time is printed apart. The
chat turn budget is p95 ≤ 30 ms of server time, of which retrieval should take ≤ 5 ms.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from selfservice import create_app
from selfservice.glossary import search

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "chat" / "retrieval_questions.yaml"


def questions(locale: str, data: dict) -> list[str]:
    return [case["q"] for case in data[locale]["answers"]] + data[locale]["out_of_scope"]


def measure(app, locale: str, asked: list[str], rounds: int) -> tuple[float, list[float]]:
    """Return the first search's time (building the index) and every later one, in ms."""
    with app.test_request_context(f"/?lang={locale}"):
        start = time.perf_counter()
        search(asked[0], locale=locale)
        first = (time.perf_counter() - start) * 1000
        timings = []
        for _ in range(rounds):
            for question in asked:
                start = time.perf_counter()
                search(question, locale=locale)
                timings.append((time.perf_counter() - start) * 1000)
    return first, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the questions")
    args = parser.parse_args()
    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"INSTANCE_PATH": instance})
        print(f"{'language':<9}{'questions':>10}{'index ms':>10}{'p50 ms':>9}{'p95 ms':>9}"
              f"{'max ms':>9}")
        for locale in ("sv", "en", "ar", "fi"):
            asked = questions(locale, data)
            first, timings = measure(app, locale, asked, args.rounds)
            p95 = statistics.quantiles(timings, n=100)[94]
            print(f"{locale:<9}{len(asked):>10}{first:>10.1f}{statistics.median(timings):>9.2f}"
                  f"{p95:>9.2f}{max(timings):>9.2f}")
        app.extensions["db_engine"].dispose()


if __name__ == "__main__":
    main()
