#!/bin/sh
# Container entrypoint: bring the staff database's schema up to date, then run the command
# (gunicorn by default; or e.g. `python manage.py create_staff ...` for a one-off task).
#
# DJANGO_SKIP_MIGRATE=1 skips the migration, e.g. when several tasks start at once against a
# shared Postgres and migrations run as a separate one-off task before the deploy.
set -eu

if [ "${DJANGO_SKIP_MIGRATE:-0}" != "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
