"""Access log for audit: the filters of each view, and an index on the time (extracts per period,
deletion after the retention period)

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-01

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('adgangslog') as batch:
        batch.add_column(sa.Column('filtre', sa.Text(), nullable=True))
    op.create_index('ix_adgangslog_tidspunkt', 'adgangslog', ['tidspunkt'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_adgangslog_tidspunkt', table_name='adgangslog')
    with op.batch_alter_table('adgangslog') as batch:
        batch.drop_column('filtre')
