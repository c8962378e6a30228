"""Absences registered in the web (with their log) and caseworkers' notes on worklist lines

Revision ID: 0004_i10
Revises: 0003
Create Date: 2026-12-02

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0004_i10'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'fravaer_registrering',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kommune_kode', sa.String(length=4), nullable=False),
        sa.Column('sagsbehandler_id', sa.String(length=100), nullable=False),
        sa.Column('fra', sa.Date(), nullable=False),
        sa.Column('til', sa.Date(), nullable=False),
        sa.Column('vikar_id', sa.String(length=100), nullable=True),
        sa.Column('oprettet_af', sa.String(length=100), nullable=False),
        sa.Column('oprettet', sa.DateTime(timezone=True), nullable=False),
        sa.Column('rettet_af', sa.String(length=100), nullable=True),
        sa.Column('rettet', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_fravaer_registrering_kommune_kode', 'fravaer_registrering', ['kommune_kode'])
    op.create_table(
        'fravaer_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('fravaer_id', sa.Integer(), nullable=False),
        sa.Column('handling', sa.String(length=20), nullable=False),
        sa.Column('brugernavn', sa.String(length=100), nullable=False),
        sa.Column('tidspunkt', sa.DateTime(timezone=True), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_fravaer_log_fravaer_id', 'fravaer_log', ['fravaer_id'])
    op.create_table(
        'linjenote',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kommune_kode', sa.String(length=4), nullable=False),
        sa.Column('person_id', sa.String(length=64), nullable=False),
        sa.Column('krav_id', sa.String(length=100), nullable=False),
        sa.Column('frist', sa.Date(), nullable=False),
        sa.Column('markering', sa.String(length=20), nullable=False),
        sa.Column('dato', sa.Date(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('brugernavn', sa.String(length=100), nullable=False),
        sa.Column('tidspunkt', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_linjenote_kommune_kode', 'linjenote', ['kommune_kode'])
    op.create_index('ix_linjenote_person_id', 'linjenote', ['person_id'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_linjenote_person_id', table_name='linjenote')
    op.drop_index('ix_linjenote_kommune_kode', table_name='linjenote')
    op.drop_table('linjenote')
    op.drop_index('ix_fravaer_log_fravaer_id', table_name='fravaer_log')
    op.drop_table('fravaer_log')
    op.drop_index('ix_fravaer_registrering_kommune_kode', table_name='fravaer_registrering')
    op.drop_table('fravaer_registrering')
