#!/usr/bin/env bash
# Installs everything the tests need (Python packages, Debian packages, PostgreSQL and MariaDB
# when they are not running) and runs the whole suite twice: on an SQLite store and on a
# PostgreSQL store. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
export PYTHONDONTWRITEBYTECODE=1
# Everything above is installed and started: a test that finds a daemon missing fails, never skips.
export POLYPANEL_TEST_REQUIRE_ALL=1
workers=${POLYPANEL_TEST_WORKERS:-2}
echo "== test suite on SQLite"
.venv/bin/python -m pytest -q -n "$workers" -p no:cacheprovider "$@"
echo "== test suite on PostgreSQL"
POLYPANEL_TEST_DATABASE_URL=${POLYPANEL_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test} \
  .venv/bin/python -m pytest -q -n "$workers" -p no:cacheprovider "$@"
