"""How long the bilingual PDF of a full household takes, and how much memory it needs.

    python benchmarks/pdf.py            # 7 renders, Arabic + Swedish
    python benchmarks/pdf.py --runs 15 --lang fi

A two-adult, three-child household is filled in through the Flask test client (every area,
the self-rating, free text) and sent; its PDF is then made the way the confirmation page
makes it: HTML in this process, layout in the renderer's worker process. Budget (DESIGN.md
§6): median <= 0.6 s, peak memory <= 250 MB. The worker's CPU seconds are printed too: on a
shared machine they vary less than wall-clock time.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selfservice.documents import pdf, services  # noqa: E402
from selfservice.records.services import (  # noqa: E402
    find_by_reference,
    full_answers_for_applicant,
)
from tests.conftest import make_app  # noqa: E402
from tests.journey import complete_household, start, submit  # noqa: E402

CLOCK_TICKS = 100  # os.sysconf("SC_CLK_TCK") on Linux


def _proc(pid: int, name: str) -> str:
    return (Path("/proc") / str(pid) / name).read_text()


def worker_cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds the worker has used so far (Linux)."""
    fields = _proc(pid, "stat").rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def worker_peak_mb(pid: int) -> float:
    """Return the worker's peak resident memory (VmHWM) in MB (Linux)."""
    line = next(line for line in _proc(pid, "status").splitlines() if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


def household(app, language: str) -> tuple[str, dict]:
    """Fill in and send a two-adult, three-child household; return reference and answers."""
    client = app.test_client()
    client.get(f"/?lang={language}")
    start(client)
    complete_household(client, app, adults=2, children=3)
    reference = submit(client)
    with app.app_context():
        return reference, full_answers_for_applicant(find_by_reference(reference))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--lang", default="ar")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder))
        reference, answers = household(app, args.lang)
        with app.app_context():
            render = lambda: services.render_application(  # noqa: E731
                answers=answers, language=args.lang, reference_code=reference,
                dated=date.today())
            started = time.perf_counter()
            document = render()  # starts the worker: fonts are loaded once, not per render
            first = time.perf_counter() - started
            pid = app.extensions["pdf_renderer"].pid
            walls, cpus = [], []
            for _ in range(args.runs):
                cpu_before, started = worker_cpu_seconds(pid), time.perf_counter()
                render()
                walls.append(time.perf_counter() - started)
                cpus.append(worker_cpu_seconds(pid) - cpu_before)
            web_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            tracemalloc.start()
            html = services.application_html(services.build_document(
                questionnaire=app.extensions["questionnaire"], answers=answers,
                language=args.lang, reference_code=reference, dated=date.today()))
            html_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.reset_peak()
            pdf.write_pdf(html)
            layout_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        app.extensions["db_engine"].dispose()

    languages = args.lang if args.lang == "sv" else f"{args.lang} + sv"
    print(f"PDF of a 2-adult, 3-child household, {languages}: "
          f"{len(document) // 1024} KB, {len(html) // 1024} KB of HTML")
    # The same version of Python runs this 15-20 % faster or slower depending on how it was
    # built: say which one ran.
    print(f"Python {sys.version.split()[0]} ({sys._base_executable})")
    print(f"first render (starts the worker): {first:.2f} s")
    print(f"median of {args.runs} renders: {statistics.median(walls):.3f} s wall "
          f"(min {min(walls):.3f}, max {max(walls):.3f}); "
          f"worker CPU median {statistics.median(cpus):.2f} s")
    print(f"peak memory: worker {worker_peak_mb(pid):.0f} MB RSS, web process "
          f"{web_peak:.0f} MB RSS; Python heap (tracemalloc) {html_peak / 2**20:.1f} MB "
          f"for the HTML, {layout_peak / 2**20:.1f} MB for a layout in-process")


if __name__ == "__main__":
    main()
