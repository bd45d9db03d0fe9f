"""Real gunicorn processes for crash and multi-process tests, and a plain HTTP applicant."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving wsgi:app on loopback as scripts/serve.sh does (its settings file), in
    its own process group so it can be killed."""

    def __init__(self, env: dict[str, str], workers: int = 2, target: str = "wsgi:app",
                 ready_path: str = "/privacy") -> None:
        # Staff sign in with a password alone, as in the tests' apps (tests/conftest.py).
        self.env = {**os.environ, "SELFSERVICE_STAFF_SECOND_FACTOR": "false", **env}
        self.workers = workers
        self.target, self.ready_path = target, ready_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "--config", str(ROOT / "scripts" / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--no-control-socket", "--log-level", "warning", self.target],
            cwd=ROOT, env=self.env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + self.ready_path, timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL the whole process group: no clean shutdown, like a power cut."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def fresh_service(workers: int = 2) -> Server:
    """Start gunicorn on a new instance folder with its database made (for benchmarks)."""
    env = {"SELFSERVICE_INSTANCE_PATH": tempfile.mkdtemp()}
    subprocess.run([str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "init-db"],
                   cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)
    return Server(env, workers=workers).start()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browserless:
    """An applicant over plain HTTP with a cookie jar, as a scripted load or crash client."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect)

    def get(self, path: str) -> tuple[int, str, str]:
        return self._send(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self._send(urllib.request.Request(self.base + path, data=body))

    def post_form(self, path: str, data: dict) -> tuple[int, str, str]:
        """GET the page for its CSRF token, then POST the form."""
        _status, html, _ = self.get(path)
        found = TOKEN.search(html)
        return self.post(path, {**data, "csrf_token": found.group(1) if found else ""})

    def _send(self, request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), \
                error.headers.get("Location", "")
