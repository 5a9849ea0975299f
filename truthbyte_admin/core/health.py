"""Is the app able to serve? DynamoDB reachable with every table, and the staff database.

``health()`` gives the full report (for ``check_tables`` and callers of /healthz holding
DJANGO_HEALTHZ_TOKEN); anonymous callers get only ``public(report)``: table names and error
details say too much about the deployment to strangers.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from ..data import tables
from ..data.errors import DataError, setup_problem
from .csp import CSP

HEALTH_CACHE_SECONDS = 10


def health() -> tuple[bool, dict]:
    """(ok, report), remembered for a few seconds: /healthz is public and each check makes one
    DescribeTable per table, so a flood of probes must not become a flood of AWS calls."""
    key = f"healthz:{tables.name('')}"
    cached = cache.get(key)
    if cached is None:
        cached = _check()
        cache.set(key, cached, HEALTH_CACHE_SECONDS)
    return cached


def public(ok: bool, report: dict) -> dict:
    return {"status": "ok" if ok else "unavailable"}


def _check() -> tuple[bool, dict]:
    ok, report = _check_dynamodb()
    database = _check_database()
    report["database"] = database
    if database != "reachable":
        ok = False
        report["status"] = "unavailable"
    return ok, report


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "reachable"
    except DatabaseError:
        return "unreachable"
    except Exception:  # noqa: BLE001 - a health probe reports, it never raises
        return "error"


def _check_dynamodb() -> tuple[bool, dict]:
    try:
        reports = tables.check_tables()
    except DataError as exc:
        problem = setup_problem(exc)  # "credentials", "access", "configuration", "unreachable"
        state = problem.kind if problem is not None else "unreachable"
        return False, {"status": "unavailable", "dynamodb": state, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - a health probe reports, it never raises
        return False, {"status": "unavailable", "dynamodb": "error", "error": type(exc).__name__}
    missing = [r.name for r in reports if not r.exists]
    missing_indexes = {r.name: r.missing_indexes for r in reports if r.missing_indexes}
    ok = not missing
    return ok, {
        "status": "ok" if ok else "degraded",
        "dynamodb": "reachable",
        "tables_missing": missing,
        "indexes_missing": missing_indexes,
    }


def _may_see_details(request) -> bool:
    token = settings.HEALTHZ_TOKEN
    if not token:
        return False
    presented = request.META.get("HTTP_AUTHORIZATION", "")
    return hmac.compare_digest(presented.encode(), f"Bearer {token}".encode())


def healthz_response(request=None) -> JsonResponse:
    """The /healthz answer (the middleware answers it before host validation)."""
    ok, report = health()
    body = report if request is not None and _may_see_details(request) else public(ok, report)
    response = JsonResponse(body, status=200 if ok else 503)
    add_never_cache_headers(response)
    response["Content-Security-Policy"] = CSP
    return response
