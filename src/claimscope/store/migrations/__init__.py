"""Alembic migrations for the corpus store (applied by ``open_store``)."""
