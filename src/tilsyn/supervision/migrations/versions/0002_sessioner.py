"""Server-side sessions of the web application

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('noegle_hash', sa.String(length=64), nullable=False),
    sa.Column('brugernavn', sa.String(length=100), nullable=False),
    sa.Column('oprettet', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sidst_set', sa.DateTime(timezone=True), nullable=False),
    sa.Column('adresse', sa.String(length=45), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('noegle_hash')
    )
    op.create_index('ix_session_brugernavn', 'session', ['brugernavn'])


def downgrade() -> None:
    op.drop_index('ix_session_brugernavn', table_name='session')
    op.drop_table('session')
