"""A Flask app with one route and nothing else: what a step is measured against
(benchmarks/step.py serves it with the same gunicorn settings as the service)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def bare() -> str:
    return "ok"
