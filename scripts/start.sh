#!/usr/bin/env bash
# Installs polypanel (first run) and starts it: every API listener with a self-signed TLS
# certificate and an embedded SQLite store in ./var. Once it answers it prints the URLs, the
# administrator's login (and, the first time, the generated password), the data dir and
# panel.ini. Extra arguments go to `polypanel serve` (e.g. --bind 0.0.0.0).
#
# It also puts the commands `polypanel` and `plesk` (and every further command the package
# installs) on the PATH: small scripts in /usr/local/bin as root, else in ~/.local/bin, or in
# POLYPANEL_BIN_DIR. They run this checkout's commands on this data dir (POLYPANEL_DATA_DIR,
# default ./var of this checkout) unless POLYPANEL_DATA_DIR is set when they are called.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

data_dir=${POLYPANEL_DATA_DIR:-./var}
case "$data_dir" in /*) ;; *) data_dir="$PWD/${data_dir#./}" ;; esac

install_commands() {
  local bin_dir=${POLYPANEL_BIN_DIR:-}
  if [ -z "$bin_dir" ]; then
    if [ "$(id -u)" -eq 0 ]; then bin_dir=/usr/local/bin; else bin_dir="$HOME/.local/bin"; fi
  fi
  mkdir -p "$bin_dir" 2>/dev/null || true
  if [ ! -w "$bin_dir" ]; then
    echo "note: cannot write to $bin_dir; run the commands as $PWD/.venv/bin/polypanel and $PWD/.venv/bin/plesk" >&2
    return 0
  fi
  local names cmd target config_line=""
  if [ -n "${POLYPANEL_CONFIG:-}" ]; then
    case "$POLYPANEL_CONFIG" in /*) ;; *) POLYPANEL_CONFIG="$PWD/$POLYPANEL_CONFIG" ;; esac
    config_line=": \"\${POLYPANEL_CONFIG:=$POLYPANEL_CONFIG}\"; export POLYPANEL_CONFIG"
  fi
  # Every console command of the package (polypanel, plesk, and the vendor commands to come).
  names=$(.venv/bin/python - <<'PY'
from importlib.metadata import entry_points
print(" ".join(sorted(e.name for e in entry_points(group="console_scripts") if e.value.startswith("polypanel."))))
PY
)
  for cmd in $names; do
    target="$bin_dir/$cmd"
    if [ -e "$target" ] && ! grep -q "written by polypanel's scripts/start.sh" "$target" 2>/dev/null; then
      echo "note: $target exists and is not polypanel's; left alone (use $PWD/.venv/bin/$cmd)" >&2
      continue
    fi
    cat > "$target.tmp" <<SH
#!/bin/sh
# written by polypanel's scripts/start.sh: this checkout's $cmd, on its data dir unless POLYPANEL_DATA_DIR is set
: "\${POLYPANEL_DATA_DIR:=$data_dir}"
export POLYPANEL_DATA_DIR
$config_line
exec "$PWD/.venv/bin/$cmd" "\$@"
SH
    chmod 755 "$target.tmp" && mv -f "$target.tmp" "$target"
  done
  case ":$PATH:" in
    *":$bin_dir:"*) echo "commands on the PATH in $bin_dir: $names" ;;
    *) echo "commands in $bin_dir: $names; add it to the PATH: export PATH=\"$bin_dir:\$PATH\"" ;;
  esac
}
install_commands

exec .venv/bin/polypanel --data-dir "$data_dir" serve "$@"
