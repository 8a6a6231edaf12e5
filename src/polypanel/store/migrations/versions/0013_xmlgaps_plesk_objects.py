"""Plesk XML objects: webspace permissions and prefs, plan permissions and blocks, add-on plans of a
subscription, mail aliases, protected directories and their users, custom buttons, listed
create_session keys

Revision ID: xmlgaps_plesk_objects
Revises: 0011_whm
"""
from alembic import op
import sqlalchemy as sa


revision = 'xmlgaps_plesk_objects'
down_revision = 'certs_pool'
branch_labels = None
depends_on = None


def _json(name: str, default: str) -> sa.Column:
    return sa.Column(name, sa.JSON(), nullable=False, server_default=sa.text(f"'{default}'"))


def upgrade() -> None:
    # plain ADD COLUMN (a batch would copy the tables, which other tables' foreign keys point at)
    op.add_column('subscriptions', _json('permissions', '{}'))
    op.add_column('subscriptions', _json('prefs', '{}'))
    op.add_column('plans', _json('permissions', '{}'))
    op.add_column('plans', _json('settings', '{}'))
    op.add_column('mailboxes', _json('aliases', '[]'))
    op.add_column('one_time_keys', sa.Column('listed_token', sa.String(length=64), nullable=False, server_default=''))
    op.create_table(
        'subscription_addons',
        sa.Column('subscription_id', sa.Integer(), sa.ForeignKey('subscriptions.id'), nullable=False),
        sa.Column('plan_id', sa.Integer(), sa.ForeignKey('plans.id'), nullable=False),
        sa.PrimaryKeyConstraint('subscription_id', 'plan_id'),
    )
    op.create_table(
        'protected_dirs',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('domain_id', sa.Integer(), sa.ForeignKey('domains.id'), nullable=False),
        sa.Column('path', sa.String(length=255), nullable=False),
        sa.Column('realm', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('domain_id', 'path'),
    )
    op.create_index('ix_protected_dirs_domain_id', 'protected_dirs', ['domain_id'])
    op.create_table(
        'protected_dir_users',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('dir_id', sa.Integer(), sa.ForeignKey('protected_dirs.id'), nullable=False),
        sa.Column('login', sa.String(length=64), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('dir_id', 'login'),
    )
    op.create_index('ix_protected_dir_users_dir_id', 'protected_dir_users', ['dir_id'])
    op.create_table(
        'custom_buttons',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('owner_id', sa.Integer(), sa.ForeignKey('accounts.id'), nullable=False),
        sa.Column('place', sa.String(length=32), nullable=False),
        sa.Column('url', sa.String(length=1024), nullable=False),
        sa.Column('text', sa.String(length=255), nullable=False),
        sa.Column('options', sa.JSON(), nullable=False),
        sa.Column('url_components', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_custom_buttons_owner_id', 'custom_buttons', ['owner_id'])


def downgrade() -> None:
    op.drop_index('ix_custom_buttons_owner_id', 'custom_buttons')
    op.drop_table('custom_buttons')
    op.drop_index('ix_protected_dir_users_dir_id', 'protected_dir_users')
    op.drop_table('protected_dir_users')
    op.drop_index('ix_protected_dirs_domain_id', 'protected_dirs')
    op.drop_table('protected_dirs')
    op.drop_table('subscription_addons')
    with op.batch_alter_table('one_time_keys') as batch:
        batch.drop_column('listed_token')
    with op.batch_alter_table('mailboxes') as batch:
        batch.drop_column('aliases')
    with op.batch_alter_table('plans') as batch:
        batch.drop_column('settings')
        batch.drop_column('permissions')
    with op.batch_alter_table('subscriptions') as batch:
        batch.drop_column('prefs')
        batch.drop_column('permissions')
