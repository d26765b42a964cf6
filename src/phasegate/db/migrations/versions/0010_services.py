"""saved inbox views: each user's own and each role's defaults (seeded with the views that used to be fixed)

Revision ID: services
Revises: 0008
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import phasegate.db.base

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = {"status": "open", "category": None, "route": None, "escalated": False, "q": None}
#: The role defaults the inbox had when views were fixed in code: (name, roles, filters), in list order.
DEFAULTS = (
    ("All open", ("agent", "lead", "admin"), _OPEN),
    ("Open escalations", ("agent", "lead", "admin"), {**_OPEN, "escalated": True}),
    ("My drafts to review", ("agent",), {**_OPEN, "route": "draft"}),
    ("Resolved by the AI", ("lead", "admin"), {**_OPEN, "status": "all", "route": "autonomous"}),
    ("Everything", ("agent", "lead", "admin"), {**_OPEN, "status": "all"}),
)


def upgrade() -> None:
    table = op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=10), nullable=True),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("created_at", phasegate.db.base.UtcDateTime(), nullable=False),
        sa.CheckConstraint("(user_id IS NULL) <> (role IS NULL)", name=op.f("ck_saved_views_owner_xor_role")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_saved_views_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_views")),
        sa.UniqueConstraint("role", "name", name=op.f("uq_saved_views_role")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_saved_views_user_id")),
    )
    with op.batch_alter_table("saved_views", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_views_user_id"), ["user_id"], unique=False)
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for role in ("agent", "lead", "admin"):
        mine = [(name, filters) for name, roles, filters in DEFAULTS if role in roles]
        for position, (name, filters) in enumerate(mine):
            rows.append(
                {"role": role, "name": name, "filters": filters, "position": position, "created_at": now}
            )
    op.bulk_insert(table, rows)


def downgrade() -> None:
    with op.batch_alter_table("saved_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_views_user_id"))
    op.drop_table("saved_views")
