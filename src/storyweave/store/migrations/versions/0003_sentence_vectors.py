"""Each report's sentence vectors kept with it, so re-weaving a story embeds no older report's sentences again.

documents.vectors: the vectors of the texts alignment embeds for the report (storyweave.store.codec
vectors_to_bytes: float16 rows, the dimension and a digest of the texts they embed); documents.vectors_version:
the embedder that made them (resources.embedder_id(): model, weights digest, precision, dimension). A reader takes
only the version it would produce itself, and only for the texts it would embed now.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("vectors", sa.LargeBinary))
    op.add_column("documents", sa.Column("vectors_version", sa.String(160)))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("vectors_version")
        batch.drop_column("vectors")
