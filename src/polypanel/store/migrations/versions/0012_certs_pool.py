"""certificates: the administrator's server pool (a certificate without a subscription)

Revision ID: certs_pool
Revises: 0011_whm
"""
from alembic import op
import sqlalchemy as sa


revision = 'certs_pool'
down_revision = '0011_whm'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('certificates') as batch:
        batch.alter_column('subscription_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE domains SET certificate_id = NULL WHERE certificate_id IN "
               "(SELECT id FROM certificates WHERE subscription_id IS NULL)")
    op.execute("DELETE FROM certificates WHERE subscription_id IS NULL")
    with op.batch_alter_table('certificates') as batch:
        batch.alter_column('subscription_id', existing_type=sa.Integer(), nullable=False)
