#!/bin/sh
# Stand-in for the official postgres image's entrypoint, on Debian's PostgreSQL 15: the same environment
# (POSTGRES_USER, POSTGRES_PASSWORD or _FILE, POSTGRES_DB, POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD, PGDATA), the same
# first-start initialisation of an empty data folder with /docker-entrypoint-initdb.d, and the server in the
# foreground as the postgres user.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
# As the official image: the password may come from a file (Compose secrets).
if [ -n "${POSTGRES_PASSWORD_FILE:-}" ] && [ "$(id -u)" != 0 ]; then POSTGRES_PASSWORD=$(cat "$POSTGRES_PASSWORD_FILE"); fi

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    echo "Database is uninitialized and superuser password is not specified: set POSTGRES_PASSWORD." >&2
    exit 1
  fi
  password_file=$(mktemp)
  printf '%s' "${POSTGRES_PASSWORD:-}" > "$password_file"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of arguments, as in the official image
  initdb --username="$POSTGRES_USER" --pwfile="$password_file" ${POSTGRES_INITDB_ARGS:-} -D "$PGDATA"
  rm -f "$password_file"
  printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
  printf "\nhost all all all %s\n" "$POSTGRES_HOST_AUTH_METHOD" >> "$PGDATA/pg_hba.conf"
  # As the official image: a server on the local socket only, the database, then the init files in name order
  # (*.sh run, or sourced when not executable; *.sql fed to psql; anything else ignored).
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
  export PGPASSWORD="${PGPASSWORD:-${POSTGRES_PASSWORD:-}}"
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) if [ -x "$f" ]; then echo "running $f"; "$f"; else echo "sourcing $f"; . "$f"; fi ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "$f" ;;
      */\*) ;;
      *) echo "ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD
  echo "PostgreSQL init process complete; ready for start up."
fi

# As the official image's STOPSIGNAL SIGINT: docker stop asks for a fast shutdown, not a smart one that waits for
# every client to leave (which the 10 seconds before SIGKILL would cut short).
postgres -D "$PGDATA" "$@" &
server=$!
trap 'kill -INT "$server"' TERM INT
status=0
wait "$server" || status=$?
if kill -0 "$server" 2>/dev/null; then wait "$server" || status=$?; fi
exit "$status"
