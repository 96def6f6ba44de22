"""Login sessions kept server-side (so logging out ends them), referenced by a signed cookie.

The cookie holds a random session id signed with the settings' session secret; the database
holds only a SHA-256 of the id, so a copy of the database cannot be replayed as cookies.
CSRF tokens are an HMAC of the session id (or, before login, of a signed random nonce).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from itsdangerous import BadSignature, Signer

from bot.cases.store import CaseStore, metadata

SESSION_LIFETIME = timedelta(hours=12)  # one working day; then log in again

staff_sessions = sa.Table(
    "staff_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(32), nullable=False, index=True),
    sa.Column("expires_at", sa.DateTime, nullable=False),  # UTC, naive in the database
)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    """A logged-in member of staff and the CSRF token their forms must carry."""

    username: str
    csrf_token: str


class Sessions:
    """Create, resolve and end sessions; sign cookies and derive CSRF tokens."""

    def __init__(self, store: CaseStore, secret: str) -> None:
        self.engine = store.engine
        self._secret = secret.encode()
        self._signer = Signer(secret, salt="triagebot.session")

    def _csrf(self, purpose: str, value: str) -> str:
        return hmac.new(self._secret, f"{purpose}:{value}".encode(), "sha256").hexdigest()

    def _unsign(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            return self._signer.unsign(cookie).decode()
        except BadSignature:
            return None

    def create(self, username: str, now: datetime) -> str:
        """Start a session; returns the cookie value."""
        session_id = secrets.token_urlsafe(32)
        expires = (now + SESSION_LIFETIME).astimezone(timezone.utc).replace(tzinfo=None)
        with self.engine.begin() as conn:
            conn.execute(sa.delete(staff_sessions).where(
                staff_sessions.c.expires_at < now.astimezone(timezone.utc).replace(tzinfo=None)))
            conn.execute(sa.insert(staff_sessions).values(
                id_hash=_digest(session_id), username=username, expires_at=expires))
        return self._signer.sign(session_id).decode()

    def resolve(self, cookie: str | None, now: datetime) -> Session | None:
        """The session a cookie names, unless forged, ended or expired."""
        session_id = self._unsign(cookie)
        if session_id is None:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(staff_sessions).where(
                staff_sessions.c.id_hash == _digest(session_id))).mappings().first()
        if row is None or row["expires_at"].replace(tzinfo=timezone.utc) <= now:
            return None
        return Session(row["username"], self._csrf("session", session_id))

    def end(self, cookie: str | None) -> None:
        """Log out: the cookie's session stops working at once."""
        session_id = self._unsign(cookie)
        if session_id is not None:
            with self.engine.begin() as conn:
                conn.execute(sa.delete(staff_sessions).where(
                    staff_sessions.c.id_hash == _digest(session_id)))

    def login_nonce(self) -> str:
        """A signed random value for the login form's cookie (CSRF before a session exists)."""
        return self._signer.sign(secrets.token_urlsafe(16)).decode()

    def login_csrf(self, nonce_cookie: str | None) -> str | None:
        """The login form's CSRF token for a nonce cookie, None when the cookie is forged."""
        nonce = self._unsign(nonce_cookie)
        return None if nonce is None else self._csrf("login", nonce)


def tokens_match(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; a missing token never matches."""
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))
