"""The case store's tables as they stood when migrations began.

Revision ID: 0001
Revises: -
Each table is created only when absent: a database that `metadata.create_all` made before
migrations existed is adopted as it is, and 0002 brings its columns up to date.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _cases() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_number", sa.String(16), unique=True),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("customer_timezone", sa.String(64), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("program", sa.String(32)),
        sa.Column("role", sa.String(32)),
        sa.Column("product", sa.String(128)),
        sa.Column("version", sa.String(64)),
        sa.Column("severity", sa.Integer),
        sa.Column("case_type", sa.String(32)),
        sa.Column("deadline", sa.DateTime),
        sa.Column("target", sa.String(128)),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("triage", sa.JSON, nullable=False),
        sa.Column("decisions", sa.JSON, nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("missing", sa.JSON, nullable=False),
        sa.Column("messages", sa.JSON, nullable=False),
        sa.Column("extra", sa.JSON, nullable=False),
        sa.UniqueConstraint("conversation_id", "seq", name="one_case_per_handoff"),
    )


def _case_messages() -> None:
    op.create_table(
        "case_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_number", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("author", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_case_messages_case_number", "case_messages", ["case_number"])


def _case_audit() -> None:
    op.create_table(
        "case_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_number", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("before", sa.JSON, nullable=False),
        sa.Column("after", sa.JSON, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_case_audit_case_number", "case_audit", ["case_number"])


def _staff() -> None:
    op.create_table(
        "staff",
        sa.Column("username", sa.String(32), primary_key=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def _staff_sessions() -> None:
    op.create_table(
        "staff_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_staff_sessions_username", "staff_sessions", ["username"])


TABLES = {"cases": _cases, "case_messages": _case_messages, "case_audit": _case_audit,
          "staff": _staff, "staff_sessions": _staff_sessions}


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in TABLES.items():
        if name not in present:
            create()


def downgrade() -> None:
    for name in reversed(list(TABLES)):
        op.drop_table(name)
