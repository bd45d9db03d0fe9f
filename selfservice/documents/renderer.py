"""The web process's side of PDF rendering: one worker process that lays out every PDF, and
is stopped when a render takes too long.

Why a worker process: WeasyPrint lays a document out in the calling thread, in Python and in
C (Pango, HarfBuzz), and nothing can stop a thread that is stuck there – ``signal.alarm``
works only in the main thread and not inside C code, and gunicorn's own timeout kills the
whole web worker together with every other request it is serving. A child process can be
killed at any moment, and its memory goes back to the system with it. So each web process
keeps one long-lived worker (``pdf.py`` run as a script) that lays out every PDF: the worker
keeps the font configuration and the parsed stylesheet between renders (that reuse is what
makes a render fast), and when a render overruns its time limit the worker is killed and the
next render starts a new one. The HTML is made in the web process (Jinja, translations);
only layout crosses over.
"""

from __future__ import annotations

import atexit
import logging
import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection

from selfservice.documents import pdf

logger = logging.getLogger(__name__)

RENDER_TIMEOUT_SECONDS = 20.0  # PDF_RENDER_SECONDS; a household takes about a second
WORKER_START_SECONDS = 60.0  # start-up imports WeasyPrint and loads the fonts once


class RenderError(RuntimeError):
    """The PDF could not be made."""


class RenderTimeout(RenderError):
    """The PDF took longer than the time limit; the worker was stopped."""


class Renderer:
    """A worker process that lays out PDFs one at a time, stopped when a render overruns.

    The worker runs ``pdf.py`` as a script in isolated mode (``python -I``): it imports
    WeasyPrint and nothing of the app, and no ``__main__`` of the web process is run again
    in it (as multiprocessing's spawn would).
    """

    def __init__(self, timeout: float = RENDER_TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._requests: Connection | None = None
        self._replies: Connection | None = None
        self._owner_pid: int | None = None
        atexit.register(self.stop)

    @property
    def pid(self) -> int | None:
        """Return the worker's process id, or None while no worker runs."""
        return self._process.pid if self._process is not None and self._owner() else None

    def render(self, html: str) -> bytes:
        """Return the PDF of ``html``, or raise RenderTimeout/RenderError."""
        if not self._lock.acquire(timeout=self.timeout + WORKER_START_SECONDS):
            raise RenderTimeout("the renderer stayed busy")
        try:
            return self._render(html)
        finally:
            self._lock.release()

    def stop(self) -> None:
        """Stop the worker now; the next render starts a new one."""
        with self._lock:
            self._stop()

    def _owner(self) -> bool:
        return self._owner_pid == os.getpid()

    def _render(self, html: str) -> bytes:
        requests, replies = self._worker()
        try:
            requests.send_bytes(html.encode("utf-8"))
            if not replies.poll(self.timeout):
                self._stop()
                raise RenderTimeout(f"no PDF after {self.timeout:g} seconds")
            reply = replies.recv_bytes()
        except (EOFError, OSError) as error:
            self._stop()
            raise RenderError("the PDF worker stopped") from error
        if reply[:1] != pdf.DONE:
            raise RenderError(f"layout failed with {reply[1:].decode(errors='replace')}")
        return reply[1:]

    def _worker(self) -> tuple[Connection, Connection]:
        # A forked web process inherits the handles but not the worker: it starts its own.
        if self._process is not None and self._owner() and self._process.poll() is None:
            return self._requests, self._replies
        self._stop()
        their_requests, our_requests = os.pipe()
        our_replies, their_replies = os.pipe()
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and file, no shell
            [sys.executable, "-I", pdf.__file__, str(their_requests), str(their_replies)],
            pass_fds=(their_requests, their_replies), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL)
        os.close(their_requests)
        os.close(their_replies)
        self._process, self._owner_pid = process, os.getpid()
        self._requests = Connection(our_requests, readable=False)
        self._replies = Connection(our_replies, writable=False)
        try:
            ready = (self._replies.poll(WORKER_START_SECONDS)
                     and self._replies.recv_bytes() == pdf.READY)
        except (EOFError, OSError):
            ready = False
        if not ready:
            self._stop()
            raise RenderError("the PDF worker did not start")
        return self._requests, self._replies

    def _stop(self) -> None:
        process, pipes = self._process, (self._requests, self._replies)
        self._process = self._requests = self._replies = None
        if process is None or not self._owner():
            return
        for pipe in pipes:
            pipe.close()
        process.kill()
        process.wait(5)
        logger.info("PDF worker %s stopped", process.pid)
