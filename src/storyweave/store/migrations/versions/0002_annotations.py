"""Each report's language analysis kept with it, so an `add` analyses only the new reports.

documents.annotations: the Annotations as zlib-compressed JSON (storyweave.store.codec); documents.annotations_version:
what produced them (the pipeline's ANNOTATIONS_VERSION); a reader takes only the version it would produce itself.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("annotations", sa.LargeBinary))
    op.add_column("documents", sa.Column("annotations_version", sa.String(128)))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("annotations_version")
        batch.drop_column("annotations")
