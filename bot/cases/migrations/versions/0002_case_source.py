"""Where a case came from (chat or voice) and a voice call's dedupe key; the hand-off key
as a unique index where an adopted database lacks it.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _has_unique(inspector: sa.engine.Inspector, columns: list[str]) -> bool:
    """Whether a unique constraint or unique index of `cases` covers exactly `columns`."""
    keys = [c["column_names"] for c in inspector.get_unique_constraints("cases")]
    keys += [i["column_names"] for i in inspector.get_indexes("cases") if i["unique"]]
    return any(sorted(k) == sorted(columns) for k in keys)


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    present = {c["name"] for c in inspector.get_columns("cases")}
    # A plain ADD COLUMN keeps existing rows; batch mode would copy the whole table.
    if "source" not in present:
        op.add_column("cases", sa.Column("source", sa.String(8), nullable=False,
                                         server_default="chat"))
    if "dedupe_key" not in present:
        op.add_column("cases", sa.Column("dedupe_key", sa.String(128)))
    if not _has_unique(inspector, ["dedupe_key"]):
        op.create_index("one_case_per_call", "cases", ["dedupe_key"], unique=True)
    # One case per conversation and hand-off number: what makes a retried hand-off safe.
    if not _has_unique(inspector, ["conversation_id", "seq"]):
        op.create_index("one_case_per_handoff", "cases", ["conversation_id", "seq"],
                        unique=True)


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("one_case_per_call")
        batch.drop_column("dedupe_key")
        batch.drop_column("source")
