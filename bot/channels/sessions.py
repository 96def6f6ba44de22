"""Socket.io session ids that only the server can issue: `<id>.<HMAC of id>`.

A browser keeps its token and sends it back to resume; a token it did not receive (another
customer's, a guessed one, a REST sender id) fails the check and gets a new session.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import uuid

from bot.channels.limits import RESERVED_PREFIX

_TOKEN = re.compile(r"([0-9a-f]{32})\.([A-Za-z0-9_-]{22,64})")


class SessionSigner:
    """Issue and check session tokens with one secret key."""

    def __init__(self, secret: str) -> None:
        if len(secret) < 16:
            raise ValueError("the session secret must be at least 16 characters")
        self._key = secret.encode("utf-8")

    def _mac(self, session: str) -> str:
        digest = hmac.new(self._key, session.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def issue(self) -> str:
        """A new token for a new conversation."""
        session = uuid.uuid4().hex
        return f"{session}.{self._mac(session)}"

    def verify(self, token: object) -> str | None:
        """The conversation (sender id) a genuine token names, else None."""
        match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
        if not match or not hmac.compare_digest(match.group(2), self._mac(match.group(1))):
            return None
        return sender_for(match.group(1))


def sender_for(session: str) -> str:
    """The tracker's sender id of a socket.io session (prefix reserved for socket.io)."""
    return f"{RESERVED_PREFIX}{session}"
