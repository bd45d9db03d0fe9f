"""Where a form step's time goes: a profile of one applicant asking for a step again and again.

    python benchmarks/profile_step.py [--requests 500] [--page /apply/urgent]

In one process, through the Flask test client, on a fresh instance made as the README's run
command makes it (SQLite, keys in a new instance folder). Prints the CPU time per request of
the step and of /robots.txt (nearly only the service's hooks), then pyinstrument's call tree
of the step. Issue 20 asks for a step at >= 0.35 of a bare route's rate (benchmarks/step.py);
this shows what stands in the way. Needs the ``bench`` extra (pyinstrument).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST_STEP = re.compile(r'href="(/apply/[^"]+)"')
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def cpu_ms_per_request(client, path: str, requests: int) -> float:
    """The least of three runs' CPU time per request, in ms (the least is the least disturbed
    by other work on a shared machine)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _ in range(requests):
            client.get(path)
        best = min(best, (time.process_time() - started) / requests * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--page", help="a step's path (default: the household's first step)")
    args = parser.parse_args()
    from pyinstrument import Profiler

    os.environ["SELFSERVICE_INSTANCE_PATH"] = tempfile.mkdtemp()
    subprocess.run([str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "init-db"],
                   cwd=ROOT, check=True, capture_output=True)
    from wsgi import app

    client = app.test_client()
    start_page = client.get("/").get_data(as_text=True)
    code_page = client.post("/start", data={"consent": "y",
                                            "csrf_token": TOKEN.search(start_page).group(1)})
    path = args.page or html.unescape(FIRST_STEP.search(code_page.get_data(as_text=True))[1])
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answers {response.status_code}, not a step")
    for _ in range(50):  # caches filled, as in a process that has served for a while
        client.get(path)
    step = cpu_ms_per_request(client, path, args.requests)
    hooks = cpu_ms_per_request(client, "/robots.txt", args.requests)
    print(f"CPU per request (test client): step {path} {step:.2f} ms, /robots.txt {hooks:.2f} ms")
    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(args.requests):
            client.get(path)
    print(profiler.output_text(unicode=False, color=False))


if __name__ == "__main__":
    main()
