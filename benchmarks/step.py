"""How fast a form step is served, beside a bare Flask route under the same gunicorn.

    python benchmarks/step.py [--seconds 10] [--clients 8] [--workers 2]

Starts the service (a fresh instance, as the README's run command serves it) and a Flask app
with one route (benchmarks/bare_app.py) with the same gunicorn settings, opens one
applicant's draft, and then asks for its household step and for the bare route in turns
(three rounds each, ``--clients`` at a time) so that both meet the same load on a shared
machine. Prints requests per second of each and their ratio (goal: step/bare >= 0.35).
"""

from __future__ import annotations

import argparse
import html as html_lib
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.live import ROOT, TOKEN, Browserless, Server, fresh_service

ROUNDS = 3
FIRST_STEP = re.compile(r'href="(/apply/[^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


def hammer(url: str, cookie: str, seconds: float, clients: int) -> float:
    """Ask for ``url`` from ``clients`` threads for ``seconds``; return requests per second."""
    done, failed = [0] * clients, []
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
        while time.monotonic() < stop:
            # Redirects are not followed: only a page served counts as a request.
            try:
                with OPENER.open(request) as response:
                    response.read()
            except urllib.error.HTTPError as error:  # a redirect or an error: not a step
                failed.append(error.code)
                return
            done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise RuntimeError(f"{len(failed)} answers were not 200")
    return sum(done) / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    service = fresh_service(args.workers)
    bare = Server({"PYTHONPATH": str(ROOT / "benchmarks")}, workers=args.workers,
                  target="bare_app:app", ready_path="/").start()
    try:
        applicant = Browserless(service.url)
        _, html, _ = applicant.get("/")
        _, code_page, _ = applicant.post(
            "/start", {"consent": "y", "csrf_token": TOKEN.search(html).group(1)})
        # The household's first step, as the resume-code page links it (a step whose
        # section cannot start yet answers with a redirect, which is not a step served).
        first_step = html_lib.unescape(FIRST_STEP.search(code_page).group(1))
        # Asked for once as a browser would, keeping what the page sets in the cookie: the
        # clients then send the cookie a browser would send on its next look at the step.
        applicant.get(first_step)
        cookie = "; ".join(f"{c.name}={c.value}" for c in applicant.jar)
        step_url = service.url + first_step
        hammer(step_url, cookie, 1, args.clients)  # warm both up
        hammer(bare.url + "/", "", 1, args.clients)
        steps, bares = [], []
        for _ in range(ROUNDS):
            steps.append(hammer(step_url, cookie, args.seconds, args.clients))
            bares.append(hammer(bare.url + "/", "", args.seconds, args.clients))
        step, plain = statistics.median(steps), statistics.median(bares)
        print(f"gunicorn, {args.workers} workers, {args.clients} clients, "
              f"{ROUNDS} rounds of {args.seconds:g} s each")
        print(f"  step GET {first_step.split('?')[0]}: {step:.0f} requests/s "
              f"(rounds: {', '.join(f'{r:.0f}' for r in steps)})")
        print(f"  bare Flask route:          {plain:.0f} requests/s "
              f"(rounds: {', '.join(f'{r:.0f}' for r in bares)})")
        print(f"  step/bare: {step / plain:.2f} (goal >= 0.35)")
    finally:
        service.stop()
        bare.stop()


if __name__ == "__main__":
    main()
