#!/bin/sh
# Container entrypoint: make sure the staff database's schema is up to date, then run the
# command (gunicorn by default; or e.g. `python manage.py create_staff ...` for a one-off task).
#
# - SQLite (no DATABASE_URL, one container with a volume on /app/var): migrate here.
# - A shared database (DATABASE_URL=postgres://...): several containers start at once, so they
#   must not all migrate. Migrations run once, as a one-off task before the rollout
#   (`python manage.py migrate`, see docs/DEPLOY.md); here the container only checks and refuses
#   to start on an unmigrated database. DJANGO_MIGRATE_ON_START=1 migrates anyway (one task only).
# - DJANGO_SKIP_MIGRATE=1 skips both (the command is itself `manage.py migrate`, for instance).
set -eu

if [ "${DJANGO_SKIP_MIGRATE:-0}" != "1" ]; then
    case "${DATABASE_URL:-sqlite}" in
        sqlite*)
            python manage.py migrate --noinput
            ;;
        *)
            if [ "${DJANGO_MIGRATE_ON_START:-0}" = "1" ]; then
                python manage.py migrate --noinput
            elif ! python manage.py migrate --check >/dev/null 2>&1; then
                echo "The staff database has unapplied migrations (or can't be reached)." >&2
                echo "Run the one-off task 'python manage.py migrate' first (docs/DEPLOY.md)." >&2
                exit 1
            fi
            ;;
    esac
fi

exec "$@"
