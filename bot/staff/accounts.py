"""Staff accounts in the case store's database, passwords hashed with Argon2id."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError

from bot.cases.store import CaseStore, metadata
from bot.clock import now
from bot.sla.deadline import DeadlineInputError, customer_zone

ROLES = ("reviewer", "admin")
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
MIN_PASSWORD = 12  # NIST SP 800-63B asks for at least 8; staff accounts guard customer data

staff = sa.Table(
    "staff",
    metadata,
    sa.Column("username", sa.String(32), primary_key=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("timezone", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),  # UTC, naive in the database
)

_hasher = PasswordHasher()  # argon2-cffi's defaults follow RFC 9106's second recommendation
# Verified when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("no such user")


class StaffError(ValueError):
    """A staff account that cannot be created as asked (the message says why)."""


@dataclass(frozen=True)
class StaffAccount:
    """One member of staff; `timezone` is where the reviewer works (deadlines shown there)."""

    username: str
    role: str
    timezone: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class StaffAccounts:
    """Create staff accounts and check their passwords."""

    def __init__(self, store: CaseStore) -> None:
        self.engine = store.engine

    def add(self, username: str, password: str, role: str, tz: str = "UTC") -> StaffAccount:
        """Create an account; raises StaffError for a bad name, role, zone, password or a
        name already taken."""
        if not USERNAME.fullmatch(username):
            raise StaffError("username: 2-32 characters a-z 0-9 . _ -, starting with a letter "
                             "or digit")
        if role not in ROLES:
            raise StaffError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        if len(password) < MIN_PASSWORD:
            raise StaffError(f"password must have at least {MIN_PASSWORD} characters")
        try:
            customer_zone(tz)
        except DeadlineInputError as err:
            raise StaffError(str(err)) from err
        row = {"username": username, "password_hash": _hasher.hash(password), "role": role,
               "timezone": tz, "created_at": now().replace(tzinfo=None)}
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(staff).values(**row))
        except IntegrityError as err:
            raise StaffError(f"there is already an account named {username!r}") from err
        return StaffAccount(username, role, tz)

    def get(self, username: str) -> StaffAccount | None:
        """The account named `username`, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(staff).where(staff.c.username == username)
                               ).mappings().first()
        return StaffAccount(row["username"], row["role"], row["timezone"]) if row else None

    def all(self) -> list[StaffAccount]:
        """Every account, by name."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(staff).order_by(staff.c.username)).mappings().all()
        return [StaffAccount(r["username"], r["role"], r["timezone"]) for r in rows]

    def verify(self, username: str, password: str) -> StaffAccount | None:
        """The account when `password` is right, else None (same work for unknown names)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(staff).where(staff.c.username == username)
                               ).mappings().first()
        try:
            _hasher.verify(row["password_hash"] if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _hasher.check_needs_rehash(row["password_hash"]):  # parameters raised since
            with self.engine.begin() as conn:
                conn.execute(sa.update(staff).where(staff.c.username == username)
                             .values(password_hash=_hasher.hash(password)))
        return StaffAccount(row["username"], row["role"], row["timezone"])
