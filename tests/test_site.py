"""What a browser or crawler fetches besides the pages: static files, icon, robots.txt, gzip."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import page
from tests.journey import fill_step, start
from tests.stats.test_services import GROUPS, add_groups

STATIC = Path(__file__).resolve().parents[1] / "selfservice" / "static"
YEAR_IMMUTABLE = "public, max-age=31536000, immutable"


def linked_static_urls(response) -> list[str]:
    soup = page(response).soup
    return [tag.get("href") or tag.get("src")
            for tag in soup.select("link[href^='/static/'], script[src^='/static/']")]


def hashed_url(client, filename: str) -> str:
    """Return the address the start page links ``filename`` at."""
    return next(url for url in linked_static_urls(client.get("/"))
                if urlsplit(url).path == f"/static/{filename}")


def test_favicon_is_served_at_the_root_and_cached_for_long(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.data == (STATIC / "favicon.ico").read_bytes()
    assert response.data.startswith(b"\x00\x00\x01\x00")  # the ICO header
    cache_control = response.headers["Cache-Control"]
    assert "no-store" not in cache_control
    max_age = int(re.search(r"max-age=(\d+)", cache_control).group(1))
    assert max_age >= 7 * 24 * 3600


@pytest.mark.parametrize("url", ["/", "/caseworker/sign-in"])
def test_every_page_head_links_an_icon_that_loads(client, url):
    icons = page(client.get(url)).soup.select("head link[rel=icon]")
    assert {icon.get("type") for icon in icons} == {None, "image/svg+xml"}
    for icon in icons:
        assert client.get(icon["href"]).status_code == 200


def test_pages_link_stylesheets_and_scripts_by_their_content_hash(client):
    urls = linked_static_urls(client.get("/"))
    assert {urlsplit(url).path for url in urls} >= {"/static/app.css", "/static/app.js"}
    for url in urls:
        parts = urlsplit(url)
        content = (STATIC / parts.path.removeprefix("/static/")).read_bytes()
        assert parse_qs(parts.query)["v"] == [hashlib.sha256(content).hexdigest()[:12]]
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == YEAR_IMMUTABLE


def test_a_service_mounted_under_a_path_links_its_files_and_pages_there(client):
    """Addresses built once per process are kept per mount point: a page served under
    /social first must not hand its addresses to the same app served at the root."""
    mounted = client.get("/privacy", base_url="http://localhost/social/")
    soup = page(mounted).soup
    assert soup.select_one("link[rel=stylesheet]")["href"].startswith("/social/static/app.css")
    assert soup.select_one("footer a")["href"].startswith("/social/privacy")
    soup = page(client.get("/privacy")).soup
    assert soup.select_one("link[rel=stylesheet]")["href"].startswith("/static/app.css")
    assert soup.select_one("footer a")["href"].startswith("/privacy")


def test_the_footer_is_in_each_page_s_own_language(client):
    """The footer is rendered once per language (templating.once_per_language)."""
    footers = {}
    for language in ("sv", "ar", "fi", "sv"):
        footer = page(client.get(f"/privacy?lang={language}")).soup.select_one("footer")
        links = [a["href"] for a in footer.select("a")]
        assert links and all(f"lang={language}" in link for link in links)
        footers.setdefault(language, footer.get_text(" ", strip=True))
        assert footer.get_text(" ", strip=True) == footers[language]
    assert "Tillgänglighet" in footers["sv"] and "Tillgänglighet" not in footers["ar"]
    assert len(set(footers.values())) == 3


def test_the_header_is_each_page_s_own_and_a_neutral_page_names_no_service(client):
    """The header is rendered once per language and kind of page (once_per_language)."""
    start(client)
    for language in ("sv", "fi", "sv"):
        header = page(client.get(f"/tasks?lang={language}")).soup.select_one("header")
        assert header.select_one("a[data-quick-exit]")["href"].startswith("/leave")
        assert f"lang={language}" in header.select_one("a[data-quick-exit]")["href"]
        service = header.select_one(".header__service").get_text(strip=True)
        assert ("Ansökan om ekonomiskt bistånd" in service) == (language == "sv")
    client.post("/finish", data={"csrf_token": page(client.get("/tasks")).csrf_token})
    neutral = page(client.get("/cleared")).soup.select_one("header")
    assert "·" not in neutral.select_one(".header__service").get_text()
    assert neutral.select_one("a[data-quick-exit]") is not None


def test_chat_script_is_linked_by_its_hash_too(client):
    start(client)
    urls = linked_static_urls(client.get("/chat"))
    chat_script = next(url for url in urls if urlsplit(url).path == "/static/chat.js")
    assert client.get(chat_script).headers["Cache-Control"] == YEAR_IMMUTABLE


@pytest.mark.parametrize("query", ["", "?v=000000000000", "?v="])
def test_a_static_file_without_its_current_hash_is_revalidated_not_kept(client, query):
    response = client.get(f"/static/app.css{query}")
    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]
    assert "max-age=31536000" not in response.headers["Cache-Control"]
    assert "no-cache" in response.headers["Cache-Control"]


def test_robots_txt_keeps_crawlers_out_of_staff_and_applicant_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.removeprefix("Disallow: ") for line in lines[1:]}
    assert {"/caseworker", "/apply/", "/tasks", "/check", "/confirmation", "/chat"} <= disallowed
    for public in ("/", "/privacy", "/safety", "/glossary", "/accessibility", "/resume"):
        assert not any(public == path or public.startswith(path) for path in disallowed), public


def _gzip_only(client, url: str):
    return client.get(url, headers={"Accept-Encoding": "gzip"})


@pytest.fixture
def staff(app, login):
    """A caseworker signed in, with adults in the statistics so that exports have rows."""
    with app.app_context():
        add_groups(GROUPS)
    return login("caseworker")


def test_text_is_gzipped_for_clients_that_accept_only_gzip(client, staff):
    exports = "/caseworker/statistics/socialstyrelsen/persons.{}?start=2024-11-01&end=2025-06-30"
    fetches = [(client, "/"), (client, hashed_url(client, "app.css")),
               (client, hashed_url(client, "app.js")),
               (staff, exports.format("csv")), (staff, exports.format("json"))]
    for who, url in fetches:
        plain = who.get(url, headers={"Accept-Encoding": "identity"})
        assert len(plain.data) > 500, url
        packed = _gzip_only(who, url)
        assert packed.headers.get("Content-Encoding") == "gzip", url
        assert "Accept-Encoding" in packed.headers["Vary"], url
        body = gzip.decompress(packed.data)
        if url != "/":  # the start page carries a fresh CSRF token each time
            assert body == plain.data, url
        assert len(packed.data) < len(plain.data), url


def test_clients_that_accept_no_compression_get_plain_text(client):
    for url in ("/", hashed_url(client, "app.css")):
        response = client.get(url, headers={"Accept-Encoding": "identity"})
        assert "Content-Encoding" not in response.headers
        assert "Accept-Encoding" in response.headers["Vary"]


def test_pdfs_are_sent_as_they_are(client, app):
    start(client)
    fill_step(client, app, "/apply/household", {})
    response = _gzip_only(client, "/documents/draft.pdf")
    assert response.mimetype == "application/pdf"
    assert "Content-Encoding" not in response.headers
    assert response.data.startswith(b"%PDF-")
