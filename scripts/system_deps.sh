#!/usr/bin/env bash
# The system side of `make run`, `make test` and `make bench`, in one place (the Makefile and
# .ci/run call it): install the Debian packages a fresh machine lacks when we can (root with
# apt-get), otherwise stop at once with one line that says what to install; then start
# PostgreSQL and Redis when they are installed but stopped.
#
# Usage: scripts/system_deps.sh run|test|bench
set -euo pipefail
cd "$(dirname "$0")/.."

use=${1:-test}
case "$use" in run | test | bench) ;; *) echo "usage: $0 run|test|bench" >&2; exit 2 ;; esac

has() { command -v "$1" >/dev/null 2>&1; }

# The major version of the `java` on PATH (8 for "1.8.0_x", 17 for "17.0.2"), 0 without one.
java_major() {
  local version
  version=$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1) || true
  case "$version" in
    1.*) version=${version#1.} ;;
  esac
  version=${version%%[!0-9]*}
  echo "${version:-0}"
}

need=()
# every use: the virtualenv (Debian splits venv's pip out) and npm for the front-end packages
if [ ! -x .venv/bin/python ] && ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  need+=(python3-venv)
fi
has npm || need+=(npm)
if [ "$use" = test ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)               # the browser tests (Playwright)
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
  has msgfmt || need+=(gettext)
  has psql || need+=(postgresql-client)                      # the data layer's PostgreSQL run
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql) # /ready, server stopped
  has redis-server || need+=(redis-server)                   # the throttle and job tests
  has dovecot || [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd) # the desk mailbox (IMAP) tests
  has wrk || need+=(wrk)
  has haproxy || [ -x /usr/sbin/haproxy ] || need+=(haproxy)    # the two-host tests (scaleout)
  has ip || [ -x /usr/sbin/ip ] || need+=(iproute2)
  has openssl || need+=(openssl)
  [ "$(java_major)" -ge 11 ] || need+=(default-jre-headless) # the Nu HTML checker (vnu.jar)
fi
if [ "$use" = bench ]; then
  has wrk || need+=(wrk)
  has haproxy || [ -x /usr/sbin/haproxy ] || need+=(haproxy)    # --hosts: two hosts behind it
  has ip || [ -x /usr/sbin/ip ] || need+=(iproute2)
  has openssl || need+=(openssl)
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && has apt-get; then
    echo "make $use: installing ${need[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  else
    echo "make $use needs system packages: sudo apt-get install ${need[*]} (Debian names), then run it again" >&2
    exit 1
  fi
fi

[ "$use" = test ] || exit 0

# PostgreSQL: the data layer's second run (Makefile) uses TEST_DATABASE_URL, by default a local
# server. Start a local cluster that is installed but stopped (as root: pg_ctlcluster switches user).
pg_url=${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}
if ! pg_isready -q -d "$pg_url" 2>/dev/null && [ "$(id -u)" -eq 0 ] && has pg_ctlcluster; then
  for version in /etc/postgresql/*/; do
    [ -d "$version/main" ] || continue
    pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
  done
  for _ in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -d "$pg_url" && break; sleep 1; done
fi
if ! pg_isready -q -d "$pg_url" 2>/dev/null; then
  echo "make test needs PostgreSQL at $pg_url (trust auth; set TEST_DATABASE_URL for another): install (apt-get install postgresql) and start it" >&2
  exit 1
fi
# The database itself: create it when the server answers but it does not exist yet.
if ! psql -q -d "$pg_url" -c 'select 1' >/dev/null 2>&1; then
  db=${pg_url##*/}
  db=${db%%\?*}
  psql -q -d "${pg_url%/*}/postgres" -c "CREATE DATABASE \"$db\"" >/dev/null
fi

# Redis: the throttle and job tests use TEST_REDIS_URL, by default a local server; start one.
redis_url=${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}
if ! redis-cli -u "$redis_url" ping >/dev/null 2>&1 && [ "$redis_url" = redis://127.0.0.1:6379/0 ]; then
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/redis-heka-test.log
  for _ in 1 2 3 4 5 6 7 8 9 10; do redis-cli -u "$redis_url" ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
if ! redis-cli -u "$redis_url" ping >/dev/null 2>&1; then
  echo "make test needs Redis at $redis_url (set TEST_REDIS_URL for another): install (apt-get install redis-server) and start it" >&2
  exit 1
fi
