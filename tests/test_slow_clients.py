"""Slow clients cannot stall the service: threaded gunicorn workers, and nginx in front.

A client that announces a large body and sends a few bytes used to hold one of the two sync
workers for 30 s; two of them stalled the service. The run command now serves with threaded
workers (scripts/gunicorn.conf.py), and the README's nginx configuration
(scripts/nginx-selfservice.conf) reads requests whole before passing them on.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import ROOT, Server, free_port, fresh_service

ANNOUNCED = b"".join([
    b"POST /start HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n",
    b"consent=",
])
ANSWER_SECONDS = 15  # a liveness limit, not a measurement: a stalled service never answers


def slow_client(port: int) -> socket.socket:
    """Connect, announce a large body, send a few bytes of it and say nothing more."""
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(ANNOUNCED)
    return connection


def answered(base: str) -> int:
    with urllib.request.urlopen(base + "/privacy", timeout=ANSWER_SECONDS) as response:
        return response.status


def still_waiting(connection: socket.socket) -> bool:
    """Tell whether the server has neither answered nor closed the connection yet."""
    connection.setblocking(False)
    try:
        connection.recv(1)
    except BlockingIOError:
        return True
    return False  # an answer, or the connection closed


@pytest.fixture
def service() -> Iterator[Server]:
    server = fresh_service(workers=1)
    yield server
    server.stop()


def test_threaded_workers_answer_while_slow_clients_hang(service):
    hanging = [slow_client(service.port) for _ in range(4)]  # twice the old sync workers
    try:
        assert [answered(service.url) for _ in range(5)] == [200] * 5
        assert all(still_waiting(connection) for connection in hanging)
    finally:
        for connection in hanging:
            connection.close()


def _nginx_config(folder: Path, listen: int, upstream: int) -> Path:
    site = (ROOT / "scripts" / "nginx-selfservice.conf").read_text(encoding="utf-8")
    tested = site.replace("server 127.0.0.1:5000;", f"server 127.0.0.1:{upstream};") \
        .replace("listen 80;", f"listen 127.0.0.1:{listen};")
    assert tested.count(str(upstream)) == 1 and tested.count(f":{listen};") == 1, \
        "the README's nginx file no longer has the lines this test changes"
    (folder / "selfservice.conf").write_text(tested, encoding="utf-8")
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir(mode=0o777)
        (folder / name).chmod(0o777)  # nginx's workers run as another user under root
    main = folder / "nginx.conf"
    main.write_text(f"""
pid {folder}/nginx.pid;
error_log {folder}/error.log;
daemon off;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/selfservice.conf;
}}
""", encoding="utf-8")
    return main


def test_through_nginx_many_slow_clients_never_reach_the_service(service, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("Debian's nginx is missing: scripts/test.sh installs it")
    folder = tmp_path / "nginx"
    folder.mkdir()
    folder.chmod(0o755)
    tmp_path.chmod(0o755)
    port = free_port()
    config = _nginx_config(folder, port, service.port)
    process = subprocess.Popen([nginx, "-p", str(folder), "-c", str(config),
                                "-e", str(folder / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hanging: list[socket.socket] = []
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                assert answered(f"http://127.0.0.1:{port}") == 200
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        # More slow clients than gunicorn has threads: nginx holds them all itself.
        hanging = [slow_client(port) for _ in range(20)]
        assert [answered(f"http://127.0.0.1:{port}") for _ in range(10)] == [200] * 10
        assert all(still_waiting(connection) for connection in hanging)
        # The service itself is as free as ever: nothing of theirs reached it.
        assert [answered(service.url) for _ in range(3)] == [200] * 3
    finally:
        for connection in hanging:
            connection.close()
        process.terminate()
        process.wait(10)
