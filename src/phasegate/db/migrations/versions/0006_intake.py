"""intake: integrations, idempotent responses, the intake queue and the effects outbox

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import phasegate.db.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "integrations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("token_hint", sa.String(length=16), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("created_at", phasegate.db.base.UtcDateTime(), nullable=False),
        sa.Column("revoked_at", phasegate.db.base.UtcDateTime(), nullable=True),
        sa.Column("last_used_at", phasegate.db.base.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrations")),
        sa.UniqueConstraint("name", name=op.f("uq_integrations_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_integrations_token_hash")),
    )
    op.create_table(
        "idempotent_responses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("integration_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", phasegate.db.base.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["integration_id"],
            ["integrations.id"],
            name=op.f("fk_idempotent_responses_integration_id_integrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotent_responses")),
    )
    op.create_index(
        "ix_idempotent_responses_key", "idempotent_responses", ["integration_id", "key"], unique=True
    )
    op.create_table(
        "intake_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ticket_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", phasegate.db.base.UtcDateTime(), nullable=True),
        sa.Column("locked_by", sa.String(length=80), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", phasegate.db.base.UtcDateTime(), nullable=False),
        sa.Column("done_at", phasegate.db.base.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_events")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_intake_events_dedupe_key")),
    )
    op.create_index(op.f("ix_intake_events_ticket_id"), "intake_events", ["ticket_id"], unique=False)
    op.create_index("ix_intake_events_claim", "intake_events", ["status", "id"], unique=False)
    op.create_table(
        "effects",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("connector", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=120), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", phasegate.db.base.UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", phasegate.db.base.UtcDateTime(), nullable=False),
        sa.Column("sent_at", phasegate.db.base.UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_effects")),
    )
    op.create_index("ix_effects_once", "effects", ["ticket_id", "kind", "key"], unique=True)
    op.create_index("ix_effects_claim", "effects", ["status", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_effects_claim", table_name="effects")
    op.drop_index("ix_effects_once", table_name="effects")
    op.drop_table("effects")
    op.drop_index("ix_intake_events_claim", table_name="intake_events")
    op.drop_index(op.f("ix_intake_events_ticket_id"), table_name="intake_events")
    op.drop_table("intake_events")
    op.drop_index("ix_idempotent_responses_key", table_name="idempotent_responses")
    op.drop_table("idempotent_responses")
    op.drop_table("integrations")
