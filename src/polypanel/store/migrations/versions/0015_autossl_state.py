"""AutoSSL: excluded names, the last check's problems, and the checks asked for

Revision ID: autossl_state
Revises: whmgaps_cpanel_data
"""
from alembic import op
import sqlalchemy as sa


revision = 'autossl_state'
down_revision = 'whmgaps_cpanel_data'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'autossl_exclusions',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('domain', sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('subscription_id', 'domain'),
    )
    op.create_index('ix_autossl_exclusions_subscription_id', 'autossl_exclusions', ['subscription_id'])
    op.create_table(
        'autossl_problems',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('domain', sa.String(length=255), nullable=False),
        sa.Column('problem', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_autossl_problems_subscription_id', 'autossl_problems', ['subscription_id'])
    op.create_table(
        'autossl_runs',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('requested_by', sa.String(length=64), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('message', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_autossl_runs_subscription_id', 'autossl_runs', ['subscription_id'])


def downgrade() -> None:
    for table in ('autossl_runs', 'autossl_problems', 'autossl_exclusions'):
        op.drop_index(f'ix_{table}_subscription_id', table)
        op.drop_table(table)
