"""Real Chromium (Debian's) driven by Playwright against the app served on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 360, "height": 640}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: scripts/test.sh installs it")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def served(app):
    """Serve ``app`` on a free loopback port while inside; its address is in
    ``app.config["LIVE_URL"]``."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    try:
        yield app
    finally:
        server.shutdown()
        thread.join()
        app.extensions["db_engine"].dispose()


@pytest.fixture
def live_app(tmp_path: Path):
    """The app served on a free loopback port; its address is in ``app.config["LIVE_URL"]``."""
    with served(make_app(tmp_path)) as app:
        yield app


@pytest.fixture
def live_server(live_app) -> Iterator[str]:
    yield live_app.config["LIVE_URL"]


def _new_phone(browser, live_server: str, locale: str = "sv-SE", width: int = PHONE["width"]):
    """A phone-sized context of its own that refuses every request off this server."""
    context = browser.new_context(viewport={"width": width, "height": PHONE["height"]},
                                  base_url=live_server, locale=locale)
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(live_server) else route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _fresh_phone(browser, live_server: str) -> Iterator:
    context, page = _new_phone(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def phone_in(browser, live_server):
    """``phone_in("ar")`` opens the start page in that language on a phone of its own."""
    contexts = []

    def make(language: str, width: int = PHONE["width"]):
        context, page = _new_phone(browser, live_server, locale=language, width=width)
        contexts.append(context)
        page.goto(f"/?lang={language}")
        return page
    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone(browser, live_server):
    """A fresh phone-sized browser context that refuses every request off this server."""
    yield from _fresh_phone(browser, live_server)


@pytest.fixture
def second_phone(browser, live_server):
    """Another phone on the same server: a context of its own, so cookies of its own."""
    yield from _fresh_phone(browser, live_server)
