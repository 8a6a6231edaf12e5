"""cPanel & WHM data: named ACL lists (saveacllist), database privileges, DynamicDNS hosts, Webmail sessions' mail account

Revision ID: whmgaps_cpanel_data
Revises: 0011_whm
"""
from alembic import op
import sqlalchemy as sa


revision = 'whmgaps_cpanel_data'
down_revision = 'xmlgaps_plesk_objects'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'acl_lists',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('acls', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    op.create_table(
        'database_privileges',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('database_id', sa.Integer(), nullable=False),
        sa.Column('privileges', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['database_users.id']),
        sa.ForeignKeyConstraint(['database_id'], ['databases.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'database_id'),
    )
    op.create_index('ix_database_privileges_user_id', 'database_privileges', ['user_id'])
    op.create_index('ix_database_privileges_database_id', 'database_privileges', ['database_id'])
    op.create_table(
        'dynamic_dns_hosts',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('domain', sa.String(length=255), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_update_at', sa.DateTime(), nullable=True),
        sa.Column('last_run_times', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('domain'),
    )
    op.create_index('ix_dynamic_dns_hosts_subscription_id', 'dynamic_dns_hosts', ['subscription_id'])
    with op.batch_alter_table('sessions') as batch:
        batch.add_column(sa.Column('subject', sa.String(length=255), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('sessions') as batch:
        batch.drop_column('subject')
    op.drop_index('ix_dynamic_dns_hosts_subscription_id', 'dynamic_dns_hosts')
    op.drop_table('dynamic_dns_hosts')
    op.drop_index('ix_database_privileges_database_id', 'database_privileges')
    op.drop_index('ix_database_privileges_user_id', 'database_privileges')
    op.drop_table('database_privileges')
    op.drop_table('acl_lists')
