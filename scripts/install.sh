#!/usr/bin/env bash
# Installs what polypanel needs on a Debian machine: the Python virtual environment with the
# package, the Debian packages in scripts/debian-packages.txt, and (with --test) reachable
# PostgreSQL and MariaDB servers on 127.0.0.1 for the test suite. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
apt_updated=0
apt_install() {
  [ "$#" -eq 0 ] && return 0
  if [ "$apt_updated" -eq 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
missing_debs() {
  local p out=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out+=("$p"); done
  echo "${out[@]:-}"
}

PY=${PYTHON:-python3}
if ! $PY -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "polypanel needs Python 3.11 or newer as $PY" >&2; exit 1
fi
if [ ! -x .venv/bin/python ]; then
  $PY -m venv .venv 2>/dev/null || { apt_install python3-venv; rm -rf .venv; $PY -m venv .venv; }
fi
stamp=.venv/.polypanel-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  extra=""
  [ "$want_test" -eq 1 ] && extra="[test]"
  # pip's notes about unreachable local index folders are noise here; real errors still fail the step.
  .venv/bin/python -m pip install -q -e ".$extra" 2> >(grep -v "^WARNING: Location" >&2)
  # whambampy (a WHM client the tests run) pins 2022 versions of requests/urllib3 that clash with
  # selenium's: it is installed without its pins (it only needs requests, installed above).
  [ "$want_test" -eq 1 ] && .venv/bin/python -m pip install -q --no-deps "whambampy==0.0.7" 2> >(grep -v "^WARNING: Location" >&2)
  [ "$want_test" -eq 1 ] && touch "$stamp"
fi

# Debian packages: the real daemons the appliers drive (nginx, a DNS server, ...).
lists=(scripts/debian-packages.txt)
[ "$want_test" -eq 1 ] && lists+=(scripts/debian-packages-test.txt)
if [ -f scripts/debian-packages.txt ]; then
  mapfile -t debs < <(cat "${lists[@]}" | grep -v '^\s*#' | awk 'NF{print $1}')
  need=$(missing_debs "${debs[@]}")
  if [ -n "$need" ]; then
    echo "installing Debian packages: $need"
    # shellcheck disable=SC2086
    apt_install $need || echo "warning: could not install $need; the panel falls back to dry appliers" >&2
  fi
fi

[ "$want_test" -eq 1 ] || exit 0

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432; then
  echo "starting PostgreSQL for the tests"
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
  ver=$(ls /etc/postgresql | sort -V | tail -n1)
  hba=/etc/postgresql/$ver/main/pg_hba.conf
  grep -q "polypanel-tests" "$hba" || $SUDO sed -i '1i host all all 127.0.0.1/32 trust # polypanel-tests' "$hba"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$ver" main start || $SUDO pg_ctlcluster "$ver" main start
  for _ in $(seq 30); do port_open 5432 && break; sleep 1; done
  $SUDO -u postgres psql -qc "SELECT 1" >/dev/null
  $SUDO -u postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 || $SUDO -u postgres createdb test
fi
if ! port_open 3306; then
  echo "starting MariaDB for the tests"
  command -v mariadbd >/dev/null 2>&1 || apt_install mariadb-server
  $SUDO mkdir -p /run/mysqld && $SUDO chown mysql:mysql /run/mysqld 2>/dev/null || true
  $SUDO start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql --bind-address=127.0.0.1
  for _ in $(seq 30); do port_open 3306 && break; sleep 1; done
  $SUDO mariadb -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD(''); \
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;" || true
fi
