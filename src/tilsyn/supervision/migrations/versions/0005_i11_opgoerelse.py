"""Published figures (opgørelser) uploaded by STAR, versioned per year, and the case's link to
the one it was opened on

Revision ID: 0005_i11
Revises: 0003
Create Date: 2026-12-02

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0005_i11'
down_revision: Union[str, Sequence[str], None] = '0004_i10'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('opgoerelse',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aar', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('resultatmaal_filnavn', sa.String(length=255), nullable=False),
    sa.Column('resultatmaal_indhold', sa.LargeBinary(), nullable=False),
    sa.Column('fokusmaal_filnavn', sa.String(length=255), nullable=False),
    sa.Column('fokusmaal_indhold', sa.LargeBinary(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('oprettet_af', sa.String(length=100), nullable=False),
    sa.Column('oprettet', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('aar', 'version')
    )
    with op.batch_alter_table('sag') as batch:
        batch.add_column(sa.Column('opgoerelse_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_sag_opgoerelse', 'opgoerelse', ['opgoerelse_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('sag') as batch:
        batch.drop_constraint('fk_sag_opgoerelse', type_='foreignkey')
        batch.drop_column('opgoerelse_id')
    op.drop_table('opgoerelse')
