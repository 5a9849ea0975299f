# TruthByte Admin: Django + gunicorn over the game's DynamoDB tables.
# Build:  docker build -t truthbyte-admin .
# Run:    see docs/DEPLOY.md (TRUTHBYTE_ENV, AWS_REGION, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, ...)

# --- 1. front-end assets: htmx from the npm package (never a CDN, never copied into the repo) ---
# Node 22 LTS: Node 20 reached end of life in April 2026. Only used at build time.
FROM node:22-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
# Production dependencies only; htmx has no install scripts, so refuse to run any.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- 2. Python dependencies and the app, installed into a virtualenv -----------------------------
FROM python:3.11-slim AS python-deps
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml ./
COPY truthbyte_admin ./truthbyte_admin
# Runtime dependencies from pyproject only (no [dev] extras: no moto, pytest, playwright).
RUN pip install .

# --- 3. the runtime image ---------------------------------------------------------------------
FROM python:3.11-slim
# PYTHONPATH: import the app from /app (where templates/ and static/ live: settings.BASE_DIR),
# ahead of the copy `pip install .` put into site-packages. XDG_RUNTIME_DIR: where gunicorn (25+)
# puts its control socket; the app user's home (/app) is read-only.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    XDG_RUNTIME_DIR=/tmp \
    DJANGO_SETTINGS_MODULE=truthbyte_admin.settings

# An unprivileged user; the code stays root-owned and read-only to it.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin app

COPY --from=python-deps /opt/venv /opt/venv
WORKDIR /app
COPY manage.py pyproject.toml ./
COPY truthbyte_admin ./truthbyte_admin
COPY templates ./templates
COPY static ./static
COPY deploy/docker-entrypoint.sh ./deploy/docker-entrypoint.sh
COPY --from=assets /assets/node_modules/htmx.org ./node_modules/htmx.org

# Hashed, compressed static files (whitenoise serves them). Settings refuse to load without a
# long secret key when debug is off, so this one step gets a throwaway key that is NOT kept in
# the image's environment. The app's bytecode is compiled here: the code is read-only at run time
# (PYTHONDONTWRITEBYTECODE), and without it every worker and command compiled ~100 modules at
# start (~0.4 s of CPU each). /app/var holds the default SQLite staff DB (one container; several
# share PostgreSQL through DATABASE_URL): the only directory the app user may write.
RUN DJANGO_SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0000 \
    DJANGO_DEBUG=0 \
    python manage.py collectstatic --noinput \
    && python -m compileall -q truthbyte_admin \
    && chmod 0755 deploy/docker-entrypoint.sh \
    && mkdir -p /app/var \
    && chown app:app /app/var

USER app:app
EXPOSE 8000

# /healthz is exempt from the HTTPS redirect; send a Host that DJANGO_ALLOWED_HOSTS accepts.
# 503 (DynamoDB unreachable or a table missing) makes urlopen raise, so the check fails.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = [x.strip().lstrip('.') for x in os.environ.get('DJANGO_ALLOWED_HOSTS', 'localhost').split(',') if x.strip() not in ('', '*')]; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': (h or ['localhost'])[0]}), timeout=4)"]

ENTRYPOINT ["/app/deploy/docker-entrypoint.sh"]
CMD ["gunicorn", "truthbyte_admin.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", "--threads", "2", \
     "--timeout", "30", "--graceful-timeout", "20", \
     "--max-requests", "1000", "--max-requests-jitter", "100", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", "--error-logfile", "-"]
