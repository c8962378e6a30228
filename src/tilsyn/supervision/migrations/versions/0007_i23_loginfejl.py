"""Wrong logins in the workflow store, so every server process on it shares the login throttle

Revision ID: 0007_i23
Revises: 0006_i23
Create Date: 2026-12-08

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0007_i23'
down_revision: Union[str, Sequence[str], None] = '0006_i23'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'loginfejl',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('noegle', sa.String(length=64), nullable=False),
        sa.Column('tidspunkt', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_loginfejl_noegle_tidspunkt', 'loginfejl', ['noegle', 'tidspunkt'])


def downgrade() -> None:
    op.drop_index('ix_loginfejl_noegle_tidspunkt', table_name='loginfejl')
    op.drop_table('loginfejl')
