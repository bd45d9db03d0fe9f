"""MI prompts that start from a person's own numbers on their goal's rulers."""

from __future__ import annotations

from selfservice.questionnaire.engine import Step
from selfservice.review.goals import goal_views


def views_for(app, **rulers: int) -> list:
    questionnaire = app.extensions["questionnaire"]
    step = Step(questionnaire.page("goals"), 1)
    saved = {"goal_1": {"text": "Hitta ett arbete", "lang": "sv"}}
    saved.update({f"goal_1_{name}": number for name, number in rulers.items()})
    with app.test_request_context("/?lang=sv"):
        views = goal_views(app.extensions["mi_guide"], [step], {"goals.1": saved})[1]
        return [(view.goal.text, [text.source() % text.values for _kind, text in view.prompts])
                for view in views]


def test_why_not_lower_and_what_would_take_it_higher_use_the_persons_numbers(shared_app):
    [(text, prompts)] = views_for(shared_app, importance=6, confidence=4)
    assert text == "Hitta ett arbete"
    assert prompts == [
        "Du satte 6 på hur viktigt det är. Varför 6 och inte 3?",
        "Du satte 4 på hur säker du är. Vad skulle behövas för att gå från 4 till 6?"]


def test_a_number_at_the_end_of_the_ruler_leaves_out_what_cannot_be_asked(shared_app):
    [(_text, prompts)] = views_for(shared_app, importance=0, confidence=9)
    assert prompts == ["Du satte 9 på hur säker du är. Vad skulle behövas för att gå från 9 "
                       "till 10?"]
    [(_text, prompts)] = views_for(shared_app, importance=0, confidence=10)
    assert prompts == ["Berätta mer om ditt mål. Vad skulle vara annorlunda då?"]


def test_a_goal_without_rulers_gets_an_open_question_about_it(shared_app):
    [(_text, prompts)] = views_for(shared_app)
    assert prompts == ["Berätta mer om ditt mål. Vad skulle vara annorlunda då?"]
