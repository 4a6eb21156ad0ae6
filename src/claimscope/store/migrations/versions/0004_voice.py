"""Whose words: ``voice``, ``speaker_actor`` and ``speaker_text`` on quotes, claims, events and techniques; ``people.actor``.

The report contract ``claimscope.report/2`` says for every quote, claim, event
and technique whether it is the outlet's own words (``voice = 'outlet'``) or a
source's (``'source'``), and who that source is as far as it was resolved: a
person (``speaker``), a state or organisation (``speaker_actor``), the words
naming it (``speaker_text``).  People gain the CAMEO code of their affiliation
(``actor``).

Rows stored under /1 are filled by the rules of ``claimscope.report.upgrade``
(which upgrades their stored report JSON as it is read):

* every quote is a source's;
* a claim from a quote, or with a speaker, is a source's and takes its quote's
  ``speaker_text``; any other claim is the outlet's;
* an event is a source's when it had a speaker, when its claim is from a quote,
  or when a quote's span holds it (the quote's ``speaker_text`` with it); a
  technique likewise, by speaker or by a quote holding it;
* ``speaker_actor`` and ``people.actor`` were never known and stay null.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_VOICED = ("quotes", "claims", "events", "techniques")

#: the quote of an event's claim, as a correlated subquery on ``events``
_CLAIM_QUOTE = (
    "SELECT {col} FROM claims c JOIN quotes q ON q.document_id = c.document_id AND q.local_id = c.quote "
    "WHERE c.document_id = {table}.document_id AND c.local_id = {table}.claim"
)
#: a quote whose span holds the row's span (with the one character of slack ``report.convert.voice_at`` allows)
_HOLDING_QUOTE = (
    'SELECT {col} FROM quotes q WHERE q.document_id = {table}.document_id '
    'AND q.start <= {table}.start AND {table}."end" <= q."end" + 1'
)


def upgrade() -> None:
    for table in _VOICED:
        default = "source" if table == "quotes" else "outlet"
        op.add_column(table, sa.Column("voice", sa.String(8), nullable=False, server_default=default))
        op.add_column(table, sa.Column("speaker_actor", sa.String(32), nullable=True))
        if table != "quotes":  # quotes have had speaker_text since 0001
            op.add_column(table, sa.Column("speaker_text", sa.Text(), nullable=True))
    op.add_column("people", sa.Column("actor", sa.String(32), nullable=True))

    op.execute(
        "UPDATE claims SET voice = 'source', speaker_text = (SELECT q.speaker_text FROM quotes q "
        "WHERE q.document_id = claims.document_id AND q.local_id = claims.quote) "
        "WHERE quote IS NOT NULL OR speaker IS NOT NULL"
    )
    claim_quote = _CLAIM_QUOTE.format(col="q.speaker_text", table="events")
    holding = _HOLDING_QUOTE.format(col="q.speaker_text", table="events") + " ORDER BY q.id LIMIT 1"
    op.execute(
        f"UPDATE events SET voice = 'source', speaker_text = CASE WHEN EXISTS ({_CLAIM_QUOTE.format(col='1', table='events')}) "
        f"THEN ({claim_quote}) ELSE ({holding}) END "
        f"WHERE speaker IS NOT NULL OR EXISTS ({_CLAIM_QUOTE.format(col='1', table='events')}) "
        f"OR EXISTS ({_HOLDING_QUOTE.format(col='1', table='events')})"
    )
    holding = _HOLDING_QUOTE.format(col="q.speaker_text", table="techniques") + " ORDER BY q.id LIMIT 1"
    op.execute(
        f"UPDATE techniques SET voice = 'source', speaker_text = ({holding}) "
        f"WHERE speaker IS NOT NULL OR EXISTS ({_HOLDING_QUOTE.format(col='1', table='techniques')})"
    )


def downgrade() -> None:
    # plain DROP COLUMN, not a batch (copy and recreate): claims are what cluster members and buckets point to
    op.execute("ALTER TABLE people DROP COLUMN actor")
    for table in _VOICED:
        if table != "quotes":
            op.execute(f"ALTER TABLE {table} DROP COLUMN speaker_text")
        op.execute(f"ALTER TABLE {table} DROP COLUMN speaker_actor")
        op.execute(f"ALTER TABLE {table} DROP COLUMN voice")
