"""Workflow store: cases, events, documents, audits, AMK contacts, users, access log

Revision ID: 0001
Revises:
Create Date: 2026-11-24

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('adgangslog',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brugernavn', sa.String(length=100), nullable=False),
    sa.Column('tidspunkt', sa.DateTime(timezone=True), nullable=False),
    sa.Column('person_id', sa.String(length=64), nullable=True),
    sa.Column('formaal', sa.Text(), nullable=False),
    sa.Column('route', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_adgangslog_brugernavn', 'adgangslog', ['brugernavn'])
    op.create_index('ix_adgangslog_person_id', 'adgangslog', ['person_id'])
    op.create_table('amk_kontakt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_kode', sa.String(length=4), nullable=False),
    sa.Column('dato', sa.Date(), nullable=True),
    sa.Column('periode', sa.String(length=20), nullable=True),
    sa.Column('oensker_bistand', sa.Boolean(), nullable=True),
    sa.Column('afdaekning', sa.Boolean(), nullable=False),
    sa.Column('indsats', sa.Text(), nullable=False),
    sa.Column('maal', sa.JSON(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_amk_kontakt_kommune_kode', 'amk_kontakt', ['kommune_kode'])
    op.create_table('bruger',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brugernavn', sa.String(length=100), nullable=False),
    sa.Column('navn', sa.String(length=200), nullable=False),
    sa.Column('rolle', sa.String(length=40), nullable=False),
    sa.Column('kommune_kode', sa.String(length=4), nullable=True),
    sa.Column('team', sa.String(length=100), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('brugernavn')
    )
    op.create_table('sag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kommune_kode', sa.String(length=4), nullable=False),
    sa.Column('aar', sa.Integer(), nullable=False),
    sa.Column('konsekvens', sa.String(length=40), nullable=False),
    sa.Column('opened', sa.Date(), nullable=False),
    sa.Column('tilstand', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kommune_kode', 'aar')
    )
    op.create_table('dokument',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sag_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sag_id'], ['sag.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_dokument_sag_id', 'dokument', ['sag_id'])
    op.create_table('haendelse',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sag_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('dato', sa.Date(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sag_id'], ['sag.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_haendelse_sag_id', 'haendelse', ['sag_id'])
    op.create_table('revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sag_id', sa.Integer(), nullable=False),
    sa.Column('maaned', sa.Date(), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('andel_pct', sa.Float(), nullable=False),
    sa.Column('alle', sa.Boolean(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sag_id'], ['sag.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_revision_sag_id', 'revision', ['sag_id'])
    op.create_table('revisionssag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.String(length=64), nullable=False),
    sa.Column('ydelsesgruppe', sa.String(length=40), nullable=False),
    sa.Column('gyldig_grund', sa.String(length=40), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reviewer', sa.String(length=100), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['revision_id'], ['revision.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('revision_id', 'person_id')
    )
    op.create_index('ix_revisionssag_revision_id', 'revisionssag', ['revision_id'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_revisionssag_revision_id', table_name='revisionssag')
    op.drop_table('revisionssag')
    op.drop_index('ix_revision_sag_id', table_name='revision')
    op.drop_table('revision')
    op.drop_index('ix_haendelse_sag_id', table_name='haendelse')
    op.drop_table('haendelse')
    op.drop_index('ix_dokument_sag_id', table_name='dokument')
    op.drop_table('dokument')
    op.drop_table('sag')
    op.drop_table('bruger')
    op.drop_index('ix_amk_kontakt_kommune_kode', table_name='amk_kontakt')
    op.drop_table('amk_kontakt')
    op.drop_index('ix_adgangslog_person_id', table_name='adgangslog')
    op.drop_index('ix_adgangslog_brugernavn', table_name='adgangslog')
    op.drop_table('adgangslog')
