"""Every route, every parameter, as every kind of visitor, on SQLite and PostgreSQL: whatever
is sent, the answer is never a server error (5xx).

The routes are the app's own (``app.url_map``) and the parameters those its views read and its
pages send (tests/routes.py), so a new route or field is covered without changing this file.
First each route is sent a fixed set of hostile values in every parameter at once, as the
visitors it is meant for; then Hypothesis mixes valid and hostile values, routes and visitors
(bounded and derandomised, so a run takes the same time and finds the same things).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import select

from selfservice import database
from selfservice.accounts import sessions
from selfservice.accounts.auth import create_user
from selfservice.accounts.models import User
from tests.builders import household_inputs
from tests.conftest import Page, make_app
from tests.journey import complete_household, fill_step, start, submit
from tests.routes import Parameters, Route, routes_of

VISITORS = ("anonymous", "applicant", "caseworker", "admin")
STAFF = ("caseworker", "admin")
# One of each kind of trouble found by people and fuzzers so far.
HOSTILE = ("\x00", "a" * 5000, "\u202eevil", str(2**64), "-1", "\r\nX-Injected: 1",
           "' OR 1=1 --", "١٢", "", "2026-02-30", "../../etc/passwd", "😀" * 40)
# Those every route and parameter is sent in turn.
SWEPT = ("\x00", "a" * 5000, "\u202eevil", str(2**64), "\r\nX-Injected: 1", "-1", "' OR 1=1 --",
         "")
HOSTILE_TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40),
                         st.integers(min_value=-2**70, max_value=2**70).map(str))
# A fresh address per request now and then, so that rate limits do not hide what is behind.
ADDRESSES = (f"198.51.100.{n}" for n in itertools.count(1))


@dataclass
class Visitor:
    name: str
    client: Any
    token: str = ""
    session: dict = field(default_factory=dict)  # the Flask session when the token was read


@dataclass
class World:
    app: Flask
    routes: list[Route]
    parameters: Parameters
    visitors: dict[str, Visitor] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)

    def session_of(self, client) -> dict:
        """The visitor's Flask session, read from their cookie as the app would."""
        cookie = client.get_cookie(self.app.config["SESSION_COOKIE_NAME"])
        serializer = self.app.session_interface.get_signing_serializer(self.app)
        return serializer.loads(cookie.value) if cookie else {}


def _client(app: Flask):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = next(ADDRESSES)
    return client


# A light page with a form, for a visitor's current CSRF token.
FORM_PAGE = {"anonymous": "/resume", "applicant": "/resume", "caseworker": "/caseworker/sign-in",
             "admin": "/caseworker/sign-in"}


def _with_token(world: World, visitor: Visitor) -> Visitor:
    found = Page(visitor.client.get(FORM_PAGE[visitor.name])).soup.select_one(
        "input[name=csrf_token]")
    visitor.token = found["value"] if found else ""
    visitor.session = world.session_of(visitor.client)
    return visitor


def _applicant(world: World) -> Visitor:
    """A person part-way through: household and first adult answered, nothing sent."""
    client = _client(world.app)
    start(client)
    inputs = household_inputs(adults=1, children=0)
    fill_step(client, world.app, "/apply/household", inputs["household"])
    fill_step(client, world.app, "/apply/personal/1", inputs["personal.1"])
    return Visitor("applicant", client)


def _staff(world: World, role: str) -> Visitor:
    """A signed-in session made directly, so that sign-in limits never stand in the way."""
    client = _client(world.app)
    with world.app.app_context():
        user = database.session().get(User, world.users[role])
        client.set_cookie(sessions.COOKIE, sessions.start_session(user))
    return Visitor(role, client)


def _fresh(world: World, who: str) -> Visitor:
    visitor = _applicant(world) if who == "applicant" else _staff(world, who) \
        if who in STAFF else Visitor(who, _client(world.app))
    return _with_token(world, visitor)


