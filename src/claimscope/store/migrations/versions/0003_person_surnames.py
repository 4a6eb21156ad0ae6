"""Canonical persons keyed by surname, so linking reads only the records it can match.

Linking a batch's people used to load every canonical record and recount each
touched record's documents over all its people: work that grew with the
corpus, batch after batch.  With ``canonical_persons.surname`` (indexed) a batch
reads only the records sharing a surname with its people, and document counts
grow by the documents each batch adds.

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
    from claimscope.corpus.persons import surname

    op.add_column("canonical_persons", sa.Column("surname", sa.String(300), nullable=True))
    op.create_index("ix_canonical_persons_surname", "canonical_persons", ["surname"], unique=False)
    conn = op.get_bind()
    table = sa.table("canonical_persons", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("surname", sa.String))
    rows = [{"cid": cid, "s": surname(name)} for cid, name in conn.execute(sa.select(table.c.id, table.c.name))]
    if rows:
        conn.execute(table.update().where(table.c.id == sa.bindparam("cid")).values(surname=sa.bindparam("s")), rows)


def downgrade() -> None:
    # not a batch (copy and recreate) on SQLite: dropping the table that people.canonical_id points to fails
    op.drop_index("ix_canonical_persons_surname", table_name="canonical_persons")
    op.execute("ALTER TABLE canonical_persons DROP COLUMN surname")
