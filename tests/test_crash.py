"""SIGKILL the real server while applicants save and submit: nothing acknowledged is lost.

A step counts as acknowledged when the server answered its POST with a redirect; a
submission when the confirmation showed a reference code. After every crash the server is
restarted and the applicants carry on (retrying what got no answer, as a person would).
"""

from __future__ import annotations

import http.client
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from selfservice import create_app, database
from selfservice.intake import services
from selfservice.intake.models import Draft
from selfservice.records.models import Submission
from selfservice.records.services import full_answers_for_applicant
from tests.builders import household_inputs, sample_input
from tests.live import ROOT, TOKEN, Browserless, Server

APPLICANTS = 5
REFERENCE = re.compile(r"data-reference-code>([0-9A-Z-]+)<")


def _flask(env: dict, *args: str) -> None:
    flask = Path(sys.executable).with_name("flask")
    subprocess.run([str(flask), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,
                   capture_output=True)


class Applicant(threading.Thread):
    def __init__(self, server: Server, questionnaire, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.server, self.questionnaire, self.stop_event = server, questionnaire, stop
        self.client = Browserless(server.url)
        self.acknowledged: dict[str, dict] = {}
        self.references: list[str] = []
        self.errors: list[str] = []

    def retry(self, action):
        for _ in range(600):
            try:
                status, html, location = action()
                if status < 500:
                    return status, html, location
                self.errors.append(f"server error {status}")
            except (OSError, http.client.HTTPException):
                # The server is down, or died halfway through its answer (IncompleteRead):
                # try again shortly, as a person would.
                pass
            time.sleep(0.1)
        raise RuntimeError("the server never came back")

    def run(self) -> None:
        inputs = household_inputs(adults=1, children=0)
        self.retry(self.begin)
        for page in self.questionnaire.pages:
            url = f"/apply/{page.id}" + ("/1" if page.repeat else "")
            key = url.removeprefix("/apply/").replace("/", ".")
            if page.id in {"child", "children_informed"}:
                continue
            data = {q.id: sample_input(q) for q in page.questions} | inputs.get(key, {})
            status, _, _ = self.retry(lambda url=url, data=data: self.client.post_form(url, data))
            if status == 302:
                self.acknowledged[key] = data
            time.sleep(0.02)  # a person takes a moment between pages
        for _ in range(2):  # a double submit
            self.retry(self.submit)
            _, html, _ = self.retry(lambda: self.client.get("/confirmation"))
            found = REFERENCE.search(html)
            if found:
                self.references.append(found.group(1))

    def begin(self):
        _status, html, _ = self.client.get("/")
        token = TOKEN.search(html).group(1)
        return self.client.post("/start", {"consent": "y", "csrf_token": token})

    def submit(self):
        _, html, _ = self.client.get("/check")
        found = TOKEN.search(html)
        return self.client.post("/submit", {"csrf_token": found.group(1) if found else ""})


@pytest.mark.timeout(600)
def test_sigkill_loses_no_acknowledged_step_and_duplicates_no_submission(tmp_path):
    env = {"SELFSERVICE_INSTANCE_PATH": str(tmp_path / "instance")}
    full_env = {**os.environ, **env}
    _flask(full_env, "init-db")
    app = create_app({"INSTANCE_PATH": env["SELFSERVICE_INSTANCE_PATH"]})
    server = Server(env).start()
    stop = threading.Event()
    applicants = [Applicant(server, app.extensions["questionnaire"], stop)
                  for _ in range(APPLICANTS)]
    for applicant in applicants:
        applicant.start()
    chance = random.Random(20261123)
    # Crash at moments set by progress, not by the clock, so a fast machine crashes as often.
    thresholds = sorted(chance.sample(range(5, 60), 4))
    crashes = 0
    try:
        while any(a.is_alive() for a in applicants) and crashes < len(thresholds):
            saved = sum(len(a.acknowledged) for a in applicants)
            if saved >= thresholds[crashes]:
                server.kill()
                crashes += 1
                server.start()
            time.sleep(0.01)
        for applicant in applicants:
            applicant.join(timeout=180)
    finally:
        server.stop()
    assert crashes == len(thresholds)
    assert not [a for a in applicants if a.is_alive()]
    serializer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        session = database.session()
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        total = session.scalar(select(func.count()).select_from(Submission))
        assert total == len({r for a in applicants for r in a.references})
        for applicant in applicants:
            assert applicant.references, "every applicant got a reference code"
            assert len(set(applicant.references)) == 1, "a double submit gives one record"
            record = session.scalar(select(Submission).where(
                Submission.reference_code == applicant.references[0]))
            answers = full_answers_for_applicant(record)
            assert len(applicant.acknowledged) > 10
            for key in applicant.acknowledged:
                assert key in answers, key
            cookie = next(c for c in applicant.client.jar if c.name == "session")
            draft = session.get(Draft, serializer.loads(cookie.value)["draft_id"])
            assert draft.reference_code == applicant.references[0]
            assert services.answers_of(draft) == {}
    app.extensions["db_engine"].dispose()