def _still_there(world: World, who: str) -> Visitor:
    """The visitor as they were: one whose last request signed them out or sent the
    application is replaced by a new one of the same kind; a new session gets its token."""
    visitor = world.visitors[who]
    now = world.session_of(visitor.client)
    if now == visitor.session and (who not in STAFF or
                                   visitor.client.get_cookie(sessions.COOKIE)):
        return visitor
    ended = (who in STAFF and not visitor.client.get_cookie(sessions.COOKIE)) or \
        (who == "applicant" and visitor.client.get("/tasks").status_code != 200)
    if ended:
        visitor = world.visitors[who] = _fresh(world, who)
    elif now.get("csrf_token") != visitor.session.get("csrf_token"):
        _with_token(world, visitor)
    else:
        visitor.session = now
    return visitor


def _build(tmp_path: Path, database_name: str) -> World:
    app = make_app(tmp_path, database_name)
    # The code after the password as in production: a right password leads to it.
    app.config["STAFF_SECOND_FACTOR"] = True
    world = World(app, routes_of(app), Parameters())
    world.parameters.record_reads(app)
    sender = app.test_client()
    start(sender)
    complete_household(sender, app, adults=2, children=1)
    submit(sender)
    with app.app_context():
        for role in STAFF:
            create_user(username=role, display_name=role, password="rätt lösenord 123",
                        role=role)
        world.users = dict(database.session().execute(select(User.role, User.id)).all())
    world.visitors = {who: _fresh(world, who) for who in VISITORS}
    _explore(world)
    # What a person would type where the pages offer no value: a colleague's credentials.
    world.parameters.values["accounts.sign_in", "username"].add("caseworker")
    world.parameters.values["accounts.sign_in", "password"].add("rätt lösenord 123")
    return world


def _explore(world: World) -> None:
    """Visit every page each visitor can reach by links, then each route once with ordinary
    values, noting the parameters read and the values the pages offer."""
    for who in VISITORS:
        seen: set[str] = set()
        waiting = ["/", "/tasks", "/check", "/caseworker/", "/caseworker/statistics",
                   "/caseworker/audit", "/caseworker/board"]
        while waiting and len(seen) < 60:
            url = waiting.pop(0)
            path = url.split("#")[0]
            if path in seen or "/documents/" in path or path.endswith((".pdf", ".csv")):
                continue
            seen.add(path)
            response = _still_there(world, who).client.get(path)
            if response.mimetype == "text/html":
                waiting += world.parameters.harvest(world.app, response.get_data(as_text=True),
                                                    path.split("?")[0])
    for route in world.routes:
        for who in _meant_for(route):
            _send(world, who, route, _ordinary_arguments(world, route), {}, {"probe": "1"})


def _meant_for(route: Route) -> tuple[str, ...]:
    """Who the route is for; the first of them gets the closest look."""
    if route.rule.startswith("/caseworker/sign-in"):
        return ("anonymous",)
    if route.rule.startswith("/caseworker"):
        return ("admin", "caseworker")  # an admin may do all a caseworker may, and more
    return ("applicant", "anonymous")


def _ordinary_arguments(world: World, route: Route) -> dict[str, str]:
    values = {}
    for name in route.arguments:
        seen = sorted(world.parameters.arguments.get((route.endpoint, name), ()))
        values[name] = seen[0] if seen else "1"
    return values


def _send(world: World, who: str, route: Route, arguments: dict[str, str],
          query: dict[str, Any], form: dict[str, Any], *, token: bool = True,
          as_json: bool = False):
    visitor = _still_there(world, who)
    if token and route.method != "GET":
        form = {"csrf_token": visitor.token, **form}
    headers = {"Accept": "application/json"} if as_json else {}
    response = visitor.client.open(route.url(arguments), method=route.method,
                                   query_string=query, data=form or None, headers=headers,
                                   environ_base={"REMOTE_ADDR": next(ADDRESSES)})
    assert response.status_code < 500, (who, route, arguments, query, form)
    return response


