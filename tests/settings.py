"""Production-like settings (debug off) for the tests, with a throwaway key and plain HTTP."""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("AWS_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
# The staff database: PostgreSQL started by tests/conftest.py when it can be, else this.
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
# The fault tests count a write's attempts as pages make them (3); test_import_patience checks
# that an import waits out throttling with its own 10.
os.environ.setdefault("DYNAMODB_BULK_MAX_ATTEMPTS", "3")

from truthbyte_admin.settings import *  # noqa: E402,F403

# Compressed manifest storage needs collectstatic; tests serve static files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
