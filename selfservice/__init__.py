"""Instrument X self-service: the application factory."""

from __future__ import annotations

import gc
from typing import Any

from flask import Flask
from flask_login import current_user

from selfservice import (
    bundle,
    cli,
    database,
    errors,
    i18n,
    inputs,
    rate_limits,  # noqa: F401 - registers database:// with the limiter
    security,
    service,
    site,
    templating,
)
from selfservice.accounts.auth import login_manager
from selfservice.accounts.cli import unlock_user_command
from selfservice.accounts.views import bp as accounts_bp
from selfservice.chat.views import bp as chat_bp
from selfservice.config import PROJECT_ROOT, load_config
from selfservice.documents.cli import export_pdf_command
from selfservice.documents.views import bp as documents_bp
from selfservice.extensions import babel, compress, limiter, limits_checked_in_their_views
from selfservice.intake.access_log_views import bp as access_log_bp
from selfservice.intake.follow_up_views import bp as follow_up_bp
from selfservice.intake.pairing_views import bp as pairing_bp
from selfservice.intake.views import bp as intake_bp
from selfservice.keys import load_keys, load_secret_key
from selfservice.records.key_check import verify_keys
from selfservice.review.views import bp as review_bp
from selfservice.stats import tallies
from selfservice.stats.cli import demo_data_command, stats_rebuild_command
from selfservice.stats.usage_views import bp as usage_bp
from selfservice.stats.views import board_bp
from selfservice.stats.views import bp as stats_bp


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the app: load configuration, keys and forms, bind extensions, routes."""
    app = service.Service(__name__, template_folder=str(PROJECT_ROOT / "templates"))
    app.config.update(load_config(config))
    app.extensions["app_factory"] = create_app  # for worker processes that need an app
    app.secret_key = load_secret_key(app.config["SECRET_KEY_FILE"])
    app.extensions["keys"] = load_keys(app.config)
    bundle.init_app(app)
    database.init_app(app)
    inputs.init_app(app)
    tallies.init_app(app)
    verify_keys(app.extensions["db_engine"], app.extensions["keys"])
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    compress.init_app(app)
    # Templates read ``current_user`` through the proxy itself (a global): the staff pages
    # that ask load the user, and an applicant's page does not look for one.
    login_manager.init_app(app, add_context_processor=False)
    app.jinja_env.globals["current_user"] = current_user
    i18n.init_app(app)
    security.init_app(app)
    site.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    app.register_blueprint(intake_bp)
    app.register_blueprint(access_log_bp)
    app.register_blueprint(follow_up_bp)
    app.register_blueprint(pairing_bp)
    app.register_blueprint(chat_bp)
    app.register_blueprint(documents_bp)
    app.cli.add_command(export_pdf_command)
    app.register_blueprint(accounts_bp)
    app.cli.add_command(unlock_user_command)
    app.register_blueprint(review_bp)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(stats_rebuild_command)
    app.register_blueprint(stats_bp)
    app.register_blueprint(board_bp)
    app.register_blueprint(usage_bp)
    limits_checked_in_their_views(app)
    # The forms, glossary and word lists loaded above live as long as the app; left to the
    # collector, each full collection walks them all and a request now and then takes 0.1 s.
    gc.freeze()
    return app
