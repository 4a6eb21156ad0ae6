"""Initial corpus schema: documents and their projections, runs, failures, dedupe, clusters.

Full-text search is the one engine-specific part: an FTS5 external-content
table on SQLite (``documents_fts``, rowid = ``documents.num``, filled by the
writer), a stored generated ``tsvector`` column with a GIN index on PostgreSQL.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

#: characters of a document fed to the tsvector: PostgreSQL caps a tsvector at 1 MB
PG_TSV_CHARS = 262144
_TABLES = (
    "claim_cluster_members", "claim_clusters", "techniques", "stances", "events", "claims", "quotes", "actors",
    "people", "canonical_persons", "lsh_buckets", "minhashes", "near_duplicates", "sources", "failures", "inputs",
    "documents", "runs",
)


def upgrade() -> None:
    op.create_table('canonical_persons',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('variants', sa.JSON(), nullable=True),
    sa.Column('roles', sa.JSON(), nullable=True),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_canonical_persons_name'), 'canonical_persons', ['name'], unique=False)

    op.create_table('runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('engine', sa.String(length=16), nullable=False),
    sa.Column('pipeline', sa.String(length=200), nullable=True),
    sa.Column('settings', sa.JSON(), nullable=True),
    sa.Column('inputs', sa.JSON(), nullable=True),
    sa.Column('workers', sa.Integer(), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=True),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.Column('resumes', sa.Integer(), nullable=True),
    sa.Column('files_total', sa.Integer(), nullable=False),
    sa.Column('files_done', sa.Integer(), nullable=False),
    sa.Column('files_skipped', sa.Integer(), nullable=False),
    sa.Column('articles_seen', sa.Integer(), nullable=False),
    sa.Column('articles_stored', sa.Integer(), nullable=False),
    sa.Column('duplicates', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('documents',
    sa.Column('num', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=32), nullable=True),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('genre', sa.String(length=16), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('sections', sa.JSON(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('pipeline', sa.String(length=200), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ),
    sa.PrimaryKeyConstraint('num'),
    sa.UniqueConstraint('id')
    )
    op.create_index(op.f('ix_documents_genre'), 'documents', ['genre'], unique=False)
    op.create_index(op.f('ix_documents_outlet'), 'documents', ['outlet'], unique=False)
    op.create_index('ix_documents_outlet_published', 'documents', ['outlet', 'published'], unique=False)
    op.create_index(op.f('ix_documents_published'), 'documents', ['published'], unique=False)

    op.create_table('failures',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_index(op.f('ix_failures_code'), 'failures', ['code'], unique=False)
    op.create_index(op.f('ix_failures_run_id'), 'failures', ['run_id'], unique=False)

    op.create_table('inputs',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('mtime_ns', sa.BigInteger(), nullable=False),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('actors',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('mentions', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'code', name='uq_actors_document_code')
    )
    op.create_index(op.f('ix_actors_code'), 'actors', ['code'], unique=False)
    op.create_index(op.f('ix_actors_document_id'), 'actors', ['document_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('checkworthiness', sa.Float(), nullable=False),
    sa.Column('speaker', sa.String(length=16), nullable=True),
    sa.Column('speaker_name', sa.String(length=300), nullable=True),
    sa.Column('quote', sa.String(length=16), nullable=True),
    sa.Column('certainty', sa.String(length=16), nullable=False),
    sa.Column('evidence', sa.String(length=16), nullable=True),
    sa.Column('actors', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'local_id', name='uq_claims_document_local')
    )
    op.create_index(op.f('ix_claims_checkworthiness'), 'claims', ['checkworthiness'], unique=False)
    op.create_index(op.f('ix_claims_document_id'), 'claims', ['document_id'], unique=False)
    op.create_index(op.f('ix_claims_speaker_name'), 'claims', ['speaker_name'], unique=False)
    op.create_index(op.f('ix_claims_type'), 'claims', ['type'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('source_actor', sa.String(length=32), nullable=True),
    sa.Column('target_actor', sa.String(length=32), nullable=True),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('root_code', sa.String(length=2), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('modality', sa.String(length=16), nullable=False),
    sa.Column('speaker', sa.String(length=16), nullable=True),
    sa.Column('speaker_name', sa.String(length=300), nullable=True),
    sa.Column('claim', sa.String(length=16), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('via', sa.JSON(), nullable=True),
    sa.Column('goldstein', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'local_id', name='uq_events_document_local')
    )
    op.create_index(op.f('ix_events_code'), 'events', ['code'], unique=False)
    op.create_index(op.f('ix_events_document_id'), 'events', ['document_id'], unique=False)
    op.create_index(op.f('ix_events_modality'), 'events', ['modality'], unique=False)
    op.create_index(op.f('ix_events_root_code'), 'events', ['root_code'], unique=False)
    op.create_index(op.f('ix_events_source_actor'), 'events', ['source_actor'], unique=False)
    op.create_index(op.f('ix_events_speaker_name'), 'events', ['speaker_name'], unique=False)
    op.create_index(op.f('ix_events_target_actor'), 'events', ['target_actor'], unique=False)

    op.create_table('lsh_buckets',
    sa.Column('bucket', sa.BigInteger(), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('bucket', 'document_id')
    )
    op.create_table('minhashes',
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id')
    )
    op.create_table('near_duplicates',
    sa.Column('doc_a', sa.String(length=64), nullable=False),
    sa.Column('doc_b', sa.String(length=64), nullable=False),
    sa.Column('jaccard', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['doc_a'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['doc_b'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('doc_a', 'doc_b')
    )
    op.create_index('ix_near_duplicates_doc_b', 'near_duplicates', ['doc_b'], unique=False)

    op.create_table('people',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=True),
    sa.Column('mentions', sa.Integer(), nullable=False),
    sa.Column('canonical_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['canonical_id'], ['canonical_persons.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'local_id', name='uq_people_document_local')
    )
    op.create_index(op.f('ix_people_canonical_id'), 'people', ['canonical_id'], unique=False)
    op.create_index(op.f('ix_people_document_id'), 'people', ['document_id'], unique=False)
    op.create_index(op.f('ix_people_name'), 'people', ['name'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('local_id', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('speaker', sa.String(length=16), nullable=True),
    sa.Column('speaker_name', sa.String(length=300), nullable=True),
    sa.Column('speaker_text', sa.Text(), nullable=True),
    sa.Column('cue', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'local_id', name='uq_quotes_document_local')
    )
    op.create_index(op.f('ix_quotes_document_id'), 'quotes', ['document_id'], unique=False)
    op.create_index(op.f('ix_quotes_speaker_name'), 'quotes', ['speaker_name'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('source_key', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('first_seen', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'source_key', name='uq_sources_document_source')
    )
    op.create_index('ix_sources_source_key', 'sources', ['source_key'], unique=False)

    op.create_table('stances',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('holder', sa.String(length=16), nullable=False),
    sa.Column('holder_name', sa.String(length=300), nullable=True),
    sa.Column('target', sa.String(length=32), nullable=False),
    sa.Column('polarity', sa.Float(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_stances_document_id'), 'stances', ['document_id'], unique=False)
    op.create_index(op.f('ix_stances_holder_name'), 'stances', ['holder_name'], unique=False)
    op.create_index(op.f('ix_stances_target'), 'stances', ['target'], unique=False)

    op.create_table('techniques',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('technique', sa.String(length=64), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('speaker', sa.String(length=16), nullable=True),
    sa.Column('speaker_name', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_techniques_document_id'), 'techniques', ['document_id'], unique=False)
    op.create_index(op.f('ix_techniques_speaker_name'), 'techniques', ['speaker_name'], unique=False)
    op.create_index(op.f('ix_techniques_technique'), 'techniques', ['technique'], unique=False)

    op.create_table('claim_clusters',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('method', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('first_claim_id', sa.Integer(), nullable=True),
    sa.Column('first_document_id', sa.String(length=64), nullable=True),
    sa.Column('first_published', sa.String(length=32), nullable=True),
    sa.Column('first_outlet', sa.String(length=200), nullable=True),
    sa.Column('first_speaker', sa.String(length=300), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['first_claim_id'], ['claims.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_claim_clusters_first_published'), 'claim_clusters', ['first_published'], unique=False)

    op.create_table('claim_cluster_members',
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cluster_id'], ['claim_clusters.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cluster_id', 'claim_id')
    )
    op.create_index('ix_claim_cluster_members_claim', 'claim_cluster_members', ['claim_id'], unique=False)
    _create_full_text()


def _create_full_text() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, text, content='documents', content_rowid='num', tokenize='unicode61 remove_diacritics 2')"
        )
    elif dialect == "postgresql":
        op.execute(
            "ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            f"setweight(to_tsvector('english', left(text, {PG_TSV_CHARS})), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_documents_tsv ON documents USING gin (tsv)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for table in _TABLES:
        op.drop_table(table)
