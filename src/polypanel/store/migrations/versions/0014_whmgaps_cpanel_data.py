"""cPanel & WHM data: named ACL lists (saveacllist), database privileges, DynamicDNS hosts

Revision ID: whmgaps_cpanel_data
Revises: 0011_whm
"""
from alembic import op
import sqlalchemy as sa


revision = 'whmgaps_cpanel_data'
down_revision = '0011_whm'
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


def downgrade() -> None:
    op.drop_table('acl_lists')
