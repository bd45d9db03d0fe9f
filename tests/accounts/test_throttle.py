"""Sign-in throttling: waits that grow with each failure, counted per account and address,
per account and per address; no lockout a stranger can cause; ``unlock-user``.

The throttle's clock is the test's: waits are read from the page and passed by moving the
clock, never by sleeping.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from selfservice.accounts import throttle
from tests.conftest import Page, page, sign_in

PASSWORD = "rätt lösenord 123"
WRONG = "fel lösenord"
STRANGER = "203.0.113.66"
OFFICE = "198.51.100.10"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 9, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(throttle, "utcnow", moved)
    return moved


@pytest.fixture
def kim(login) -> str:
    login("caseworker", username="kim")
    return "kim"


class Browsers:
    """One browser per address, each keeping its sign-in form's token."""

    def __init__(self, app) -> None:
        self.app = app
        self.open: dict[str, tuple] = {}

    def sign_in(self, username: str, password: str = WRONG, address: str = STRANGER):
        if address not in self.open:
            client = self.app.test_client()
            client.environ_base["REMOTE_ADDR"] = address
            self.open[address] = client, Page(client.get("/caseworker/sign-in")).csrf_token
        client, token = self.open[address]
        response = client.post("/caseworker/sign-in", data={
            "username": username, "password": password, "csrf_token": token})
        if response.status_code == 302:  # signed in: the next try is from a new browser
            del self.open[address]
        return response


@pytest.fixture
def browsers(app) -> Browsers:
    return Browsers(app)


def _message(response) -> str:
    return page(response).soup.select_one(".error-summary p").get_text(" ", strip=True)


def _waits_while_guessing(browsers: Browsers, clock: Clock, username: str, guesses: int,
                          address: str = STRANGER) -> list[int]:
    """Guess wrong ``guesses`` times, each as soon as allowed; return each wait announced."""
    waits, made = [], 0
    while made < guesses:
        response = browsers.sign_in(username, address=address)
        if response.status_code == 429:
            waits.append(int(response.headers["Retry-After"]))
            clock.advance(waits[-1])
        else:
            assert response.status_code == 200
            made += 1
    return waits


def test_each_failure_after_five_doubles_the_wait_up_to_a_quarter_of_an_hour(browsers, clock, kim):
    assert _waits_while_guessing(browsers, clock, kim, 17) == [1, 2, 4, 8, 16, 32, 64, 128, 256,
                                                          512, 900, 900]
    refused = browsers.sign_in(kim, PASSWORD)
    assert refused.status_code == 429, "while waiting, not even the right password is tried"
    assert _message(refused) == ("För många misslyckade inloggningar. Vänta 15 minuter och "
                                 "försök sedan igen.")
    clock.advance(900)
    assert browsers.sign_in(kim, PASSWORD).status_code == 302


def test_the_wait_is_said_in_seconds_in_the_persons_words(browsers, clock, kim):
    for _ in range(5):
        browsers.sign_in(kim)
    assert _message(browsers.sign_in(kim)) == ("För många misslyckade inloggningar. Vänta 1 "
                                            "sekund och försök sedan igen.")
    clock.advance(1)
    browsers.sign_in(kim)
    assert "Vänta 2 sekunder" in _message(browsers.sign_in(kim))


def test_a_stranger_cannot_lock_the_owner_out(browsers, clock, kim):
    _waits_while_guessing(browsers, clock, kim, 16, address=STRANGER)
    owner = browsers.sign_in(kim, PASSWORD, address=OFFICE)
    if owner.status_code == 429:
        assert int(owner.headers["Retry-After"]) <= 60, "at most a minute, not a lockout"
        clock.advance(int(owner.headers["Retry-After"]))
        owner = browsers.sign_in(kim, PASSWORD, address=OFFICE)
    assert owner.status_code == 302
    assert browsers.sign_in(kim, PASSWORD, address=STRANGER).status_code == 429, \
        "the stranger's own wait goes on"


def test_the_account_is_counted_however_its_name_is_written(browsers, clock, kim):
    for written in ("kim", " KIM ", "Kim", "kIm\t", "KIM"):
        assert browsers.sign_in(written).status_code == 200
    assert browsers.sign_in("kim").status_code == 429


def test_the_right_password_forgives_the_failures_before_it(browsers, clock, kim):
    for _ in range(4):
        browsers.sign_in(kim)
    assert browsers.sign_in(kim, PASSWORD).status_code == 302
    assert [browsers.sign_in(kim).status_code for _ in range(5)] == [200] * 5


def test_one_address_trying_many_accounts_is_slowed_down(browsers, clock):
    statuses = [browsers.sign_in(f"person{n}").status_code for n in range(31)]
    assert statuses == [200] * 30 + [429]
    assert browsers.sign_in("someone", address=OFFICE).status_code == 200, "other addresses not"


def test_unlock_user_lets_the_account_sign_in_at_once(browsers, clock, kim, runner):
    _waits_while_guessing(browsers, clock, kim, 12, address=STRANGER)
    assert browsers.sign_in(kim, PASSWORD, address=STRANGER).status_code == 429
    result = runner.invoke(args=["unlock-user", " KIM "])
    assert result.exit_code == 0, result.output
    assert "'kim' can sign in again at once" in result.output
    assert browsers.sign_in(kim, PASSWORD, address=STRANGER).status_code == 302


def test_unlock_user_names_an_unknown_account(runner):
    result = runner.invoke(args=["unlock-user", "nobody"])
    assert result.exit_code == 1
    assert "There is no user called 'nobody'." in result.output


@pytest.mark.parametrize(("failures", "seconds"), [(0, 0), (4, 0), (5, 1), (6, 2), (14, 512),
                                                    (15, 900), (10**6, 900)])
def test_wait_after_failures(failures, seconds):
    assert throttle.wait_after(throttle.RULES[0], failures) == seconds


def test_counting_forgiving_and_unlocking_work_on_both_databases(any_db_app, clock):
    sign_in(any_db_app, username="kim")
    browsers = Browsers(any_db_app)
    assert [browsers.sign_in("kim").status_code for _ in range(6)] == [200] * 5 + [429]
    assert any_db_app.test_cli_runner().invoke(args=["unlock-user", "kim"]).exit_code == 0
    assert browsers.sign_in("kim", PASSWORD).status_code == 302
    assert [browsers.sign_in("kim").status_code for _ in range(6)] == [200] * 5 + [429]
