#!/usr/bin/env bash
# Installs polypanel (first run) and starts it: every API listener with a self-signed TLS
# certificate and an embedded SQLite store in ./var. On the first start it prints the
# administrator's password once. Extra arguments go to `polypanel serve` (e.g. --bind 0.0.0.0).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/polypanel --data-dir "${POLYPANEL_DATA_DIR:-./var}" serve "$@"
