"""Load: scripted applicants against gunicorn on loopback; page weight of applicant pages.

    python benchmarks/load.py [--users 50] [--seconds 30] [--workers 2]

Prints requests per second, p50/p95/p99 latency of form-step GET/POST and the error count,
then the compressed weight and request count of each applicant page type.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.builders import household_inputs
from tests.live import TOKEN, Browserless, fresh_service

ASSETS = re.compile(r'(?:href|src)="(/static/[^"?]+)[^"]*"')
# Links the person may follow (the quick exit) are not requests the page makes.
EXTERNAL = re.compile(r'src="(https?:)?//|<link[^>]*href="(https?:)?//', re.I)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def applicant_loop(base: str, stop: float, timings: list[float], errors: list[str],
                   think: float) -> None:
    """One applicant: read the page, think (a person reads and types), save, again."""
    household = household_inputs(adults=1, children=0)["household"]
    chance = random.Random(threading.get_ident())
    client = Browserless(base)
    _, html, _ = client.get("/")
    client.post("/start", {"consent": "y", "csrf_token": TOKEN.search(html).group(1)})
    while time.monotonic() < stop:
        started = time.perf_counter()
        status, html, _ = client.get("/apply/household")
        timings.append(time.perf_counter() - started)
        found = TOKEN.search(html)
        time.sleep(chance.uniform(0, 2 * think))
        started = time.perf_counter()
        status, _, _ = client.post("/apply/household", {
            **household, "csrf_token": found.group(1) if found else ""})
        timings.append(time.perf_counter() - started)
        if status != 302:
            errors.append(str(status))


def page_weight(base: str, paths: list[str], cookie: str) -> list[tuple[str, int, int, bool]]:
    rows = []
    for path in paths:
        request = urllib.request.Request(base + path, headers={  # noqa: S310 — loopback
            "Accept-Encoding": "br, gzip", "Cookie": cookie})
        with urllib.request.urlopen(request) as response:  # noqa: S310
            body = response.read()
        html = _decoded(body, response.headers.get("Content-Encoding"))
        total, requests = len(body), 1
        for asset in sorted(set(ASSETS.findall(html))):
            with urllib.request.urlopen(urllib.request.Request(  # noqa: S310
                    base + asset, headers={"Accept-Encoding": "br, gzip"})) as response:
                total += len(response.read())
                requests += 1
        rows.append((path, total, requests, bool(EXTERNAL.search(html))))
    return rows


def _decoded(body: bytes, encoding: str | None) -> str:
    if encoding == "br":
        import brotli
        return brotli.decompress(body).decode()
    if encoding == "gzip":
        import gzip
        return gzip.decompress(body).decode()
    return body.decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a person spends on a page before saving")
    args = parser.parse_args()
    server = fresh_service(args.workers)
    try:
        timings: list[float] = []
        errors: list[str] = []
        stop = time.monotonic() + args.seconds
        threads = [threading.Thread(target=applicant_loop, args=(server.url, stop, timings, errors,
                                                        args.think))
                   for _ in range(args.users)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        print(f"load: {args.users} users (mean think time {args.think} s), "
              f"{args.workers} gunicorn workers, {elapsed:.0f} s")
        print(f"  requests/s {len(timings) / elapsed:.0f}; errors {len(errors)}")
        p50, p95, p99 = (_percentile(timings, q) * 1000 for q in (.5, .95, .99))
        print(f"  step GET/POST latency ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}"
              f"  (mean {statistics.fmean(timings) * 1000:.1f})")
        client = Browserless(server.url)
        _, html, _ = client.get("/")
        client.post("/start", {"consent": "y", "csrf_token": TOKEN.search(html).group(1)})
        cookie = "; ".join(f"{c.name}={c.value}" for c in client.jar)
        print("page weight (compressed, page + its own assets):")
        for path, size, requests, external in page_weight(
                server.url, ["/", "/tasks", "/apply/household", "/check", "/resume", "/privacy"],
                cookie):
            print(f"  {path:20} {size / 1024:5.1f} KB in {requests} requests; "
                  f"third-party requests: {'YES' if external else 'none'}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
