"""Alembic migrations of the workflow store (a package so that they ship with tilsyn)."""
