"""Entry point for gunicorn and ``flask --app wsgi``."""

from selfservice import create_app

app = create_app()
