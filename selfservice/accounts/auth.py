"""Who is signed in, and what their role lets them see."""

from __future__ import annotations

from functools import wraps

from flask import abort, g, redirect, request, url_for
from flask_login import LoginManager, current_user
from sqlalchemy import select

from selfservice import database
from selfservice.accounts import sessions
from selfservice.accounts.models import User
from selfservice.accounts.passwords import check_password, hash_password

login_manager = LoginManager()


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
    """Return the active user whose password this is, else None (same effort either way).

    Failures are counted, and slowed down, by accounts/throttle.py before this is called.
    """
    user = database.session().scalars(
        select(User).where(User.username == username.strip())).first()
    matches = check_password(user.password_hash if user else None, password)
    return user if user is not None and matches and user.active else None


def create_user(*, username: str, display_name: str, password: str, role: str) -> User:
    """Add an account; the password is stored only as an argon2id hash."""
    user = User(username=username, display_name=display_name, role=role,
                password_hash=hash_password(password))
    database.session().add(user)
    database.session().commit()
    return user
