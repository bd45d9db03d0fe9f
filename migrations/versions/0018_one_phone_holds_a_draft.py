"""One phone holds a draft: a holder token per draft, and when the draft was sent

Revision ID: 0018
Revises: 0017

A family continued on a second phone with the resume code and sent the application there; the
first phone could still open the confirmation and download the PDF with everyone's identity.
Now each draft keeps a hash of the token of the one session that holds it, renewed whenever a
session starts or resumes it, so every other session loses it; and it keeps when it was sent,
so the sending phone shows the confirmation and PDF only for CONFIRMATION_MINUTES.

Drafts from before have no holder: the first session that comes back with one takes it once.
Drafts sent before have no time sent, so their confirmations are closed.
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("holder_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("sent_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.drop_column("sent_at")
        batch.drop_column("holder_hash")
