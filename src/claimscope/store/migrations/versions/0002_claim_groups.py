"""Incremental claim clustering (each claim's group, claim LSH buckets, one cluster per group); a covering outlet index.

The first clustering recomputed every group over all stored claims after each
ingest, so its time and memory grew with the corpus.  Now each claim is
processed once: its MinHash bands go to ``claim_buckets`` (an indexed lookup
for later claims, as ``lsh_buckets`` is for documents), and ``claims.group_id``
records the group it joined (the smallest claim id of the group; its own id
when it matched nothing).  A cluster is the group of a ``group_id`` whose claims
span two documents or more, hence ``claim_clusters.group_id``.

The outlet index now ends with ``documents.id`` (it replaces the plain outlet
index, its prefix), so the web's per-outlet aggregates never read the wide
documents rows.

Clusters made by the old method are dropped here: the next ``claimscope
cluster`` (or ingest) rebuilds them from the claims, a chunk at a time.

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
    op.execute("DELETE FROM claim_cluster_members")
    op.execute("DELETE FROM claim_clusters")
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch.create_index("ix_claims_group_id", ["group_id"], unique=False)
    with op.batch_alter_table("claim_clusters") as batch:
        batch.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch.create_index("ix_claim_clusters_group_id", ["group_id"], unique=True)
    op.create_table(
        "claim_buckets",
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("bucket", "claim_id"),
    )
    op.create_index("ix_claim_buckets_claim", "claim_buckets", ["claim_id"], unique=False)
    op.drop_index("ix_documents_outlet_published", table_name="documents")
    op.drop_index("ix_documents_outlet", table_name="documents")
    op.create_index("ix_documents_outlet_published_id", "documents", ["outlet", "published", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_documents_outlet_published_id", table_name="documents")
    op.create_index("ix_documents_outlet", "documents", ["outlet"], unique=False)
    op.create_index("ix_documents_outlet_published", "documents", ["outlet", "published"], unique=False)
    op.drop_index("ix_claim_buckets_claim", table_name="claim_buckets")
    op.drop_table("claim_buckets")
    with op.batch_alter_table("claim_clusters") as batch:
        batch.drop_index("ix_claim_clusters_group_id")
        batch.drop_column("group_id")
    with op.batch_alter_table("claims") as batch:
        batch.drop_index("ix_claims_group_id")
        batch.drop_column("group_id")
