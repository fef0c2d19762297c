#!/bin/sh
# Creates or updates the catalogue's roles (roles.psql beside this file) as PostgreSQL's superuser. The postgres
# image runs it on the first start of an empty data folder; after changing a password in .env, run it again:
#   docker compose exec factory-db sh /docker-entrypoint-initdb.d/10-roles.sh
# The image may source this file rather than run it, so it sets no shell options and never exits.

# A secret from its variable, or from the file its _FILE variable names (Compose secrets).
photofactory_secret() {
  eval "photofactory_file=\${$1_FILE:-}"
  if [ -n "$photofactory_file" ]; then
    cat "$photofactory_file"
  else
    eval "printf '%s' \"\${$1:-}\""
  fi
}

photofactory_missing=
for photofactory_variable in LIBRARIAN_DB_PASSWORD MONITOR_DB_PASSWORD DASHBOARD_DB_PASSWORD; do
  if [ -z "$(photofactory_secret "$photofactory_variable")" ]; then
    echo "10-roles.sh: $photofactory_variable (or ${photofactory_variable}_FILE) is not set; no role was changed" >&2
    photofactory_missing=yes
  fi
done

[ -z "$photofactory_missing" ] &&
LIBRARIAN_DB_PASSWORD=$(photofactory_secret LIBRARIAN_DB_PASSWORD) \
MONITOR_DB_PASSWORD=$(photofactory_secret MONITOR_DB_PASSWORD) \
DASHBOARD_DB_PASSWORD=$(photofactory_secret DASHBOARD_DB_PASSWORD) \
CATALOG_DATABASE="${CATALOG_DATABASE:-photofactory}" \
PGPASSWORD="${PGPASSWORD:-$(photofactory_secret POSTGRES_PASSWORD)}" \
psql --no-psqlrc --set ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  --file /docker-entrypoint-initdb.d/roles.psql
