"""What every benchmark needs before it measures: Django on the test settings, Amazon's DynamoDB
Local (in memory) on loopback, and a signed-in admin client. Import this module first in a bench
script."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from scripts.dynamodb_local import DynamoDBLocal  # noqa: E402


def start_dynamodb(
    *, timeout_seconds: float | None = None, jvm_options: tuple[str, ...] | None = None
) -> DynamoDBLocal:
    """Start DynamoDB Local in memory and point the app at it; the caller stops it. Seeding
    tens of thousands of items is slower than on AWS, so a bench may allow a longer timeout.
    ``jvm_options``: the tests' quick-start JVM unless given (``()``: the JVM's defaults)."""
    options = {} if jvm_options is None else {"jvm_options": jvm_options}
    server = DynamoDBLocal(in_memory=True, **options).start()
    settings.DYNAMODB_ENDPOINT_URL = server.url
    if timeout_seconds is not None:
        settings.DYNAMODB_TIMEOUT_SECONDS = timeout_seconds
    return server


def signed_in_client() -> Client:
    """A Django test client signed in as a superuser (staff DB in memory, migrated here)."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="bench-password-123456"
    )
    client = Client()
    # Past the second factor too: admins must have one with debug off (TRUTHBYTE_REQUIRE_2FA).
    from tests.support.staff import force_login_verified

    force_login_verified(client, user)
    return client


# What one DynamoDB round trip costs from an app in the same AWS region (single-digit ms for
# GetItem/Query; transactions and scans of large pages take longer). The pages' requests are
# sequential, so "app's own time + requests × this" estimates a page on AWS.
AWS_ROUND_TRIP_MS = 8.0


def aws_estimate_ms(app_ms: float, requests: int) -> float:
    return app_ms + requests * AWS_ROUND_TRIP_MS


def seed_items(table_name: str, items, *, workers: int = 8, group: int = 250) -> int:
    """Batch-write items with several writers in flight (as `seed_demo` does): DynamoDB Local
    takes ~1–2 ms an item, and overlapping the round trips keeps 50,000 items to about a
    minute. Returns how many were written."""
    from concurrent.futures import ThreadPoolExecutor

    from truthbyte_admin.data.batch import batch_write

    items = list(items)
    groups = [items[start : start + group] for start in range(0, len(items), group)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(lambda chunk: batch_write(table_name, puts=chunk), groups))
