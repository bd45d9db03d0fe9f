"""Who is signed in, and what their role lets them see."""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from flask import abort, g, redirect, request, url_for
from flask_login import LoginManager, current_user
from sqlalchemy import select

from selfservice import database
from selfservice.accounts import sessions
from selfservice.accounts.models import User
from selfservice.accounts.passwords import check_password, hash_password
from selfservice.database import utcnow

login_manager = LoginManager()
MAX_FAILED_SIGN_INS = 5
LOCK_MINUTES = 15


@login_manager.request_loader
def _load_from_session_cookie(req) -> User | None:
    held = sessions.find_session(req.cookies.get(sessions.COOKIE))
    if held is None:
        return None
    user = database.session().get(User, held.user_id)
    if user is None or not user.active:
        return None
    g.user_session = held
    # Background polls (the timeout warning) must not count as activity.
    if req.endpoint != "accounts.session_status":
        sessions.touch(held)
    return user


@login_manager.unauthorized_handler
def _to_sign_in():
    return redirect(url_for("accounts.sign_in", next=request.full_path))


def role_required(*roles: str):
    """Let only signed-in users with one of ``roles`` through; others sign in or get 403."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


def authenticate(username: str, password: str) -> User | None:
    """Return the user if the password matches; count failures and lock after too many."""
    session = database.session()
    user = session.scalars(select(User).where(User.username == username.strip())).first()
    now = utcnow()
    locked = user is not None and user.locked_until is not None and user.locked_until > now
    matches = check_password(user.password_hash if user else None, password)
    if user is None:
        return None
    if matches and not locked and user.active:
        user.failed_sign_ins = 0
        user.locked_until = None
        session.commit()
        return user
    if not locked:
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_sign_ins = 0
    session.commit()
    return None


def create_user(*, username: str, display_name: str, password: str, role: str) -> User:
    """Add an account; the password is stored only as an argon2id hash."""
    user = User(username=username, display_name=display_name, role=role,
                password_hash=hash_password(password))
    database.session().add(user)
    database.session().commit()
    return user
