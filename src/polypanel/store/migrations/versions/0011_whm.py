"""cPanel accounts: why and when a subscription was suspended (WHM suspendacct's reason, listsuspended)

Revision ID: 0011_whm
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_whm'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('subscriptions') as batch:
        batch.add_column(sa.Column('suspend_reason', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('suspended_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('subscriptions') as batch:
        batch.drop_column('suspended_at')
        batch.drop_column('suspend_reason')
