"""Database schema, migrations and ORM sessions."""
