"""covering indexes for the caseworker queue

Revision ID: 0006
Revises: 0005

The queue's filters and counts read whole submission rows (about 2.5 KB each, the sealed
answers) through the old indexes; with every filter column in the index they read the index
alone. Measured with 100 000 records on SQLite: the self-rated-category filter went from
about 270 ms to under 40 ms.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

FILTERS = ["status", "locale", "interpreter_needed"]
SUBMISSION = {"ix_submission_created_at": ["created_at"],
              "ix_submission_status_created_at": ["status", "created_at"],
              "ix_submission_locale_created_at": ["locale", "created_at"]}


def upgrade() -> None:
    for name, columns in SUBMISSION.items():
        op.drop_index(name, table_name="submission")
        op.create_index(name, "submission",
                        columns + [c for c in FILTERS if c not in columns])
    op.drop_index("ix_submission_person_self_rated_category", table_name="submission_person")
    op.create_index("ix_submission_person_category_record", "submission_person",
                    ["self_rated_category", "submission_pk"])


def downgrade() -> None:
    op.drop_index("ix_submission_person_category_record", table_name="submission_person")
    op.create_index("ix_submission_person_self_rated_category", "submission_person",
                    ["self_rated_category"])
    for name, columns in SUBMISSION.items():
        op.drop_index(name, table_name="submission")
        op.create_index(name, "submission", columns)