def _names(world: World, route: Route) -> tuple[list[str], list[str]]:
    query = sorted(world.parameters.query.get(route.endpoint, ()))
    form = sorted(world.parameters.form.get(route.endpoint, ()) - {"csrf_token"}) \
        if route.method != "GET" else []
    return query, form


def _ordinary(world: World, endpoint: str, name: str) -> str:
    offered = sorted(world.parameters.values.get((endpoint, name), ()), key=lambda v: (not v, v))
    return offered[0] if offered and offered[0] else "Ett vanligt svar"


def _own_names(world: World, route: Route) -> list[tuple[str, str]]:
    """The route's own parameters (not those every page reads, such as the language), in
    the query string or the form; none for a route whose pages read dozens (the steps,
    whose fields tests/test_hostile_input.py sends hostile values one by one)."""
    everywhere = {name for name in set().union(*world.parameters.query.values())
                  if sum(name in names for names in world.parameters.query.values())
                  > len(world.parameters.query) / 2}
    query, form = _names(world, route)
    own = [("query", n) for n in query if n not in everywhere] + [("form", n) for n in form]
    return own if len(own) <= 12 else []


def _sweep(world: World) -> None:
    """Every route as the visitors it is meant for, each hostile value in every parameter at
    once; then, as its first visitor, in each of its own parameters with ordinary values in
    the others, and in each part of its address."""
    for route in world.routes:
        query_names, form_names = _names(world, route)
        ordinary = _ordinary_arguments(world, route)
        own = _own_names(world, route)
        typical = {where: {n: _ordinary(world, route.endpoint, n) for w, n in own if w == where}
                   for where in ("query", "form")}
        first = _meant_for(route)[0]
        for who, value in itertools.product(_meant_for(route), SWEPT):
            _send(world, who, route, ordinary, dict.fromkeys(query_names, value),
                  dict.fromkeys(form_names, value))
            if who != first:
                continue
            for where, name in own:
                changed = {**typical, where: {**typical[where], name: value}}
                _send(world, who, route, ordinary, changed["query"], changed["form"])
            for name in route.arguments:
                if value:
                    _send(world, who, route, {**ordinary, name: value}, {}, {})


def _value(world: World, endpoint: str, name: str):
    offered = sorted(world.parameters.values.get((endpoint, name), ()))
    one = st.one_of(st.sampled_from(offered), HOSTILE_TEXT) if offered else HOSTILE_TEXT
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


@st.composite
def _requests(draw, world: World):
    route = draw(st.sampled_from(world.routes))
    who = draw(st.sampled_from(VISITORS))
    arguments = {}
    for name in route.arguments:
        seen = sorted(world.parameters.arguments.get((route.endpoint, name), ()))
        arguments[name] = draw(st.one_of(st.sampled_from(seen), HOSTILE_TEXT) if seen
                               else HOSTILE_TEXT)
    query_names, form_names = _names(world, route)
    query = {name: draw(_value(world, route.endpoint, name)) for name in query_names
             if draw(st.booleans())}
    form = {name: draw(_value(world, route.endpoint, name)) for name in form_names
            if draw(st.integers(0, 3))}
    return who, route, arguments, query, form, draw(st.integers(0, 9)) > 0, draw(st.booleans())


EXAMPLES = 100


@pytest.mark.timeout(900)
@pytest.mark.parametrize("database_name", [
    "sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def test_no_route_answers_with_a_server_error(tmp_path, database_name):
    world = _build(tmp_path, database_name)
    try:
        assert {route.endpoint for route in world.routes} >= {
            "review.reveal", "accounts.sign_in", "intake.step", "review.audit_log"}
        assert "page" in world.parameters.query["review.queue"], "parameters are found"
        assert "reason" in world.parameters.form["review.reveal"]
        _sweep(world)

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(request=_requests(world))
        def no_server_error(request):
            who, route, arguments, query, form, token, as_json = request
            note(f"{who} {route.method} {route.url(arguments)} {query} {form}")
            _send(world, who, route, arguments, query, form, token=token, as_json=as_json)

        no_server_error()
    finally:
        world.app.extensions["db_engine"].dispose()
