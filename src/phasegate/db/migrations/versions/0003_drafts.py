"""drafts: provider, fallback, guardrail verdict, tokens and cost of each live draft

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provider", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("fallback", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("safe", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("guardrails", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("input_tokens", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("output_tokens", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cost", sa.Numeric(precision=12, scale=6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        for name in ("cost", "output_tokens", "input_tokens", "guardrails", "safe", "fallback", "provider"):
            batch_op.drop_column(name)
