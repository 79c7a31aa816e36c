"""Initial schema: documents (JSON + grouping features), stories (JSON), meta; full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("date", sa.String(32)),
        sa.Column("seq", sa.BigInteger, nullable=False),  # bumped on every write: newest first among equal dates
        sa.Column("n_documents", sa.Integer, nullable=False, server_default="0"),
        sa.Column("search_text", sa.Text, nullable=False, server_default=""),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_stories_order", "stories", ["date", "seq"])
    op.create_table(
        "documents",
        sa.Column("id", sa.String(512), primary_key=True),
        sa.Column("story_id", sa.String(64), index=True),
        sa.Column("published", sa.String(32)),
        sa.Column("title", sa.Text),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("features", sa.LargeBinary),  # storyweave.cluster DocFeatures.to_bytes(): lead embedding etc.
        sa.Column("scale", sa.Float),  # the neighbour scale used by incremental assignment
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE stories_fts USING fts5(story_id UNINDEXED, text, tokenize='porter unicode61')")
    elif bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE stories ADD COLUMN search tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED")
        op.execute("CREATE INDEX ix_stories_search ON stories USING GIN (search)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS stories_fts")
    op.drop_table("meta")
    op.drop_table("documents")
    op.drop_index("ix_stories_order", table_name="stories")
    op.drop_table("stories")
