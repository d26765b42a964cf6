"""conversation state kept in the database, so any process continues a conversation

Revision ID: continuity
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("state", sa.JSON(), nullable=True))
    with op.batch_alter_table("conversation_turns") as batch:
        batch.add_column(sa.Column("reasoning", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversation_turns") as batch:
        batch.drop_column("reasoning")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("state")
