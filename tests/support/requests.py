"""``assert_dynamodb_requests(n)``: Django's assertNumQueries, for DynamoDB."""

from __future__ import annotations

import contextlib

from truthbyte_admin.data.client import track_requests


@contextlib.contextmanager
def assert_dynamodb_requests(expected: int | None = None, *, at_most: int | None = None):
    with track_requests() as stats:
        yield stats
    if expected is not None:
        assert stats.requests == expected, (
            f"expected {expected} DynamoDB requests, made {stats.requests}: {stats.operations}"
        )
    if at_most is not None:
        assert stats.requests <= at_most, (
            f"expected at most {at_most} DynamoDB requests, "
            f"made {stats.requests}: {stats.operations}"
        )
